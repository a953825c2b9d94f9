"""One editor per declared setting: the input widget chosen by the setting's type, a hint and an
inline error line; a key locked by the machine-wide file is shown disabled with the reason.

Booleans get a check box, whole numbers and numbers a spin box within the declared limits,
choices (enums) a combo box, lists a comma-separated line, strings a line edit. The input
widget's object name is the setting's key, so tests and style sheets can find it.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any, TypedDict, Unpack

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from softphone.settings.layered import Settings
from softphone.settings.schema import Setting

Check = Callable[[Any], str | None]
"""Extra validation: returns a (translated) problem, or None when the value is fine."""

_INT_LIMIT = 2**31 - 1


class FieldOptions(TypedDict, total=False):
    hint: str  # secondary text under the field
    choice_labels: dict[str, str]  # how each choice of an enum setting is shown
    check: Check  # validation beyond the type


class FieldEditor:
    """Edits one setting; ``load`` fills it from the settings, ``save`` writes a changed value back."""

    def __init__(self, spec: Setting[Any], label: str, **options: Unpack[FieldOptions]) -> None:
        self.spec = spec
        self.label = label
        self._check = options.get("check")
        hint = options.get("hint", "")
        self.input = self._make_input(options.get("choice_labels", {}))
        self.input.setObjectName(spec.key)
        self.input.setToolTip(spec.description)
        self.hint = QLabel(hint)
        self.hint.setWordWrap(True)
        self.hint.setEnabled(False)  # greyed: secondary text
        self.hint.setVisible(bool(hint))
        self._plain_hint = hint
        self.error = QLabel()
        self.error.setObjectName(f"{spec.key}.error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.setVisible(False)
        self.row = QWidget()
        column = QVBoxLayout(self.row)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        for widget in (self.input, self.hint, self.error):
            column.addWidget(widget)
        self.locked = False

    def _make_input(self, choice_labels: dict[str, str]) -> QWidget:
        kind, spec = self.spec.type, self.spec
        if kind is bool:
            return QCheckBox(self.label)
        if kind is int:
            spin = QSpinBox()
            spin.setRange(
                int(spec.minimum if spec.minimum is not None else -_INT_LIMIT),
                int(spec.maximum if spec.maximum is not None else _INT_LIMIT),
            )
            return spin
        if kind is float:
            box = QDoubleSpinBox()
            box.setDecimals(1)
            box.setRange(
                spec.minimum if spec.minimum is not None else 0.0,
                spec.maximum if spec.maximum is not None else 1e9,
            )
            return box
        if issubclass(kind, enum.Enum):
            combo = QComboBox()
            for choice in spec.choices:
                combo.addItem(choice_labels.get(choice, choice), choice)
            return combo
        return QLineEdit()

    @property
    def row_label(self) -> str:
        """The form's label for this row (a check box carries its own)."""
        return "" if self.spec.type is bool else self.label

    def set_value(self, value: Any) -> None:
        widget = self.input
        if isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, QSpinBox | QDoubleSpinBox):
            widget.setValue(value)
        elif isinstance(widget, QComboBox):
            widget.setCurrentIndex(max(0, widget.findData(self.spec.to_toml(value))))
        elif isinstance(widget, QLineEdit):
            widget.setText(", ".join(value) if isinstance(value, tuple) else str(value))

    def raw_value(self) -> Any:
        """What the widget holds, before validation."""
        widget = self.input
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, QSpinBox | QDoubleSpinBox):
            return widget.value()
        if isinstance(widget, QComboBox):
            return widget.currentData()
        assert isinstance(widget, QLineEdit)
        text = widget.text().strip()
        if self.spec.type is tuple:
            return [part.strip() for part in text.split(",") if part.strip()]
        return text

    def load(self, settings: Settings) -> None:
        self.set_value(settings.value(self.spec))
        self.locked = settings.is_locked(self.spec)
        self.input.setEnabled(not self.locked)
        if self.locked:
            note = QCoreApplication.translate("SettingField", "Set by your administrator")
            self.input.setToolTip(note)
            self.hint.setText(note)
            self.hint.setVisible(True)
        else:
            self.input.setToolTip(self.spec.description)
            self.hint.setText(self._plain_hint)
            self.hint.setVisible(bool(self._plain_hint))
        self.show_error(None)

    def show_error(self, problem: str | None) -> None:
        self.error.setText(problem or "")
        self.error.setVisible(bool(problem))

    def validate(self) -> bool:
        """Check the widget's value; show the problem under it. Locked fields are not checked."""
        if self.locked:
            return True
        try:
            value = self.spec.coerce(self.raw_value())
        except ValueError as exc:
            self.show_error(str(exc))
            return False
        problem = self._check(value) if self._check else None
        self.show_error(problem)
        return problem is None

    def save(self, settings: Settings) -> bool:
        """Write the value if the user changed it; True when it changed. Call ``validate`` first."""
        if self.locked:
            return False
        value = self.spec.coerce(self.raw_value())
        if value == settings.value(self.spec):
            return False
        settings.set(self.spec, value)
        return True
