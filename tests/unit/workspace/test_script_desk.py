"""A call's script and its interaction, as wired in the app: SIP events folded by ``CallSessions``,
the desk starting the default script, the operator's answers kept in a draft, and one interaction
(local row + outbox entry) at hang-up with the answers, compliance, steps, talk and hold time."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from softphone.sip.events import CallState
from softphone.store import local_writes
from softphone.store.db import Store, open_store
from softphone.store.models import Interaction, OutboxEntry
from softphone.workspace.interaction_log import InteractionLogged, complete_drafts
from softphone.workspace.scripts.context import NO_CUSTOMER, NO_STORE
from tests.helpers.script_kit import NOW, CallsOnStore, fill_store, known_customer, shop


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "store.db")
    yield opened
    opened.close()


@pytest.fixture
def calls(store: Store) -> Iterator[CallsOnStore]:
    kit = CallsOnStore(store)
    yield kit
    kit.close()


def interactions(store: Store) -> list[Interaction]:
    with store.read_session() as session:
        return list(session.scalars(select(Interaction).order_by(Interaction.id)))


def outbox_payloads(store: Store) -> list[dict[str, object]]:
    with store.read_session() as session:
        return [
            e.payload
            for e in session.scalars(select(OutboxEntry).where(OutboxEntry.entity_type == "interaction"))
        ]


def test_a_known_customer_s_call_walks_the_script_and_logs_one_interaction(
    store: Store, calls: CallsOnStore
) -> None:
    customer_id, store_id = fill_store(store, open_order_status="shipped")
    script = calls.ring()
    session = calls.sessions.get(1)
    assert session is not None
    session.attach(known_customer(customer_id))  # what screen-pop does while it rings
    session.attach(shop(store_id))
    calls.sessions.attachments_changed(session)
    calls.settle()
    assert script.context is not None and script.context.gaps == ()
    assert script.run is not None and script.run.graph.crm_id == "SCR-DELIVERY"  # order on its way
    values = script.context.values
    assert values["customer.first_name"] == "Анна" and values["customer.polite_name"] == "Анна Сергеевна"
    assert values["order.number"] == "O-DEMO-1" and values["order.total"] == "10\u00a0290\u00a0₽"
    assert values["store.name"] == "ТехноДом" and values["operator.name"] == "Мария Кузнецова"
    assert values["delivery.time"] == "10:00–14:00" and values["delivery.method"] == "Доставка нашим курьером"
    assert values["order.items"] == "Чайник Bosch × 1, Тостер Philips × 2"

    calls.now += 3
    calls.answer()
    calls.now += 10
    assert calls.desk.pick(script, 1)  # greet -> topic
    assert calls.desk.pick(script, 2)  # "Перенести дату" -> reschedule (a text question with an action)
    calls.settle()
    [draft] = interactions(store)
    assert draft.is_draft and draft.script_answers == {"topic": "Перенести дату"}  # kept during the call
    assert calls.desk.answer_text(script, "на субботу, после обеда")
    calls.state(1, CallState.ACTIVE, local_hold=True)
    calls.now += 7
    calls.state(1, CallState.ACTIVE, local_hold=False)
    calls.now += 5
    assert calls.desk.pick(script, 1)  # more -> "Нет, это всё" -> end
    assert script.run.finished
    calls.now += 2
    calls.hang_up()
    calls.settle()
    calls.hang_up()  # a repeated end is no second interaction
    calls.settle()

    [row] = interactions(store)
    assert not row.is_draft and row.id == draft.id and calls.logged == [row.id]
    assert (row.direction, row.talk_s, row.hold_s, row.disposition) == ("inbound", 24, 7, None)
    assert row.script_crm_id == "SCR-DELIVERY"
    assert row.script_answers == {"topic": "Перенести дату", "new_date": "на субботу, после обеда"}
    assert row.script_steps == ["greet", "topic", "reschedule", "more", "end"]
    assert row.script_compliance == 1.0
    assert row.started_at == NOW
    [payload] = outbox_payloads(store)
    assert payload["script_compliance"] == 1.0 and payload["customer_id"] == "C-DEMO-1"
    assert payload["script_steps"] == ["greet", "topic", "reschedule", "more", "end"]
    assert payload["channel"] == "call" and payload["disposition"] is None
    assert session.attached(InteractionLogged) is not None


def test_without_screen_pop_the_script_runs_with_placeholders_and_nothing_is_logged(
    store: Store, calls: CallsOnStore
) -> None:
    fill_store(store)
    script = calls.ring()
    calls.settle()
    assert script.context is not None and script.context.gaps == (NO_CUSTOMER, NO_STORE)
    assert "customer.first_name" not in script.context.values  # shown as a placeholder
    assert script.run is not None and script.run.graph.crm_id == "SCR-INBOUND"
    calls.answer()
    assert calls.desk.pick(script, 1)
    calls.hang_up()
    calls.settle()
    assert interactions(store) == [] and outbox_payloads(store) == []


def test_the_operator_switches_script_and_an_unanswered_call_logs_nothing(
    store: Store, calls: CallsOnStore
) -> None:
    customer_id, _ = fill_store(store)
    script = calls.ring()
    session = calls.sessions.get(1)
    assert session is not None
    session.attach(known_customer(customer_id))
    calls.sessions.attachments_changed(session)
    calls.settle()
    assert script.run is not None and script.run.graph.crm_id == "SCR-INBOUND"
    assert calls.desk.switch(script, "SCR-COMPLAINT") and script.chosen_by_operator
    session.attach(known_customer(customer_id))  # a later refresh keeps the choice
    calls.sessions.attachments_changed(session)
    calls.settle()
    assert script.run.graph.crm_id == "SCR-COMPLAINT"
    calls.state(1, CallState.ENDED)  # the caller gave up while it rang
    calls.settle()
    assert not calls.desk.pick(script, 1)  # an ended call's script no longer moves
    assert [r.is_draft for r in interactions(store)] == [True]  # the switch was kept as a draft
    assert outbox_payloads(store) == []


def test_drafts_left_by_a_crash_are_logged_at_the_next_start(store: Store) -> None:
    customer_id, _ = fill_store(store)
    local_writes.save_script_answers(
        store,
        customer_id,
        "SCR-CONFIRM",
        {"decision": "Да"},
        steps=["greet", "confirm"],
        compliance=0.5,
        started_at=NOW,
        direction="outbound",
    )
    [done] = complete_drafts(store)
    [row] = interactions(store)
    assert row.id == done and not row.is_draft and row.direction == "outbound"
    [payload] = outbox_payloads(store)
    assert payload["script_answers"] == {"decision": "Да"} and payload["script_compliance"] == 0.5
    assert complete_drafts(store) == []
