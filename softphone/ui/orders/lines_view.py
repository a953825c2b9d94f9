"""The order's lines: product, quantity and price (editable while the order can change), line sum.
Delete removes the current line; quantity 0 removes it too."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDoubleSpinBox,
    QHeaderView,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from softphone.store.order_editing import EditorLine
from softphone.ui.workspace.texts import money

MAX_PRICE = 10_000_000.0


class LinesView(QTableWidget):
    qty_changed = Signal(int, int)  # row, quantity
    price_changed = Signal(int, object)  # row, Decimal
    removed = Signal(int)  # row

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self.setObjectName("order_lines")
        self.setHorizontalHeaderLabels([self.tr("Product"), self.tr("Qty"), self.tr("Price"), self.tr("Sum")])
        self.verticalHeader().setVisible(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        digits = self.fontMetrics().horizontalAdvance("0")
        for column, width in ((1, 6 * digits + 18), (2, 9 * digits)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, width)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWordWrap(False)
        self.lines: tuple[EditorLine, ...] = ()
        self.editable = True

    def set_lines(self, lines: tuple[EditorLine, ...], editable: bool) -> None:
        if lines == self.lines and editable == self.editable and self.rowCount() == len(lines):
            return
        current = self.currentRow()
        self.lines, self.editable = lines, editable
        self.setRowCount(len(lines))
        for row, line in enumerate(lines):
            name = QTableWidgetItem(line.name)
            name.setToolTip(f"{line.name}\n{line.sku}")
            self.setItem(row, 0, name)
            self.setCellWidget(row, 1, self._qty(row, line.qty))
            self.setCellWidget(row, 2, self._price(row, line.price))
            total = QTableWidgetItem(money(line.price * line.qty))
            total.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.setItem(row, 3, total)
        if lines:
            self.setCurrentCell(min(max(current, 0), len(lines) - 1), 0)

    def _qty(self, row: int, qty: int) -> QSpinBox:
        box = QSpinBox(self)
        box.setObjectName(f"qty_{row}")
        box.setRange(0, 10_000)
        box.setValue(qty)
        box.setEnabled(self.editable)
        box.setAccessibleName(self.tr("Quantity"))
        box.editingFinished.connect(lambda: self._qty_done(row, box))
        return box

    def _qty_done(self, row: int, box: QSpinBox) -> None:
        if row < len(self.lines) and box.value() != self.lines[row].qty:
            self.qty_changed.emit(row, box.value())

    def _price(self, row: int, price: Decimal) -> QDoubleSpinBox:
        box = QDoubleSpinBox(self)
        box.setObjectName(f"price_{row}")
        box.setDecimals(2)
        box.setRange(0.0, MAX_PRICE)
        box.setValue(float(price))
        box.setButtonSymbols(QDoubleSpinBox.ButtonSymbols.NoButtons)
        box.setEnabled(self.editable)
        box.setAccessibleName(self.tr("Price"))
        box.editingFinished.connect(lambda: self._price_done(row, box))
        return box

    def _price_done(self, row: int, box: QDoubleSpinBox) -> None:
        value = Decimal(f"{box.value():.2f}")
        if row < len(self.lines) and value != self.lines[row].price:
            self.price_changed.emit(row, value)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete and self.editable and self.currentRow() >= 0:
            self.removed.emit(self.currentRow())
            return
        super().keyPressEvent(event)
