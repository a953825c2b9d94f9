"""The strip at the top of the window: the operator's state (changeable: Ready, Not ready with a
reason, Break), how long it has lasted or the after-call work's countdown, why Ready is refused, and
the KPI strip (``kpi_strip.KpiStrip``). F9 = Ready, F10 = Not ready (the first reason, or the menu).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QToolButton, QWidget

from softphone.ui import shortcuts
from softphone.ui.agent.kpi_strip import KpiStrip
from softphone.ui.gui_thread import assert_gui_thread
from softphone.workspace.agent_state import AgentState, AgentStateMachine, AgentStatus, ChoiceRefused

STATE_COLOURS = {
    AgentStatus.READY: "#2e7d32",
    AgentStatus.NOT_READY: "#c62828",
    AgentStatus.ON_CALL: "#1565c0",
    AgentStatus.AFTER_CALL_WORK: "#ef6c00",
    AgentStatus.BREAK: "#6d4c41",
}


def status_text(status: AgentStatus) -> str:
    return {
        AgentStatus.READY: QCoreApplication.translate("AgentBar", "Ready"),
        AgentStatus.NOT_READY: QCoreApplication.translate("AgentBar", "Not ready"),
        AgentStatus.ON_CALL: QCoreApplication.translate("AgentBar", "On call"),
        AgentStatus.AFTER_CALL_WORK: QCoreApplication.translate("AgentBar", "After-call work"),
        AgentStatus.BREAK: QCoreApplication.translate("AgentBar", "Break"),
    }[status]


def refusal_text(problem: ChoiceRefused) -> str:
    return {
        ChoiceRefused.WRAP_UP_FIRST: QCoreApplication.translate(
            "AgentBar", "Wrap up the call first: the CRM requires it"
        ),
        ChoiceRefused.ON_CALL: QCoreApplication.translate(
            "AgentBar", "The state follows the call until it ends"
        ),
        ChoiceRefused.NEEDS_REASON: QCoreApplication.translate(
            "AgentBar", "Choose a reason for not being ready"
        ),
        ChoiceRefused.UNKNOWN_REASON: QCoreApplication.translate(
            "AgentBar", "The CRM does not know this reason"
        ),
    }[problem]


def clock_text(seconds: int) -> str:
    minutes, secs = divmod(max(0, seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class AgentBar(QWidget):
    def __init__(
        self,
        machine: AgentStateMachine,
        kpis: KpiStrip,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("agent_bar")
        self.machine = machine
        self._clock = clock
        self.reasons: list[tuple[str, str]] = []
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 2, 12, 2)
        layout.setSpacing(10)
        self.state_button = QToolButton(self)
        self.state_button.setObjectName("agent_state_button")
        self.state_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.state_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.menu = QMenu(self.state_button)
        self.state_button.setMenu(self.menu)
        self.elapsed = QLabel(self)
        self.elapsed.setObjectName("agent_state_elapsed")
        self.problem = QLabel(self)
        self.problem.setObjectName("agent_state_problem")
        self.problem.setStyleSheet("color: #c62828;")
        self.problem.setVisible(False)
        self.kpis = kpis
        kpis.setParent(self)
        layout.addWidget(self.state_button)
        layout.addWidget(self.elapsed)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        layout.addWidget(kpis)

        self.ready_action = self._action("agent_ready", self.choose_ready)
        self.not_ready_action = self._action("agent_not_ready", self._not_ready_key)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)
        self.timer.start()
        self._unsubscribe = machine.subscribe(self._on_state)  # until ``detach`` (the window closes)
        self.set_reasons([])
        self._on_state(machine.state)

    def _action(self, name: str, handler: Callable[[], None]) -> QAction:
        action = QAction(shortcuts.label(name), self)
        action.setObjectName(f"action_{name}")
        action.setShortcuts(shortcuts.key_sequences(name))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: handler())
        self.addAction(action)
        return action

    def detach(self) -> None:
        """Stop hearing the state machine (it outlives the window)."""
        self.timer.stop()
        self._unsubscribe()

    def install_in(self, window: QWidget) -> None:
        """Make the bar's keys work anywhere in ``window``."""
        window.addAction(self.ready_action)
        window.addAction(self.not_ready_action)

    def set_reasons(self, reasons: list[tuple[str, str]]) -> None:
        """The CRM's not-ready reasons (code, label)."""
        self.reasons = list(reasons)
        self.menu.clear()
        ready = self.menu.addAction(status_text(AgentStatus.READY), self.choose_ready)
        ready.setObjectName("menu_ready")
        for code, label in self.reasons:
            title = self.tr("Not ready: %1").replace("%1", label)
            action = self.menu.addAction(title, lambda c=code: self.choose(AgentStatus.NOT_READY, c))
            action.setObjectName(f"menu_not_ready_{code}")
        pause = self.menu.addAction(status_text(AgentStatus.BREAK), lambda: self.choose(AgentStatus.BREAK))
        pause.setObjectName("menu_break")

    # ---- choices ----------------------------------------------------------------------------------
    def choose_ready(self) -> None:
        self.choose(AgentStatus.READY)

    def _not_ready_key(self) -> None:
        if self.reasons:
            self.choose(AgentStatus.NOT_READY, self.reasons[0][0])
        else:
            self.state_button.showMenu()

    def choose(self, status: AgentStatus, reason: str | None = None) -> None:
        assert_gui_thread()
        problem = self.machine.choose(status, reason)
        self.show_problem(refusal_text(problem) if problem is not None else "")

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    # ---- what is shown ----------------------------------------------------------------------------
    def _on_state(self, state: AgentState) -> None:
        text = status_text(state.status)
        if state.reason:
            label = dict(self.reasons).get(state.reason, state.reason)
            text = f"{text}: {label}"
        self.state_button.setText(text)
        colour = STATE_COLOURS[state.status]
        self.state_button.setStyleSheet(
            f"QToolButton {{ background: {colour}; color: white; font-weight: bold; border-radius: 4px;"
            " padding: 3px 10px; }"
        )
        if state.status != AgentStatus.AFTER_CALL_WORK or state.wrapped_up:
            self.show_problem("")
        self._tick()

    def _tick(self) -> None:
        self.machine.tick()
        remaining = self.machine.remaining_s()
        if remaining is not None:
            self.elapsed.setText(self.tr("Back to Ready in %1").replace("%1", clock_text(remaining)))
        else:
            self.elapsed.setText(clock_text(int(self._clock() - self.machine.state.since)))
