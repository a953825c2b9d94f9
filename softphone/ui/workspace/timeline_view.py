"""The customer's timeline: calls (with duration and result), e-mail, chat, messengers, notes and
order events, newest first; what is not in the CRM yet says so."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from softphone.store.customer_details import TimelineEntry
from softphone.ui.i18n import short_date_time
from softphone.ui.workspace.texts import timeline_details, timeline_what, when


class TimelineView(QTreeWidget):
    review_requested = Signal(int)  # an interaction's local id: a logged call, double-clicked or Enter

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timeline_view")
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setHeaderLabels([self.tr("When"), self.tr("What"), self.tr("Details")])
        header = self.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.entries: tuple[TimelineEntry, ...] = ()
        self.itemActivated.connect(self._on_activated)

    def _on_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        interaction_id = item.data(0, Qt.ItemDataRole.UserRole)
        if isinstance(interaction_id, int):
            self.review_requested.emit(interaction_id)

    def set_entries(self, entries: tuple[TimelineEntry, ...]) -> None:
        if entries == self.entries:
            return
        self.entries = entries
        self.clear()
        items = []
        for entry in entries:
            details = timeline_details(entry)
            what = timeline_what(entry)
            if entry.recorded:
                what = "🎧 " + what
            item = QTreeWidgetItem([when(entry.at), what, details])
            if entry.channel == "call" and entry.interaction_id is not None:
                item.setData(0, Qt.ItemDataRole.UserRole, entry.interaction_id)
                item.setToolTip(1, self.tr("Double-click to review this call"))
            item.setToolTip(2, details)
            item.setToolTip(0, short_date_time(entry.at))
            items.append(item)
        self.addTopLevelItems(items)
