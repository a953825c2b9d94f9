"""Main window behaviour with events injected into the bridge and commands recorded at the engine."""

from __future__ import annotations

import datetime as dt
import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from softphone.sip.events import (
    ACCEPTED_UNCONFIRMED,
    CallDirection,
    CallOutcome,
    CallState,
    CallStateChanged,
    IncomingCall,
    RegistrationChanged,
    RegistrationState,
    RemoteTransferRequested,
    TransferProgress,
)
from softphone.ui import shortcuts
from softphone.ui.i18n import day_month_time
from softphone.ui.main_window import MainWindow
from softphone.ui.sip_bridge import SipBridge

from .conftest import HistoryRow, ListHistory, RecordingEngine, deliver

CTRL = Qt.KeyboardModifier.ControlModifier


def ringing(call_id: int = 1, number: str = "+79031234567") -> list:
    return [
        IncomingCall(call_id, f"sip:{number}@pbx", number, "Anna Petrova", "+74950001122"),
        CallStateChanged(call_id, CallDirection.INBOUND, CallState.RINGING_IN, number),
    ]


def active(
    call_id: int,
    number: str = "+74951234567",
    held: bool = False,
    muted: bool = False,
    direction: CallDirection = CallDirection.OUTBOUND,
) -> CallStateChanged:
    return CallStateChanged(
        call_id,
        direction,
        CallState.ACTIVE,
        number,
        local_hold=held,
        muted=muted,
        connected_at=time.time() - 65,
    )


def test_every_call_action_has_a_window_shortcut_shown_in_tooltips(window: MainWindow) -> None:
    for action in shortcuts.CALL_ACTIONS:
        qaction = window.shortcut_actions[action]
        assert [k.toString() for k in qaction.shortcuts()] == list(shortcuts.BY_ACTION[action].keys)
        assert shortcuts.keys_text(action) in qaction.toolTip()
    assert "Ctrl+D" in window.dnd_button.toolTip()
    assert "Ctrl+R" in window.dialer.redial_button.toolTip()


def test_incoming_call_shows_caller_rings_and_answer_shortcut_answers(
    qtbot: QtBot, window: MainWindow, bridge: SipBridge, engine: RecordingEngine
) -> None:
    deliver(qtbot, bridge, *ringing(1))
    card = window.calls.widgets[1]
    assert card.name_label.text() == "Anna Petrova"
    assert card.number_label.text() == "+7 903 123-45-67"
    assert card.dialled_label.text() == "Dialled: +7 495 000-11-22"
    assert card.answer_button.isVisible() and "Ctrl+Return" in card.answer_button.toolTip()
    assert window.ringer.ringing

    qtbot.keyClick(window, Qt.Key.Key_Return, CTRL)
    assert engine.named("answer") == [("answer", 1)]
    deliver(qtbot, bridge, active(1, direction=CallDirection.INBOUND))
    assert not window.ringer.ringing
    assert card.state_label.text() == "Connected"
    assert card.timer_label.text().startswith("01:0")  # connected 65 s ago


def test_call_control_shortcuts_act_on_the_connected_call(
    qtbot: QtBot, window: MainWindow, bridge: SipBridge, engine: RecordingEngine
) -> None:
    deliver(qtbot, bridge, active(5))
    qtbot.keyClick(window, Qt.Key.Key_H, CTRL)
    qtbot.keyClick(window, Qt.Key.Key_M, CTRL)
    for digit in "1*#":
        qtbot.keyClick(window, digit)
    qtbot.keyClick(window, Qt.Key.Key_Backspace, CTRL)
    assert engine.commands == [
        ("hold", 5),
        ("set_mute", 5, True),
        ("send_dtmf", 5, "1"),
        ("send_dtmf", 5, "*"),
        ("send_dtmf", 5, "#"),
        ("hangup", 5),
    ]
    assert window.calls.widgets[5].dtmf_sent.text() == "1*#"

    deliver(qtbot, bridge, active(5, held=True, muted=True))
    card = window.calls.widgets[5]
    assert card.hold_button.text() == "Resume" and card.mute_button.text() == "Unmute"
    qtbot.keyClick(window, Qt.Key.Key_H, CTRL)
    assert engine.commands[-1] == ("resume", 5)


def test_answering_a_second_call_holds_the_first_and_swap_switches_lines(
    qtbot: QtBot, window: MainWindow, bridge: SipBridge, engine: RecordingEngine
) -> None:
    deliver(qtbot, bridge, active(1), *ringing(2))
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert engine.commands == [("hold", 1), ("answer", 2)]
    deliver(qtbot, bridge, active(1, held=True), active(2, direction=CallDirection.INBOUND))
    engine.commands.clear()
    qtbot.keyClick(window, Qt.Key.Key_S, CTRL)
    assert engine.commands == [("hold", 2), ("resume", 1)]


def test_reject_shortcut_and_dnd_toggle(
    qtbot: QtBot, window: MainWindow, bridge: SipBridge, engine: RecordingEngine
) -> None:
    deliver(qtbot, bridge, *ringing(3))
    qtbot.keyClick(window, Qt.Key.Key_F7)
    assert engine.named("reject") == [("reject", 3, False)]
    qtbot.keyClick(window, Qt.Key.Key_D, CTRL)
    assert window.dnd_button.isChecked()
    assert engine.named("set_do_not_disturb") == [("set_do_not_disturb", True)]


def test_dialling_from_the_window_and_redial_shortcut(
    qtbot: QtBot, window: MainWindow, engine: RecordingEngine
) -> None:
    qtbot.keyClick(window, Qt.Key.Key_L, CTRL)
    qtbot.keyClicks(window.dialer.number_edit, "8 495 123-45-67")
    qtbot.keyClick(window.dialer.number_edit, Qt.Key.Key_Return)
    qtbot.keyClick(window, Qt.Key.Key_R, CTRL)
    assert engine.named("make_call") == [("make_call", "+74951234567")] * 2


def test_history_refreshes_when_a_call_ends_and_double_click_calls_back(
    qtbot: QtBot, window: MainWindow, bridge: SipBridge, engine: RecordingEngine, history: ListHistory
) -> None:
    assert window.history.topLevelItemCount() == 0
    deliver(qtbot, bridge, active(9, "+79161234567"))
    history.rows.append(HistoryRow("outbound", "+79161234567", dt.datetime.now(), 65, "answered"))
    deliver(
        qtbot,
        bridge,
        CallStateChanged(
            9, CallDirection.OUTBOUND, CallState.ENDED, "+79161234567", outcome=CallOutcome.ANSWERED
        ),
    )
    qtbot.waitUntil(lambda: window.history.topLevelItemCount() == 1, timeout=3000)
    item = window.history.topLevelItem(0)
    assert item.text(0) == "↗ +7 916 123-45-67" and item.text(2) == "01:05"
    rect = window.history.visualItemRect(item)
    # A real double-click is press, release, double-click: the view needs the press to pick the row.
    qtbot.mouseClick(window.history.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(window.history.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert engine.named("make_call") == [("make_call", "+79161234567")]
    qtbot.waitUntil(lambda: 9 not in window.calls.widgets, timeout=5000)  # ended line goes away


def test_blind_transfer_from_the_dialog(
    qtbot: QtBot, window: MainWindow, bridge: SipBridge, engine: RecordingEngine
) -> None:
    deliver(qtbot, bridge, active(4))
    qtbot.keyClick(window, Qt.Key.Key_T, CTRL)
    dialog = window.actions_.transfer_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.target_edit, "102")
    qtbot.mouseClick(dialog.transfer_button, Qt.MouseButton.LeftButton)
    assert engine.named("blind_transfer") == [("blind_transfer", 4, "102")]
    deliver(
        qtbot,
        bridge,
        CallStateChanged(
            4, CallDirection.OUTBOUND, CallState.ENDED, "+74951234567", outcome=CallOutcome.TRANSFERRED
        ),
    )
    qtbot.waitUntil(lambda: window.actions_.transfer_dialog is None, timeout=3000)  # closed itself


def test_remote_transfer_refused_and_unconfirmed_transfer_are_shown_on_the_card(
    qtbot: QtBot, window: MainWindow, bridge: SipBridge
) -> None:
    deliver(qtbot, bridge, active(8))
    deliver(qtbot, bridge, RemoteTransferRequested(8, "+79031234567", allowed=False))
    card = window.calls.widgets[8]
    assert card.state_label.text().endswith("Remote transfer refused")
    assert "+7 903 123-45-67" in window.statusBar().currentMessage()
    deliver(qtbot, bridge, TransferProgress(8, ACCEPTED_UNCONFIRMED, "Accepted", final=True, succeeded=True))
    assert "Transferred (not confirmed by the other side)" in card.state_label.text()


def test_attended_transfer_consults_then_completes(
    qtbot: QtBot, window: MainWindow, bridge: SipBridge, engine: RecordingEngine
) -> None:
    deliver(qtbot, bridge, active(4))
    window.actions_.transfer()
    dialog = window.actions_.transfer_dialog
    dialog.attended_radio.setChecked(True)
    dialog.target_edit.setText("103")
    qtbot.mouseClick(dialog.transfer_button, Qt.MouseButton.LeftButton)
    consult_id = engine._next_id  # the id the engine returned for the consultation call
    assert engine.commands == [("hold", 4), ("make_call", "103")]
    assert not dialog.complete_button.isEnabled()
    deliver(qtbot, bridge, active(4, held=True), active(consult_id, "103"))
    assert dialog.complete_button.isEnabled()
    assert window.calls.widgets[consult_id].dialled_label.text() == "Consultation for a transfer"
    qtbot.mouseClick(dialog.complete_button, Qt.MouseButton.LeftButton)
    assert engine.commands[-1] == ("attended_transfer", 4, consult_id)


def test_registration_indicator_shows_reason_and_retry_countdown(
    qtbot: QtBot, window: MainWindow, bridge: SipBridge
) -> None:
    deliver(
        qtbot, bridge, RegistrationChanged(RegistrationState.FAILED, 403, "403 Forbidden: wrong password?")
    )
    assert window.registration.label.text() == "Registration failed: 403 Forbidden: wrong password?"
    deliver(qtbot, bridge, RegistrationChanged(RegistrationState.RETRYING, 503, "unreachable", retry_in_s=30))
    assert window.registration.label.text().startswith("Retrying in ")
    assert "unreachable" in window.registration.label.text()
    deliver(qtbot, bridge, RegistrationChanged(RegistrationState.REGISTERED, 200, "OK"))
    assert window.registration.label.text() == "Registered"


def test_line_buttons_match_the_call_state(qtbot: QtBot, window: MainWindow, bridge: SipBridge) -> None:
    deliver(qtbot, bridge, CallStateChanged(7, CallDirection.OUTBOUND, CallState.RINGING_OUT, "101"))
    card = window.calls.widgets[7]
    visible = {b.objectName() for b in card.findChildren(QPushButton) if b.isVisible() and b.parent() is card}
    assert visible == {"hang_up_button"}
    assert card.state_label.text() == "Ringing…"
    deliver(qtbot, bridge, active(7, "101"))
    visible = {b.objectName() for b in card.findChildren(QPushButton) if b.isVisible() and b.parent() is card}
    assert visible == {"hold_button", "mute_button", "dtmf_pad_button", "transfer_button", "hang_up_button"}
    qtbot.keyClick(window, Qt.Key.Key_K, CTRL)
    assert card.dtmf_pad.isVisible()


def test_history_shows_store_rows_and_a_broken_store_does_not_break_calling(
    qtbot: QtBot, window: MainWindow, history: ListHistory, engine: RecordingEngine, monkeypatch
) -> None:
    row = HistoryRow("inbound", "+79031234567", dt.datetime(2026, 1, 2, 9, 5, tzinfo=dt.UTC), 12.7, "missed")
    row.remote_display_name = "Anna Petrova"  # the store's rows carry the caller's name
    history.rows.append(row)
    window.history.refresh()
    item = window.history.topLevelItem(0)
    local = row.started_at.astimezone()
    assert item.text(0) == "↙ Anna Petrova (+7 903 123-45-67)"
    assert item.text(1) == day_month_time(local) and item.text(2) == "00:12"
    assert item.text(3) == "Missed"

    def broken(limit: int) -> list:
        raise OSError("database is locked")

    monkeypatch.setattr(history, "recent", broken)
    window.history.refresh()
    assert window.history.topLevelItem(0).text(0) == "Call history is unavailable: database is locked"
    window.dialer.number_edit.setText("101")
    window.dialer.dial()
    assert engine.named("make_call") == [("make_call", "101")]


def test_call_shortcuts_work_while_typing_in_the_number_field(
    qtbot: QtBot, window: MainWindow, bridge: SipBridge, engine: RecordingEngine
) -> None:
    deliver(qtbot, bridge, active(3))
    window.dialer.focus_number()
    qtbot.keyClicks(window.dialer.number_edit, "495 123")
    qtbot.keyClick(window.dialer.number_edit, Qt.Key.Key_H, CTRL)
    qtbot.keyClick(window.dialer.number_edit, Qt.Key.Key_Backspace, CTRL)
    assert engine.commands == [("hold", 3), ("hangup", 3)]
    assert window.dialer.number_edit.text() == "495 123"  # digits typed into the field are not DTMF


def test_incoming_call_brings_a_minimised_window_back_and_stops_ringing_when_missed(
    qtbot: QtBot, window: MainWindow, bridge: SipBridge
) -> None:
    assert window.tray is None  # no tray offscreen: no tray icon and no warning
    window.showMinimized()
    qtbot.waitUntil(window.isMinimized, timeout=3000)
    deliver(qtbot, bridge, *ringing(6))
    qtbot.waitUntil(lambda: not window.isMinimized(), timeout=3000)
    assert window.ringer.ringing
    deliver(
        qtbot,
        bridge,
        CallStateChanged(
            6, CallDirection.INBOUND, CallState.ENDED, "+79031234567", outcome=CallOutcome.MISSED
        ),
    )
    assert not window.ringer.ringing
    assert window.calls.widgets[6].state_label.text() == "Missed"


def test_account_editor_button_appears_when_the_app_provides_one(qtbot: QtBot, window: MainWindow) -> None:
    assert not window.account_button.isVisible()
    opened: list[bool] = []
    window.set_account_editor(lambda: opened.append(True))
    assert window.account_button.isVisible()
    qtbot.mouseClick(window.account_button, Qt.MouseButton.LeftButton)
    assert opened == [True]
