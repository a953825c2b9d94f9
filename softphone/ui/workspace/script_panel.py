"""The script panel: the current call's script step, its numbered answers, back, the step list.

Shows the ``CallScript`` (``softphone.workspace.scripts.desk``) of the call the operator is on (the
focused or talking call, else the ringing one); after hang-up the last call's script stays, read-only,
until the next call. The step's text has its variables filled; a value that is not known shows as a
highlighted placeholder ("[customer's name]"). Answers are buttons numbered 1-9: Alt+1..Alt+9
anywhere in the window, plain 1-9 while the focus is in the panel (F8 puts it there, Esc gives it
back to the window, where digits go to the call as DTMF; see ``softphone.ui.shortcuts``).
Backspace / Alt+Left go back; the step list jumps; the switcher starts another script for the call.
A step's action (open the order, schedule a callback, escalate) is a button that emits
``action_requested`` and calls the handler set with ``set_action_handler``; without one it is
disabled and its tooltip says which part of the app brings it.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from softphone.ui import shortcuts
from softphone.ui.diagnostics import trace_script_steps
from softphone.ui.workspace import script_texts as texts
from softphone.ui.workspace.script_steps import ANSWER_DIGITS, StepList
from softphone.workspace.scripts.desk import CallScript, ScriptDesk
from softphone.workspace.scripts.graph import AnswerKind, StepAction
from softphone.workspace.sessions import CallSessions, SessionChange

MAX_ANSWERS = 9


class ScriptPanel(QFrame):
    action_requested = Signal(str, int)  # (StepAction value, call id)
    step_shown = Signal(str)  # the step id now on screen (tests and the benchmark trace)

    def __init__(self, desk: ScriptDesk, sessions: CallSessions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("script_panel")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.desk = desk
        self.sessions = sessions
        self.script: CallScript | None = None
        self._handlers: dict[StepAction, Callable[[int], None]] = {}
        self._switch_ids: list[str] = []
        self._text_shown: tuple[int, int] | None = None  # (run, revision) the answer field was set for
        self._build()
        self._build_keys()
        self._render()
        unsubscribe = [desk.subscribe(self._on_script), sessions.subscribe(self._on_session)]
        self.destroyed.connect(lambda *_: [stop() for stop in unsubscribe])
        trace_script_steps(self)  # benchmarks only (SOFTPHONE_TRACE_SCRIPT)

    # ---- building --------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(6)
        self.title = QLabel(self.tr("Script"), self)
        self.title.setObjectName("script_title")
        self.title.setWordWrap(True)
        self.switcher = QComboBox(self)
        self.switcher.setObjectName("script_switcher")
        self.switcher.setToolTip(self.tr("Another script for this call"))
        self.switcher.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.switcher.setMinimumContentsLength(16)
        self.switcher.activated.connect(self._on_switch)
        self.switcher.installEventFilter(self)
        layout.addWidget(self.title)
        layout.addWidget(self.switcher)
        progress = QHBoxLayout()
        self.compliance = QLabel(self)
        self.compliance.setObjectName("script_compliance")
        self.compliance_bar = QProgressBar(self)
        self.compliance_bar.setObjectName("script_compliance_bar")
        self.compliance_bar.setRange(0, 100)
        self.compliance_bar.setTextVisible(False)
        self.compliance_bar.setFixedHeight(6)
        progress.addWidget(self.compliance)
        progress.addWidget(self.compliance_bar, 1)
        layout.addLayout(progress)
        self.note = self._label("script_note", wrap=True)
        self.problems = self._label("script_problems", wrap=True)
        layout.addWidget(self.note)
        layout.addWidget(self.problems)

        self.step_frame = QFrame(self)
        self.step_frame.setObjectName("script_step")
        step = QVBoxLayout(self.step_frame)
        step.setContentsMargins(10, 8, 10, 10)
        self.step_header = self._label("script_step_header")
        self.step_text = self._label("script_step_text", wrap=True)
        self.step_text.setTextFormat(Qt.TextFormat.RichText)
        step.addWidget(self.step_header)
        step.addWidget(self.step_text)
        self.answer_buttons: list[QPushButton] = []
        for n in range(1, MAX_ANSWERS + 1):
            button = QPushButton(self.step_frame)
            button.setObjectName(f"script_answer_{n}")
            button.setProperty("scriptAnswer", True)
            # a long answer is cut (its tooltip has it whole) rather than widen the window
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _checked=False, n=n: self.pick(n))
            step.addWidget(button)
            self.answer_buttons.append(button)
        text_row = QHBoxLayout()
        self.text_answer = QLineEdit(self.step_frame)
        self.text_answer.setObjectName("script_text_answer")
        self.text_answer.setPlaceholderText(self.tr("The customer's answer"))
        self.text_answer.textChanged.connect(lambda _text: self._update_text_button())
        self.text_answer.returnPressed.connect(self.submit_text)
        self.text_next = QPushButton(self.tr("Next"), self.step_frame)
        self.text_next.setObjectName("script_text_next")
        self.text_next.setProperty("scriptAnswer", True)
        self.text_next.clicked.connect(lambda _checked=False: self.submit_text())
        text_row.addWidget(self.text_answer, 1)
        text_row.addWidget(self.text_next)
        step.addLayout(text_row)
        self.action_button = QPushButton(self.step_frame)
        self.action_button.setObjectName("script_action")
        self.action_button.clicked.connect(lambda _checked=False: self._run_action())
        step.addWidget(self.action_button)
        layout.addWidget(self.step_frame)

        nav = QHBoxLayout()
        self.back_button = QPushButton(self.tr("← Back"), self)
        self.back_button.setObjectName("script_back")
        self.back_button.setToolTip(shortcuts.tooltip("script_back"))
        self.back_button.clicked.connect(lambda _checked=False: self.back())
        self.hint = self._label("script_hint", wrap=True)
        self.hint.setText(self.tr("Answers: Alt+1…9, or 1…9 here (F8)"))
        nav.addWidget(self.back_button)
        nav.addStretch(1)
        nav.addWidget(self.hint)
        layout.addLayout(nav)
        self.steps = StepList(self)
        self.steps.jump_requested.connect(self.jump)
        layout.addWidget(self.steps, 1)
        self.placeholder = self._label("script_placeholder", wrap=True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setText(self.tr("No call. The call's script appears here as soon as it rings."))
        layout.addWidget(self.placeholder, 1)

    def _label(self, name: str, wrap: bool = False) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setWordWrap(wrap)
        return label

    def _build_keys(self) -> None:
        context = Qt.ShortcutContext.WindowShortcut
        for n, keys in enumerate(shortcuts.BY_ACTION["script_answer"].keys, 1):
            QShortcut(QKeySequence(keys), self, lambda n=n: self.pick(n), context=context)
        for keys in shortcuts.BY_ACTION["script_back"].keys:
            QShortcut(QKeySequence(keys), self, self.back, context=context)
        for keys in shortcuts.BY_ACTION["focus_script"].keys:
            QShortcut(QKeySequence(keys), self, self.take_focus, context=context)

    # ---- following the calls --------------------------------------------------------------------
    def _on_session(self, _change: SessionChange) -> None:
        self._follow()

    def _on_script(self, script: CallScript) -> None:
        if not self._follow() and script is self.script:
            self._render()

    def _follow(self) -> bool:
        """Show the script of the call the operator is on; True when it rendered."""
        session = self.sessions.current() or self.sessions.ringing()
        script = self.desk.current(session)
        if script is not None and script is not self.script:
            self.script = script
            self._render()
            return True
        return False

    def show_preview(self, script: CallScript) -> None:
        """Show a script before its call (an outbound task just taken), read-only; the script of the
        next call replaces it. Not while a call is on screen."""
        if self.sessions.current() is None and self.sessions.ringing() is None:
            self.script = script
            self._render()

    # ---- the operator's moves -------------------------------------------------------------------
    def pick(self, number: int) -> bool:
        script = self.script
        return script is not None and self.desk.pick(script, number)

    def submit_text(self) -> bool:
        script = self.script
        return script is not None and self.desk.answer_text(script, self.text_answer.text())

    def back(self) -> bool:
        return self.script is not None and self.desk.back(self.script)

    def jump(self, step_id: str) -> bool:
        return self.script is not None and self.desk.jump(self.script, step_id)

    def take_focus(self) -> None:
        if self.text_answer.isVisible():
            self.text_answer.setFocus(Qt.FocusReason.ShortcutFocusReason)
        else:
            self.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def set_action_handler(self, action: StepAction, handler: Callable[[int], None]) -> None:
        """Wire a step action (called with the call id); until then its button is disabled."""
        self._handlers[action] = handler
        self._render()

    def _on_switch(self, index: int) -> None:
        script = self.script
        if script is None or not 0 <= index < len(self._switch_ids) or not self._switch_ids[index]:
            return  # nothing shown, or the line between this call's scripts and the others
        if script.run is None or self._switch_ids[index] != script.run.graph.crm_id:
            self.desk.switch(script, self._switch_ids[index])

    def _run_action(self) -> None:
        script = self.script
        if script is None or script.run is None or script.run.current.action is None:
            return
        action = script.run.current.action
        self.action_requested.emit(action.value, script.call_id)
        handler = self._handlers.get(action)
        if handler is not None:
            handler(script.call_id)

    # ---- keys ----------------------------------------------------------------------------------
    def _plain_digit(self, event: QKeyEvent) -> int | None:
        allowed = Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier
        if event.modifiers() & ~allowed or not event.text() or event.text() not in ANSWER_DIGITS:
            return None
        return int(event.text())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        number = self._plain_digit(event)
        if number is not None and self.pick(number):
            event.accept()
            return
        if event.key() == Qt.Key.Key_Backspace and not event.modifiers() and self.back():
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.window().setFocus(Qt.FocusReason.ShortcutFocusReason)
            central = getattr(self.window(), "centralWidget", lambda: None)()
            if isinstance(central, QWidget):
                central.setFocus(Qt.FocusReason.ShortcutFocusReason)
            event.accept()
            return
        if number is not None:
            event.accept()  # a digit with no answer here is not DTMF either: the panel has the focus
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: object, event: object) -> bool:
        if isinstance(event, QKeyEvent) and event.type() == QKeyEvent.Type.KeyPress:
            number = self._plain_digit(event)
            if number is not None:  # the switcher would search its entries by the digit
                self.pick(number)
                return True
        return False

    # ---- rendering -----------------------------------------------------------------------------
    def _render(self) -> None:
        script = self.script
        run = script.run if script is not None else None
        self.placeholder.setVisible(run is None)
        for widget in (self.step_frame, self.steps, self.back_button, self.hint):
            widget.setVisible(run is not None)
        self.compliance.setVisible(run is not None)
        self.compliance_bar.setVisible(run is not None)
        self._render_notes(script)
        self._render_switcher(script)
        if script is None or run is None:
            self.title.setText(self.tr("Script"))
            if script is not None and script.context is not None:
                self.placeholder.setText(self.tr("No script for this call: the CRM has sent none that fits."))
            elif script is not None:
                self.placeholder.setText(self.tr("Loading the script…"))
            self.steps.show_run(None)
            return
        live = not script.ended
        step = run.current
        values = script.context.values if script.context is not None else {}
        self.title.setText(f"<b>{html.escape(run.graph.title)}</b>")
        left = len(run.required_left)
        total = len(run.graph.required_ids)
        self.compliance.setText(
            self.tr("Required steps: %1 of %2").replace("%1", str(total - left)).replace("%2", str(total))
        )
        self.compliance_bar.setValue(round(run.compliance * 100))
        header = step.title or self.tr("Step")
        if step.required:
            header = "★ " + header + " · " + self.tr("required")
        self.step_header.setText(header)
        if self.step_frame.property("required") != step.required:
            self.step_frame.setProperty("required", step.required)
            self.step_frame.style().unpolish(self.step_frame)
            self.step_frame.style().polish(self.step_frame)
        self.step_text.setText(texts.step_html(step.text, values))
        choices = run.choices()
        for i, button in enumerate(self.answer_buttons):
            choice = choices[i] if i < len(choices) else None
            button.setVisible(choice is not None)
            if choice is not None:
                label = texts.choice_label(choice, values)
                button.setText(f"{choice.number}   {label}")
                button.setToolTip(label)
                button.setEnabled(live)
                if button.property("chosen") != choice.chosen:
                    button.setProperty("chosen", choice.chosen)
                    button.style().unpolish(button)
                    button.style().polish(button)
        text_question = step.kind == "question" and step.answer == AnswerKind.TEXT
        self.text_answer.setVisible(text_question)
        self.text_next.setVisible(text_question)
        if text_question:
            shown = (id(run), run.revision)
            if shown != self._text_shown:  # a new step: its answer so far (never while typing)
                self._text_shown = shown
                self.text_answer.setText(run.given(step.id) or "")
            self.text_answer.setEnabled(live)
            self._update_text_button()
        self._render_action(step.action, live)
        self.back_button.setEnabled(live and run.can_go_back)
        self.steps.setEnabled(live)
        self.steps.show_run(run)
        self.step_shown.emit(step.id)

    def _render_action(self, action: StepAction | None, live: bool) -> None:
        self.action_button.setVisible(action is not None)
        if action is None:
            return
        self.action_button.setText("⚡ " + texts.action_label(action))
        wired = action in self._handlers
        self.action_button.setEnabled(live and wired)
        self.action_button.setToolTip("" if wired else texts.action_not_wired())

    def _update_text_button(self) -> None:
        script = self.script
        run = script.run if script is not None else None
        live = script is not None and not script.ended
        self.text_next.setEnabled(live and run is not None and run.text_allowed(self.text_answer.text()))

    def _render_notes(self, script: CallScript | None) -> None:
        note = ""
        if script is not None and script.preview:
            note = self.tr("Before the call: the script starts when you call.")
        elif script is not None and script.ended:
            saved = script.context is not None and script.context.customer_id is not None
            note = (
                self.tr("Call ended: the answers are saved with the call.")
                if saved
                else self.tr("Call ended: no customer was identified, so the answers were not saved.")
            )
        elif script is not None and script.context is not None:
            note = texts.gap_note(script.context.gaps)
        self.note.setText(note)
        self.note.setVisible(bool(note))
        problems = self.desk.library.problems
        self.problems.setVisible(bool(problems))
        if problems:
            more = f" (+{len(problems) - 1})" if len(problems) > 1 else ""
            self.problems.setText("⚠ " + texts.problem_text(problems[0]) + more)
            self.problems.setToolTip("\n".join(texts.problem_text(p) for p in problems))

    def _render_switcher(self, script: CallScript | None) -> None:
        """The scripts for this call first, then (after a line) every other script of the CRM."""
        context = script.context if script is not None else None
        store = context.store_crm_id if context is not None else None
        usable = self.desk.library.usable(script.direction, store) if script is not None else []
        others = [g for g in self.desk.library.all() if g not in usable] if script is not None else []
        ids = [g.crm_id for g in usable] + [""] * bool(usable and others) + [g.crm_id for g in others]
        if ids != self._switch_ids:
            self.switcher.blockSignals(True)
            self.switcher.clear()
            for graph in usable:
                self.switcher.addItem(texts.script_name(graph))
            if usable and others:
                self.switcher.insertSeparator(self.switcher.count())
            for graph in others:
                self.switcher.addItem(texts.script_name(graph))
            self.switcher.blockSignals(False)
            self._switch_ids = ids
        run = script.run if script is not None else None
        current = ids.index(run.graph.crm_id) if run is not None and run.graph.crm_id in ids else -1
        if self.switcher.currentIndex() != current:
            self.switcher.blockSignals(True)
            self.switcher.setCurrentIndex(current)
            self.switcher.blockSignals(False)
        self.switcher.setVisible(bool(ids))
        self.switcher.setEnabled(script is not None and not script.ended)
