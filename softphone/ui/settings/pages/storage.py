"""Settings page: where the local database (customers, orders, call history, outbox) is kept."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from softphone.settings.schema import Store
from softphone.ui.settings import checks
from softphone.ui.settings.page import SettingsPage


class StoragePage(SettingsPage):
    page_id = "storage"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.add_field(
            Store.path,
            self.tr("Database file"),
            hint=self.tr("Empty: the per-user data folder. Takes effect after a restart."),
            check=checks.absolute_path,
        )

    def title(self) -> str:
        return self.tr("Storage")
