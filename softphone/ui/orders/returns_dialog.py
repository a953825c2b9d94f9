"""Return or exchange items of a delivered order: how many of each (at most what is left to return)
and why. An exchange returns them and opens a new order with the same products, ready to adjust."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from softphone.crm import schemas as s
from softphone.store.order_editing import OrderSnapshot


class ReturnsDialog(QDialog):
    returned = Signal(object, bool)  # OrderReturnCreate, exchange

    def __init__(self, order: OrderSnapshot, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("returns_dialog")
        self.setWindowTitle(self.tr("Return or exchange items"))
        names = {line.product_id: line.name for line in order.lines}
        form = QFormLayout()
        self.spins: dict[str, QSpinBox] = {}
        for product_id, left in order.returnable.items():
            spin = QSpinBox(self)
            spin.setRange(0, left)
            spin.setSuffix(self.tr(" of %1").replace("%1", str(left)))
            form.addRow(names.get(product_id, product_id), spin)
            self.spins[product_id] = spin
        self.reason = QLineEdit(self)
        self.reason.setObjectName("return_reason")
        self.reason.setMaxLength(1000)
        self.reason.setPlaceholderText(self.tr("Why the customer returns them"))
        form.addRow(self.tr("&Reason"), self.reason)
        self.exchange = QCheckBox(self.tr("&Exchange: open a new order with these products"), self)
        self.problem = QLabel(self)
        self.problem.setObjectName("return_problem")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.exchange)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def _submit(self) -> None:
        items = [
            s.ReturnItem(product_id=pid, qty=spin.value()) for pid, spin in self.spins.items() if spin.value()
        ]
        if not items:
            self.problem.setText(self.tr("Choose how many items come back."))
            return
        if not self.reason.text().strip():
            self.problem.setText(self.tr("Say why they come back."))
            self.reason.setFocus()
            return
        self.returned.emit(
            s.OrderReturnCreate(items=items, reason=self.reason.text().strip()), self.exchange.isChecked()
        )
        self.accept()
