"""The settings dialog: a list of areas on the left, that area's page on the right.

Every declared setting is on exactly one page (``tests/gui/test_settings_dialog.py`` holds the
dialog to that). OK validates every page, shows problems under their fields and opens the first
page with one; otherwise it writes the user file and emits ``settings_saved`` with the settings
that changed, and ``sip_account_changed`` when the account (or its password) changed, so the
composition root can re-configure what is live.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from softphone.settings.layered import Settings, SettingsError
from softphone.settings.schema import Setting
from softphone.settings.secrets import SecretStore
from softphone.ui.settings.fields import FieldEditor
from softphone.ui.settings.page import SettingsPage
from softphone.ui.settings.pages.agent import AgentPage
from softphone.ui.settings.pages.audio import AudioPage
from softphone.ui.settings.pages.crm import CrmPage
from softphone.ui.settings.pages.headset import HeadsetPage
from softphone.ui.settings.pages.interface import InterfacePage
from softphone.ui.settings.pages.network_media import NetworkMediaPage
from softphone.ui.settings.pages.recording import RecordingPage
from softphone.ui.settings.pages.sip import SipPage
from softphone.ui.settings.pages.storage import StoragePage

if TYPE_CHECKING:
    from softphone.ui.audio.controller import AudioController


class SettingsDialog(QDialog):
    """Edits every setting the user may change; locked ones are shown greyed."""

    settings_saved = Signal(object)  # frozenset[Setting[Any]]: what changed
    sip_account_changed = Signal(str)  # the password typed on the SIP page ("" when unchanged)

    def __init__(
        self,
        settings: Settings,
        secrets: SecretStore,
        parent: QWidget | None = None,
        audio: AudioController | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self.setWindowTitle(self.tr("Settings"))
        self.sip_page = SipPage(secrets)
        self.pages: list[SettingsPage] = [
            self.sip_page,
            NetworkMediaPage(),
            CrmPage(),
            InterfacePage(),
            AudioPage(audio),
            HeadsetPage(),
            AgentPage(),
            RecordingPage(),
            StoragePage(),
        ]
        self.page_list = QListWidget()
        self.page_list.setObjectName("settingsPages")
        self.stack = QStackedWidget()
        for page in self.pages:
            self.page_list.addItem(page.title())
            self.stack.addWidget(page)
            page.load(settings)
        self.page_list.setFixedWidth(self.page_list.sizeHintForColumn(0) + 24)
        self.page_list.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.page_list.setCurrentRow(0)
        self.message = QLabel()
        self.message.setObjectName("settingsMessage")
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        standard = QDialogButtonBox.StandardButton
        buttons = QDialogButtonBox(standard.Ok | standard.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        body = QHBoxLayout()
        body.addWidget(self.page_list)
        body.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def show_page(self, page_id: str) -> None:
        for row, page in enumerate(self.pages):
            if page.page_id == page_id:
                self.page_list.setCurrentRow(row)

    def current_page(self) -> SettingsPage:
        return self.pages[self.stack.currentIndex()]

    def field(self, spec: Setting[Any]) -> FieldEditor | None:
        """The editor of ``spec`` on whichever page holds it."""
        for page in self.pages:
            if spec in page.fields:
                return page.fields[spec]
        return None

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def accept(self) -> None:
        invalid = [page for page in self.pages if not page.validate()]
        if invalid:
            self.show_page(invalid[0].page_id)
            self._say(self.tr("Some values need fixing; see the marked fields."))
            return
        changed: set[Setting[Any]] = set()
        try:
            for page in self.pages:
                changed |= page.save(self._settings)
            if changed:
                self._settings.save()
        except (SettingsError, OSError) as exc:
            self._say(self.tr("Cannot save the settings: {0}").format(exc))
            return
        self._say("")
        self.settings_saved.emit(frozenset(changed))
        if self.sip_page.typed_password or any(spec.section == "sip" for spec in changed):
            self.sip_account_changed.emit(self.sip_page.typed_password)
        super().accept()
