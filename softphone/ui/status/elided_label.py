"""A one-line label that never widens its window: a long text is cut with "…" to the room it gets.

``text()`` stays the whole text, which is also the tooltip while it is cut (unless a tooltip of
its own is set); ``shown_text()`` is what is painted.
Used by the status indicators, whose texts come from servers (registration reasons, CRM messages)
and can be any length.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

MAX_NATURAL_WIDTH = 420  # what the label asks for at most; it gets less when the window is narrow
MIN_WIDTH = 60


class ElidedLabel(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self._own_tooltip = False
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(False)

    def setText(self, text: str) -> None:
        self._full = text
        if not self._own_tooltip:
            super().setToolTip(text if self._elided(self.width()) != text else "")
        self._render()
        self.updateGeometry()

    def text(self) -> str:
        """The whole text, as set (what is painted may be cut: ``shown_text``)."""
        return self._full

    def shown_text(self) -> str:
        return super().text()

    def setToolTip(self, tip: str) -> None:
        self._own_tooltip = bool(tip)
        super().setToolTip(tip)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        natural = QFontMetrics(self.font()).horizontalAdvance(self._full) + 4
        return QSize(min(natural, MAX_NATURAL_WIDTH), hint.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(min(MIN_WIDTH, self.sizeHint().width()), super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._render()
        if not self._own_tooltip:
            super().setToolTip(self._full if self._elided(self.width()) != self._full else "")

    def _elided(self, width: int) -> str:
        return QFontMetrics(self.font()).elidedText(self._full, Qt.TextElideMode.ElideRight, max(0, width))

    def _render(self) -> None:
        super().setText(self._elided(self.width()))
