"""The strip of unsaved work above the customer panel: "Back to <what> (unsaved)" buttons.

When a call's screen-pop takes the panel from a form the operator was filling (or the order editor
holds changes not saved), the work is kept and offered here, one button per piece, newest last.
``offer`` adds or relabels one (by key), ``withdraw`` removes it once it is reopened, saved or given
up; ``restore_latest`` reopens the newest (the window's shortcut). The strip hides when empty.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from softphone.ui import shortcuts


class DraftBar(QWidget):
    changed = Signal()  # an entry was offered or withdrawn

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("draft_bar")
        self.buttons: dict[str, QPushButton] = {}
        self._restore: dict[str, Callable[[], None]] = {}
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(0, 0, 0, 4)
        self._row.setSpacing(6)
        self.note = QLabel(self.tr("Not saved:"), self)
        self.note.setObjectName("draft_note")
        self._row.addWidget(self.note)
        self._row.addStretch(1)
        self.setVisible(False)

    def offer(self, key: str, what: str, restore: Callable[[], None]) -> None:
        """Offer ``what`` ("new customer «Ivan»", "order A-1024") to go back to."""
        text = self.tr("Back to %1 (unsaved)").replace("%1", what)
        button = self.buttons.get(key)
        if button is None:
            button = QPushButton(self)
            button.setObjectName(f"draft_{key}")
            button.setProperty("role", "accept")
            button.clicked.connect(lambda _checked=False, k=key: self.restore(k))
            self._row.insertWidget(self._row.count() - 1, button)
            self.buttons[key] = button
        button.setText(text)
        button.setToolTip(shortcuts.tooltip("back_to_draft", text))
        self._restore[key] = restore
        self.setVisible(True)
        self.changed.emit()

    def withdraw(self, key: str) -> None:
        button = self.buttons.pop(key, None)
        self._restore.pop(key, None)
        if button is not None:
            self._row.removeWidget(button)
            button.deleteLater()
            self.setVisible(bool(self.buttons))
            self.changed.emit()

    def keys(self) -> list[str]:
        return list(self.buttons)

    def text_of(self, key: str) -> str:
        button = self.buttons.get(key)
        return button.text() if button is not None else ""

    def restore(self, key: str) -> None:
        restore = self._restore.get(key)
        if restore is not None:
            restore()

    def restore_latest(self) -> bool:
        """Reopen the newest piece of unsaved work; False when there is none."""
        if not self.buttons:
            return False
        self.restore(list(self.buttons)[-1])
        return True
