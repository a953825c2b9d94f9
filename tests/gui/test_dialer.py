"""The dialer: pasted numbers in any common format, keypad, invalid input, redial."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from softphone.ui.calls.dialer import DialerWidget
from softphone.ui.calls.keypad import KEYS
from softphone.ui.calls.phone_input import TargetKind


@pytest.fixture
def dialer(qtbot: QtBot) -> DialerWidget:
    widget = DialerWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def paste(qtbot: QtBot, dialer: DialerWidget, text: str) -> None:
    QGuiApplication.clipboard().setText(text)
    dialer.number_edit.setFocus()
    qtbot.keyClick(dialer.number_edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


@pytest.mark.parametrize("pasted", ["+7 (495) 123-45-67", "8 495 1234567", "tel:+74951234567"])
def test_pasted_number_is_shown_readable_and_dialled_as_e164(
    qtbot: QtBot, dialer: DialerWidget, pasted: str
) -> None:
    paste(qtbot, dialer, pasted)
    assert dialer.number_edit.text() == pasted.removeprefix("tel:")
    assert dialer.preview.text() == "+7 495 123-45-67  ·  +74951234567"
    assert dialer.call_button.isEnabled()
    with qtbot.waitSignal(dialer.dial_requested, timeout=1000) as blocker:
        qtbot.keyClick(dialer.number_edit, Qt.Key.Key_Return)
    target = blocker.args[0]
    assert (target.kind, target.target) == (TargetKind.PHONE, "+74951234567")
    assert dialer.number_edit.text() == ""


def test_keypad_types_every_key_into_the_number_field(qtbot: QtBot, dialer: DialerWidget) -> None:
    for key in KEYS:
        qtbot.mouseClick(dialer.keypad.buttons[key], Qt.MouseButton.LeftButton)
    assert dialer.number_edit.text() == "123456789*0#"


def test_invalid_number_is_refused_with_a_reason_and_kept(qtbot: QtBot, dialer: DialerWidget) -> None:
    dialed: list[object] = []
    dialer.dial_requested.connect(dialed.append)
    qtbot.keyClicks(dialer.number_edit, "+7 495 12")
    assert not dialer.call_button.isEnabled()
    assert dialer.preview.text() == "Not a valid phone number"
    qtbot.keyClick(dialer.number_edit, Qt.Key.Key_Return)
    assert dialed == []
    assert dialer.number_edit.text() == "+7 495 12"  # nothing the operator typed is lost

    dialer.number_edit.setText("call me")
    assert "Only digits" in dialer.preview.text()


def test_redial_calls_the_last_dialled_number_again(qtbot: QtBot, dialer: DialerWidget) -> None:
    assert not dialer.redial_button.isEnabled()
    dialer.number_edit.setText("8 (916) 123-45-67")
    dialer.dial()
    assert dialer.redial_button.isEnabled()
    assert "+7 916 123-45-67" in dialer.redial_button.toolTip()
    with qtbot.waitSignal(dialer.dial_requested, timeout=1000) as blocker:
        qtbot.mouseClick(dialer.redial_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].target == "+79161234567"


def test_region_setting_changes_how_national_numbers_are_read(qtbot: QtBot, dialer: DialerWidget) -> None:
    dialer.number_edit.setText("020 7946 0958")
    assert not dialer.call_button.isEnabled()
    dialer.set_region("GB")
    assert dialer.call_button.isEnabled()
    assert dialer.current_input.target is not None
    assert dialer.current_input.target.target == "+442079460958"
