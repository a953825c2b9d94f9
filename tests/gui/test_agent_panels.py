"""The agent bar (state, refusal, countdown), the KPI strip and the wrap-up form, with pytest-qt on a
real store: what the operator sees and does after a call."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import event, select

from softphone.sip.call_outcome import CallOutcome
from softphone.sip.events import CallDirection, CallState, CallStateChanged, IncomingCall
from softphone.store.db import Store, open_store
from softphone.store.jobs import StoreJobs
from softphone.store.models import Customer, Interaction
from softphone.ui.agent.agent_bar import AgentBar
from softphone.ui.agent.kpi_strip import KpiStrip
from softphone.ui.agent.wrap_up_form import WrapUpForm
from softphone.ui.gui_thread import GuiThread
from softphone.workspace.agent_state import AcwMode, AcwPolicy, AgentStateMachine, AgentStatus
from softphone.workspace.call_context import CallCustomer, CustomerMatch
from softphone.workspace.interaction_log import InteractionLog
from softphone.workspace.sessions import CallSessions
from softphone.workspace.wrap_up import WrapUp
from tests.helpers.workspace_store import seed_workspace_store

PHONE = "+79161234567"


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime.now(dt.UTC).timestamp()

    def __call__(self) -> float:
        return self.now


class Desk(QWidget):
    """The agent bar and the wrap-up form on a real store, as the composition root wires them."""

    def __init__(self, store: Store, policy: AcwPolicy) -> None:
        super().__init__()
        self.clock = Clock()
        self.jobs = StoreJobs(deliver=GuiThread(QApplication.instance()).post)
        self.sessions = CallSessions(clock=self.clock)
        self.machine = AgentStateMachine(policy, clock=self.clock)
        self.sessions.subscribe(self.machine.on_session_change)
        self.log = InteractionLog(store, self.jobs)
        self.sessions.subscribe(self.log.on_session_change)
        self.wrap_up = WrapUp(store, self.jobs, self.machine, self.log, clock=self.clock)
        self.strip = KpiStrip(store, self.jobs)
        self.bar = AgentBar(self.machine, self.strip, clock=self.clock)
        self.form = WrapUpForm(self.wrap_up)
        self.form.finished.connect(self.strip.refresh)
        layout = QVBoxLayout(self)
        layout.addWidget(self.bar)
        layout.addWidget(self.form)
        self.bar.install_in(self)
        self.form.install_in(self)
        with store.read_session() as session:
            self.customer_id = session.scalars(select(Customer.id).where(Customer.crm_id == "C-1")).one()

    def call(self, call_id: int = 1, talk_s: float = 40) -> None:
        self.sessions.apply(IncomingCall(call_id, f"sip:{PHONE}@x", PHONE, "", "+74952223344"))
        session = self.sessions.get(call_id)
        assert session is not None
        customer = CallCustomer(CustomerMatch.ONE, PHONE, self.customer_id, "C-1", "Иванова Анна Сергеевна")
        session.attach(customer)
        self.sessions.attachments_changed(session)
        self.sessions.apply(
            CallStateChanged(
                call_id, CallDirection.INBOUND, CallState.ACTIVE, PHONE, connected_at=self.clock.now
            )
        )
        self.clock.now += talk_s
        self.sessions.apply(
            CallStateChanged(
                call_id, CallDirection.INBOUND, CallState.ENDED, PHONE, outcome=CallOutcome.ANSWERED
            )
        )

    def close_all(self) -> None:
        self.bar.detach()
        self.form.detach()
        self.jobs.close()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "store.db")
    seed_workspace_store(opened)
    yield opened
    opened.close()


def make_desk(qtbot: QtBot, store: Store, policy: AcwPolicy) -> Desk:
    desk = Desk(store, policy)
    qtbot.addWidget(desk)
    desk.resize(1100, 420)
    desk.show()
    qtbot.waitExposed(desk)
    desk.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is desk, timeout=3000)
    return desk


def test_the_wrap_up_form_after_a_call_asks_for_a_result_and_sends_the_interaction(
    qtbot: QtBot, store: Store
) -> None:
    desk = make_desk(qtbot, store, AcwPolicy(AcwMode.MANDATORY))
    try:
        assert not desk.form.isVisible()
        desk.call()
        qtbot.waitUntil(desk.form.isVisible, timeout=3000)
        assert "Иванова Анна Сергеевна" in desk.form.customer.text()
        assert desk.form.order.text() == "none on this call"
        qtbot.waitUntil(lambda: desk.form.disposition.findData("consultation") > 0, timeout=3000)
        qtbot.mouseClick(desk.form.finish_button, Qt.MouseButton.LeftButton)
        assert desk.form.status.text() == "Choose the call's result" and desk.form.isVisible()
        desk.form.disposition.setCurrentIndex(desk.form.disposition.findData("complaint"))
        qtbot.mouseClick(desk.form.finish_button, Qt.MouseButton.LeftButton)
        assert desk.form.status.text() == "This result needs a note"
        desk.form.disposition.setCurrentIndex(desk.form.disposition.findData("consultation"))
        desk.form.notes.setPlainText("Рассказала про доставку")
        desk.clock.now += 12
        qtbot.keyClick(
            desk, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        )
        qtbot.waitUntil(lambda: not desk.form.isVisible(), timeout=3000)
        assert desk.machine.state.status == AgentStatus.READY

        def logged() -> list[Interaction]:
            with store.read_session() as session:
                return list(session.scalars(select(Interaction).where(Interaction.is_draft.is_(False))))

        qtbot.waitUntil(lambda: len(logged()) == 1, timeout=3000)
        [row] = logged()
        assert (row.disposition, row.talk_s, row.acw_s) == ("consultation", 40, 12)
        qtbot.waitUntil(lambda: desk.strip.kpis.calls == 1, timeout=3000)  # refreshed after the wrap-up
        assert desk.strip.labels["conversion"].text() == "Conversion: <b>0%</b>"
        assert desk.strip.labels["fcr"].text() == "FCR: <b>100%</b>"  # one call, resolved
    finally:
        desk.close_all()


def test_the_bar_says_why_ready_is_refused_and_shows_the_countdown(qtbot: QtBot, store: Store) -> None:
    desk = make_desk(qtbot, store, AcwPolicy(AcwMode.MANDATORY))
    try:
        desk.call()
        qtbot.waitUntil(desk.form.isVisible, timeout=3000)
        qtbot.waitUntil(lambda: desk.form.disposition.findData("consultation") > 0, timeout=3000)
        assert desk.bar.state_button.text() == "After-call work"
        qtbot.keyClick(desk, Qt.Key.Key_F9)
        assert desk.bar.problem.isVisible()
        assert desk.bar.problem.text() == "Wrap up the call first: the CRM requires it"
        assert desk.machine.state.status == AgentStatus.AFTER_CALL_WORK

        desk.machine.set_policy(AcwPolicy(AcwMode.TIMED, 30))
        desk.form.disposition.setCurrentIndex(desk.form.disposition.findData("consultation"))
        desk.form.finish()
        assert not desk.bar.problem.isVisible() and desk.bar.state_button.text() == "Ready"
        desk.call(call_id=2)
        desk.bar.timer.timeout.emit()
        assert desk.bar.elapsed.text() == "Back to Ready in 0:30"
        desk.clock.now += 31
        desk.bar.timer.timeout.emit()  # the time box is over: Ready by itself, the interaction sent
        assert desk.bar.state_button.text() == "Ready" and not desk.form.isVisible()
    finally:
        desk.close_all()


def test_the_kpi_strip_is_computed_off_the_gui_thread(qtbot: QtBot, store: Store) -> None:
    desk = make_desk(qtbot, store, AcwPolicy())
    try:
        now = dt.datetime.now(dt.UTC)
        with store.session() as session, session.begin():
            for talk, order in ((100, "O-1"), (60, None)):
                session.add(
                    Interaction(
                        customer_id=desk.customer_id, channel="call", disposition="consultation",
                        talk_s=talk, acw_s=20, order_crm_id=order, started_at=now,
                    )
                )  # fmt: skip
        gui_sql: list[str] = []

        def on_sql(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
            if threading.current_thread() is threading.main_thread():
                gui_sql.append(statement)

        event.listen(store.engine, "before_cursor_execute", on_sql)
        desk.strip.refresh()
        qtbot.waitUntil(lambda: desk.strip.kpis.calls == 2, timeout=3000)
        event.remove(store.engine, "before_cursor_execute", on_sql)
        assert gui_sql == []
        texts = [desk.strip.labels[k].text() for k in ("calls", "aht", "acw", "conversion", "fcr")]
        assert texts == [
            "Calls: <b>2</b>",
            "AHT: <b>1:40</b>",
            "ACW: <b>0:20</b>",
            "Conversion: <b>50%</b>",
            "FCR: <b>0%</b>",
        ]
        assert desk.strip.isVisible()
    finally:
        desk.close_all()
