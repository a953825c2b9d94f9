"""Delivery and payment, in the order a customer answers: service, method (with its price), address
(the card's addresses offered, or typed and parsed), date, the slots the CRM offers for that date and
address (asked for through ``slots_wanted``; a clear line when the CRM is offline), cost; payment."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLabel,
    QWidget,
)

from softphone.crm import schemas as s
from softphone.ui.workspace.texts import money
from softphone.workspace.orders.draft import DraftProblem, address_text, parse_address

NO_SLOT = ""
POPUP_MIN_WIDTH = 320


class DeliveryView(QWidget):
    changed = Signal()
    slots_wanted = Signal(str, object, object)  # service id, date, city (or None)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("delivery_view")
        self.services: tuple[s.DeliveryService, ...] = ()
        self._filling = False
        self._slot_times: dict[str, s.DeliverySlot] = {}
        self._shown: s.DeliveryIn | None = None  # the stored order's delivery, kept until touched
        self.touched = False
        self.service = QComboBox(self)
        self.service.setObjectName("delivery_service")
        self.method = QComboBox(self)
        self.method.setObjectName("delivery_method")
        self.method.view().setMinimumWidth(POPUP_MIN_WIDTH)  # the whole "name — price" in the list
        self.address = QComboBox(self)
        self.address.setObjectName("delivery_address")
        self.address.setEditable(True)
        self.address.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.address.lineEdit().setPlaceholderText(self.tr("City, street, house, flat"))
        self.date = QDateEdit(self)
        self.date.setObjectName("delivery_date")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd.MM.yyyy")
        self.slot = QComboBox(self)
        self.slot.setObjectName("delivery_slot")
        self.slot_state = QLabel(self)
        self.slot_state.setObjectName("slot_state")
        self.slot_state.setWordWrap(True)
        self.cost = QLabel(self)
        self.cost.setObjectName("delivery_cost")
        self.payment = QComboBox(self)
        self.payment.setObjectName("payment_method")

        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setVerticalSpacing(4)
        form.addRow(self.tr("&Delivery"), self.service)
        form.addRow(self.tr("&Method"), self.method)
        form.addRow(self.tr("&Address"), self.address)
        form.addRow(self.tr("D&ate"), self.date)
        form.addRow(self.tr("S&lot"), self.slot)
        form.addRow("", self.slot_state)
        form.addRow(self.tr("Cost"), self.cost)
        form.addRow(self.tr("&Payment"), self.payment)

        self.service.currentIndexChanged.connect(self._service_chosen)
        self.method.currentIndexChanged.connect(self._method_chosen)
        self.address.activated.connect(lambda _i: self._ask_slots(user=True))
        self.address.lineEdit().editingFinished.connect(self._address_typed)
        self.date.dateChanged.connect(lambda _d: self._ask_slots(user=True))
        self.slot.currentIndexChanged.connect(lambda _i: self._slot_chosen())
        self.payment.currentIndexChanged.connect(lambda _i: self._emit())

    # ---- filling -----------------------------------------------------------------------------------
    def set_choices(
        self,
        services: tuple[s.DeliveryService, ...],
        payments: tuple[s.PaymentMethod, ...],
        addresses: tuple[s.Address, ...],
    ) -> None:
        self._filling = True
        self.services = services
        self.service.clear()
        self.service.addItem(self.tr("No delivery"), "")
        for service in services:
            self.service.addItem(service.name, service.id)
        self.payment.clear()
        self.payment.addItem(self.tr("Choose…"), "")
        for method in payments:
            self.payment.addItem(method.name, method.code)
        self.address.clear()
        for address in addresses:
            self.address.addItem(address_text(address))
        self.date.setMinimumDate(QDate.currentDate())
        self.date.setDate(QDate.currentDate().addDays(1))
        if self.address.count():
            self.address.lineEdit().setCursorPosition(0)
        self._filling = False

    def show_order(self, delivery: s.DeliveryIn | None, payment: str | None, editable: bool) -> None:
        self._filling = True
        self._shown, self.touched = delivery, False
        self.service.setCurrentIndex(max(0, self.service.findData(delivery.service_id if delivery else "")))
        self._fill_methods()
        if delivery is not None:
            self.method.setCurrentIndex(max(0, self.method.findData(delivery.method)))
            if delivery.address is not None:
                self.address.setCurrentText(address_text(delivery.address))
                self.address.lineEdit().setCursorPosition(0)  # the city first, the flat may be cut
            if delivery.date is not None:
                self.date.setDate(QDate(delivery.date.year, delivery.date.month, delivery.date.day))
        self._set_slots([], "")
        if (
            delivery is not None
            and delivery.slot_id
            and delivery.date
            and delivery.time_from
            and delivery.time_to
        ):
            slot = s.DeliverySlot(
                id=delivery.slot_id,
                service_id=delivery.service_id,
                date=delivery.date,
                time_from=delivery.time_from,
                time_to=delivery.time_to,
                capacity_left=0,
            )
            self._set_slots([slot], "")
            self.slot.setCurrentIndex(1)
        self.payment.setCurrentIndex(max(0, self.payment.findData(payment or "")))
        for widget in (self.service, self.method, self.address, self.date, self.slot):
            widget.setEnabled(editable)
        self._filling = False
        self._show_cost()
        if editable:
            self._ask_slots(keep=delivery.slot_id if delivery else None)

    def _fill_methods(self) -> None:
        self.method.clear()
        for method in self._methods():
            self.method.addItem(f"{method.name} — {money(method.cost)}", method.code)

    def _methods(self) -> list[s.DeliveryMethod]:
        service = next((x for x in self.services if x.id == self.service.currentData()), None)
        return list(service.methods) if service is not None else []

    def _current_method(self) -> s.DeliveryMethod | None:
        return next((m for m in self._methods() if m.code == self.method.currentData()), None)

    def _service_chosen(self) -> None:
        if self._filling:
            return
        self.touched = True
        self._filling = True
        self._fill_methods()
        self._filling = False
        self._method_chosen()

    def _method_chosen(self) -> None:
        if self._filling:
            return
        self.touched = True
        method = self._current_method()
        self.address.setEnabled(method is not None and method.needs_address)
        self._show_cost()
        self._ask_slots()

    def _show_cost(self) -> None:
        method = self._current_method()
        self.cost.setText(money(method.cost) if method is not None else "—")

    def _address_typed(self) -> None:
        if self.city() != getattr(self, "_asked_city", None):
            self._ask_slots(user=True)

    # ---- slots -------------------------------------------------------------------------------------
    def city(self) -> str | None:
        text = self.address.currentText().strip()
        return text.split(",")[0].strip() or None if text else None

    def _slot_chosen(self) -> None:
        if not self._filling:
            self.touched = True
            self._emit()

    def _ask_slots(self, keep: str | None = None, user: bool = False) -> None:
        if self._filling:
            return
        self.touched = self.touched or user
        service_id = self.service.currentData()
        if not service_id or self._current_method() is None:
            self._set_slots([], "")
            self._emit()
            return
        self._keep = keep
        self.slot_state.setText(self.tr("Asking the CRM for delivery slots…"))
        day = self.date.date().toPython()
        self._asked_city = self.city()
        self.slots_wanted.emit(service_id, day, self.city())
        self._emit()

    def show_slots(self, service_id: str, day: dt.date, slots: list[s.DeliverySlot]) -> None:
        if service_id != self.service.currentData() or day != self.date.date().toPython():
            return  # an answer to an earlier question
        keep = getattr(self, "_keep", None) or self.slot.currentData()
        free = [slot for slot in slots if slot.capacity_left > 0]
        note = ""
        if not slots:
            note = self.tr("The CRM offers no delivery slots for this service and address.")
        elif not free:
            note = self.tr("No free slots on this date; try another day.")
        self._set_slots(free, note)
        index = self.slot.findData(keep) if keep else -1
        self._filling = True
        self.slot.setCurrentIndex(index if index > 0 else 0)
        self._filling = False
        self._emit()

    def show_slots_offline(self, reason: str) -> None:
        keep = self.slot.currentData()
        if not keep:
            self._set_slots([], "")
        self.slot_state.setText(
            self.tr(
                "The CRM is not reachable, so its slots cannot be shown (%1). The order can be saved "
                "without a slot and sent when the CRM is back."
            ).replace("%1", reason)
        )
        self.slot_state.setProperty("warning", True)

    def _set_slots(self, slots: list[s.DeliverySlot], note: str) -> None:
        was = self._filling
        self._filling = True
        self.slot.clear()
        self.slot.addItem(self.tr("No slot"), NO_SLOT)
        self._slot_times = {}
        for slot in slots:
            text = f"{slot.time_from:%H:%M}–{slot.time_to:%H:%M}"
            self.slot.addItem(text, slot.id)
            self._slot_times[slot.id] = slot
        self.slot_state.setText(note)
        self.slot_state.setProperty("warning", False)
        self._filling = was

    # ---- reading -----------------------------------------------------------------------------------
    def delivery(self) -> s.DeliveryIn | None:
        """The delivery as chosen; ``DraftProblem`` when the address does not parse."""
        if not self.touched:
            return self._shown
        service_id = self.service.currentData()
        method = self._current_method()
        if not service_id or method is None:
            return None
        address = None
        text = self.address.currentText().strip()
        if method.needs_address:
            if not text:
                raise DraftProblem("address", "this delivery needs an address")
            address = parse_address(text)
        slot = self._slot_times.get(self.slot.currentData() or "")
        return s.DeliveryIn(
            service_id=service_id,
            method=method.code,
            address=address,
            slot_id=slot.id if slot else None,
            date=slot.date if slot else self.date.date().toPython(),
            time_from=slot.time_from if slot else None,
            time_to=slot.time_to if slot else None,
            cost=Decimal(method.cost),
        )

    def needs_address(self) -> bool:
        method = self._current_method()
        return method is not None and method.needs_address

    def payment_method(self) -> str | None:
        return self.payment.currentData() or None

    def _emit(self) -> None:
        if not self._filling:
            self.changed.emit()
