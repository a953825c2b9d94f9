"""Settings page: the operator's work - what "not ready" does to incoming calls."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from softphone.settings.schema import Agent, NotReadyCalls
from softphone.ui.settings.page import SettingsPage


class AgentPage(SettingsPage):
    page_id = "agent"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.add_field(
            Agent.not_ready_calls,
            self.tr("Calls while not ready"),
            choice_labels={
                NotReadyCalls.BUSY.value: self.tr("Refuse with 486 Busy Here"),
                NotReadyCalls.DND.value: self.tr("Turn on Do not disturb"),
            },
            hint=self.tr("Also on a break; Ready takes calls again."),
        )

    def title(self) -> str:
        return self.tr("Work")
