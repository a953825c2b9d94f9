"""The operator's list of CRM writes that need attention: conflicts and rejections.

A conflict (the CRM changed the record meanwhile, HTTP 412) shows our change and the CRM's
current version side by side; the operator keeps theirs own change (re-sent on top of the
CRM's version) or takes the CRM's. A rejection (HTTP 422) shows the CRM's reason and field
errors; the operator retries it (after fixing the record elsewhere) or discards it explicitly.
Nothing here is ever dropped without the operator's click.
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

from softphone.store import outbox

log = logging.getLogger(__name__)

ENTITY_NAMES = {"customer": "Customer", "order": "Order", "interaction": "Call log", "task": "Task"}


def _pretty(data: Any) -> str:
    return json.dumps(data or {}, ensure_ascii=False, indent=2, sort_keys=True, default=str)


class OutboxProblemsDialog(QDialog):
    """Lists conflict and rejected outbox entries and resolves them on the operator's choice."""

    resolved = Signal()  # something changed: the link status should recount

    def __init__(
        self, store: Any, on_resolved: Callable[[], None] | None = None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self._store = store
        self._on_resolved = on_resolved
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
        for button in (self.keep_mine, self.take_theirs, self.retry, self.discard):
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
        with self._store.read_session() as session:
            rows = [
                (e.id, e.status, e.entity_type, e.operation, e.payload, e.server_version_json,
                 e.reject_reason, e.field_errors, e.created_at)
                for e in outbox.open_entries(session, (outbox.CONFLICT, outbox.REJECTED))
            ]  # fmt: skip
        self.entries.clear()
        for row in rows:
            _entry_id, status, entity, operation, *_rest, created_at = row
            kind = self.tr("Conflict") if status == outbox.CONFLICT else self.tr("Rejected")
            label = (
                f"{kind}: {self.tr(ENTITY_NAMES.get(entity, entity))} {operation} ({created_at:%d.%m %H:%M})"
            )
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, row)
            self.entries.addItem(item)
        if rows:
            self.entries.setCurrentRow(0)
        else:
            self._show(-1)

    def _current(self) -> tuple[Any, ...] | None:
        item = self.entries.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _show(self, _row: int) -> None:
        row = self._current()
        conflict = row is not None and row[1] == outbox.CONFLICT
        rejected = row is not None and row[1] == outbox.REJECTED
        for button, visible in ((self.keep_mine, conflict), (self.take_theirs, conflict),
                                (self.retry, rejected), (self.discard, rejected)):  # fmt: skip
            button.setVisible(visible)
        if row is None:
            self.reason.setText(self.tr("Every change has reached the CRM."))
            self.mine.setPlainText("")
            self.theirs.setPlainText("")
            return
        _id, _status, _entity, _op, payload, server, reason, fields, _created = row
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

    def _resolve(self, choice: str) -> None:
        row = self._current()
        if row is None:
            return
        entry_id = row[0]
        with self._store.session() as session:
            if choice in ("mine", "theirs"):
                outbox.resolve_conflict(session, entry_id, choice)  # type: ignore[arg-type]
            elif choice == "retry":
                outbox.resolve_rejected(session, entry_id, row[4])
            else:
                outbox.resolve_rejected(session, entry_id, None)
            session.commit()
        log.info("outbox entry %d resolved: %s", entry_id, choice)
        self.refresh()
        self.resolved.emit()
        if self._on_resolved is not None:
            self._on_resolved()
