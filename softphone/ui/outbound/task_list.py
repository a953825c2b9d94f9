"""The operator's outbound task list: a tab in the left column ("Tasks").

Each row says when the task is due (overdue ones in red, marked "overdue"), what it is, the customer
and who has it; a task someone else took meanwhile stays, greyed, saying so. Below the list, for the
selected task: "Take" (claims it at the CRM; then the card opens), "Call" (dials the task's phone,
the call carries the task) - Return on a row does the same as the dialler's Return: take, then call
- and, for a task the operator holds, the outcome (a CRM result code and a note) that completes it.
An abandoned cart also offers "Cart into an order" (the order editor, through ``OrderOpener``).

All reading and writing is the ``TaskBoard``'s (store worker, CRM on the loop); this panel only
shows ``BoardView``s and forwards the operator's clicks.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from softphone.store.outbound_tasks import TaskRow
from softphone.ui.calls.phone_input import DEFAULT_REGION, display_number
from softphone.ui.i18n import day_month_time
from softphone.ui.status.elided_label import ElidedLabel
from softphone.workspace.outbound.board import BoardView, TaskBoard, TaskNote

CONTEXT = "Tasks"
KINDS = {
    "order_confirmation": QT_TRANSLATE_NOOP("Tasks", "Order confirmation"),
    "delivery_feedback": QT_TRANSLATE_NOOP("Tasks", "Feedback after delivery"),
    "abandoned_cart": QT_TRANSLATE_NOOP("Tasks", "Abandoned cart"),
    "new_registration": QT_TRANSLATE_NOOP("Tasks", "New registration"),
    "callback": QT_TRANSLATE_NOOP("Tasks", "Callback"),
}
NOTES = {
    TaskNote.CLAIMING: QT_TRANSLATE_NOOP("Tasks", "Taking…"),
    TaskNote.TAKEN_BY_OTHER: QT_TRANSLATE_NOOP("Tasks", "Claimed by another operator"),
    TaskNote.ALREADY_DONE: QT_TRANSLATE_NOOP("Tasks", "Already done by someone else"),
    TaskNote.CRM_UNREACHABLE: QT_TRANSLATE_NOOP(
        "Tasks", "Cannot be taken while the CRM is unreachable: taking needs the CRM's answer"
    ),
    TaskNote.CLAIM_FAILED: QT_TRANSLATE_NOOP("Tasks", "The CRM refused: %1"),
    TaskNote.COMPLETE_FAILED: QT_TRANSLATE_NOOP("Tasks", "Not completed: %1"),
}
LOST = (TaskNote.TAKEN_BY_OTHER, TaskNote.ALREADY_DONE)
RED, GREY = QColor("#c53030"), QColor("#8a96a3")
TASK_ROLE = Qt.ItemDataRole.UserRole
LIST_MIN_HEIGHT = 90  # about two rows: the window must still fit a 768-pixel screen


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


class TaskListPanel(QWidget):
    count_changed = Signal(int)  # tasks shown (the tab's title says it)
    message = Signal(str)

    def __init__(
        self,
        board: TaskBoard,
        dial: Callable[[str], int | None],
        region: str = DEFAULT_REGION,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("task_list_panel")
        self.board, self._dial, self.region = board, dial, region
        self.view = board.view
        self.open_cart: Callable[[TaskRow], None] | None = None
        self._selected: int | None = None
        self._build()
        unsubscribe = board.subscribe(self.show_view)
        self.destroyed.connect(lambda *_: unsubscribe())
        self.show_view(board.view)

    # ---- building --------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(6)
        self.list = QListWidget(self)
        self.list.setObjectName("task_list")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.currentItemChanged.connect(lambda *_: self._on_selected())
        self.list.itemActivated.connect(lambda _item: self.take_or_call())
        self.list.installEventFilter(self)
        self.list.setMinimumHeight(LIST_MIN_HEIGHT)
        self.empty = QLabel(self.tr("No tasks for you now."), self)
        self.empty.setObjectName("task_list_empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty, 1)

        self.detail = QFrame(self)
        self.detail.setObjectName("task_detail")
        detail = QVBoxLayout(self.detail)
        detail.setContentsMargins(0, 0, 0, 0)
        detail.setSpacing(4)
        self.note = QLabel(self.detail)
        self.note.setObjectName("task_note")
        self.note.setWordWrap(True)
        self.cart = ElidedLabel(self.detail)  # one line; the whole cart in its tooltip
        self.cart.setObjectName("task_cart_items")
        buttons = QHBoxLayout()
        self.take_button = QPushButton(self.tr("Take"), self.detail)
        self.take_button.setObjectName("task_take")
        self.take_button.setToolTip(self.tr("Claim the task at the CRM and open the customer (Return)"))
        self.take_button.clicked.connect(self.take)
        self.call_button = QPushButton(self.tr("Call"), self.detail)
        self.call_button.setObjectName("task_call")
        self.call_button.setProperty("role", "accept")
        self.call_button.setToolTip(self.tr("Call the task's number (Return)"))
        self.call_button.clicked.connect(self.call)
        buttons.addWidget(self.take_button)
        buttons.addWidget(self.call_button)
        self.cart_button = QPushButton(self.tr("Cart into an order"), self.detail)
        self.cart_button.setObjectName("task_cart")
        self.cart_button.clicked.connect(self._open_cart)
        self.outcome = QComboBox(self.detail)
        self.outcome.setObjectName("task_outcome")
        self.outcome.setToolTip(self.tr("How the call went"))
        self.outcome_note = QLineEdit(self.detail)
        self.outcome_note.setObjectName("task_outcome_note")
        self.outcome_note.setPlaceholderText(self.tr("Note"))
        self.outcome_note.returnPressed.connect(self.complete)
        self.complete_button = QPushButton(self.tr("Complete"), self.detail)
        self.complete_button.setObjectName("task_complete")
        self.complete_button.setToolTip(self.tr("Close the task with this outcome"))
        self.complete_button.clicked.connect(self.complete)
        buttons.addWidget(self.cart_button)
        finish = QHBoxLayout()
        finish.addWidget(self.outcome, 1)
        finish.addWidget(self.complete_button)
        detail.addWidget(self.note)
        detail.addWidget(self.cart)
        detail.addLayout(buttons)
        detail.addLayout(finish)
        detail.addWidget(self.outcome_note)
        layout.addWidget(self.detail)

    # ---- showing ---------------------------------------------------------------------------------
    def show_view(self, view: BoardView) -> None:
        self.view = view
        wanted = self._selected if self._selected is not None else view.active_id
        self.list.blockSignals(True)
        self.list.clear()
        for row in view.tasks.rows:
            item = QListWidgetItem(self._row_text(row, view.notes.get(row.id)), self.list)
            item.setData(TASK_ROLE, row.id)
            item.setToolTip(row.title)
            if view.notes.get(row.id) in LOST or (row.status == "claimed" and not row.mine):
                item.setForeground(QBrush(GREY))
            elif row.overdue:
                item.setForeground(QBrush(RED))
            if row.id == wanted:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self.list.setVisible(bool(view.tasks.rows))
        self.empty.setVisible(not view.tasks.rows)
        codes = [self.outcome.itemData(i) for i in range(self.outcome.count())]
        if codes != [o.code for o in view.tasks.outcomes]:
            self.outcome.clear()
            for outcome in view.tasks.outcomes:
                self.outcome.addItem(outcome.label, outcome.code)
        self.count_changed.emit(len(view.tasks.rows))
        self._on_selected()

    def _row_text(self, row: TaskRow, note: TaskNote | None) -> str:
        due = day_month_time(row.due_at.astimezone())
        if row.overdue:
            due += "  ⚠ " + self.tr("overdue")
        kind = tr(KINDS.get(row.kind, row.kind))
        if row.priority > 0:
            kind += "  " + "!" * min(row.priority, 3)
        who = row.customer_name or display_number(row.phone, self.region)
        state = self._state_text(row, note)
        return "\n".join(part for part in (due, kind, who, state) if part)

    def _state_text(self, row: TaskRow, note: TaskNote | None) -> str:
        if note is not None:
            text = tr(NOTES[note])
            return text.replace("%1", self.view.detail.get(row.id, "")) if "%1" in text else text
        if row.mine:
            return self.tr("Taken by you")
        if row.status == "claimed":
            return tr(NOTES[TaskNote.TAKEN_BY_OTHER])
        if row.status == "done":
            return self.tr("Done")
        return ""

    def selected_row(self) -> TaskRow | None:
        return self.view.row(self._selected) if self._selected is not None else None

    def _on_selected(self) -> None:
        item = self.list.currentItem()
        self._selected = int(item.data(TASK_ROLE)) if item is not None else None
        row = self.selected_row()
        note = self.view.notes.get(row.id) if row is not None else None
        self.detail.setVisible(row is not None)
        if row is None:
            return
        lost = note in LOST or row.status == "done" or (row.status == "claimed" and not row.mine)
        phone = display_number(row.phone, self.region).replace(" ", "\u00a0")  # a number never wraps
        self.note.setText(f"<b>{html.escape(row.title)}</b> · {html.escape(phone)}")
        items = [f"{c.name} × {c.qty}" for c in row.cart]
        self.cart.setVisible(bool(items))
        self.cart.setText(self.tr("Cart: %1").replace("%1", ", ".join(items)))
        self.cart.setToolTip("\n".join(items))
        self.take_button.setVisible(not row.mine)
        self.take_button.setEnabled(not lost and note != TaskNote.CLAIMING)
        self.call_button.setVisible(row.mine)
        self.cart_button.setVisible(row.kind == "abandoned_cart")
        self.cart_button.setEnabled(row.mine and self.open_cart is not None)
        self.cart_button.setToolTip(
            self.tr("Open the cart's items in the order editor")
            if self.open_cart is not None
            else self.tr("The order editor is not part of this version yet")
        )
        for widget in (self.outcome, self.outcome_note, self.complete_button):
            widget.setVisible(row.mine)

    # ---- the operator's moves -------------------------------------------------------------------
    def take(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.board.claim(row.id)

    def call(self) -> None:
        row = self.selected_row()
        if row is None or not row.mine:
            return
        call_id = self._dial(row.phone)
        if call_id is not None:
            self.board.dialled(call_id, row.id)

    def take_or_call(self) -> None:
        row = self.selected_row()
        if row is not None and row.mine:
            self.call()
        else:
            self.take()

    def complete(self) -> None:
        row = self.selected_row()
        index = self.outcome.currentIndex()
        if row is None or not row.mine or index < 0:
            return
        outcome = self.view.tasks.outcomes[index]
        note = self.outcome_note.text().strip()
        if outcome.requires_note and not note:
            self.message.emit(self.tr("This outcome needs a note"))
            self.outcome_note.setFocus()
            return
        self.board.complete(row.id, outcome.code, note)
        self.outcome_note.clear()

    def _open_cart(self) -> None:
        row = self.selected_row()
        if row is not None and self.open_cart is not None:
            self.open_cart(row)

    def eventFilter(self, watched: object, event: object) -> bool:
        if (
            watched is self.list
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers()
        ):
            self.take_or_call()
            return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]
