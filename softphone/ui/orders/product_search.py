"""Product search of the order editor: a field and the hits under it (name, price, stock, the supplier's
lead time; the SKU, stock per warehouse and the supplier in each hit's tooltip). Each keystroke asks
the store worker (indexed search, ``store.order_editing.search_products``); answers to older
keystrokes are dropped.
Enter or a double click adds the current hit to the order; Down moves from the field to the hits."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLineEdit, QTableView, QVBoxLayout, QWidget

from softphone.store.db import Store
from softphone.store.jobs import JobRunner
from softphone.store.order_editing import ProductHit, search_products
from softphone.ui.gui_thread import assert_gui_thread
from softphone.ui.workspace.texts import money

Index = QModelIndex | QPersistentModelIndex


class HitsModel(QAbstractTableModel):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.hits: tuple[ProductHit, ...] = ()
        self._headers = [
            self.tr("Product"),
            self.tr("Price"),
            self.tr("In stock"),
        ]

    def set_hits(self, hits: tuple[ProductHit, ...]) -> None:
        self.beginResetModel()
        self.hits = hits
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.hits)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        hit = self.hits[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return hit.name
            if column == 1:
                return money(hit.price)
            if hit.in_stock or hit.supplier is None:
                return str(hit.in_stock)
            return f"0 · {self._lead_time(hit)}"  # none here: when the supplier can bring it
        if role == Qt.ItemDataRole.ToolTipRole:
            stock = "\n".join(f"{level.warehouse}: {level.qty}" for level in hit.stock) or self.tr("no stock")
            return f"{hit.name}\n{self.tr('SKU')} {hit.sku}\n{stock}\n{self._supplier(hit)}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (1, 2):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _lead_time(self, hit: ProductHit) -> str:
        """Short, for the column: the supplier's lead time, or that it has none to give."""
        if hit.supplier is None:
            return "—"
        if not hit.supplier_available:
            return self.tr("no supplier")
        return self.tr("%1 d.").replace("%1", str(hit.lead_time_days or 0))

    def _supplier(self, hit: ProductHit) -> str:
        if hit.supplier is None:
            return "—"
        if not hit.supplier_available:
            return self.tr("%1: unavailable").replace("%1", hit.supplier)
        return self.tr("%1: %2 d.").replace("%1", hit.supplier).replace("%2", str(hit.lead_time_days or 0))


class SearchField(QLineEdit):
    down_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.down_pressed.emit()
            return
        super().keyPressEvent(event)


class ProductSearch(QWidget):
    picked = Signal(object)  # ProductHit
    results_shown = Signal(str)  # the text whose hits are now on screen (the benchmark waits for it)

    def __init__(self, store: Store, jobs: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("product_search")
        self._store, self._jobs = store, jobs
        self._asked = 0
        self.field = SearchField(self)
        self.field.setObjectName("product_search_field")
        self.field.setPlaceholderText(self.tr("Find a product by name or SKU…"))
        self.field.setClearButtonEnabled(True)
        self.model = HitsModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("product_hits")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.field)
        layout.addWidget(self.table, 1)
        self.field.textChanged.connect(self.search)
        self.field.returnPressed.connect(self._pick_current)
        self.field.down_pressed.connect(self._to_hits)
        self.table.activated.connect(lambda _index: self._pick_current())

    def search(self, text: str) -> None:
        assert_gui_thread()
        self._asked += 1
        asked = self._asked
        store = self._store

        def find() -> tuple[ProductHit, ...]:
            if asked != self._asked:  # a newer keystroke is queued behind this one
                return ()
            with store.read_session() as session:
                return search_products(session, text)

        self._jobs.submit(find, self._answer(asked, text), what="product search")

    def _answer(self, asked: int, text: str) -> Callable[[tuple[ProductHit, ...]], None]:
        def shown(hits: tuple[ProductHit, ...]) -> None:
            if asked != self._asked:
                return
            self.model.set_hits(hits)
            if hits:
                self.table.selectRow(0)
            self.table.viewport().repaint()
            self.results_shown.emit(text)

        return shown

    def _to_hits(self) -> None:
        if self.model.hits:
            self.table.setFocus()
            self.table.selectRow(max(0, self.table.currentIndex().row()))

    def _pick_current(self) -> None:
        row = self.table.currentIndex().row()
        if 0 <= row < len(self.model.hits):
            self.picked.emit(self.model.hits[row])
            self.field.setFocus()
            self.field.selectAll()
