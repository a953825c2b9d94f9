"""The wrap-up on a real store: the interaction waits for the wrap-up, then goes once with its
disposition, notes, after-call time and linked order; callbacks and escalations go through the
outbox; a crash during the wrap-up loses nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from softphone.store.db import Store, open_store
from softphone.store.models import Disposition, Escalation, Interaction, OutboundTask, OutboxEntry
from softphone.workspace.agent_state import AcwMode, AcwPolicy, AgentStateMachine, AgentStatus
from softphone.workspace.call_context import CallOrder
from softphone.workspace.interaction_log import complete_drafts
from softphone.workspace.wrap_up import WrapUp, WrapUpProblem
from tests.helpers.script_kit import CallsOnStore, fill_store, known_customer


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "store.db")
    yield opened
    opened.close()


class Desk:
    def __init__(self, store: Store, policy: AcwPolicy) -> None:
        self.calls = CallsOnStore(store)
        self.machine = AgentStateMachine(policy, clock=lambda: self.calls.now)
        self.calls.sessions.subscribe(self.machine.on_session_change)
        self.wrap_up = WrapUp(
            store, self.calls.jobs, self.machine, self.calls.log, clock=lambda: self.calls.now
        )
        self.customer_id, _shop = fill_store(store)
        with store.session() as session, session.begin():
            session.add(Disposition(crm_id="consultation", label="Консультация", resolved=True))
            session.add(Disposition(crm_id="complaint", label="Жалоба", requires_note=True))
        self.choices: list = []
        self.wrap_up.load_dispositions(self.choices.extend)
        self.calls.settle()

    def talk(self, call_id: int = 1, order: CallOrder | None = None) -> None:
        self.calls.ring(call_id)
        session = self.calls.sessions.get(call_id)
        assert session is not None
        session.attach(known_customer(self.customer_id))
        self.calls.sessions.attachments_changed(session)
        if order is not None:
            session.attach(order)
        self.calls.answer(call_id)
        self.calls.now += 42
        self.calls.hang_up(call_id)
        self.calls.settle()


@pytest.fixture
def desk(store: Store) -> Iterator[Desk]:
    kit = Desk(store, AcwPolicy(AcwMode.MANDATORY))
    yield kit
    kit.calls.close()


def logged(store: Store) -> list[Interaction]:
    with store.read_session() as session:
        return list(session.scalars(select(Interaction).where(Interaction.is_draft.is_(False))))


def outbox(store: Store, entity_type: str) -> list[OutboxEntry]:
    with store.read_session() as session:
        return list(session.scalars(select(OutboxEntry).where(OutboxEntry.entity_type == entity_type)))


def test_the_interaction_waits_for_the_wrap_up_and_goes_once_with_everything(
    store: Store, desk: Desk
) -> None:
    desk.talk()
    assert desk.machine.state.status == AgentStatus.AFTER_CALL_WORK
    assert logged(store) == [] and outbox(store, "interaction") == []  # not at hang-up
    with store.read_session() as session:
        draft = session.scalars(select(Interaction).where(Interaction.is_draft)).one()
        assert (draft.talk_s, draft.direction) == (42, "inbound")
    assert desk.wrap_up.pending is not None and desk.wrap_up.pending.customer_id == desk.customer_id
    desk.wrap_up.set_draft("complaint", "  ")
    with pytest.raises(WrapUpProblem) as refused:
        desk.wrap_up.finish(desk.choices)
    assert refused.value.code == "needs_note"
    desk.wrap_up.set_draft(None, "")
    with pytest.raises(WrapUpProblem):
        desk.wrap_up.finish(desk.choices)
    desk.calls.now += 17
    desk.wrap_up.set_draft("consultation", "Рассказала про доставку")
    desk.wrap_up.finish(desk.choices)
    desk.wrap_up.finish(desk.choices)  # a second click: nothing more is sent
    desk.calls.settle()
    assert desk.machine.state.status == AgentStatus.READY
    [row] = logged(store)
    assert (row.disposition, row.notes, row.talk_s, row.acw_s) == (
        "consultation",
        "Рассказала про доставку",
        42,
        17,
    )
    [entry] = outbox(store, "interaction")
    assert entry.payload["disposition"] == "consultation" and entry.payload["acw_s"] == 17
    assert entry.payload["talk_s"] == 42


def test_the_linked_order_goes_with_the_interaction(store: Store, desk: Desk) -> None:
    with store.read_session() as session:
        from softphone.store.models import Order

        order = session.scalars(select(Order).where(Order.crm_id == "O-DEMO-1")).one()
    desk.talk(order=CallOrder(order.id, "O-DEMO-1", created=False, confirmed=True))
    desk.wrap_up.set_draft("consultation", "")
    desk.wrap_up.finish(desk.choices)
    desk.calls.settle()
    [entry] = outbox(store, "interaction")
    assert entry.payload["order_id"] == "O-DEMO-1"


def test_leaving_optional_acw_sends_what_the_form_holds(store: Store) -> None:
    desk = Desk(store, AcwPolicy(AcwMode.OPTIONAL))
    try:
        desk.talk()
        desk.wrap_up.set_draft("complaint", "")  # needs a note: sent without the result
        assert desk.machine.choose(AgentStatus.READY) is None
        desk.calls.settle()
        [row] = logged(store)
        assert row.disposition is None and desk.wrap_up.pending is None
    finally:
        desk.calls.close()


def test_the_time_box_running_out_sends_the_interaction_once(store: Store) -> None:
    desk = Desk(store, AcwPolicy(AcwMode.TIMED, 30))
    try:
        desk.talk()
        desk.wrap_up.set_draft("consultation", "")
        desk.calls.now += 31
        desk.machine.tick()
        desk.machine.tick()
        desk.calls.settle()
        [row] = logged(store)
        assert row.disposition == "consultation" and row.acw_s == 31
        assert len(outbox(store, "interaction")) == 1
    finally:
        desk.calls.close()


def test_a_crash_during_the_wrap_up_loses_nothing(store: Store, desk: Desk) -> None:
    desk.talk()  # ... and the app is killed here
    complete_drafts(store)  # the next start
    [row] = logged(store)
    assert row.talk_s == 42 and len(outbox(store, "interaction")) == 1


def test_callback_for_me_or_the_queue_and_an_escalation_go_through_the_outbox(
    store: Store, desk: Desk
) -> None:
    desk.talk()
    due = dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.UTC)
    results: list = []
    desk.wrap_up.schedule_callback(
        desk.customer_id, due, "Уточнить размер", False, lambda *r: results.append(r)
    )
    desk.wrap_up.schedule_callback(desk.customer_id, due, "", True, lambda *r: results.append(r))
    desk.wrap_up.escalate(desk.customer_id, "high", "Не включается", lambda *r: results.append(r))
    desk.wrap_up.escalate(desk.customer_id, "high", "", lambda *r: results.append(r))  # a note is needed
    desk.calls.settle()
    assert [r[1] is None for r in results] == [True, True, True, False]
    with store.read_session() as session:
        tasks = list(session.scalars(select(OutboundTask).where(OutboundTask.kind == "callback")))
        assert sorted(t.status for t in tasks) == ["claimed", "open"]
        [esc] = session.scalars(select(Escalation)).all()
        assert esc.priority == "high"
    payloads = [e.payload for e in outbox(store, "task")]
    assert {p["for_queue"] for p in payloads} == {True, False} and payloads[0]["due_at"].startswith(
        "2026-12-02"
    )
    assert outbox(store, "escalation")[0].payload["priority"] == "high"
    assert desk.wrap_up.pending is not None and desk.wrap_up.pending.actions == [
        "callback",
        "callback",
        "escalation",
    ]
    with pytest.raises(ValueError):
        desk.wrap_up.escalate(desk.customer_id, "asap", "x")


def test_an_order_saved_during_the_wrap_up_is_the_call_s_linked_order(store: Store, desk: Desk) -> None:
    with store.read_session() as session:
        from softphone.store.models import Order

        order = session.scalars(select(Order).where(Order.crm_id == "O-DEMO-1")).one()
    desk.talk()
    pending = desk.wrap_up.pending
    assert pending is not None and pending.session is not None
    pending.session.attach(CallOrder(order.id, "O-DEMO-1", created=False, confirmed=True))  # the order editor
    desk.wrap_up.set_draft("consultation", "")
    desk.wrap_up.finish(desk.choices)
    desk.calls.settle()
    [entry] = outbox(store, "interaction")
    assert entry.payload["order_id"] == "O-DEMO-1"
