"""The script steps' actions: only the parts that exist get handlers; open_order opens the call's open
order (or starts one for its customer); callback and escalation are asked of the wrap-up for the call's
customer and the step on screen (they go with the call's wrap-up, with a note);
without a customer on the call the operator is told and nothing runs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from sqlalchemy import select

from softphone.sip.events import CallDirection, CallState, CallStateChanged
from softphone.store.customer_details import load_details
from softphone.store.db import Store, open_store
from softphone.store.models import Customer, Order
from softphone.workspace.call_context import CallCustomer, CustomerMatch
from softphone.workspace.call_session import CallSession
from softphone.workspace.outbound.script_actions import NO_CUSTOMER, ScriptActions
from softphone.workspace.outbound.seams import DraftItem
from softphone.workspace.screen_pop import CallCard
from softphone.workspace.sessions import CallSessions
from tests.helpers.workspace_store import seed_workspace_store

NOW = dt.datetime(2026, 12, 5, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "store.db")
    seed_workspace_store(opened)
    yield opened
    opened.close()


class Orders:
    def __init__(self) -> None:
        self.calls: list[tuple[str, int]] = []

    def open_order(self, local_order_id: int) -> None:
        self.calls.append(("open", local_order_id))

    def new_order(self, customer_id: int, items: Sequence[DraftItem] = ()) -> None:
        self.calls.append(("new", customer_id))


class WrapUp:
    def __init__(self) -> None:
        self.calls: list[tuple[object, ...]] = []

    def schedule_callback(self, customer_id: int, due_at: dt.datetime, note: str, for_queue: bool) -> None:
        self.calls.append(("callback", customer_id, due_at, for_queue))

    def escalate(self, customer_id: int, priority: str, note: str) -> None:
        self.calls.append(("escalate", customer_id, priority))

    def request_from_script(
        self,
        session: CallSession,
        kind: str,
        customer_id: int,
        step_id: str,
        due_at: dt.datetime | None = None,
        priority: str = "normal",
    ) -> None:
        self.calls.append((kind, customer_id, due_at, priority))


def live_call(customer_id: int | None) -> CallSessions:
    sessions = CallSessions()
    sessions.apply(CallStateChanged(3, CallDirection.OUTBOUND, CallState.ACTIVE, "+79161234567"))
    session = sessions.get(3)
    assert session is not None
    if customer_id is not None:
        session.attach(CallCustomer(CustomerMatch.ONE, "+79161234567", customer_id))
    return sessions


def test_without_the_parts_no_action_is_wired() -> None:
    assert ScriptActions(live_call(5), None, None, print).handlers() == {}


def test_each_action_runs_for_the_call_s_customer(store: Store) -> None:
    orders, wrap_up, told = Orders(), WrapUp(), []
    sessions = live_call(5)
    actions = ScriptActions(sessions, orders, wrap_up, told.append, clock=lambda: NOW)
    handlers = actions.handlers()
    assert set(handlers) == {"open_order", "schedule_callback", "escalate"}
    handlers["open_order"](3)  # no open order on the card: a new one for the customer
    session = sessions.get(3)
    assert session is not None
    with store.read_session() as db:  # the card screen-pop hangs on the call: C-1 has the open order O-1
        customer_id = db.scalar(select(Customer.id).where(Customer.crm_id == "C-1"))
        details = load_details(db, customer_id)
        open_id = db.scalar(select(Order.id).where(Order.crm_id == "O-1"))
    session.attach(CallCustomer(CustomerMatch.ONE, "+79161234567", customer_id))
    session.attach(CallCard(details=details))
    handlers["open_order"](3)
    handlers["schedule_callback"](3)
    handlers["escalate"](3)
    assert orders.calls == [("new", 5), ("open", open_id)]
    assert wrap_up.calls == [
        ("callback", customer_id, NOW + dt.timedelta(hours=1), "normal"),
        ("escalation", customer_id, None, "normal"),
    ]
    assert told == []


def test_no_customer_on_the_call_is_said_and_nothing_runs() -> None:
    orders, wrap_up, told = Orders(), WrapUp(), []
    actions = ScriptActions(live_call(None), orders, wrap_up, told.append)
    for handler in actions.handlers().values():
        handler(3)
    assert told == [NO_CUSTOMER] * 3 and orders.calls == [] and wrap_up.calls == []
