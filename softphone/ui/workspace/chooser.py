"""Several customers share the caller's number: the operator picks who is calling.

Each candidate shows what tells people apart on the phone: name, tags, city and street, the open
order (or the last one). Enter, a double click or "This is the caller" chooses
(``chosen(customer_id)``); "Someone else" opens the new-customer form (``new_requested``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from softphone.store.customer_details import CustomerDetails
from softphone.ui.calls.phone_input import DEFAULT_REGION
from softphone.ui.workspace.texts import money, phone_text, status_text
from softphone.ui.workspace.widgets import ShopBanner
from softphone.workspace.call_context import CallStore


class CandidateList(QListWidget):
    activated_id = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem() is not None:
            self.activated_id.emit(int(self.currentItem().data(Qt.ItemDataRole.UserRole)))
            return
        super().keyPressEvent(event)


class CustomerChooser(QWidget):
    chosen = Signal(int)
    new_requested = Signal()

    def __init__(self, region: str = DEFAULT_REGION, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("customer_chooser")
        self.region = region
        self.banner = ShopBanner(self)
        self.title = QLabel(self)
        self.title.setObjectName("chooser_title")
        self.title.setWordWrap(True)
        self.list = CandidateList(self)
        self.list.setObjectName("candidates")
        self.list.setWordWrap(True)
        self.list.itemDoubleClicked.connect(
            lambda item: self.chosen.emit(int(item.data(Qt.ItemDataRole.UserRole)))
        )
        self.list.activated_id.connect(self.chosen)
        self.choose_button = QPushButton(self.tr("This is the caller"), self)
        self.choose_button.setObjectName("choose_button")
        self.choose_button.setProperty("role", "accept")
        self.choose_button.clicked.connect(self._choose_current)
        self.new_button = QPushButton(self.tr("Someone else: new customer…"), self)
        self.new_button.setObjectName("chooser_new_button")
        self.new_button.clicked.connect(self.new_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.choose_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.banner)
        layout.addWidget(self.title)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.candidates: tuple[CustomerDetails, ...] = ()

    def show_candidates(
        self, phone: str | None, candidates: tuple[CustomerDetails, ...], shop: CallStore | None
    ) -> None:
        self.banner.set_shop(shop)
        number = phone_text(phone, self.region) if phone else ""
        self.title.setText(
            self.tr("%1 customers have the number %2. Who is calling?")
            .replace("%1", str(len(candidates)))
            .replace("%2", number)
        )
        if candidates == self.candidates:
            return
        self.candidates = candidates
        self.list.clear()
        for details in candidates:
            item = QListWidgetItem(self._describe(details))
            item.setData(Qt.ItemDataRole.UserRole, details.card.id)
            self.list.addItem(item)
        if candidates:
            self.list.setCurrentRow(0)

    def _describe(self, details: CustomerDetails) -> str:
        card = details.card
        first = card.name
        if card.tags:
            first += "  [" + ", ".join(card.tags) + "]"
        lines = [first]
        if card.addresses:
            a = card.addresses[0]
            lines.append(f"{a.city}, {a.street}" if not details.masked else f"{a.city}, ***")
        order = details.open_order or (details.orders[0] if details.orders else None)
        if order is not None:
            lines.append(
                self.tr("Order %1: %2, %3")
                .replace("%1", order.crm_id or "")
                .replace("%2", status_text(order.status))
                .replace("%3", money(order.total))
            )
        else:
            lines.append(self.tr("No orders"))
        return "\n".join(lines)

    def _choose_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.chosen.emit(int(item.data(Qt.ItemDataRole.UserRole)))

    def focus_list(self) -> None:
        self.list.setFocus()
