"""A script step's callback or escalation carries a note: the step's reason from the script and the
operator's answer, kept on the call until its wrap-up, editable there, and sent through the outbox
with the note as it then reads (on a real store)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from softphone.store.db import Store, open_store
from softphone.store.models import OutboxEntry
from softphone.workspace.agent_state import AcwMode, AcwPolicy
from softphone.workspace.outbound.script_actions import ScriptActions
from softphone.workspace.scripts.context import ScriptContext
from softphone.workspace.scripts.desk import CallScript
from softphone.workspace.scripts.graph import ScriptGraph, graph_from_body
from softphone.workspace.scripts.notes import step_note
from softphone.workspace.scripts.run import ScriptRun
from softphone.workspace.wrap_up_requests import CALLBACK, ESCALATION

from .test_wrap_up import Desk

NOW = dt.datetime(2026, 12, 5, 10, 0, tzinfo=dt.UTC)


def graph() -> ScriptGraph:
    def node(node_id: str, kind: str, text: str, **extra: Any) -> dict[str, Any]:
        return {"id": node_id, "kind": kind, "text": text, **extra}

    body = {
        "start_node": "topic",
        "nodes": {
            "topic": node(
                "topic",
                "choice",
                "Что случилось, {customer.first_name}?",
                options=[
                    {"label": "Курьер опоздал", "next": "late"},
                    {"label": "Перезвонить", "next": "when"},
                ],
                save_as="topic",
            ),
            "late": node(
                "late",
                "say",
                "Извинитесь и передайте обращение в службу доставки.",
                next="end",
                title="Курьер опоздал",
                action="escalate",
            ),
            "when": node(
                "when",
                "question",
                "Когда удобно перезвонить?",
                next="end",
                save_as="callback_time",
                title="Перезвонить",
                action="schedule_callback",
            ),
            "end": node("end", "end", "Спасибо!"),
        },
    }
    return graph_from_body("SCR-T", 1, "support", "Проверка", body, NOW)


def script_with(run: ScriptRun) -> CallScript:
    script = CallScript(1, "inbound", 0.0)
    script.run = run
    script.context = ScriptContext(values={"customer.first_name": "Анна"})
    return script


def test_the_note_is_the_steps_reason_and_the_operators_answer() -> None:
    run = ScriptRun(graph())
    run.pick(2)  # "Перезвонить"
    script = script_with(run)
    assert step_note(script, "when") == "Перезвонить: Когда удобно перезвонить?"  # nothing answered yet
    run.answer_text("завтра после 18:00")
    assert step_note(script, "when") == "Перезвонить: Когда удобно перезвонить?\n→ завтра после 18:00"
    other = ScriptRun(graph())
    other.pick(1)  # a "say" step asks nothing: the answer that led to it says why
    assert step_note(script_with(other), "late") == (
        "Курьер опоздал: Извинитесь и передайте обращение в службу доставки.\n→ Курьер опоздал"
    )
    assert step_note(None, "when") == "" and step_note(script, "nowhere") == ""


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "store.db")
    yield opened
    opened.close()


@pytest.fixture
def desk(store: Store) -> Iterator[Desk]:
    kit = Desk(store, AcwPolicy(AcwMode.MANDATORY))
    yield kit
    kit.calls.close()


def entries(store: Store, entity_type: str) -> list[OutboxEntry]:
    with store.read_session() as session:
        return list(session.scalars(select(OutboxEntry).where(OutboxEntry.entity_type == entity_type)))


def test_step_requests_wait_for_the_wrap_up_and_go_with_their_notes(store: Store, desk: Desk) -> None:
    from tests.helpers.script_kit import known_customer

    calls = desk.calls
    calls.ring(1)
    session = calls.sessions.get(1)
    assert session is not None
    session.attach(known_customer(desk.customer_id))
    calls.sessions.attachments_changed(session)
    calls.answer(1)
    calls.settle()
    script = session.attached(CallScript)
    assert script is not None
    script.run, script.context = ScriptRun(graph()), ScriptContext(values={"customer.first_name": "Анна"})
    told: list[str] = []
    actions = ScriptActions(calls.sessions, None, desk.wrap_up, told.append, clock=lambda: NOW).handlers()

    script.run.pick(2)  # to "when": the operator presses the step's callback button, then answers
    actions["schedule_callback"](1)
    actions["schedule_callback"](1)  # pressed twice: one callback
    script.run.answer_text("завтра после 18:00")
    script.run.back()
    script.run.back()
    script.run.pick(1)  # and the delivery complaint: escalate
    actions["escalate"](1)
    calls.settle()
    assert entries(store, "task") == [] and entries(store, "escalation") == []  # nothing with an empty note

    calls.hang_up(1)
    calls.settle()
    pending = desk.wrap_up.pending
    assert pending is not None and told == []
    callback, escalation = pending.requests
    assert (callback.kind, escalation.kind) == (CALLBACK, ESCALATION)
    assert callback.note == "Перезвонить: Когда удобно перезвонить?"  # its answer was taken back
    assert callback.due_at == NOW + dt.timedelta(hours=1)
    assert escalation.note.startswith("Курьер опоздал: Извинитесь") and escalation.priority == "normal"

    callback.note = "Перезвонить: когда удобно?\n→ завтра после 18:00, на мобильный"  # edited in the form
    desk.wrap_up.set_draft("consultation", "Обещали перезвонить")
    desk.wrap_up.finish(desk.choices)
    calls.settle()
    [task] = entries(store, "task")
    assert task.payload["note"] == "Перезвонить: когда удобно?\n→ завтра после 18:00, на мобильный"
    assert task.payload["due_at"].startswith("2026-12-05T11:00")
    [esc] = entries(store, "escalation")
    assert esc.payload["note"].startswith("Курьер опоздал: Извинитесь и передайте обращение")
    assert "→ Курьер опоздал" in esc.payload["note"]


def test_a_request_sent_from_the_form_is_not_sent_again(store: Store, desk: Desk) -> None:
    from tests.helpers.script_kit import known_customer

    calls = desk.calls
    calls.ring(1)
    session = calls.sessions.get(1)
    assert session is not None
    session.attach(known_customer(desk.customer_id))
    calls.sessions.attachments_changed(session)
    calls.answer(1)
    calls.settle()
    script = session.attached(CallScript)
    assert script is not None
    script.run, script.context = ScriptRun(graph()), ScriptContext()
    script.run.pick(1)
    ScriptActions(calls.sessions, None, desk.wrap_up, print, clock=lambda: NOW).escalate(1)
    calls.hang_up(1)
    calls.settle()
    desk.wrap_up.escalate(desk.customer_id, "high", "Курьер опоздал на 3 часа")  # the form's Escalate
    desk.wrap_up.set_draft("consultation", "")
    desk.wrap_up.finish(desk.choices)
    calls.settle()
    [esc] = entries(store, "escalation")
    assert esc.payload["note"] == "Курьер опоздал на 3 часа" and esc.payload["priority"] == "high"
