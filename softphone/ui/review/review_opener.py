"""Opens the self-review of a logged call, whichever list asked for it (the customer's timeline,
"Listen and rate…" in Recent calls): the review is gathered on the store worker
(``workspace.self_review.load_self_review``), then ``SelfReviewDialog`` opens over the window; its
rating is saved and queued for the CRM on the store worker (``store.call_reviews.save_review``).
One dialog at a time: asking again for the call already open brings it to the front."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from softphone.store import call_reviews
from softphone.store.db import Store
from softphone.store.jobs import JobRunner
from softphone.ui.gui_thread import assert_gui_thread
from softphone.ui.review.self_review_dialog import SelfReviewDialog
from softphone.workspace.self_review import SelfReview, load_self_review

log = logging.getLogger(__name__)


class ReviewOpener(QObject):
    opened = Signal(object)  # the SelfReviewDialog just shown

    def __init__(self, store: Store, jobs: JobRunner, window: QWidget) -> None:
        super().__init__(window)
        self._store = store
        self._jobs = jobs
        self._window = window
        self.dialog: SelfReviewDialog | None = None

    def open(self, interaction_id: int) -> None:
        """Show the review of interaction ``interaction_id`` (a slot for ``review_requested``)."""
        if self.dialog is not None and self.dialog.review.interaction_id == interaction_id:
            self.dialog.raise_()
            self.dialog.activateWindow()
            return
        store = self._store
        self._jobs.submit(
            lambda: load_self_review(store, interaction_id),
            on_done=self._show,
            on_error=lambda exc: log.warning(
                "self-review of interaction %d not shown: %s", interaction_id, type(exc).__name__
            ),
            what="self-review",
        )

    def _show(self, review: SelfReview) -> None:
        assert_gui_thread()
        if self.dialog is not None:
            self.dialog.reject()  # the earlier review closes (its playback stops)
        store, jobs = self._store, self._jobs

        def save(rating: int, note: str) -> None:
            jobs.submit(
                lambda: call_reviews.save_review(store, review.interaction_id, rating, note),
                what="self-review save",
            )

        dialog = self.dialog = SelfReviewDialog(review, save, self._window)
        dialog.finished.connect(lambda _result: self._closed(dialog))
        dialog.open()
        self.opened.emit(dialog)

    def _closed(self, dialog: SelfReviewDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()
