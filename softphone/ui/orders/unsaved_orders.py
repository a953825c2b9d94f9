"""Orders being edited that a call interrupted: kept aside, offered back, never dropped unsaved.

The order editor holds one ``OrderDraft`` at a time. When another order (the caller's, from the card)
or a new one is opened over a draft with changes not saved, that draft is *shelved* with its
reference data, and ``unsaved_changed`` tells the window so it can offer "Back to order A-1024
(unsaved)" (the customer panel's draft bar). ``back_to_draft`` puts the newest shelved draft back on
the editor exactly as it was (lines, quantities, prices, delivery, payment, discount, comment); the
draft on screen, if it has changes too, takes its place on the shelf. Saving works as before.
A mixin of ``OrderEditorPanel``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from softphone.store.order_editing import EditorReference
from softphone.workspace.orders.draft import DraftProblem, OrderDraft

if TYPE_CHECKING:
    from softphone.ui.orders.order_editor import OrderEditorPanel

log = logging.getLogger(__name__)
MAX_SHELVED = 20  # far more than an operator juggles; the oldest beyond it is said in the log


class UnsavedOrders:
    shelved: list[tuple[OrderDraft, EditorReference]]

    def has_unsaved(self: OrderEditorPanel) -> bool:
        """The draft on the editor has changes not saved (a new order with anything in it)."""
        draft = self.draft
        if draft is None or not draft.editable:
            return False
        if draft.base is None:
            return draft != OrderDraft(draft.customer_id, draft.store_crm_id)
        return self._unsaved(draft)

    def request_order(self: OrderEditorPanel, local_order_id: int) -> None:
        """Open an order asked for from the card: the same order with unsaved changes is only shown
        (not reloaded over the changes); another one shelves them first (``open_order``)."""
        base = self.draft.base if self.draft is not None else None
        if base is not None and base.id == local_order_id and self.has_unsaved():
            self.opened.emit()
            return
        self.open_order(local_order_id)

    def _shelve_unless(self: OrderEditorPanel, local_order_id: int | None) -> None:
        """Before another order (or a new one: ``None``) replaces the draft, keep its unsaved changes."""
        draft, reference = self.draft, self.reference
        if draft is None or reference is None or not self.has_unsaved():
            return
        if local_order_id is not None and draft.base is not None and draft.base.id == local_order_id:
            return  # the same order again (reloaded after a sync or a conflict's resolution)
        self.shelved.append((self._with_form_fields(draft), reference))
        if len(self.shelved) > MAX_SHELVED:
            dropped, _ref = self.shelved.pop(0)
            self._log_dropped(dropped)
        self.unsaved_changed.emit()

    def _with_form_fields(self: OrderEditorPanel, draft: OrderDraft) -> OrderDraft:
        try:
            delivery = self.delivery_view.delivery()
        except DraftProblem:
            delivery = draft.delivery  # an address half typed: the last complete one
        return self._with_form(draft, delivery)

    def back_to_draft(self: OrderEditorPanel) -> None:
        """Put the newest shelved order back on the editor (the one on it is shelved if unsaved)."""
        if not self.shelved:
            self.opened.emit()  # only the order on the editor has changes: show it
            return
        draft, reference = self.shelved.pop()
        if self.draft is not None and self.reference is not None and self.has_unsaved():
            self.shelved.append((self._with_form_fields(self.draft), self.reference))
        self._show(draft, reference)
        self.unsaved_changed.emit()

    def unsaved_what(self: OrderEditorPanel) -> str | None:
        """What the window offers to go back to ("order A-1024", "new order"), or None."""
        if self.shelved:
            return self._order_name(self.shelved[-1][0])
        return self._order_name(self.draft) if self.draft is not None and self.has_unsaved() else None

    @staticmethod
    def _order_name(draft: OrderDraft) -> str:
        base = draft.base
        if base is None:
            return QCoreApplication.translate("OrderEditorPanel", "new order")
        number = base.crm_id or f"#{base.id}"
        return QCoreApplication.translate("OrderEditorPanel", "order %1").replace("%1", number)

    @staticmethod
    def _log_dropped(draft: OrderDraft) -> None:
        log.warning(
            "more than %d orders left unsaved: the oldest (customer %s) is no longer offered",
            MAX_SHELVED,
            draft.customer_id,
        )
