"""The customer search box (Ctrl+F): phone, name, e-mail or order number; a hit opens the card.

Typing searches after a short pause, on the store worker (``store.customer_search``); the hits drop
down under the field inside the window (no popup window, nothing modal). Down/Up move through them,
Return opens the selected one (the first when none is selected), Escape closes the list.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QWidget

from softphone.store.customer_search import SearchHit, find_customers
from softphone.ui.calls.phone_input import DEFAULT_REGION
from softphone.ui.gui_thread import assert_gui_thread
from softphone.ui.workspace.texts import phone_text
from softphone.workspace.customer_loader import CustomerLoader

SEARCH_DELAY_MS = 200
MAX_HITS = 20


class CustomerSearch(QLineEdit):
    customer_picked = Signal(int)

    def __init__(
        self, loader: CustomerLoader | None, region: str = DEFAULT_REGION, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("customer_search")
        self.loader = loader
        self.region = region
        self.setPlaceholderText(self.tr("Customer: phone, name, e-mail, order (Ctrl+F)"))
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(220)
        self.setEnabled(loader is not None)
        self.hits: list[SearchHit] = []
        self._asked = 0  # searches started; an older answer than the newest is dropped
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search_now)
        self.textChanged.connect(lambda _text: self._timer.start())
        self.returnPressed.connect(self._pick_current)
        self.results: QListWidget | None = None
        self.installEventFilter(self)

    def focus_search(self) -> None:
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.selectAll()

    # ---- searching ------------------------------------------------------------------------------
    def search_now(self) -> None:
        text = self.text().strip()
        self._asked += 1
        if not text or self.loader is None:
            self._show([])
            return
        asked, loader, region = self._asked, self.loader, self.region

        def find() -> list[SearchHit]:
            with loader.store.read_session() as session:
                return find_customers(session, text, MAX_HITS, region)

        loader.jobs.submit(
            find, lambda hits: asked == self._asked and self._show(hits), what="customer search"
        )

    def _show(self, hits: list[SearchHit]) -> None:
        assert_gui_thread()
        self.hits = hits
        results = self._results()
        results.clear()
        if not hits and self.text().strip():
            item = QListWidgetItem(self.tr("No customer found"))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            results.addItem(item)
        for hit in hits:
            item = QListWidgetItem(self._describe(hit))
            item.setData(Qt.ItemDataRole.UserRole, hit.customer_id)
            results.addItem(item)
        if not self.text().strip():
            results.hide()
            return
        self._place(results)
        results.show()
        results.raise_()

    def _describe(self, hit: SearchHit) -> str:
        text = hit.name
        if hit.phone:
            text += f"  ·  {phone_text(hit.phone, self.region)}"
        if hit.matched_by == "email" and hit.email:
            text += f"  ·  {hit.email}"
        if hit.matched_by == "order" and hit.order_crm_id:
            text += "  ·  " + self.tr("order %1").replace("%1", hit.order_crm_id)
        return text

    def _results(self) -> QListWidget:
        if self.results is None:
            results = QListWidget(self.window())
            results.setObjectName("search_results")
            results.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # typing stays in the field
            results.itemClicked.connect(self._pick)
            self.results = results
        return self.results

    def _place(self, results: QListWidget) -> None:
        window = self.window()
        top_left = self.mapTo(window, QPoint(0, self.height() + 2))
        rows = max(1, min(results.count(), 8))
        height = rows * (results.sizeHintForRow(0) if results.count() else 24) + 8
        width = max(self.width(), 360)
        left = min(top_left.x(), max(0, window.width() - width - 8))
        results.setGeometry(left, top_left.y(), width, height)

    # ---- choosing -------------------------------------------------------------------------------
    def _pick(self, item: QListWidgetItem) -> None:
        customer_id = item.data(Qt.ItemDataRole.UserRole)
        if customer_id is None:
            return
        self.close_results()
        self.customer_picked.emit(int(customer_id))

    def _pick_current(self) -> None:
        self._timer.stop()
        results = self.results
        if results is None or not results.isVisible() or not self.hits:
            self.search_now()
            return
        item = results.currentItem() or results.item(0)
        if item is not None:
            self._pick(item)

    def close_results(self) -> None:
        if self.results is not None:
            self.results.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            results = self.results
            if event.key() == Qt.Key.Key_Escape and results is not None and results.isVisible():
                self.close_results()
                return True
            if (
                event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up)
                and results is not None
                and results.isVisible()
            ):
                step = 1 if event.key() == Qt.Key.Key_Down else -1
                row = max(0, min(results.count() - 1, results.currentRow() + step))
                results.setCurrentRow(row)
                return True
        if watched is self and event.type() == QEvent.Type.FocusOut:
            QTimer.singleShot(150, self, self._close_unless_focused)
        return super().eventFilter(watched, event)

    def _close_unless_focused(self) -> None:
        if not self.hasFocus():
            self.close_results()
