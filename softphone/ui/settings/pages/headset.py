"""Settings page: call control with a USB headset's buttons and lights."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from softphone.settings.schema import Headset
from softphone.ui.settings.page import SettingsPage


class HeadsetPage(SettingsPage):
    page_id = "headset"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.add_field(
            Headset.enabled,
            self.tr("Control calls with the headset's buttons"),
            hint=self.tr(
                "Jabra, Poly, EPOS and other USB headsets with call buttons: answer, hang up, mute "
                "and hold from the headset; its lights show ringing, the call, mute and hold."
            ),
        )

    def title(self) -> str:
        return self.tr("Headset")
