"""A phone keypad (1-9, *, 0, #): 4x3 in the dialer; two rows of six in a call line's DTMF pad,
so opening it during a call adds one short strip to the card rather than four rows."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QSizePolicy, QWidget

KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#")
LETTERS = {"2": "ABC", "3": "DEF", "4": "GHI", "5": "JKL", "6": "MNO", "7": "PQRS", "8": "TUV", "9": "WXYZ"}


class Keypad(QWidget):
    digit_pressed = Signal(str)

    def __init__(self, parent: QWidget | None = None, compact: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("keypad")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(4 if compact else 6)
        self.buttons: dict[str, QPushButton] = {}
        for index, key in enumerate(KEYS):
            letters = LETTERS.get(key, "")
            text = key if compact or not letters else f"{key}\n{letters}"
            button = QPushButton(text, self)
            button.setObjectName(f"key_{key}")
            button.setProperty("keypad", True)
            # Keypad buttons never take focus: digits typed on the keyboard must keep going where they were.
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setMinimumSize(36 if compact else 56, 28 if compact else 44)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setFixedHeight(30 if compact else 52)
            button.clicked.connect(lambda _checked=False, k=key: self.digit_pressed.emit(k))
            columns = 6 if compact else 3
            grid.addWidget(button, index // columns, index % columns)
            self.buttons[key] = button
