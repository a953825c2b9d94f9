"""The order conflict: the CRM changed the order while our change waited. Both versions side by side,
field by field (the fields our change sets); the operator keeps theirs (re-sent on top of the CRM's
version) or takes the CRM's. Not modal: the call goes on around it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from softphone.store.order_editing import OrderConflictView
from softphone.ui.orders.texts import field_text
from softphone.workspace.orders.draft import changed_fields

DIFFERS = QColor("#fff3cd")


class OrderConflictDialog(QDialog):
    chosen = Signal(int, str)  # outbox entry id, "mine" | "theirs"

    def __init__(self, conflict: OrderConflictView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("order_conflict_dialog")
        self.conflict = conflict
        order = conflict.theirs.id
        self.setWindowTitle(self.tr("Order %1 was changed in the CRM").replace("%1", order))
        intro = QLabel(
            self.tr(
                "While your change was on its way, the order was changed in the CRM (now version %1). "
                "Compare and choose which to keep."
            ).replace("%1", str(conflict.theirs.version)),
            self,
        )
        intro.setWordWrap(True)
        rows = changed_fields(conflict.mine, conflict.theirs)
        self.table = QTableWidget(len(rows) + 1, 3, self)
        self.table.setObjectName("conflict_fields")
        self.table.setHorizontalHeaderLabels([self.tr("Field"), self.tr("Yours"), self.tr("In the CRM")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        status = ("status", "", conflict.theirs.status)
        for row, (name, mine, theirs) in enumerate([*rows, status]):
            cells = [field_text(name), mine or "—", theirs]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if mine and mine != theirs:
                    item.setBackground(QBrush(DIFFERS))
                self.table.setItem(row, column, item)
        buttons = QDialogButtonBox(self)
        self.keep_mine = QPushButton(self.tr("Keep &mine (send again)"), self)
        self.keep_mine.setObjectName("keep_mine_button")
        self.take_theirs = QPushButton(self.tr("Take the &CRM's"), self)
        self.take_theirs.setObjectName("take_theirs_button")
        buttons.addButton(self.keep_mine, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.take_theirs, QDialogButtonBox.ButtonRole.RejectRole)
        later = buttons.addButton(self.tr("Decide later"), QDialogButtonBox.ButtonRole.DestructiveRole)
        later.clicked.connect(self.hide)
        self.keep_mine.clicked.connect(lambda: self._choose("mine"))
        self.take_theirs.clicked.connect(lambda: self._choose("theirs"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(640, 320)

    def _choose(self, choice: str) -> None:
        self.chosen.emit(self.conflict.entry_id, choice)
        self.accept()
