"""The operator's own figures for today, from the local store's call interactions (run on the store
worker, never on the GUI thread).

- calls handled: logged call interactions started today (drafts - calls still being wrapped up - not);
- average handle time: talk + hold + after-call work per call;
- average after-call time;
- conversion: calls with an order (created or confirmed on the call: the interaction's order) per call;
- first-contact resolution: of the customers called today, the share with exactly one call whose
  result (disposition) resolves their question (``Disposition.resolved`` from the CRM).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, case, func, select

from softphone.store.db import Store
from softphone.store.models import Disposition, Interaction


@dataclass(frozen=True, slots=True)
class OwnKpis:
    calls: int = 0
    avg_handle_s: float = 0.0
    avg_acw_s: float = 0.0
    conversion: float = 0.0  # 0..1
    fcr: float = 0.0  # 0..1
    customers: int = 0


def day_bounds(now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """Today in the operator's local time zone, as UTC bounds."""
    local = now.astimezone()
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return start.astimezone(dt.UTC), (start + dt.timedelta(days=1)).astimezone(dt.UTC)


def today_kpis(store: Store, now: dt.datetime | None = None) -> OwnKpis:
    start, end = day_bounds(now or dt.datetime.now(dt.UTC))
    today = and_(
        Interaction.channel == "call",
        Interaction.is_draft.is_(False),
        Interaction.started_at >= start,
        Interaction.started_at < end,
    )
    with store.read_session() as session:
        calls, handle, acw, ordered = session.execute(
            select(
                func.count(Interaction.id),
                func.coalesce(func.sum(Interaction.talk_s + Interaction.hold_s + Interaction.acw_s), 0),
                func.coalesce(func.sum(Interaction.acw_s), 0),
                func.coalesce(func.sum(case((Interaction.order_crm_id.is_not(None), 1), else_=0)), 0),
            ).where(today)
        ).one()
        per_customer = (
            select(
                Interaction.customer_id.label("customer_id"),
                func.count(Interaction.id).label("n"),
                func.max(case((Disposition.resolved.is_(True), 1), else_=0)).label("resolved"),
            )
            .outerjoin(Disposition, Disposition.crm_id == Interaction.disposition)
            .where(today, Interaction.customer_id.is_not(None))
            .group_by(Interaction.customer_id)
            .subquery()
        )
        customers, resolved_first = session.execute(
            select(
                func.count(per_customer.c.customer_id),
                func.coalesce(
                    func.sum(case((and_(per_customer.c.n == 1, per_customer.c.resolved == 1), 1), else_=0)), 0
                ),
            )
        ).one()
    if not calls:
        return OwnKpis()
    return OwnKpis(
        calls=int(calls),
        avg_handle_s=float(handle) / calls,
        avg_acw_s=float(acw) / calls,
        conversion=float(ordered) / calls,
        fcr=float(resolved_first) / customers if customers else 0.0,
        customers=int(customers),
    )
