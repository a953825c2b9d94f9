"""The base of a settings page: a form of setting editors with ``load``, ``validate`` and ``save``.

Each page lives in its own module under ``pages/`` and declares its rows in ``__init__`` with
``add_field``; a page with more than settings (the SIP password) extends ``load`` and ``save``.
"""

from __future__ import annotations

from typing import Any, ClassVar, Unpack

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from softphone.settings.layered import Settings
from softphone.settings.schema import Setting
from softphone.ui.settings.fields import FieldEditor, FieldOptions


class SettingsPage(QWidget):
    """One area of the settings dialog."""

    page_id: ClassVar[str]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fields: dict[Setting[Any], FieldEditor] = {}
        self.form = QFormLayout()
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setVisible(False)
        self.column = QVBoxLayout(self)
        self.column.addLayout(self.form)
        self.column.addWidget(self.note)
        self.column.addStretch(1)

    def title(self) -> str:
        raise NotImplementedError

    def add_field(self, spec: Setting[Any], label: str, **options: Unpack[FieldOptions]) -> FieldEditor:
        editor = FieldEditor(spec, label, **options)
        self.fields[spec] = editor
        self.form.addRow(editor.row_label, editor.row)
        return editor

    def load(self, settings: Settings) -> None:
        for editor in self.fields.values():
            editor.load(settings)
        if any(editor.locked for editor in self.fields.values()):
            self.note.setText(self.tr("Greyed-out settings are set by your administrator."))
            self.note.setVisible(True)

    def validate(self) -> bool:
        """Check every field (so every problem is shown at once); True when all are fine."""
        results = [editor.validate() for editor in self.fields.values()]
        return all(results)

    def save(self, settings: Settings) -> set[Setting[Any]]:
        """Write the changed values into ``settings`` (not yet to disk); returns what changed."""
        return {spec for spec, editor in self.fields.items() if editor.save(settings)}
