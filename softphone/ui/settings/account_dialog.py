"""SIP account dialog: the operator's extension, server and password.

Fields locked by the machine-wide policy are shown read-only with the reason. The password
goes to the OS keyring; with no keyring the dialog says so and keeps it for this session only.
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from softphone.settings.layered import Settings, SettingsError
from softphone.settings.secrets import KeyringUnavailable, SecretStore

log = logging.getLogger(__name__)


class AccountDialog(QDialog):
    """Edits the ``sip.*`` settings that an operator may change, plus the password."""

    def __init__(self, settings: Settings, secrets: SecretStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._secrets = secrets
        self.setWindowTitle(self.tr("SIP account"))
        self.username = QLineEdit(settings["sip.username"])
        self.domain = QLineEdit(settings["sip.domain"])
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(settings["sip.port"])
        self.transport = QComboBox()
        self.transport.addItems(["udp", "tcp", "tls"])
        self.transport.setCurrentText(settings["sip.transport"])
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("unchanged"))
        self.auto_answer = QCheckBox(self.tr("Auto-answer dialer calls that ask for it"))
        self.auto_answer.setChecked(settings["sip.auto_answer"])
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("accountMessage")

        form = QFormLayout()
        form.addRow(self.tr("Extension"), self.username)
        form.addRow(self.tr("Server"), self.domain)
        form.addRow(self.tr("Port"), self.port)
        form.addRow(self.tr("Transport"), self.transport)
        form.addRow(self.tr("Password"), self.password)
        form.addRow("", self.auto_answer)
        self._fields: dict[str, QWidget] = {
            "sip.username": self.username,
            "sip.domain": self.domain,
            "sip.port": self.port,
            "sip.transport": self.transport,
            "sip.auto_answer": self.auto_answer,
        }
        for key, widget in self._fields.items():
            if settings.is_locked(key):
                widget.setEnabled(False)
                widget.setToolTip(self.tr("Set by your administrator"))
        if not secrets.keyring_available():
            self.message.setText(
                self.tr("No system keyring is available: the password is kept for this session only.")
            )
        standard = QDialogButtonBox.StandardButton
        buttons = QDialogButtonBox(standard.Ok | standard.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def accept(self) -> None:
        values = {
            "sip.username": self.username.text().strip(),
            "sip.domain": self.domain.text().strip(),
            "sip.port": self.port.value(),
            "sip.transport": self.transport.currentText(),
            "sip.auto_answer": self.auto_answer.isChecked(),
        }
        try:
            for key, value in values.items():
                if not self._settings.is_locked(key) and value != self._settings[key]:
                    self._settings.set(key, value)
            self._settings.save()
        except (SettingsError, OSError) as exc:
            self.message.setText(self.tr("Cannot save the settings: {0}").format(exc))
            return
        secret = self.password.text()
        if secret:
            key = SecretStore.sip_key(values["sip.username"], values["sip.domain"])
            try:
                self._secrets.put(key, secret)
            except KeyringUnavailable as exc:
                log.warning("password kept for this session only: %s", exc)
                self._secrets.remember_for_session(key, secret)
        super().accept()
