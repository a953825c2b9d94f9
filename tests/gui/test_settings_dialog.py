"""The settings dialog: every declared setting on a page, locked keys greyed, inline validation,
saving to the user file and the keyring; and the start-up message box for a broken settings file."""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QCheckBox, QLineEdit, QMessageBox, QSpinBox, QWidget
from pytestqt.qtbot import QtBot

from softphone.settings.layered import Settings
from softphone.settings.schema import ALL_SETTINGS, Crm, Setting, Sip, Ui
from softphone.settings.secrets import SecretStore
from softphone.sip.events import Transport
from softphone.ui.settings.dialog import SettingsDialog
from tests.conftest import MemoryKeyring


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    return tmp_path / "machine.toml", tmp_path / "user.toml"


def open_dialog(qtbot: QtBot, machine: Path, user: Path) -> tuple[SettingsDialog, Settings]:
    settings = Settings(machine, user)
    dialog = SettingsDialog(settings, SecretStore())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog, settings


def test_every_declared_setting_has_a_widget_on_exactly_one_page(
    qtbot: QtBot, files: tuple[Path, Path]
) -> None:
    dialog, _ = open_dialog(qtbot, *files)
    for spec in ALL_SETTINGS:
        holders = [page.page_id for page in dialog.pages if spec in page.fields]
        assert len(holders) == 1, f"{spec.key} is on pages {holders}"
        widget = dialog.findChild(QWidget, spec.key)
        assert widget is not None, f"no widget for {spec.key}"
        assert widget is dialog.field(spec).input  # type: ignore[union-attr]
    titles = [dialog.page_list.item(row).text() for row in range(dialog.page_list.count())]
    assert titles == [
        "SIP account",
        "Network and media",
        "CRM",
        "Interface",
        "Sound",
        "Headset",
        "Work",
        "Recording",
        "Storage",
    ]


def test_pages_load_the_effective_values(qtbot: QtBot, files: tuple[Path, Path]) -> None:
    machine, user = files
    user.write_text('[sip]\nusername = "1001"\ndomain = "pbx.example"\ntransport = "tls"\nport = 5061\n')
    dialog, _ = open_dialog(qtbot, machine, user)
    assert dialog.findChild(QLineEdit, "sip.username").text() == "1001"
    assert dialog.findChild(QSpinBox, "sip.port").value() == 5061
    assert dialog.field(Sip.transport).raw_value() == "tls"  # type: ignore[union-attr]
    assert dialog.findChild(QCheckBox, "ui.ringtone").isChecked()


def test_saving_writes_changes_to_the_user_file_and_reports_them(
    qtbot: QtBot, files: tuple[Path, Path], memory_keyring: MemoryKeyring
) -> None:
    machine, user = files
    dialog, settings = open_dialog(qtbot, machine, user)
    dialog.findChild(QLineEdit, "sip.username").setText("1001")
    dialog.findChild(QLineEdit, "sip.domain").setText("pbx.example")
    dialog.findChild(QLineEdit, "sip.password").setText("s3cret")
    dialog.field(Sip.transport).set_value(Transport.TCP)  # type: ignore[union-attr]
    dialog.findChild(QLineEdit, "sip.stun_servers").setText("stun.example:3478, stun2.example")
    dialog.findChild(QCheckBox, "ui.ringtone").setChecked(False)
    saved: list[Any] = []
    account_changed: list[bool] = []
    dialog.settings_saved.connect(saved.append)
    dialog.sip_account_changed.connect(account_changed.append)
    dialog.accept()
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    assert saved == [frozenset({Sip.username, Sip.domain, Sip.transport, Sip.stun_servers, Ui.ringtone})]
    assert account_changed == ["s3cret"]  # handed to the SIP login, which saves it once the registrar accepts
    on_disk = tomllib.loads(user.read_text(encoding="utf-8"))
    assert on_disk == {
        "version": 2,
        "sip": {
            "username": "1001",
            "domain": "pbx.example",
            "transport": "tcp",
            "stun_servers": ["stun.example:3478", "stun2.example"],
        },
        "ui": {"ringtone": False},
    }
    assert settings.sip.transport is Transport.TCP
    assert "s3cret" not in user.read_text(encoding="utf-8")
    assert list(memory_keyring.secrets.values()) == []  # not before the registrar accepted it


def test_nothing_changed_writes_nothing(qtbot: QtBot, files: tuple[Path, Path]) -> None:
    dialog, _ = open_dialog(qtbot, *files)
    saved: list[Any] = []
    dialog.settings_saved.connect(saved.append)
    dialog.accept()
    assert saved == [frozenset()]
    assert not files[1].exists()


def test_locked_keys_are_greyed_with_the_reason(qtbot: QtBot, files: tuple[Path, Path]) -> None:
    machine, user = files
    machine.write_text('locked = ["sip.domain", "crm.base_url"]\n[sip]\ndomain = "pbx.corp"\n')
    dialog, settings = open_dialog(qtbot, machine, user)
    domain = dialog.findChild(QLineEdit, "sip.domain")
    assert domain.text() == "pbx.corp" and not domain.isEnabled()
    assert domain.toolTip() == "Set by your administrator"
    assert dialog.field(Sip.domain).hint.text() == "Set by your administrator"  # type: ignore[union-attr]
    assert not dialog.findChild(QLineEdit, "crm.base_url").isEnabled()
    assert dialog.findChild(QLineEdit, "sip.username").isEnabled()
    assert dialog.sip_page.note.isVisible()
    dialog.findChild(QLineEdit, "sip.username").setText("1001")
    dialog.accept()
    assert tomllib.loads(user.read_text())["sip"] == {"username": "1001"}
    assert settings.sip.domain == "pbx.corp"


@pytest.mark.parametrize(
    ("spec", "text", "problem", "fixed"),
    [
        (Sip.domain, "sip:pbx.example", "host name or address only", "pbx.example"),
        (Sip.stun_servers, "stun.example:99999", "host or host:port", "stun.example:3478"),
        (Sip.outbound_proxy, "proxy.example", "starting with sip:", "sip:proxy.example;lr"),
        (Crm.base_url, "crm.example", "https://", "https://crm.example/api"),
        (Ui.default_region, "rus", "two-letter country code", "KZ"),
    ],
)
def test_invalid_values_are_shown_under_their_field_and_nothing_is_saved(
    qtbot: QtBot, files: tuple[Path, Path], spec: Setting[Any], text: str, problem: str, fixed: str
) -> None:
    dialog, _ = open_dialog(qtbot, *files)
    dialog.show_page("storage")
    field = dialog.field(spec)
    assert isinstance(field.input, QLineEdit)  # type: ignore[union-attr]
    field.input.setText(text)  # type: ignore[union-attr]
    dialog.accept()
    assert dialog.isVisible()
    assert field.error.isVisible() and problem in field.error.text()  # type: ignore[union-attr]
    assert spec in dialog.current_page().fields  # the page with the problem is shown
    assert dialog.message.isVisible()
    assert not files[1].exists()
    field.input.setText(fixed)  # type: ignore[union-attr]
    dialog.accept()
    assert not field.error.isVisible()  # type: ignore[union-attr]
    assert not dialog.isVisible()
    assert fixed.split(":")[-1] in files[1].read_text()


def test_extension_without_server_is_refused(qtbot: QtBot, files: tuple[Path, Path]) -> None:
    dialog, _ = open_dialog(qtbot, *files)
    dialog.findChild(QLineEdit, "sip.username").setText("1001")
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.findChild(QWidget, "sip.domain.error").isVisible()


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        root.removeHandler(handler)
        if handler not in handlers:
            handler.close()
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)


def test_a_broken_settings_file_is_shown_in_a_dialog_at_start_up(
    qtbot: QtBot,
    qapp: QApplication,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    restore_logging: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from softphone.app import run
    from softphone.cli import build_parser

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("SOFTPHONE_MACHINE_CONFIG", str(tmp_path / "machine.toml"))
    broken = tmp_path / "broken.toml"
    broken.write_text('[sip]\nusername = "1001"\ntransport = "pigeon"\n')
    shown: list[tuple[str, str, str]] = []

    def close_box() -> None:
        box = qapp.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, close_box)
            return
        shown.append((box.windowTitle(), box.text(), box.informativeText()))
        box.accept()

    QTimer.singleShot(50, close_box)
    assert run(build_parser().parse_args(["--config", str(broken)])) == 2
    assert len(shown) == 1
    title, text, details = shown[0]
    assert title == "softphone cannot start"
    assert "settings file has an error" in text
    assert f"File: {broken}" in details
    assert "Line: 3" in details
    assert "sip.transport: 'pigeon' is not one of udp, tcp, tls" in details
    assert f"softphone: {broken}, line 3:" in capsys.readouterr().err


class ConfiguringEngine:
    def __init__(self) -> None:
        self.accounts: list[tuple[Any, str]] = []

    def configure_account(self, account: Any, password: str) -> None:
        self.accounts.append((account, password))


def test_the_account_button_path_reconfigures_the_engine_after_saving(
    qtbot: QtBot, files: tuple[Path, Path]
) -> None:
    from types import SimpleNamespace

    from softphone import wiring
    from softphone.parts import Parts
    from softphone.sip_login import SipLogin

    engine = ConfiguringEngine()
    parts = Parts()
    parts.secrets = SecretStore()
    parts.sip_login = SipLogin(engine, parts.secrets, report=lambda _event: None, ask_password=None)
    app = SimpleNamespace(
        settings=Settings(*files), args=SimpleNamespace(demo=False, exit_after=1.0), parts=parts
    )
    wiring._edit_settings(app, "sip")  # type: ignore[arg-type]  # what the "SIP account…" button runs
    dialog = parts.settings_dialog
    qtbot.addWidget(dialog)
    assert dialog.isVisible() and dialog.current_page() is dialog.sip_page
    dialog.findChild(QLineEdit, "sip.username").setText("1002")
    dialog.findChild(QLineEdit, "sip.domain").setText("127.0.0.1")
    dialog.findChild(QLineEdit, "sip.password").setText("pw1002")
    dialog.accept()
    assert len(engine.accounts) == 1
    account, password = engine.accounts[0]
    assert (account.username, account.domain, password) == ("1002", "127.0.0.1", "pw1002")
    assert parts.secrets.get(SecretStore.sip_key("1002", "127.0.0.1")) is None  # saved once REGISTERED
