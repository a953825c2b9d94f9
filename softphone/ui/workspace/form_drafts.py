"""Unsaved customer forms of the workspace panel: put aside when a call takes the panel, offered back.

When the panel leaves a form the operator changed (a call's screen-pop, a search hit), the form is
kept as a ``FormDraft`` and offered in the ``DraftBar`` above the pages ("Back to new customer «Ivan»
(unsaved)", Ctrl+Shift+D, also said when the call ends). Reopened, it has every field as it was,
stays on screen until the next call rings and saves as before (to the customer it was editing, or
linked to the call it was about). Another form on screen with typed work swaps places with it. The
order editor's unsaved work is offered in the same bar (the composition root connects it).
A mixin of ``CustomerWorkspace``: it uses the panel's pages, form and state.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from softphone.ui import shortcuts
from softphone.workspace.customer_form import FormDraft

if TYPE_CHECKING:
    from softphone.ui.workspace.workspace_panel import CustomerWorkspace

log = logging.getLogger(__name__)


class FormDrafts:
    def _page_changed(self: CustomerWorkspace, index: int) -> None:
        page = self.pages.widget(index)
        if self._last_page is self.form and page is not self.form:
            self._put_form_aside()
            self._pinned = False
        self._last_page = page

    def _put_form_aside(self: CustomerWorkspace) -> None:
        """The form is leaving the screen with typed work in it: keep it as a draft in the bar."""
        if not self.form.is_changed():
            return
        draft = FormDraft(
            self.form.value(),
            self.form.started(),
            self.form.title.text(),
            self._editing_card if self.form.editing_id is not None else None,
            self._form_call,
            self.form.banner.shop,
        )
        self.form.mark_clean()
        self._draft_count += 1
        key = f"customer_{self._draft_count}"
        self.drafts[key] = draft
        self.draft_bar.offer(key, self._draft_what(draft), lambda: self.reopen_draft(key))
        log.info("unsaved customer form kept as a draft (%s)", key)
        self.message.emit(
            QCoreApplication.translate(
                "CustomerWorkspace", "The unsaved form is kept: %1 goes back to it"
            ).replace("%1", shortcuts.keys_text("back_to_draft"))
        )

    def _draft_what(self: CustomerWorkspace, draft: FormDraft) -> str:
        name = draft.what()
        if draft.editing is not None:
            return QCoreApplication.translate("CustomerWorkspace", "editing %1").replace("%1", name)
        return (
            QCoreApplication.translate("CustomerWorkspace", "new customer «%1»").replace("%1", name)
            if name
            else QCoreApplication.translate("CustomerWorkspace", "new customer")
        )

    def reopen_draft(self: CustomerWorkspace, key: str) -> None:
        """Put a kept form back on screen with every field as it was left."""
        draft = self.drafts.pop(key, None)
        self.draft_bar.withdraw(key)
        if draft is None:
            return
        if self.pages.currentWidget() is self.form:
            self._put_form_aside()  # the form on screen has typed work too: it swaps places
        editing = draft.editing
        self.form.start(
            draft.form, draft.title, editing.id if editing else None, draft.shop, started=draft.started
        )
        self._form_call, self._editing_card, self._pinned = draft.call_id, editing, True
        self.pages.setCurrentWidget(self.form)
        self.form.name_edit.setFocus()

    def back_to_draft(self: CustomerWorkspace) -> None:
        """The window's shortcut: the newest unsaved work (a form, or the order editor's)."""
        if not self.draft_bar.restore_latest():
            self.message.emit(
                QCoreApplication.translate("CustomerWorkspace", "No unsaved work to go back to")
            )

    def _call_ended(self: CustomerWorkspace, _session: object) -> None:
        if self.draft_bar.keys():
            self.message.emit(
                QCoreApplication.translate(
                    "CustomerWorkspace", "Your unsaved work is kept: “%1” above the card, or %2"
                )
                .replace("%1", self.draft_bar.text_of(self.draft_bar.keys()[-1]))
                .replace("%2", shortcuts.keys_text("back_to_draft"))
            )
