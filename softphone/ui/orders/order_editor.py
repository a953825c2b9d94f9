"""``OrderEditorPanel``: create an order for the customer on the card, or edit an open one - products
(search with stock and supplier), quantities, prices, discount, delivery with the CRM's slots,
payment; exact totals by the domain rules; status changes the CRM allows, cancel with a reason,
returns and exchanges of a delivered order.

Every save is one local transaction with its outbox entry (on the store worker); the header shows
whether the order is in the CRM, waiting, or in conflict - a conflict opens the dialog with both
versions. A discount over the operator's compensation limit is refused with an offer to escalate.
Saved during or right after a call, the order is linked to it (``CallOrder`` via ``OrderDesk``).

An order with unsaved changes is never dropped when another one is opened over it (the caller's
order during a call): it is shelved and offered back (``unsaved_orders.UnsavedOrders``).

Seams: ``open_order(local_order_id)``, ``request_order(local_order_id)``, ``new_order(customer_id,
items)``, ``order_saved(int)``, ``unsaved_changed()`` / ``unsaved_what()`` / ``back_to_draft()``.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from decimal import Decimal

from pydantic import ValidationError
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QLabel, QLineEdit, QPushButton, QWidget

from softphone.crm import schemas as s
from softphone.domain import orders as rules
from softphone.store import local_writes as lw
from softphone.store import order_writes as ow
from softphone.store.db import Store
from softphone.store.jobs import JobRunner
from softphone.store.order_editing import (
    EditorReference,
    OrderSnapshot,
    ProductHit,
    editor_reference,
    order_snapshot,
    products_by_crm_id,
)
from softphone.ui import shortcuts
from softphone.ui.diagnostics import trace_order_editor
from softphone.ui.gui_thread import assert_gui_thread
from softphone.ui.orders.conflict_dialog import OrderConflictDialog
from softphone.ui.orders.delivery_view import DeliveryView
from softphone.ui.orders.editor_layout import build_layout
from softphone.ui.orders.lines_view import LinesView
from softphone.ui.orders.order_actions import OrderActions
from softphone.ui.orders.product_search import ProductSearch
from softphone.ui.orders.returns_dialog import ReturnsDialog
from softphone.ui.orders.texts import SYNC_COLOURS, problem_text, sync_text
from softphone.ui.orders.unsaved_orders import UnsavedOrders
from softphone.ui.workspace.texts import money, status_text
from softphone.workspace.call_context import CallOrder
from softphone.workspace.orders.desk import Escalation, OrderDesk
from softphone.workspace.orders.draft import DraftProblem, OrderDraft, OverCompensationLimit

log = logging.getLogger(__name__)
SlotSource = Callable[
    [str, dt.date, "str | None", Callable[[list[s.DeliverySlot]], None], Callable[[str], None]], None
]
SYNC_POLL_MS = 1500


class OrderEditorPanel(UnsavedOrders, OrderActions, QWidget):
    order_saved = Signal(int)  # local order id
    unsaved_changed = Signal()  # the unsaved work to offer back may have changed (``unsaved_what``)
    escalation_requested = Signal(int, str)  # customer id, what to escalate
    opened = Signal()  # an order (or a new one) is on the panel: the window shows the page
    # built by ``editor_layout.build_layout``
    title: QLabel
    sync_chip: QLabel
    save_button: QPushButton
    body: QWidget
    search: ProductSearch
    lines_view: LinesView
    delivery_view: DeliveryView
    discount: QDoubleSpinBox
    limit_label: QLabel
    escalate_button: QPushButton
    comment: QLineEdit
    totals: QLabel
    message: QLabel
    status_combo: QComboBox
    status_button: QPushButton
    cancel_reason: QLineEdit
    cancel_button: QPushButton
    returns_button: QPushButton

    def __init__(
        self,
        store: Store,
        jobs: JobRunner,
        desk: OrderDesk | None = None,
        slots: SlotSource | None = None,
        escalation: Escalation | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("order_editor")
        self._store, self._jobs, self._desk, self._slots, self._escalation = (
            store,
            jobs,
            desk,
            slots,
            escalation,
        )
        self.draft: OrderDraft | None = None
        self.shelved: list[tuple[OrderDraft, EditorReference]] = []  # unsaved, set aside (newest last)
        self.reference: EditorReference | None = None
        self._seen_conflict: int | None = None
        self._shown_id: int | None = None
        self.conflict_dialog: OrderConflictDialog | None = None
        self.returns_dialog: ReturnsDialog | None = None
        self.save_started: float | None = None  # time.time() of the last save asked (benchmarks)
        self.committed_at: float | None = None  # time.time() its local commit returned
        build_layout(self)
        self.discount.valueChanged.connect(lambda _v: self._draft_changed())
        self.comment.textEdited.connect(lambda _t: self._draft_changed())
        self.search.picked.connect(self._add_product)
        self.lines_view.qty_changed.connect(lambda row, qty: self._change(lambda d: d.with_qty(row, qty)))
        self.lines_view.price_changed.connect(lambda row, p: self._change(lambda d: d.with_price(row, p)))
        self.lines_view.removed.connect(lambda row: self._change(lambda d: d.with_qty(row, 0)))
        self.delivery_view.changed.connect(self._draft_changed)
        self.delivery_view.slots_wanted.connect(self._want_slots)
        self.save_button.clicked.connect(self.save)
        self.status_button.clicked.connect(self._change_status)
        self.cancel_button.clicked.connect(self._cancel_order)
        self.returns_button.clicked.connect(self._open_returns)
        self.escalate_button.clicked.connect(self._escalate)
        within = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for action, slot in (("order_save", self.save), ("order_find", self.search.field.setFocus)):
            for keys in shortcuts.key_sequences(action):
                QShortcut(keys, self, slot, context=within)
        self.save_button.setToolTip(shortcuts.tooltip("order_save", self.save_button.toolTip()))
        self._poll = QTimer(self)
        self._poll.setInterval(SYNC_POLL_MS)
        self._poll.timeout.connect(self._poll_sync)
        self._show_nothing()
        trace_order_editor(self)  # benchmarks only (SOFTPHONE_TRACE_ORDER)

    # ---- seams --------------------------------------------------------------------------------------
    def open_order(self, local_order_id: int) -> None:
        assert_gui_thread()
        self._shelve_unless(local_order_id)
        self._load(local_order_id)

    def _load(self, local_order_id: int) -> None:
        store = self._store

        def load() -> tuple[OrderSnapshot | None, EditorReference]:
            with store.read_session() as session:
                snap = order_snapshot(session, local_order_id)
                return snap, editor_reference(session, snap.customer_id if snap else None)

        self._jobs.submit(load, self._loaded, self._failed, what="open order")

    def new_order(self, customer_id: int, items: Sequence[rules.DraftItem] = ()) -> None:
        assert_gui_thread()
        self._shelve_unless(None)
        store = self._store

        def load() -> tuple[OrderDraft, EditorReference]:
            with store.read_session() as session:
                ref = editor_reference(session, customer_id)
                draft = OrderDraft(customer_id, ref.store_crm_id)
                known = products_by_crm_id(session, [item.product_id for item in items])
                for item in items:
                    hit = known.get(item.product_id)
                    name, sku = (hit.name, hit.sku) if hit else (item.product_id, item.product_id)
                    draft = draft.with_product(item.product_id, sku, name, item.price, item.qty)
                return draft, ref

        self._jobs.submit(load, lambda r: self._show(r[0], r[1]), self._failed, what="new order")

    # ---- showing ------------------------------------------------------------------------------------
    def _show_nothing(self) -> None:
        self.title.setText(self.tr("Open an order from the customer's card, or start a new one there."))
        self.body.setEnabled(False)
        self.sync_chip.setVisible(False)

    def _loaded(self, result: tuple[OrderSnapshot | None, EditorReference]) -> None:
        snap, ref = result
        if snap is None:
            self._say(self.tr("That order is no longer in the local store."), error=True)
            return
        self._show(OrderDraft.of(snap), ref)

    def _show(self, draft: OrderDraft, ref: EditorReference) -> None:
        self.reference, self.draft = ref, draft
        base = draft.base
        self.body.setEnabled(True)
        # the fields first: the delivery view says "changed" while it fills, and the draft then
        # re-reads every field (the previous order's discount and comment must not leak into it)
        self.discount.blockSignals(True)
        self.discount.setValue(float(draft.discount))
        self.discount.blockSignals(False)
        self.discount.setEnabled(draft.editable)
        self.comment.setText(draft.comment)
        self.comment.setEnabled(draft.editable)
        self.delivery_view.set_choices(ref.services, ref.payments, ref.addresses)
        self.delivery_view.show_order(draft.delivery, draft.payment_method, draft.editable)
        self.cancel_reason.clear()
        self.search.setEnabled(draft.editable)
        limit = ref.compensation_limit
        self.limit_label.setText(f"≤ {money(limit)}" if limit is not None else "")
        self.limit_label.setToolTip(
            self.tr("Your compensation limit from the CRM: %1").replace("%1", money(limit))
            if limit is not None
            else self.tr("Your compensation limit is not known yet (the CRM checks it)")
        )
        self.escalate_button.setVisible(False)
        if base is None or base.id != self._shown_id:
            self._say("")
        self._shown_id = base.id if base is not None else None
        self._show_header()
        self._show_lines()
        self.opened.emit()
        if draft.editable:
            self.search.field.setFocus()

    def _show_header(self) -> None:
        draft = self.draft
        assert draft is not None
        base = draft.base
        if base is None:
            self.title.setText(self.tr("New order"))
            state = "new"
        else:
            number = base.crm_id or self.tr("(new)")
            self.title.setText(
                self.tr("Order %1 — %2").replace("%1", number).replace("%2", status_text(base.status))
            )
            state = base.sync
        self.sync_chip.setText(sync_text(state))
        self.sync_chip.setStyleSheet(f"color: {SYNC_COLOURS.get(state, '#546e7a')}; font-weight: bold;")
        self.sync_chip.setVisible(True)
        self.sync_chip.setProperty("state", state)
        self.save_button.setEnabled(draft.editable)
        statuses = rules.ORDER_TRANSITIONS.get(base.status, ()) if base is not None else ()
        self.status_combo.clear()
        for code in statuses:
            if code != "cancelled":
                self.status_combo.addItem(status_text(code), code)
        self.status_combo.setEnabled(self.status_combo.count() > 0)
        self.status_button.setEnabled(self.status_combo.count() > 0)
        can_cancel = base is not None and "cancelled" in statuses
        self.cancel_reason.setEnabled(can_cancel)
        self.cancel_button.setEnabled(can_cancel)
        self.returns_button.setVisible(base is not None and bool(base.returnable))
        if base is not None and state in ("pending", "conflict", "rejected"):
            self._poll.start()
        else:
            self._poll.stop()

    def _show_lines(self) -> None:
        draft = self.draft
        assert draft is not None
        self.lines_view.set_lines(draft.lines, draft.editable)
        money_ = draft.totals()
        self.totals.setText(
            self.tr("Items %1 + delivery %2 − discount %3 = <b>%4</b>")
            .replace("%1", money(money_.items_total))
            .replace("%2", money(money_.delivery_cost))
            .replace("%3", money(money_.discount))
            .replace("%4", money(money_.total))
        )
        self._show_edited()

    def _show_edited(self) -> None:
        """The chip says so while the operator's changes are not saved yet (else the sync state)."""
        draft = self.draft
        assert draft is not None
        state = str(self.sync_chip.property("state") or "new")
        edited = draft.base is not None and draft.editable and self._unsaved(draft)
        text = self.tr("Changed, not saved") if edited else sync_text(state)
        colour = SYNC_COLOURS["pending"] if edited else SYNC_COLOURS.get(state, "#546e7a")
        self.sync_chip.setText(text)
        self.sync_chip.setStyleSheet(f"color: {colour}; font-weight: bold;")
        self.unsaved_changed.emit()

    @staticmethod
    def _unsaved(draft: OrderDraft) -> bool:
        try:
            return draft.update_request() is not None
        except ValidationError:
            return True

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("error", error)
        self.message.setStyleSheet("color: #c62828;" if error else "color: #2e7d32;")

    # ---- editing ------------------------------------------------------------------------------------
    def _change(self, how: Callable[[OrderDraft], OrderDraft]) -> None:
        if self.draft is None or not self.draft.editable:
            return
        self.draft = how(self.draft)
        self._show_lines()

    def _add_product(self, hit: ProductHit) -> None:
        self._change(lambda d: d.with_product(hit.crm_id, hit.sku, hit.name, hit.price))

    def _draft_changed(self) -> None:
        if self.draft is None or not self.draft.editable:
            return
        try:
            delivery = self.delivery_view.delivery()
        except DraftProblem:
            delivery = self.draft.delivery  # an address being typed: keep the last good one
        self.draft = self._with_form(self.draft, delivery)
        self.escalate_button.setVisible(False)
        self._show_lines()

    def _with_form(self, draft: OrderDraft, delivery: s.DeliveryIn | None) -> OrderDraft:
        """The draft with what the form's fields say (delivery, payment, discount, comment)."""
        return replace(
            draft,
            delivery=delivery,
            payment_method=self.delivery_view.payment_method(),
            discount=Decimal(f"{self.discount.value():.2f}"),
            comment=self.comment.text(),
        )

    def _want_slots(self, service_id: str, day: dt.date, city: str | None) -> None:
        if self._slots is None:
            self.delivery_view.show_slots_offline(self.tr("no CRM link"))
            return
        view = self.delivery_view
        self._slots(
            service_id,
            day,
            city,
            lambda slots: view.show_slots(service_id, day, slots),
            view.show_slots_offline,
        )

    # ---- saving -------------------------------------------------------------------------------------
    def save(self) -> None:
        assert_gui_thread()
        self.save_started = time.time()
        if self.draft is None or not self.draft.editable or self.reference is None:
            return
        try:  # no repaint before the write: the lines and totals on screen are the draft's already
            self.draft = self._with_form(self.draft, self.delivery_view.delivery())
            self.draft.check(self.reference.compensation_limit, self.delivery_view.needs_address())
            request: s.OrderCreate | s.OrderUpdate | None
            request = self.draft.create_request() if self.draft.base is None else self.draft.update_request()
        except OverCompensationLimit as over:
            self._say(
                self.tr(
                    "A discount of %1 is above your compensation limit of %2. Ask a supervisor: use Escalate."
                )
                .replace("%1", money(over.discount))
                .replace("%2", money(over.limit)),
                error=True,
            )
            self.escalate_button.setVisible(True)
            self.escalate_button.setFocus()
            return
        except DraftProblem as problem:
            self._say(problem_text(problem.field, str(problem)), error=True)
            return
        except ValidationError as exc:
            self._say(
                self.tr("The order is not valid: %1").replace("%1", str(exc.errors()[0]["msg"])), error=True
            )
            return
        if request is None:
            self._say(self.tr("Nothing changed."))
            return
        self._write(request)

    def _write(self, request: s.OrderCreate | s.OrderUpdate) -> None:
        draft, store = self.draft, self._store
        assert draft is not None
        created = draft.base is None

        def write() -> int:
            if isinstance(request, s.OrderCreate):
                order_id = ow.create_order(store, draft.customer_id, request)
            else:
                assert draft.base is not None
                lw.edit_order(store, draft.base.id, request)
                order_id = draft.base.id
            self.committed_at = time.time()  # on the worker, right after the commit
            return order_id

        self.save_button.setEnabled(False)
        self._jobs.submit(
            write, lambda oid: self._saved(oid, created, False), self._write_failed, what="save order"
        )

    def _saved(self, order_id: int, created: bool, confirmed: bool) -> None:
        self._say(self.tr("Saved. It goes to the CRM as soon as it can."))
        self.order_saved.emit(order_id)
        if self._desk is not None and self.draft is not None:
            crm_id = self.draft.base.crm_id if self.draft.base is not None else None
            self._desk.link_to_call(self.draft.customer_id, CallOrder(order_id, crm_id, created, confirmed))
        self._load(order_id)

    def _write_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(self.draft is not None and self.draft.editable)
        if isinstance(exc, (lw.LocalWriteError, ValidationError)):
            self._say(self.tr("Not saved: %1").replace("%1", str(exc)), error=True)
        else:
            self._say(
                self.tr("Not saved: the local store failed (%1).").replace("%1", type(exc).__name__),
                error=True,
            )

    def _failed(self, exc: BaseException) -> None:
        self._say(
            self.tr("The order could not be loaded (%1).").replace("%1", type(exc).__name__), error=True
        )
