"""The dialer: number field with live normalisation, keypad, call and redial buttons.

The field accepts anything a person pastes ("+7 (495) 123-45-67", "8 495 1234567",
"tel:+74951234567", an extension or a SIP URI); the line under it shows how the number will be
dialled (readable form and E.164) or why it cannot be. ``dial_requested`` carries a ``DialTarget``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from softphone.ui import shortcuts
from softphone.ui.calls.keypad import Keypad
from softphone.ui.calls.phone_input import (
    DEFAULT_REGION,
    MAX_INPUT_CHARS,
    DialTarget,
    NumberInput,
    NumberProblem,
    TargetKind,
    read_number,
    strip_scheme,
)


class DialerWidget(QWidget):
    dial_requested = Signal(object)  # DialTarget

    def __init__(self, parent: QWidget | None = None, region: str = DEFAULT_REGION) -> None:
        super().__init__(parent)
        self.region = region
        self.last_dialled: DialTarget | None = None
        self._input = NumberInput(None, NumberProblem.EMPTY)

        self.number_edit = QLineEdit(self)
        self.number_edit.setObjectName("number_edit")
        self.number_edit.setPlaceholderText(self.tr("Number or extension"))
        self.number_edit.setClearButtonEnabled(True)
        self.number_edit.setMaxLength(MAX_INPUT_CHARS)
        self.number_edit.setToolTip(self.tr("Paste a number in any format; press Return to call"))
        self.number_edit.textChanged.connect(self._on_text_changed)
        self.number_edit.returnPressed.connect(self.dial)

        self.preview = QLabel(self)
        self.preview.setObjectName("number_preview")
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview.setMinimumHeight(18)

        self.keypad = Keypad(self)
        self.keypad.digit_pressed.connect(self._on_digit)

        self.call_button = QPushButton(self.tr("Call"), self)
        self.call_button.setObjectName("call_button")
        self.call_button.setProperty("role", "accept")
        self.call_button.setToolTip(shortcuts.tooltip("dial", self.tr("Call")))
        self.call_button.clicked.connect(self.dial)

        self.redial_button = QPushButton(self.tr("Redial"), self)
        self.redial_button.setObjectName("redial_button")
        self.redial_button.setToolTip(shortcuts.tooltip("redial", self.tr("Redial the last number")))
        self.redial_button.clicked.connect(self.redial)
        self.redial_button.setEnabled(False)

        for button in (self.call_button, self.redial_button):
            button.setMinimumHeight(40)
        buttons = QHBoxLayout()
        buttons.addWidget(self.redial_button, 1)
        buttons.addWidget(self.call_button, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.number_edit)
        layout.addWidget(self.preview)
        layout.addSpacing(6)
        layout.addWidget(self.keypad)
        layout.addSpacing(6)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self._on_text_changed("")

    # ---- state ----------------------------------------------------------------------------------
    @property
    def current_input(self) -> NumberInput:
        return self._input

    def set_region(self, region: str) -> None:
        self.region = region
        self._on_text_changed(self.number_edit.text())

    def set_last_dialled(self, target: DialTarget | None) -> None:
        """Seed redial, e.g. from the newest outbound call in history at start-up."""
        self.last_dialled = target
        self.redial_button.setEnabled(target is not None)
        if target is not None:
            self.redial_button.setToolTip(
                shortcuts.tooltip("redial", self.tr("Redial %1").replace("%1", target.display))
            )

    def _on_text_changed(self, text: str) -> None:
        stripped = strip_scheme(text)
        if stripped != text.strip() and text.lower().startswith(("tel:", "callto:")):
            # A pasted tel: URI becomes the plain number so what the operator sees is what is dialled.
            self.number_edit.setText(stripped)
            return
        self._input = read_number(text, self.region)
        self.call_button.setEnabled(self._input.target is not None)
        self.preview.setProperty("problem", self._input.problem is not None and bool(text.strip()))
        self.preview.setText(self._preview_text(self._input, text))
        self.preview.style().unpolish(self.preview)
        self.preview.style().polish(self.preview)

    def _preview_text(self, result: NumberInput, text: str) -> str:
        target = result.target
        if target is not None:
            if target.kind == TargetKind.PHONE:
                return f"{target.display}  ·  {target.target}"
            if target.kind == TargetKind.EXTENSION:
                return self.tr("Extension %1").replace("%1", target.target)
            return self.tr("SIP address %1").replace("%1", target.target)
        if not text.strip() or result.problem == NumberProblem.EMPTY:
            return ""
        if result.problem == NumberProblem.BAD_CHARACTERS:
            return self.tr("Only digits, spaces, + ( ) - are allowed in a phone number")
        if result.problem == NumberProblem.TOO_LONG:
            return self.tr("The number is too long")
        return self.tr("Not a valid phone number")

    # ---- actions --------------------------------------------------------------------------------
    def _on_digit(self, digit: str) -> None:
        self.number_edit.insert(digit)

    def dial(self) -> None:
        target = self._input.target
        if target is None:
            self.number_edit.setFocus()
            return
        self.set_last_dialled(target)
        self.dial_requested.emit(target)
        self.number_edit.clear()

    def redial(self) -> None:
        if self.last_dialled is not None:
            self.dial_requested.emit(self.last_dialled)

    def focus_number(self) -> None:
        self.number_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.number_edit.selectAll()
