"""The operator's figures for today over a real SQLite store."""

from __future__ import annotations

import datetime as dt

from softphone.store.db import Store
from softphone.store.models import Customer, Disposition, Interaction
from softphone.store.own_kpis import OwnKpis, today_kpis

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)


def _seed(store: Store) -> None:
    with store.session() as session, session.begin():
        a, b, c = (
            Customer(name="A", name_key="a"),
            Customer(name="B", name_key="b"),
            Customer(name="C", name_key="c"),
        )
        session.add_all([a, b, c])
        session.add(Disposition(crm_id="done", label="Решено", resolved=True))
        session.add(Disposition(crm_id="later", label="Перезвонить"))
        session.flush()

        def call(
            customer: Customer, disposition: str | None, talk: int, hold: int, acw: int, **kw: object
        ) -> None:
            session.add(
                Interaction(
                    customer_id=customer.id, channel="call", disposition=disposition,
                    talk_s=talk, hold_s=hold, acw_s=acw, started_at=kw.pop("started_at", NOW), **kw,
                )
            )  # fmt: skip

        call(a, "done", 100, 20, 30, order_crm_id="O-1")  # one call, resolved: counts for FCR
        call(b, "done", 50, 0, 10)  # resolved, but B called twice today
        call(b, "later", 70, 0, 20, order_crm_id="O-2")
        call(c, "later", 40, 0, 0)  # one call, not resolved
        call(c, "done", 999, 0, 0, is_draft=True)  # still being wrapped up: not counted
        call(a, "done", 999, 0, 0, started_at=NOW - dt.timedelta(days=2))  # not today
        session.add(Interaction(customer_id=a.id, channel="email", started_at=NOW))  # not a call


def test_today_s_figures(store: Store) -> None:
    assert today_kpis(store, NOW) == OwnKpis()
    _seed(store)
    kpis = today_kpis(store, NOW)
    assert kpis.calls == 4
    assert kpis.avg_handle_s == (150 + 60 + 90 + 40) / 4
    assert kpis.avg_acw_s == 60 / 4
    assert kpis.conversion == 0.5
    assert kpis.customers == 3 and kpis.fcr == 1 / 3
