"""Russian UI: the translator loads, labels are translated, and no UI string is left untranslated."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from softphone.sip.events import CallDirection, CallState, CallStateChanged
from softphone.ui.i18n import install_translator, resolve_language
from softphone.ui.main_window import MainWindow
from softphone.ui.resources import translations_dir
from softphone.ui.sip_bridge import SipBridge

from .conftest import deliver

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def russian(qapp: QApplication) -> Iterator[QApplication]:
    installed = install_translator(qapp, "ru")
    assert installed, "softphone_ru.qm did not load"
    yield qapp
    install_translator(qapp, "en")


def test_russian_translation_translates_the_window(qtbot: QtBot, russian: QApplication) -> None:
    bridge = SipBridge()
    window = MainWindow(bridge, use_tray=False)
    qtbot.addWidget(window)
    assert window.windowTitle() == "Софтфон"
    assert window.dialer.call_button.text() == "Позвонить"
    assert window.dnd_button.text() == "Не беспокоить"
    assert window.shortcut_actions["answer"].text() == "Ответить"
    deliver(qtbot, bridge, CallStateChanged(1, CallDirection.OUTBOUND, CallState.RINGING_OUT, "101"))
    assert window.calls.widgets[1].state_label.text() == "Звонит…"
    assert window.calls.widgets[1].hangup_button.text() == "Завершить"


def test_english_is_the_source_and_switching_back_removes_russian(qtbot: QtBot, qapp: QApplication) -> None:
    install_translator(qapp, "ru")
    assert install_translator(qapp, "en") == []
    window = MainWindow(SipBridge(), use_tray=False)
    qtbot.addWidget(window)
    assert window.dialer.call_button.text() == "Call"


def test_language_setting_values() -> None:
    assert resolve_language("auto", QLocale("ru_RU")) == "ru"
    assert resolve_language("auto", QLocale("de_DE")) == "en"
    assert resolve_language("RU") == "ru"
    assert resolve_language("klingon") == "en"


def test_every_ui_string_has_a_russian_translation(tmp_path: Path) -> None:
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    if not lupdate.exists() and shutil.which("pyside6-lupdate") is None:
        pytest.skip("pyside6-lupdate is not installed")
    ts = tmp_path / "softphone_ru.ts"
    shutil.copy(translations_dir() / "softphone_ru.ts", ts)
    sources = sorted(str(path) for path in (ROOT / "softphone" / "ui").rglob("*.py"))
    subprocess.run(
        [
            str(lupdate) if lupdate.exists() else "pyside6-lupdate",
            "-no-obsolete",
            "-locations",
            "none",
            *sources,
            "-ts",
            str(ts),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    text = ts.read_text(encoding="utf-8")
    assert text.count("<message>") > 90
    assert 'type="unfinished"' not in text, (
        "untranslated UI strings: run resources/translations/update_translations.py and translate them"
    )
