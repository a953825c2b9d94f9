"""The operator's list of CRM writes that need attention: conflicts and rejections.

A conflict (the CRM changed the record meanwhile, HTTP 412) shows our change and the CRM's
current version side by side; the operator keeps theirs own change (re-sent on top of the
CRM's version) or takes the CRM's. A rejection (HTTP 422) shows the CRM's reason and field
errors; the operator retries it (after fixing the record elsewhere) or discards it explicitly.
A CRM record the app could not read (quarantined by the sync) shows its validation error and raw
body; it is retried on the next full resync, which the operator can start from here.
Nothing here is ever dropped without the operator's click. The store is read and written by the
store worker (``StoreJobs``), never on the GUI thread.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from softphone.store import outbox, quarantine
from softphone.store.jobs import JobRunner
from softphone.ui.i18n import day_month_time

log = logging.getLogger(__name__)

ENTITY_NAMES = {"customer": "Customer", "order": "Order", "interaction": "Call log", "task": "Task"}
QUARANTINED = "quarantined"


def load_problems(store: Any) -> list[tuple[Any, ...]]:
    """The open conflict and rejected entries, then the quarantined CRM records, as plain rows
    (runs on the store worker)."""
    with store.read_session() as session:
        return [
            (e.id, e.status, e.entity_type, e.operation, e.payload, e.server_version_json,
             e.reject_reason, e.field_errors, e.created_at)
            for e in outbox.open_entries(session, (outbox.CONFLICT, outbox.REJECTED))
        ] + [
            (q.id, QUARANTINED, q.entity_type, q.entity_id, q.raw, None, q.error, {}, q.seen_at)
            for q in quarantine.rows(session)
        ]  # fmt: skip


def resolve_problem(store: Any, entry_id: int, choice: str, payload: Any) -> None:
    """Apply the operator's choice to one entry (runs on the store worker)."""
    with store.session() as session:
        if choice in ("mine", "theirs"):
            outbox.resolve_conflict(session, entry_id, choice)  # type: ignore[arg-type]
        elif choice == "retry":
            outbox.resolve_rejected(session, entry_id, payload)
        else:
            outbox.resolve_rejected(session, entry_id, None)
        session.commit()


def _pretty(data: Any) -> str:
    return json.dumps(data or {}, ensure_ascii=False, indent=2, sort_keys=True, default=str)


class OutboxProblemsDialog(QDialog):
    """Lists conflict and rejected outbox entries and resolves them on the operator's choice."""

    resolved = Signal()  # something changed: the link status should recount
    loaded = Signal()  # the list was (re)filled from the store

    def __init__(
        self,
        store: Any,
        jobs: JobRunner,
        on_resolved: Callable[[], None] | None = None,
        parent: QWidget | None = None,
        on_full_resync: Callable[[], None] | None = None,
    ):
        super().__init__(parent)
        self._store = store
        self._jobs = jobs
        self._on_resolved = on_resolved
        self._on_full_resync = on_full_resync
        self.setWindowTitle(self.tr("Changes needing attention"))
        self.resize(900, 520)
        self.entries = QListWidget()
        self.entries.setObjectName("problemEntries")
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.mine = QPlainTextEdit()
        self.mine.setReadOnly(True)
        self.theirs = QPlainTextEdit()
        self.theirs.setReadOnly(True)
        self.keep_mine = QPushButton(self.tr("Keep my change"))
        self.take_theirs = QPushButton(self.tr("Take the CRM's version"))
        self.retry = QPushButton(self.tr("Send again"))
        self.discard = QPushButton(self.tr("Discard my change"))
        self.resync = QPushButton(self.tr("Read everything from the CRM again"))
        self.resync.setObjectName("fullResync")
        self.resync.clicked.connect(self._full_resync)
        self.keep_mine.clicked.connect(lambda: self._resolve("mine"))
        self.take_theirs.clicked.connect(lambda: self._resolve("theirs"))
        self.retry.clicked.connect(lambda: self._resolve("retry"))
        self.discard.clicked.connect(lambda: self._resolve("discard"))

        versions = QSplitter(Qt.Orientation.Horizontal)
        for title, editor in ((self.tr("My change"), self.mine), (self.tr("In the CRM now"), self.theirs)):
            box = QWidget()
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 0, 0, 0)
            box_layout.addWidget(QLabel(title))
            box_layout.addWidget(editor)
            versions.addWidget(box)
        buttons = QHBoxLayout()
        for button in (self.keep_mine, self.take_theirs, self.retry, self.discard, self.resync):
            buttons.addWidget(button)
        buttons.addStretch(1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.reason)
        right_layout.addWidget(versions, 1)
        right_layout.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.entries)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.entries.currentRowChanged.connect(self._show)
        self.refresh()

    def refresh(self) -> None:
        self.resync.setEnabled(True)
        store = self._store
        self._jobs.submit(lambda: load_problems(store), on_done=self._fill, what="reading CRM problems")

    def _fill(self, rows: list[tuple[Any, ...]]) -> None:
        self.entries.clear()
        for row in rows:
            _entry_id, status, entity, operation, *_rest, created_at = row
            if status == QUARANTINED:
                kind = self.tr("Unreadable CRM record")
            else:
                kind = self.tr("Conflict") if status == outbox.CONFLICT else self.tr("Rejected")
            when = day_month_time(created_at)
            label = f"{kind}: {self.tr(ENTITY_NAMES.get(entity, entity))} {operation} ({when})"
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, row)
            self.entries.addItem(item)
        if rows:
            self.entries.setCurrentRow(0)
        else:
            self._show(-1)
        self.loaded.emit()

    def _current(self) -> tuple[Any, ...] | None:
        item = self.entries.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _show(self, _row: int) -> None:
        row = self._current()
        conflict = row is not None and row[1] == outbox.CONFLICT
        rejected = row is not None and row[1] == outbox.REJECTED
        unreadable = row is not None and row[1] == QUARANTINED
        for button, visible in ((self.keep_mine, conflict), (self.take_theirs, conflict),
                                (self.retry, rejected), (self.discard, rejected),
                                (self.resync, unreadable and self._on_full_resync is not None)):  # fmt: skip
            button.setVisible(visible)
        if row is None:
            self.reason.setText(self.tr("Every change has reached the CRM."))
            self.mine.setPlainText("")
            self.theirs.setPlainText("")
            return
        _id, _status, _entity, _op, payload, server, reason, fields, _created = row
        if unreadable:
            self.reason.setText(
                self.tr(
                    "The CRM sent this record in a form the app cannot read, so it was set aside and "
                    "the rest was synced. It is tried again when everything is read from the CRM "
                    "again. Problem: {0}"
                ).format(reason or "")
            )
            self.mine.setPlainText(str(payload or ""))
            self.theirs.setPlainText("")
            return
        if conflict:
            self.reason.setText(
                self.tr("The CRM changed this record after you edited it. Choose which to keep.")
            )
        else:
            details = "; ".join(f"{k}: {v}" for k, v in (fields or {}).items())
            self.reason.setText(
                self.tr("The CRM refused this change: {0}").format(f"{reason or ''} {details}".strip())
            )
        self.mine.setPlainText(_pretty(payload))
        self.theirs.setPlainText(_pretty(server))

    def _full_resync(self) -> None:
        if self._on_full_resync is not None:
            log.info("full resync requested from the CRM problems view")
            self._on_full_resync()
        self.resync.setEnabled(False)  # once per opening; the list refreshes when it is reopened

    def _resolve(self, choice: str) -> None:
        row = self._current()
        if row is None:
            return
        entry_id, payload, store = row[0], row[4], self._store
        for button in (self.keep_mine, self.take_theirs, self.retry, self.discard):
            button.setEnabled(False)  # one choice per entry, until the worker has applied it
        self._jobs.submit(
            lambda: resolve_problem(store, entry_id, choice, payload),
            on_done=lambda _none: self._resolved(entry_id, choice),
            on_error=lambda _exc: self._resolved(entry_id, ""),
            what="resolving a CRM problem",
        )

    def _resolved(self, entry_id: int, choice: str) -> None:
        for button in (self.keep_mine, self.take_theirs, self.retry, self.discard):
            button.setEnabled(True)
        if choice:
            log.info("outbox entry %d resolved: %s", entry_id, choice)
        self.refresh()
        if not choice:
            return
        self.resolved.emit()
        if self._on_resolved is not None:
            self._on_resolved()
