"""Settings page: the central CRM's address, TLS certificate and timing."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from softphone.settings.schema import Crm
from softphone.ui.settings import checks
from softphone.ui.settings.page import SettingsPage


class CrmPage(SettingsPage):
    page_id = "crm"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        restart = self.tr("Takes effect after a restart.")
        self.add_field(
            Crm.base_url,
            self.tr("CRM address"),
            hint=self.tr("Empty: the built-in CRM on this computer.") + " " + restart,
            check=checks.http_url,
        )
        self.add_field(
            Crm.ca_file,
            self.tr("CA certificate file"),
            hint=self.tr("Empty: the system's certificates.") + " " + restart,
            check=checks.existing_file,
        )
        self.add_field(Crm.sync_interval_s, self.tr("Sync every (seconds)"), hint=restart)
        self.add_field(Crm.timeout_s, self.tr("Request timeout (seconds)"), hint=restart)
        self.add_field(
            Crm.auth_retry_s,
            self.tr("When the CRM refuses the token, check again every (seconds)"),
            hint=restart,
        )

    def title(self) -> str:
        return self.tr("CRM")
