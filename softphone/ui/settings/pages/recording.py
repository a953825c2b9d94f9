"""Settings page: call recording (IT may lock it) and how long recordings are kept."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from softphone.settings.schema import Recording
from softphone.ui.settings.page import SettingsPage


class RecordingPage(SettingsPage):
    page_id = "recording"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.add_field(
            Recording.enabled,
            self.tr("Record calls"),
            hint=self.tr(
                "Both sides of a call are recorded while its shop allows it; the call line shows "
                "when a call is being recorded."
            ),
        )
        self.add_field(Recording.retention_days, self.tr("Keep recordings for (days)"))

    def title(self) -> str:
        return self.tr("Recording")
