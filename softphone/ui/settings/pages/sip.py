"""Settings page: the operator's SIP account (extension, server, password) and registration.

A password typed here is handed to the composition root (``typed_password``), which tries it and
saves it in the OS keyring only once the registrar accepted it; with no keyring the page says so
and the password is kept for this session only.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from softphone.settings.layered import Settings
from softphone.settings.schema import Setting, Sip
from softphone.settings.secrets import SecretStore
from softphone.sip.events import Transport
from softphone.ui.settings import checks
from softphone.ui.settings.page import SettingsPage

log = logging.getLogger(__name__)


class SipPage(SettingsPage):
    page_id = "sip"

    def __init__(self, secrets: SecretStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._secrets = secrets
        self.typed_password = ""  # handed over on save; never written to the keyring from here
        self.username = self.add_field(Sip.username, self.tr("Extension"), check=checks.user_name)
        self.domain = self.add_field(Sip.domain, self.tr("Server"), check=checks.host_name)
        self.password = QLineEdit()
        self.password.setObjectName("sip.password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("unchanged"))
        self.form.addRow(self.tr("Password"), self.password)
        self.add_field(Sip.port, self.tr("Port"))
        self.add_field(
            Sip.transport,
            self.tr("Transport"),
            choice_labels={Transport.UDP: "UDP", Transport.TCP: "TCP", Transport.TLS: "TLS"},
        )
        self.add_field(
            Sip.auth_username,
            self.tr("Authentication user"),
            hint=self.tr("Empty: the extension."),
            check=checks.user_name,
        )
        self.add_field(Sip.display_name, self.tr("Display name"))
        self.add_field(
            Sip.register,
            self.tr("Register with the server"),
            hint=self.tr("Off: direct calls by IP address only."),
        )
        self.add_field(Sip.register_expires_s, self.tr("Registration lifetime (seconds)"))
        self.add_field(Sip.retry_max_s, self.tr("Longest wait between registration retries (seconds)"))
        self.add_field(Sip.auto_answer, self.tr("Auto-answer dialer calls that ask for it"))
        self.keyring_note = QLabel()
        self.keyring_note.setWordWrap(True)
        self.column.insertWidget(self.column.count() - 1, self.keyring_note)  # above the stretch

    def title(self) -> str:
        return self.tr("SIP account")

    def load(self, settings: Settings) -> None:
        super().load(settings)
        self.password.clear()
        self.typed_password = ""
        available = self._secrets.keyring_available()
        self.keyring_note.setVisible(not available)
        if not available:
            self.keyring_note.setText(
                self.tr("No system keyring is available: the password is kept for this session only.")
            )

    def validate(self) -> bool:
        fine = super().validate()
        if self.username.raw_value() and not self.domain.raw_value() and not self.domain.locked:
            self.domain.show_error(self.tr("Enter the server for this extension."))
            return False
        return fine

    def save(self, settings: Settings) -> set[Setting[Any]]:
        changed = super().save(settings)
        self.typed_password = self.password.text()
        self.password.clear()
        return changed
