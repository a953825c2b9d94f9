"""The wrap-up form with a callback and an escalation a script step asked for: their notes come
pre-filled (the step's reason and the operator's answer), editable, and go through the real store's
outbox with the callback / escalation as the operator left them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from softphone.sip.call_outcome import CallOutcome
from softphone.sip.events import CallDirection, CallState, CallStateChanged, IncomingCall
from softphone.store.db import Store, open_store
from softphone.store.models import OutboxEntry
from softphone.workspace.agent_state import AcwMode, AcwPolicy
from softphone.workspace.call_context import CallCustomer, CustomerMatch
from softphone.workspace.outbound.script_actions import ScriptActions
from softphone.workspace.scripts.context import ScriptContext
from softphone.workspace.scripts.desk import CallScript
from softphone.workspace.scripts.run import ScriptRun
from tests.helpers.workspace_store import seed_workspace_store

from ..unit.workspace.test_wrap_up_requests import graph
from .test_agent_panels import PHONE, Desk, make_desk

NOW = dt.datetime(2026, 12, 5, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "store.db")
    seed_workspace_store(opened)
    yield opened
    opened.close()


def entries(store: Store, entity_type: str) -> list[OutboxEntry]:
    with store.read_session() as session:
        return list(session.scalars(select(OutboxEntry).where(OutboxEntry.entity_type == entity_type)))


def call_with_script_requests(desk: Desk) -> None:
    """A call where the operator pressed the callback step's button, answered it, then escalated."""
    desk.sessions.apply(IncomingCall(1, f"sip:{PHONE}@x", PHONE, "", "+74952223344"))
    session = desk.sessions.get(1)
    assert session is not None
    session.attach(CallCustomer(CustomerMatch.ONE, PHONE, desk.customer_id, "C-1", "Иванова Анна Сергеевна"))
    desk.sessions.attachments_changed(session)
    script = CallScript(1, "inbound", desk.clock.now, ScriptContext(values={"customer.first_name": "Анна"}))
    script.run = run = ScriptRun(graph())
    session.attach(script)
    desk.sessions.apply(CallStateChanged(1, CallDirection.INBOUND, CallState.ACTIVE, PHONE, connected_at=1.0))
    actions: dict[str, Any] = ScriptActions(
        desk.sessions, None, desk.wrap_up, print, clock=lambda: NOW
    ).handlers()
    run.pick(2)
    actions["schedule_callback"](1)
    run.answer_text("завтра после 18:00")
    run.jump("late")  # from the step list: the delivery complaint
    actions["escalate"](1)
    desk.sessions.apply(
        CallStateChanged(1, CallDirection.INBOUND, CallState.ENDED, PHONE, outcome=CallOutcome.ANSWERED)
    )


def test_script_requests_are_prefilled_editable_and_sent_with_the_wrap_up(qtbot: QtBot, store: Store) -> None:
    desk = make_desk(qtbot, store, AcwPolicy(AcwMode.MANDATORY))
    try:
        call_with_script_requests(desk)
        form = desk.form
        qtbot.waitUntil(form.isVisible, timeout=3000)
        assert form.notes.toPlainText() == "Перезвонить: Когда удобно перезвонить?\n→ завтра после 18:00"
        assert form.escalation_note.text() == (
            "Курьер опоздал: Извинитесь и передайте обращение в службу доставки."
        )
        assert form.callback_at.dateTime().toPython().astimezone(dt.UTC) == NOW + dt.timedelta(hours=1)
        assert "The script asked for a callback and an escalation" in form.status.text()

        form.notes.setPlainText("Перезвонить завтра после 18:00 на мобильный")  # the operator edits it
        form.escalation_note.setText("Курьер опоздал на 3 часа, заказ O-1")
        form.priority.setCurrentIndex(form.priority.findData("high"))
        qtbot.mouseClick(form.escalate_button, Qt.MouseButton.LeftButton)  # sent by hand, now
        qtbot.waitUntil(lambda: len(entries(store, "escalation")) == 1, timeout=3000)

        qtbot.waitUntil(lambda: form.disposition.findData("consultation") > 0, timeout=3000)
        form.disposition.setCurrentIndex(form.disposition.findData("consultation"))
        qtbot.mouseClick(form.finish_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(entries(store, "task")) == 1, timeout=3000)
        [task] = entries(store, "task")
        assert task.payload["note"] == "Перезвонить завтра после 18:00 на мобильный"
        [esc] = entries(store, "escalation")  # not sent a second time at the end
        assert (
            esc.payload["note"] == "Курьер опоздал на 3 часа, заказ O-1" and esc.payload["priority"] == "high"
        )
    finally:
        desk.close_all()
