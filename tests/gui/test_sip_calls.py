"""The call UI against the real SipEngine, a real Kamailio and pjsua2 peer processes on loopback."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from softphone.sip.events import CallOutcome, CallState
from softphone.ui.main_window import MainWindow
from tests.helpers.kamailio import Kamailio
from tests.helpers.sip_peer import SipPeer

pytestmark = pytest.mark.sip

CTRL = Qt.KeyboardModifier.ControlModifier


def card_state(window: MainWindow, call_id: int) -> str:
    card = window.calls.widgets.get(call_id)
    return card.state_label.text() if card is not None else ""


def test_dial_from_the_dialer_to_a_peer_and_hang_up(
    qtbot: QtBot, sip_window: MainWindow, kamailio: Kamailio, peer_factory: Callable[[str], SipPeer]
) -> None:
    bob = peer_factory("bob")
    bob.register("1002", kamailio.port)  # answers incoming calls at once
    window = sip_window
    window.dialer.focus_number()
    qtbot.keyClicks(window.dialer.number_edit, "1002")
    assert window.dialer.preview.text() == "Extension 1002"
    qtbot.keyClick(window.dialer.number_edit, Qt.Key.Key_Return)

    qtbot.waitUntil(
        lambda: (line := window.lines.connected_line()) is not None and line.connected_at is not None,
        timeout=10_000,
    )
    line = window.lines.connected_line()
    assert line is not None and line.remote_number == "1002"
    assert card_state(window, line.call_id) == "Connected"
    assert bob.wait("state", state="CONFIRMED", timeout=10)["code"] == 200

    qtbot.mouseClick(window.calls.widgets[line.call_id].hangup_button, Qt.MouseButton.LeftButton)
    bob.wait("state", state="DISCONNECTED", timeout=10)
    qtbot.waitUntil(lambda: line.state == CallState.ENDED, timeout=10_000)
    assert line.outcome is CallOutcome.ANSWERED
    assert window.dialer.last_dialled is not None and window.dialer.last_dialled.target == "1002"


def test_incoming_call_from_a_peer_is_answered_with_the_keyboard(
    qtbot: QtBot, sip_window: MainWindow, kamailio: Kamailio, peer_factory: Callable[[str], SipPeer]
) -> None:
    carol = peer_factory("carol")
    carol.register("1003", kamailio.port)
    window = sip_window
    peer_call = carol.cmd("call", uri=f"sip:1001@127.0.0.1:{kamailio.port}")["id"]

    qtbot.waitUntil(lambda: window.lines.ringing_line() is not None, timeout=10_000)
    ringing = window.lines.ringing_line()
    assert ringing is not None
    card = window.calls.widgets[ringing.call_id]
    assert card.name_label.text() == "1003"
    assert card.dialled_label.text() == "Dialled: 1001"
    assert window.ringer.ringing

    qtbot.keyClick(window, Qt.Key.Key_Return, CTRL)  # answer
    confirmed = carol.wait("state", id=peer_call, state="CONFIRMED", timeout=10)
    assert confirmed["code"] == 200
    qtbot.waitUntil(lambda: card_state(window, ringing.call_id) == "Connected", timeout=10_000)
    assert not window.ringer.ringing

    assert card.timer_label.isVisible() and card.answer_button.isHidden()
    qtbot.keyClick(window, Qt.Key.Key_Backspace, CTRL)  # hang up
    carol.wait("state", id=peer_call, state="DISCONNECTED", timeout=10)
    qtbot.waitUntil(lambda: ringing.state == CallState.ENDED, timeout=10_000)


def test_blind_transfer_from_the_dialog_hands_the_caller_to_another_peer(
    qtbot: QtBot, sip_window: MainWindow, kamailio: Kamailio, peer_factory: Callable[[str], SipPeer]
) -> None:
    bob, carol = peer_factory("bob"), peer_factory("carol")
    bob.register("1002", kamailio.port)
    carol.register("1003", kamailio.port)
    window = sip_window
    bob.cmd("call", uri=f"sip:1001@127.0.0.1:{kamailio.port}")
    qtbot.waitUntil(lambda: window.lines.ringing_line() is not None, timeout=10_000)
    qtbot.keyClick(window, Qt.Key.Key_F5)  # answer
    qtbot.waitUntil(lambda: window.lines.connected_line() is not None, timeout=10_000)
    line = window.lines.connected_line()

    qtbot.keyClick(window, Qt.Key.Key_T, CTRL)
    dialog = window.actions_.transfer_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.target_edit, "1003")
    qtbot.mouseClick(dialog.transfer_button, Qt.MouseButton.LeftButton)

    carol.wait("incoming", timeout=10)  # bob follows the REFER and calls carol
    qtbot.waitUntil(lambda: line.state == CallState.ENDED, timeout=10_000)
    assert line.outcome is CallOutcome.TRANSFERRED
    qtbot.waitUntil(lambda: window.actions_.transfer_dialog is None, timeout=5000)


def test_attended_transfer_consults_then_completes(
    qtbot: QtBot, sip_window: MainWindow, kamailio: Kamailio, peer_factory: Callable[[str], SipPeer]
) -> None:
    bob, carol = peer_factory("bob"), peer_factory("carol")
    bob.register("1002", kamailio.port)
    carol.register("1003", kamailio.port)
    window = sip_window
    window.dialer.number_edit.setText("1002")
    window.dialer.dial()
    qtbot.waitUntil(lambda: window.lines.connected_line() is not None, timeout=10_000)
    original = window.lines.connected_line()

    window.actions_.transfer()
    dialog = window.actions_.transfer_dialog
    dialog.attended_radio.setChecked(True)
    dialog.target_edit.setText("1003")
    qtbot.mouseClick(dialog.transfer_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.complete_button.isEnabled(), timeout=10_000)  # consultation connected
    assert original.local_hold  # the caller waits on hold meanwhile
    consult = window.lines.get(dialog.consult_id)
    assert window.calls.widgets[consult.call_id].dialled_label.text() == "Consultation for a transfer"

    qtbot.mouseClick(dialog.complete_button, Qt.MouseButton.LeftButton)
    carol.wait("replaced", timeout=10)  # bob's new call replaced our consultation at carol
    qtbot.waitUntil(
        lambda: original.state == CallState.ENDED and consult.state == CallState.ENDED, timeout=10_000
    )
    assert original.outcome is CallOutcome.TRANSFERRED
