"""The order editor's actions on a stored order: status changes the CRM allows, cancel with a reason,
returns and exchanges of a delivered order, escalation of a compensation above the limit, and the
watch over the order's sync state (pending / synced / conflict) that opens the conflict dialog.

A mixin of ``OrderEditorPanel`` (kept apart so each module stays one idea); it uses the panel's
store, worker, draft and widgets declared below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QLineEdit

from softphone.crm import schemas as s
from softphone.domain import orders as rules
from softphone.store import local_writes as lw
from softphone.store import order_writes as ow
from softphone.store.db import Store
from softphone.store.jobs import JobRunner
from softphone.store.order_editing import OrderSnapshot, order_conflict, order_refusal, sync_state
from softphone.ui.orders.conflict_dialog import OrderConflictDialog
from softphone.ui.orders.returns_dialog import ReturnsDialog
from softphone.ui.workspace.texts import money, status_text
from softphone.workspace.orders.desk import Escalation
from softphone.workspace.orders.draft import OrderDraft


class OrderActions:
    _store: Store
    _jobs: JobRunner
    _escalation: Escalation | None
    _seen_conflict: int | None
    _poll: QTimer
    draft: OrderDraft | None
    conflict_dialog: OrderConflictDialog | None
    returns_dialog: ReturnsDialog | None
    status_combo: QComboBox
    cancel_reason: QLineEdit
    discount: QDoubleSpinBox
    escalation_requested: Signal
    _say: Callable[..., None]
    _saved: Callable[[int, bool, bool], None]
    _write_failed: Callable[[BaseException], None]
    _show_header: Callable[[], None]
    _show_edited: Callable[[], None]
    _unsaved: Callable[[OrderDraft], bool]
    open_order: Callable[[int], None]
    new_order: Callable[..., None]
    escalate_button: Any

    # ---- status, cancel, returns --------------------------------------------------------------------
    def _base(self) -> OrderSnapshot | None:
        return self.draft.base if self.draft is not None else None

    def _change_status(self) -> None:
        base = self._base()
        target = self.status_combo.currentData()
        if base is None or not target:
            return
        if rules.transition_problem(base.status, target) is not None:
            self._say(
                QCoreApplication.translate(
                    "OrderEditorPanel", "The CRM does not allow an order that is %1 to become %2."
                )
                .replace("%1", status_text(base.status))
                .replace("%2", status_text(target)),
                error=True,
            )
            return
        store = self._store
        self._jobs.submit(
            lambda: lw.change_order_status(store, base.id, target),
            lambda _r: self._saved(base.id, False, target == "confirmed"),
            self._write_failed,
            what="order status",
        )

    def _cancel_order(self) -> None:
        base = self._base()
        reason = self.cancel_reason.text().strip()
        if base is None:
            return
        if not reason:
            self._say(
                QCoreApplication.translate("OrderEditorPanel", "Say why the order is cancelled."), error=True
            )
            self.cancel_reason.setFocus()
            return
        store = self._store
        self._jobs.submit(
            lambda: lw.cancel_order(store, base.id, reason),
            lambda _r: self._saved(base.id, False, False),
            self._write_failed,
            what="cancel order",
        )

    def _open_returns(self) -> None:
        base = self._base()
        if base is None or not base.returnable:
            return
        dialog = self.returns_dialog = ReturnsDialog(base, self)
        dialog.returned.connect(self._return)
        dialog.open()

    def _return(self, body: s.OrderReturnCreate, exchange: bool) -> None:
        base = self._base()
        if base is None or self.draft is None:
            return
        store, customer_id = self._store, self.draft.customer_id
        prices = {line.product_id: line.price for line in base.lines}

        def done(_r: Any) -> None:
            self._saved(base.id, False, False)
            if exchange:
                self.new_order(
                    customer_id,
                    [rules.DraftItem(i.product_id, i.qty, prices[i.product_id]) for i in body.items],
                )

        self._jobs.submit(
            lambda: ow.return_items(store, base.id, body), done, self._write_failed, what="return"
        )

    def _escalate(self) -> None:
        if self.draft is None:
            return
        note = QCoreApplication.translate(
            "OrderEditorPanel", "Compensation of %1 requested (above the operator's limit)"
        ).replace("%1", money(Decimal(f"{self.discount.value():.2f}")))
        if self._escalation is not None:
            self._escalation.escalate(self.draft.customer_id, "high", note)
        self.escalation_requested.emit(self.draft.customer_id, note)
        self._say(QCoreApplication.translate("OrderEditorPanel", "Escalated to a supervisor."))
        self.escalate_button.setVisible(False)

    # ---- sync state ---------------------------------------------------------------------------------
    def _poll_sync(self) -> None:
        base = self._base()
        if base is None:
            self._poll.stop()
            return
        store = self._store

        def read() -> tuple[str, Any]:
            with store.read_session() as session:
                state = sync_state(session, base.id)
                if state == "conflict":
                    return state, order_conflict(session, base.id)
                return state, order_refusal(session, base.id) if state == "rejected" else None

        self._jobs.submit(read, self._sync_read, what="order sync state")

    def _sync_read(self, result: tuple[str, Any]) -> None:
        state, detail = result
        base = self._base()
        if base is None or self.draft is None or state == base.sync:
            return
        if state == "synced" and not self._unsaved(self.draft):
            self.open_order(base.id)  # the CRM's copy: its number, version and totals
            return
        self.draft = replace(self.draft, base=replace(base, sync=state))  # edits being made stay
        self._show_header()
        self._show_edited()
        if state == "rejected" and isinstance(detail, str):
            self._say(
                QCoreApplication.translate("OrderEditorPanel", "The CRM refused the change: %1").replace(
                    "%1", detail
                ),
                error=True,
            )
        conflict = detail if state == "conflict" else None
        if conflict is not None and conflict.entry_id != self._seen_conflict:
            self._seen_conflict = conflict.entry_id
            self._open_conflict(conflict)

    def _open_conflict(self, conflict: Any) -> None:
        dialog = self.conflict_dialog = OrderConflictDialog(conflict, self)
        dialog.chosen.connect(self._resolve)
        dialog.show()

    def _resolve(self, entry_id: int, choice: str) -> None:
        base = self._base()
        store = self._store
        self._jobs.submit(
            lambda: ow.resolve_order_conflict(store, entry_id, choice),  # type: ignore[arg-type]
            lambda _r: self.open_order(base.id) if base is not None else None,
            self._write_failed,
            what="resolve order conflict",
        )
