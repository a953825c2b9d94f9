"""The wrap-up form, in the middle column while the operator is in after-call work (not a modal):
the call's result (the CRM's dispositions), notes, a callback (for me or the queue), an escalation to
a technical specialist with a priority, and the linked order. "Finish" (Ctrl+Shift+Return) sends the
interaction (``workspace/wrap_up.WrapUp``); the form hides when the wrap-up is over.

A callback or an escalation a script step asked for during the call comes pre-filled: its note (the
step's reason and the operator's answer) in the notes or the specialist's note, editable, its time
in the callback's field. Schedule / Escalate sends it now; else it goes when the wrap-up is finished,
with the note as the form then reads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from softphone.store.wrap_up_writes import DispositionChoice
from softphone.ui import shortcuts
from softphone.ui.gui_thread import assert_gui_thread
from softphone.ui.i18n import date_time_format, qt_date_time, short_date_time
from softphone.workspace.wrap_up import PRIORITIES, PendingWrapUp, WrapUp, WrapUpProblem
from softphone.workspace.wrap_up_requests import CALLBACK, ESCALATION, ScriptRequest

CALLBACK_DEFAULT_H = 2


class OrderOpener(Protocol):
    """The order editor (``ui/orders``) as the wrap-up uses it; connected by the composition root."""

    def open_order(self, local_order_id: int) -> None: ...

    def new_order(self, customer_id: int, items: Sequence[object] = ()) -> None: ...


class WrapUpForm(QGroupBox):
    finished = Signal()

    def __init__(self, wrap_up: WrapUp, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Wrap-up"), parent)
        self.setObjectName("wrap_up_form")
        self.wrap_up = wrap_up
        self.choices: list[DispositionChoice] = []
        self._shown_requests: set[int] = set()  # id() of the script requests already put in the form
        self.order_opener: OrderOpener | None = None
        form = QFormLayout(self)
        form.setContentsMargins(8, 4, 8, 6)
        form.setVerticalSpacing(4)
        self.customer = QLabel(self)
        self.customer.setObjectName("wrap_up_customer")
        form.addRow(self.customer)
        self.disposition = QComboBox(self)
        self.disposition.setObjectName("wrap_up_disposition")
        form.addRow(self.tr("Result"), self.disposition)
        self.notes = QPlainTextEdit(self)
        self.notes.setObjectName("wrap_up_notes")
        self.notes.setPlaceholderText(self.tr("Notes on the call"))
        self.notes.setFixedHeight(48)
        form.addRow(self.tr("Notes"), self.notes)

        order_row = QHBoxLayout()
        self.order = QLabel(self)
        self.order.setObjectName("wrap_up_order")
        self.open_order = QPushButton(self.tr("Open"), self)
        self.open_order.setObjectName("wrap_up_open_order")
        self.open_order.setVisible(False)
        self.open_order.clicked.connect(self._open_order)
        order_row.addWidget(self.order, 1)
        order_row.addWidget(self.open_order)
        form.addRow(self.tr("Order"), order_row)

        callback_row = QHBoxLayout()
        self.callback_at = QDateTimeEdit(self)
        self.callback_at.setObjectName("wrap_up_callback_at")
        self.callback_at.setCalendarPopup(True)
        self.callback_at.setDisplayFormat(date_time_format())  # the UI language's
        self.callback_queue = QCheckBox(self.tr("for the queue"), self)
        self.callback_queue.setObjectName("wrap_up_callback_queue")
        self.callback_button = QPushButton(self.tr("Schedule"), self)
        self.callback_button.setObjectName("wrap_up_callback")
        self.callback_button.clicked.connect(self.schedule_callback)
        callback_row.addWidget(self.callback_at, 1)
        callback_row.addWidget(self.callback_queue)
        callback_row.addWidget(self.callback_button)
        form.addRow(self.tr("Callback"), callback_row)

        escalation_row = QHBoxLayout()
        self.priority = QComboBox(self)
        self.priority.setObjectName("wrap_up_priority")
        for code, label in zip(PRIORITIES, self._priority_labels(), strict=True):
            self.priority.addItem(label, code)
        self.priority.setCurrentIndex(1)
        self.escalation_note = QLineEdit(self)
        self.escalation_note.setObjectName("wrap_up_escalation_note")
        self.escalation_note.setPlaceholderText(self.tr("What the specialist should look at"))
        self.escalate_button = QPushButton(self.tr("Escalate"), self)
        self.escalate_button.setObjectName("wrap_up_escalate")
        self.escalate_button.clicked.connect(self.escalate)
        escalation_row.addWidget(self.priority)
        escalation_row.addWidget(self.escalation_note, 1)
        escalation_row.addWidget(self.escalate_button)
        form.addRow(self.tr("To a specialist"), escalation_row)

        finish_row = QHBoxLayout()
        self.status = QLabel(self)
        self.status.setObjectName("wrap_up_status")
        self.status.setWordWrap(True)
        self.finish_button = QPushButton(self.tr("Finish wrap-up"), self)
        self.finish_button.setObjectName("wrap_up_finish")
        self.finish_button.setDefault(True)
        self.finish_button.setToolTip(shortcuts.tooltip("finish_wrap_up"))
        self.finish_button.clicked.connect(self.finish)
        finish_row.addWidget(self.status, 1)
        finish_row.addWidget(self.finish_button)
        form.addRow(finish_row)

        self.finish_action = QAction(shortcuts.label("finish_wrap_up"), self)
        self.finish_action.setObjectName("action_finish_wrap_up")
        self.finish_action.setShortcuts(shortcuts.key_sequences("finish_wrap_up"))
        self.finish_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.finish_action.triggered.connect(
            lambda _checked=False: self.finish() if self.isVisible() else None
        )
        self.addAction(self.finish_action)

        self.disposition.currentIndexChanged.connect(lambda _i: self._keep_draft())
        self.notes.textChanged.connect(self._keep_draft)
        self.escalation_note.textChanged.connect(lambda _t: self._keep_request_notes())
        self.callback_at.dateTimeChanged.connect(lambda _d: self._keep_request_notes())
        self._unsubscribe = wrap_up.subscribe(self._on_pending)  # until ``detach`` (the window closes)
        self.setVisible(False)

    def _priority_labels(self) -> list[str]:
        return [self.tr("Low"), self.tr("Normal"), self.tr("High"), self.tr("Urgent")]

    def detach(self) -> None:
        """Stop hearing the wrap-up service (it outlives the window)."""
        self._unsubscribe()

    def install_in(self, window: QWidget) -> None:
        window.addAction(self.finish_action)

    def set_order_opener(self, opener: OrderOpener | None) -> None:
        self.order_opener = opener
        self._show_order(self.wrap_up.pending)

    def set_choices(self, choices: list[DispositionChoice]) -> None:
        assert_gui_thread()
        current = self.disposition.currentData()
        self.choices = list(choices)
        self.disposition.blockSignals(True)
        self.disposition.clear()
        self.disposition.addItem(self.tr("— choose —"), None)
        for choice in choices:
            self.disposition.addItem(choice.label + (" *" if choice.requires_note else ""), choice.code)
        found = self.disposition.findData(current)
        self.disposition.setCurrentIndex(max(0, found))
        self.disposition.blockSignals(False)

    # ---- the pending wrap-up ----------------------------------------------------------------------
    def _on_pending(self, pending: PendingWrapUp | None) -> None:
        if pending is None:
            self.setVisible(False)
            self.finished.emit()
            return
        if not self.isVisible():  # a new call's wrap-up: a clean form
            self.disposition.setCurrentIndex(0)
            self.notes.clear()
            self.escalation_note.clear()
            self.callback_queue.setChecked(False)
            due = QDateTime.currentDateTime().addSecs(CALLBACK_DEFAULT_H * 3600)
            self.callback_at.setDateTime(due)
            self.status.clear()
            self._shown_requests.clear()
            self.wrap_up.load_dispositions(self.set_choices)
        name = pending.customer_name or self.tr("Unknown caller: nothing is logged")
        self.customer.setText(f"<b>{name}</b>")
        known = pending.customer_id is not None
        for widget in (self.callback_button, self.escalate_button, self.disposition, self.notes):
            widget.setEnabled(known)
        self._show_order(pending)
        self._show_requests(pending.requests)
        self.setVisible(True)

    def _show_requests(self, requests: list[ScriptRequest]) -> None:
        """Put the script's requests (not shown yet) into the form, their notes editable."""
        said: list[str] = []
        for request in requests:
            if request.sent or id(request) in self._shown_requests:
                continue
            if request.kind == CALLBACK:
                typed = self.notes.toPlainText().strip()
                if request.due_at is not None:
                    self.callback_at.setDateTime(qt_date_time(request.due_at))
                if request.note and request.note not in typed:
                    self.notes.setPlainText(f"{typed}\n{request.note}" if typed else request.note)
                said.append(self.tr("a callback"))
            elif request.kind == ESCALATION:
                if not self.escalation_note.text().strip():
                    self.escalation_note.setText(" — ".join(request.note.splitlines()))
                self.priority.setCurrentIndex(max(0, self.priority.findData(request.priority)))
                said.append(self.tr("an escalation"))
            self._shown_requests.add(id(request))  # from now on the form's fields are its note
        if said:
            self._say(
                self.tr("The script asked for %1: check the note; it is sent when you finish.").replace(
                    "%1", self.tr(" and ").join(said)
                )
            )

    def _keep_request_notes(self) -> None:
        """The operator's edits are the notes the script's requests go with."""
        pending = self.wrap_up.pending
        for request in pending.requests if pending is not None else []:
            if request.sent or id(request) not in self._shown_requests:
                continue  # not in the form yet: its note is still the script's
            if request.kind == CALLBACK:
                request.note = self.notes.toPlainText().strip()
                due = self.callback_at.dateTime().toPython()
                if isinstance(due, dt.datetime):
                    request.due_at = due.astimezone(dt.UTC)
            elif request.kind == ESCALATION:
                request.note = self.escalation_note.text().strip()

    def _show_order(self, pending: PendingWrapUp | None) -> None:
        order = pending.order if pending is not None else None
        if order is None:
            self.order.setText(self.tr("none on this call"))
        else:
            what = (
                self.tr("created")
                if order.created
                else (self.tr("confirmed") if order.confirmed else self.tr("edited"))
            )
            self.order.setText(f"{order.crm_id or '#' + str(order.order_id)} ({what})")
        self.open_order.setVisible(
            self.order_opener is not None and pending is not None and pending.customer_id is not None
        )

    def _open_order(self) -> None:
        pending = self.wrap_up.pending
        if self.order_opener is None or pending is None or pending.customer_id is None:
            return
        if pending.order is not None:
            self.order_opener.open_order(pending.order.order_id)
        else:
            self.order_opener.new_order(pending.customer_id)

    def _keep_draft(self) -> None:
        self.wrap_up.set_draft(self.disposition.currentData(), self.notes.toPlainText())
        self._keep_request_notes()

    # ---- actions ----------------------------------------------------------------------------------
    def finish(self) -> None:
        assert_gui_thread()
        self._keep_draft()
        try:
            self.wrap_up.finish(self.choices)
        except WrapUpProblem as problem:
            self._say(self._problem_text(problem), error=True)

    def _problem_text(self, problem: WrapUpProblem) -> str:
        if problem.code == "no_disposition":
            return self.tr("Choose the call's result")
        if problem.code == "needs_note":
            return self.tr("This result needs a note")
        return str(problem)

    def schedule_callback(self) -> None:
        pending = self.wrap_up.pending
        if pending is None or pending.customer_id is None:
            return
        due = self.callback_at.dateTime().toPython()
        assert isinstance(due, dt.datetime)
        due_utc = due.astimezone(dt.UTC)
        note = self.notes.toPlainText().strip()
        for_queue = self.callback_queue.isChecked()
        when = short_date_time(due)
        self.wrap_up.schedule_callback(
            pending.customer_id,
            due_utc,
            note,
            for_queue,
            self._done(self.tr("Callback scheduled for %1").replace("%1", when)),
        )

    def escalate(self) -> None:
        pending = self.wrap_up.pending
        note = self.escalation_note.text().strip()
        if pending is None or pending.customer_id is None:
            return
        if not note:
            self._say(self.tr("Say what the specialist should look at"), error=True)
            return
        self.wrap_up.escalate(
            pending.customer_id,
            str(self.priority.currentData()),
            note,
            self._done(self.tr("Escalated to a specialist")),
        )

    def _done(self, success: str) -> Callable[[int | None, Exception | None], None]:
        def done(_local_id: int | None, error: Exception | None) -> None:
            if error is None:
                self._say(success)
                self.escalation_note.clear()
            else:
                self._say(self.tr("Not saved: %1").replace("%1", str(error)), error=True)

        return done

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #c62828;" if error else "color: #2e7d32;")
