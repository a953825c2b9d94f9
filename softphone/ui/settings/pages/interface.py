"""Settings page: language, phone number region and incoming-call alerts."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from softphone.settings.schema import Language, Ui
from softphone.ui.settings import checks
from softphone.ui.settings.page import SettingsPage


class InterfacePage(SettingsPage):
    page_id = "interface"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        restart = self.tr("Takes effect after a restart.")
        self.add_field(
            Ui.language,
            self.tr("Language"),
            hint=restart,
            choice_labels={
                Language.AUTO: self.tr("As the system"),
                Language.RU: "Русский",
                Language.EN: "English",
            },
        )
        self.add_field(
            Ui.default_region,
            self.tr("Default country"),
            hint=self.tr("Two-letter code for numbers dialled without +country code.") + " " + restart,
            check=checks.region_code,
        )
        self.add_field(Ui.ringtone, self.tr("Ring for incoming calls"), hint=restart)
        self.add_field(
            Ui.tray_notifications, self.tr("Notify about incoming calls in the tray"), hint=restart
        )

    def title(self) -> str:
        return self.tr("Interface")
