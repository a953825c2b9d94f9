"""Recent calls from the call-history repository; double-click a row to call the number back.

The repository is anything with ``recent(limit)`` returning rows that have ``direction``,
``number``, ``started_at`` (datetime or epoch seconds), ``duration_s`` and ``outcome``, and may
have the call's quality (``mos``, ``jitter_ms``, ``loss_pct``, ``rtt_ms``: the Quality column) and
its logged interaction and recording (``interaction_id``, ``recording``: the recording column)
(``softphone.store.call_history.CallHistoryRepository``). ``refresh()`` is called when a call was
recorded. In the app the rows are read by the store worker (``jobs``), never on the GUI thread; without
``jobs`` (a list in tests) they are read at once.

A call whose recording is kept shows a speaker in the recording column; "Listen and rate…" (the
context menu, or Ctrl+Shift+L while the list has the focus: ``shortcuts``) asks for its
self-review (``review_requested`` with the interaction's id; the composition root opens the same
dialog as the customer's timeline). For any other call the action is disabled and says why.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from typing import Any, Protocol

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from softphone.domain.emodel import POOR_MOS
from softphone.sip.events import CallOutcome
from softphone.store.call_history import Recording
from softphone.store.jobs import JobRunner
from softphone.ui import shortcuts
from softphone.ui.calls.call_line_widget import format_duration, outcome_text
from softphone.ui.calls.call_quality_text import quality_details, quality_number
from softphone.ui.calls.phone_input import DEFAULT_REGION, display_number
from softphone.ui.i18n import day_month_time, short_time

log = logging.getLogger(__name__)
HISTORY_LIMIT = 100
NUMBER_ROLE = Qt.ItemDataRole.UserRole
INTERACTION_ROLE = Qt.ItemDataRole.UserRole + 1  # the call's logged interaction (int) or None
RECORDING_ROLE = Qt.ItemDataRole.UserRole + 2  # a ``Recording`` value
NUMBER_COLUMN_WIDTH = 300  # room for "↙ Name Surname (+7 916 123-45-67)"
DURATION_COLUMN = 2
QUALITY_COLUMN = 4
RECORDING_COLUMN = 5
NUMBER_SHARE = 0.45  # of the view's width, when that is less than NUMBER_COLUMN_WIDTH
NARROW_WIDTH = 420  # below this duration and quality are hidden (they are in each row's tooltip)
NARROW_HIDDEN = (DURATION_COLUMN, QUALITY_COLUMN)


class HistorySource(Protocol):
    def recent(self, limit: int) -> Sequence[Any]: ...


def _as_datetime(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value.astimezone() if value.tzinfo else value
    if isinstance(value, int | float):
        return dt.datetime.fromtimestamp(value)
    if isinstance(value, str) and value:
        try:
            return _as_datetime(dt.datetime.fromisoformat(value))
        except ValueError:
            return None
    return None


def _text(value: Any) -> str:
    return str(getattr(value, "value", value) or "")


class CallHistoryView(QTreeWidget):
    call_back_requested = Signal(str)  # the number as stored (E.164 or extension)
    history_shown = Signal()  # the list was (re)filled
    review_requested = Signal(int)  # "Listen and rate…": the call's interaction (local id)

    def __init__(
        self,
        source: HistorySource | None = None,
        region: str = DEFAULT_REGION,
        parent: QWidget | None = None,
        jobs: JobRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self.jobs = jobs
        self._rows: list[Any] = []
        self.setObjectName("history_view")
        self.source = source
        self.region = region
        self.error = ""
        self.setColumnCount(6)
        self.setHeaderLabels(
            [
                self.tr("Number"),
                self.tr("Time"),
                self.tr("Duration"),
                self.tr("Result"),
                self.tr("Quality"),
                "",
            ]
        )
        self.headerItem().setToolTip(RECORDING_COLUMN, self.tr("Recording"))
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.header()
        # Number gets a sane width of its own (the operator may drag it); time and duration fit their
        # contents; the result column takes what is left, so no column eats three quarters of the row.
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, NUMBER_COLUMN_WIDTH)
        for column in (1, DURATION_COLUMN, QUALITY_COLUMN, RECORDING_COLUMN):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.setToolTip(self.tr("Double-click a call to call back"))
        # Double-click (or Return) activates an item; one signal so a double-click calls back once.
        self.itemActivated.connect(self._on_activated)
        self.listen_action = QAction(self.tr("Listen and rate…"), self)
        self.listen_action.setObjectName("history_listen")
        self.listen_action.setShortcuts(shortcuts.key_sequences("review_call"))
        self.listen_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.listen_action.triggered.connect(self.listen)
        self.addAction(self.listen_action)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._on_context_menu)
        self.currentItemChanged.connect(lambda item, _old: self._update_listen(item))
        self._update_listen(None)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """In a narrow column (beside the dialer) duration and quality move to the row's tooltip and the
        number gets about half the row; in a wide one ``NUMBER_COLUMN_WIDTH``."""
        super().resizeEvent(event)
        width = self.viewport().width()
        narrow = width < NARROW_WIDTH
        for column in NARROW_HIDDEN:
            self.setColumnHidden(column, narrow)
        self.header().resizeSection(
            0, min(NUMBER_COLUMN_WIDTH, int(width * (0.5 if narrow else NUMBER_SHARE)))
        )

    def set_source(self, source: HistorySource | None) -> None:
        self.source = source
        self.refresh()

    def rows(self) -> list[Any]:
        """The rows shown now (newest first)."""
        return list(self._rows)

    def refresh(self) -> None:
        """Read the newest rows again (on the store worker when there is one) and show them."""
        source = self.source
        if source is None:
            self._show([], "")
            return
        if self.jobs is not None:
            self.jobs.submit(
                lambda: list(source.recent(HISTORY_LIMIT)),
                on_done=lambda rows: self._show(rows, ""),
                on_error=lambda exc: self._show([], str(exc) or type(exc).__name__),
                what="reading call history",
            )
            return
        try:
            rows = list(source.recent(HISTORY_LIMIT))
        except Exception as exc:  # the history is a convenience: a broken DB must not break calling
            log.exception("Reading call history failed")
            self._show([], str(exc) or type(exc).__name__)
            return
        self._show(rows, "")

    def _show(self, rows: list[Any], error: str) -> None:
        self.clear()
        self._rows = rows
        self.error = error
        if self.error:
            item = QTreeWidgetItem([self.tr("Call history is unavailable: %1").replace("%1", self.error)])
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addTopLevelItem(item)
        for row in rows:
            try:
                self.addTopLevelItem(self._item(row))
            except Exception:  # one odd row (e.g. a detached ORM object) must not hide the others
                log.exception("Skipping a call-history row that cannot be shown")
        self._update_listen(self.currentItem())
        self.history_shown.emit()

    def _item(self, row: Any) -> QTreeWidgetItem:
        number = _text(getattr(row, "number", ""))
        name = str(getattr(row, "remote_display_name", "") or "")
        inbound = _text(getattr(row, "direction", "")) == "inbound"
        try:
            outcome: CallOutcome | None = CallOutcome(_text(getattr(row, "outcome", "")))
        except ValueError:
            outcome = None
        started = _as_datetime(getattr(row, "started_at", None))
        when = ""
        if started is not None:
            same_day = started.date() == dt.date.today()
            when = short_time(started) if same_day else day_month_time(started)
        duration = int(getattr(row, "duration_s", 0) or 0)
        arrow = "↙" if inbound else "↗"
        shown = display_number(number, self.region)
        item = QTreeWidgetItem(
            [
                f"{arrow} {name} ({shown})" if name else f"{arrow} {shown}",
                when,
                format_duration(duration) if duration else "",
                outcome_text(outcome) if outcome != CallOutcome.ANSWERED else "",
            ]
        )
        item.setData(0, NUMBER_ROLE, number)
        direction_text = self.tr("Incoming") if inbound else self.tr("Outgoing")
        tip = f"{direction_text} · {format_duration(duration)}" if duration else direction_text
        mos = getattr(row, "mos", None)
        if mos is not None:
            tip += f"\n{quality_details(row)}"
        for column in (0, 3):
            item.setToolTip(column, tip)
        if outcome in (CallOutcome.MISSED, CallOutcome.NO_ANSWER, CallOutcome.BUSY, CallOutcome.FAILED):
            item.setForeground(3, QBrush(QColor("#c53030")))
        self._show_quality(item, row)
        self._show_recording(item, row)
        return item

    def _show_recording(self, item: QTreeWidgetItem, row: Any) -> None:
        interaction_id = getattr(row, "interaction_id", None)
        try:
            recording = Recording(_text(getattr(row, "recording", "")) or Recording.NO_INTERACTION)
        except ValueError:
            recording = Recording.NO_INTERACTION
        item.setData(0, INTERACTION_ROLE, interaction_id)
        item.setData(0, RECORDING_ROLE, recording.value)
        if recording == Recording.KEPT:
            item.setIcon(RECORDING_COLUMN, self.style().standardIcon(QStyle.StandardPixmap.SP_MediaVolume))
            item.setToolTip(
                RECORDING_COLUMN, shortcuts.tooltip("review_call", self.tr("Recorded: listen and rate"))
            )
        elif recording == Recording.DELETED:
            item.setText(RECORDING_COLUMN, "–")
            item.setToolTip(RECORDING_COLUMN, self.why_not(recording))

    def why_not(self, recording: Recording | str) -> str:
        """Why "Listen and rate…" is not offered for a call with ``recording``."""
        if recording == Recording.NOT_RECORDED:
            return self.tr("This call was not recorded")
        if recording == Recording.DELETED:
            return self.tr("The recording was deleted when its retention period ended")
        if recording == Recording.KEPT:
            return ""
        return self.tr("The call is not logged for a customer (unknown caller, or not wrapped up yet)")

    def _reviewable(self, item: QTreeWidgetItem | None) -> int | None:
        """The interaction id of ``item``'s call when its recording is kept, else None."""
        if item is None or item.data(0, RECORDING_ROLE) != Recording.KEPT.value:
            return None
        interaction_id = item.data(0, INTERACTION_ROLE)
        return int(interaction_id) if interaction_id is not None else None

    def _update_listen(self, item: QTreeWidgetItem | None) -> None:
        """The action follows the current row: enabled for a kept recording, else it says why."""
        name = self.tr("Listen and rate…")
        if item is None or item.data(0, RECORDING_ROLE) is None:
            self.listen_action.setEnabled(False)
            self.listen_action.setToolTip(self.tr("Select a call first"))
            return
        reviewable = self._reviewable(item) is not None
        self.listen_action.setEnabled(reviewable)
        reason = self.why_not(str(item.data(0, RECORDING_ROLE)))
        self.listen_action.setToolTip(
            shortcuts.tooltip("review_call", name) if reviewable else f"{name} — {reason}"
        )

    def listen(self) -> None:
        """Ask for the self-review of the current call (when its recording is kept)."""
        interaction_id = self._reviewable(self.currentItem())
        if interaction_id is not None:
            self.review_requested.emit(interaction_id)

    def _on_context_menu(self, pos: QPoint) -> None:
        item = self.itemAt(pos)
        if item is None or item.data(0, RECORDING_ROLE) is None:
            return
        self.setCurrentItem(item)
        menu = self.context_menu(item)
        menu.popup(self.viewport().mapToGlobal(pos))

    def context_menu(self, item: QTreeWidgetItem) -> QMenu:
        """The menu of ``item``'s call: call back, and listen and rate (disabled, saying why)."""
        menu = QMenu(self)
        menu.setObjectName("history_menu")
        menu.setToolTipsVisible(True)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        number = str(item.data(0, NUMBER_ROLE) or "")
        call_back = menu.addAction(self.tr("Call back"))
        call_back.setEnabled(bool(number))
        call_back.triggered.connect(lambda: self.call_back_requested.emit(number))
        self._update_listen(item)
        menu.addAction(self.listen_action)
        return menu

    def _show_quality(self, item: QTreeWidgetItem, row: Any) -> None:
        """The call's mean estimated MOS, with jitter, loss and round trip in the tooltip."""
        mos = getattr(row, "mos", None)
        if mos is None:
            return
        item.setText(QUALITY_COLUMN, quality_number(float(mos)))
        item.setToolTip(QUALITY_COLUMN, quality_details(row))
        if float(mos) < POOR_MOS:
            item.setForeground(QUALITY_COLUMN, QBrush(QColor("#c53030")))

    def _on_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        number = str(item.data(0, NUMBER_ROLE) or "")
        if number:
            self.call_back_requested.emit(number)
