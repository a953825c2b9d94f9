"""The customer card: shop banner, name and tags, phones (click to call), e-mail, addresses, notes,
the orders (open first) and the timeline.

Personal data in full for the operator; when the CRM says the operator's role sees it masked, phones,
e-mail and addresses are masked and "Show" asks the CRM for the full values (``reveal_requested``;
``show_revealed`` puts them in). A phone is still called with its full number (``dial_requested``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from softphone.crm import schemas as s
from softphone.domain.phones import normalize_phone
from softphone.store.customer_details import CustomerDetails, address_line
from softphone.ui.calls.phone_input import DEFAULT_REGION
from softphone.ui.diagnostics import trace_card_paint
from softphone.ui.workspace.orders_view import OrdersView
from softphone.ui.workspace.texts import kind_text, masked_email, phone_text
from softphone.ui.workspace.timeline_view import TimelineView
from softphone.ui.workspace.widgets import ShopBanner, TagChips, section_title
from softphone.workspace.call_context import CallStore

MAX_PHONE_BUTTONS = 4


class CustomerCardView(QWidget):
    dial_requested = Signal(str)  # E.164 of the phone clicked
    edit_requested = Signal()
    reveal_requested = Signal()
    use_for_call_requested = Signal()  # "This is the caller" (a card opened by search during a call)
    new_order_requested = Signal(int)  # local customer id: the order editor starts a new order
    order_open_requested = Signal(int)  # local order id: the order editor opens it

    def __init__(self, region: str = DEFAULT_REGION, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("customer_card")
        self.region = region
        self.details: CustomerDetails | None = None
        self.revealed: s.CustomerContacts | None = None

        self.banner = ShopBanner(self)
        self.name_label = QLabel(self)
        self.name_label.setObjectName("customer_name")
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.name_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.tags = TagChips(self)
        self.note = QLabel(self)  # unsent edits, CRM not reachable
        self.note.setObjectName("card_note")
        self.note.setWordWrap(True)
        self.use_button = QPushButton(self.tr("This is the caller"), self)
        self.use_button.setObjectName("use_for_call_button")
        self.use_button.setProperty("role", "accept")
        self.use_button.setVisible(False)
        self.use_button.clicked.connect(self.use_for_call_requested)
        self.edit_button = QPushButton(self.tr("Edit…"), self)
        self.edit_button.setObjectName("edit_customer_button")
        self.edit_button.clicked.connect(self.edit_requested)

        head = QHBoxLayout()
        head.setSpacing(8)
        head.addWidget(self.name_label, 1)
        head.addWidget(self.tags)
        head.addWidget(self.use_button)
        head.addWidget(self.edit_button)
        self.new_order_button = QPushButton(self.tr("New order…"), self)
        self.new_order_button.setObjectName("new_order_button")
        self.new_order_button.setToolTip(self.tr("Start a new order for this customer (the Order page, F4)"))
        self.new_order_button.clicked.connect(self._new_order)
        head.addWidget(self.new_order_button)

        self.phone_buttons = [self._phone_button(i) for i in range(MAX_PHONE_BUTTONS)]
        self.more_phones = QLabel(self)
        self.show_button = QPushButton(self.tr("Show"), self)
        self.show_button.setObjectName("reveal_button")
        self.show_button.setToolTip(self.tr("Ask the CRM for the full phone numbers, e-mail and addresses"))
        self.show_button.clicked.connect(self.reveal_requested)
        phones = QHBoxLayout()
        phones.setSpacing(4)
        for button in self.phone_buttons:
            phones.addWidget(button)
        phones.addWidget(self.more_phones)
        phones.addWidget(self.show_button)
        phones.addStretch(1)
        self.email_label = self._value_label("customer_email")
        self.address_label = self._value_label("customer_address")
        self.notes_label = self._value_label("customer_notes")
        self.notes_label.setMaximumHeight(3 * self.fontMetrics().lineSpacing() + 4)

        contacts = QGridLayout()
        contacts.setHorizontalSpacing(10)
        contacts.setVerticalSpacing(3)
        self._field_titles: list[QLabel] = []
        for row, (title, value) in enumerate(
            (
                (self.tr("Phones"), phones),
                (self.tr("E-mail"), self.email_label),
                (self.tr("Address"), self.address_label),
                (self.tr("Notes"), self.notes_label),
            )
        ):
            label = QLabel(title, self)
            label.setObjectName("field_title")
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            self._field_titles.append(label)
            contacts.addWidget(label, row, 0)
            if isinstance(value, QHBoxLayout):
                contacts.addLayout(value, row, 1)
            else:
                contacts.addWidget(value, row, 1)
        contacts.setColumnStretch(1, 1)

        self.orders = OrdersView(self)
        self.orders.setToolTip(self.tr("Double-click or Enter opens the order in the editor"))
        self.orders.itemActivated.connect(
            lambda item, _column: self.order_open_requested.emit(int(item.data(0, Qt.ItemDataRole.UserRole)))
        )
        self.timeline = TimelineView(self)
        orders_box, self.orders_title = self._titled(self.orders, self.tr("Orders"))
        timeline_box, self.timeline_title = self._titled(self.timeline, self.tr("History"))
        lists = QSplitter(Qt.Orientation.Vertical, self)
        lists.setObjectName("card_lists")
        lists.addWidget(orders_box)
        lists.addWidget(timeline_box)
        lists.setChildrenCollapsible(False)
        lists.setStretchFactor(0, 2)
        lists.setStretchFactor(1, 3)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.banner)
        layout.addLayout(head)
        layout.addWidget(self.note)
        layout.addLayout(contacts)
        layout.addWidget(lists, 1)

    def _phone_button(self, index: int) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(f"phone_button_{index}")
        button.setProperty("link", True)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(lambda _checked=False, b=button: self.dial_requested.emit(b.property("e164")))
        button.setVisible(False)
        return button

    def _value_label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        return label

    def _titled(self, view: QWidget, title: str) -> tuple[QWidget, QLabel]:
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        label = section_title(title, box)
        layout.addWidget(label)
        layout.addWidget(view, 1)
        return box, label

    def open_selected_order(self) -> None:
        """The order selected in the card's list (the first open one unless the operator chose)."""
        item = self.orders.currentItem()
        if self.isVisible() and item is not None:
            self.order_open_requested.emit(int(item.data(0, Qt.ItemDataRole.UserRole)))

    def _new_order(self) -> None:
        if self.details is not None:
            self.new_order_requested.emit(self.details.card.id)

    # ---- content --------------------------------------------------------------------------------
    def show_details(
        self,
        details: CustomerDetails,
        shop: CallStore | None = None,
        note: str = "",
        trace_call_id: int | None = None,
    ) -> None:
        """Show a customer (``note``: the CRM's state, said in one line); ``trace_call_id`` notes the
        card's next paint for the benchmark (``SOFTPHONE_TRACE_CARD``)."""
        if self.details is None or details.card.id != self.details.card.id:
            self.revealed = None
        self.details = details
        card = details.card
        self.banner.set_shop(shop)
        self.name_label.setText(card.name)
        self.name_label.setToolTip(card.name)
        self.tags.set_tags(card.tags)
        notes = [note] if note else []
        if details.unsent_edits:
            notes.append(self.tr("Your changes are saved here and wait for the CRM."))
        self.note.setText(" ".join(notes))
        self.note.setVisible(bool(notes))
        self._show_contacts()
        self.orders.set_orders(details.orders)
        self.orders_title.setText(self.tr("Orders (%1)").replace("%1", str(len(details.orders))))
        self.timeline.set_entries(details.timeline)
        self.timeline_title.setText(self.tr("History (%1)").replace("%1", str(len(details.timeline))))
        if trace_call_id is not None:  # the benchmark times the customer's name on screen
            trace_card_paint(self.name_label, trace_call_id)
            self.name_label.update()

    def show_revealed(self, contacts: s.CustomerContacts) -> None:
        """The full values the CRM gave for the customer on the card."""
        if self.details is not None and contacts.customer_id == self.details.card.crm_id:
            self.revealed = contacts
            self._show_contacts()

    def _show_contacts(self) -> None:
        assert self.details is not None
        card = self.details.card
        masked = self.details.masked and self.revealed is None
        if self.revealed is not None:  # what the CRM answered, in full
            phones = [
                (normalize_phone(p.e164, self.region), p.kind, p.e164, None) for p in self.revealed.phones
            ]
        else:
            phones = [(p.e164, p.kind, p.as_written, p.extension) for p in card.phones]
        for i, button in enumerate(self.phone_buttons):
            if i >= len(phones):
                button.setVisible(False)
                continue
            e164, kind, written, extension = phones[i]
            text = phone_text(e164, self.region, masked) if e164 else (written or "")
            if extension and not masked:
                text += " (" + self.tr("ext.") + f" {extension})"
            button.setText(f"☎ {text}")
            button.setToolTip(self.tr("Call this number (%1)").replace("%1", kind_text(kind)))
            button.setProperty("e164", e164 or "")
            button.setEnabled(bool(e164))
            button.setVisible(True)
        extra = len(phones) - MAX_PHONE_BUTTONS
        self.more_phones.setText(self.tr("+%1 more").replace("%1", str(extra)) if extra > 0 else "")
        self.more_phones.setVisible(extra > 0)
        if not phones:
            self.more_phones.setText(self.tr("no phone"))
            self.more_phones.setVisible(True)
        self.show_button.setVisible(masked and bool(card.crm_id))
        email = self.revealed.email if self.revealed is not None else card.email
        self.email_label.setText((masked_email(email) if masked else email) if email else "—")
        if self.revealed is not None:
            addresses = [address_line(a.model_dump()) or "" for a in self.revealed.addresses]
        elif masked:
            addresses = [f"{a.city}, ***" for a in card.addresses]
        else:
            addresses = [a.one_line() for a in card.addresses]
        self.address_label.setText("\n".join(addresses) if addresses else "—")
        self.notes_label.setText(card.notes or "—")
        self.notes_label.setToolTip(card.notes)
