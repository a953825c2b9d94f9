"""The window on a small screen: long texts never widen it, the in-call keypad is whole in view,
Recent calls columns share the width sensibly, geometry is remembered and kept on the screen,
registration problems read as short sentences, and call keys work while a dialog is open."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from softphone.sip.events import (
    CallDirection,
    CallOutcome,
    CallState,
    CallStateChanged,
    RegistrationChanged,
    RegistrationState,
)
from softphone.sip.registration_problem import RegistrationProblem
from softphone.ui.main_window import MainWindow
from softphone.ui.sip_bridge import SipBridge
from softphone.ui.window_geometry import GeometryStore, first_start_rect

from .conftest import HistoryRow, ListHistory, RecordingEngine, deliver
from .test_main_window import CTRL, active, ringing

LONG_PJSUA_TEXT = "502 gethostbyname() has returned error (PJ_ERESOLVE) " + "x" * 250


def inside(widget: QWidget, window: QWidget) -> bool:
    top_left = widget.mapTo(window, QPoint(0, 0))
    return window.rect().contains(QRect(top_left, widget.size()))


def available_width(window: QWidget) -> int:
    return window.screen().availableGeometry().width()


@pytest.mark.parametrize("state", [RegistrationState.FAILED, RegistrationState.RETRYING])
def test_a_long_registration_error_never_widens_the_window(
    qtbot: QtBot, window: MainWindow, bridge: SipBridge, state: RegistrationState
) -> None:
    window.set_account_editor(lambda: None)
    width = window.width()
    event = RegistrationChanged(
        state,
        502,
        LONG_PJSUA_TEXT,
        retry_in_s=30,
        problem=RegistrationProblem.HOST_NOT_FOUND,
        host="pbx.example.com",
    )
    deliver(qtbot, bridge, event)
    qtbot.wait(50)
    assert "Server pbx.example.com not found" in window.registration.label.text()
    assert "PJ_ERESOLVE" not in window.registration.label.text()
    assert LONG_PJSUA_TEXT in window.registration.toolTip()  # the full text is one hover away
    assert window.width() == width <= available_width(window)
    assert window.minimumSizeHint().width() <= available_width(window)
    assert inside(window.dnd_button, window) and inside(window.account_button, window)


def test_an_unclassified_long_text_is_cut_not_widening(
    qtbot: QtBot, window: MainWindow, bridge: SipBridge
) -> None:
    window.set_account_editor(lambda: None)
    width = window.width()
    deliver(qtbot, bridge, RegistrationChanged(RegistrationState.FAILED, 0, "z" * 300))
    qtbot.wait(50)
    assert window.width() == width
    assert window.registration.label.shown_text().endswith("…")
    assert inside(window.dnd_button, window) and inside(window.account_button, window)


def test_direct_mode_shows_where_calls_go_not_unregistered(
    qtbot: QtBot, window: MainWindow, bridge: SipBridge
) -> None:
    deliver(qtbot, bridge, RegistrationChanged(RegistrationState.DIRECT, host="127.0.0.1:5072"))
    assert window.registration.label.text() == "Direct calls on 127.0.0.1"
    assert window.registration.dot.property("level") == "ok"
    assert "127.0.0.1:5072" in window.registration.toolTip()


@pytest.mark.parametrize("modal", [True, False])
def test_answer_shortcut_works_while_a_dialog_is_open(
    qtbot: QtBot, window: MainWindow, bridge: SipBridge, engine: RecordingEngine, modal: bool
) -> None:
    dialog = QDialog(window)
    field = QLineEdit(dialog)
    QVBoxLayout(dialog).addWidget(field)
    dialog.setModal(modal)
    dialog.show()
    dialog.activateWindow()
    field.setFocus()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)
    deliver(qtbot, bridge, *ringing(1))
    dialog.activateWindow()  # the ringing call raised the main window; the operator goes back to typing
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)
    qtbot.keyClicks(field, "sip.example.com 5")  # plain characters and digits stay in the text field
    assert field.text() == "sip.example.com 5"
    qtbot.keyClick(field, Qt.Key.Key_Return, CTRL)
    assert engine.named("answer") == [("answer", 1)]
    assert engine.named("send_dtmf") == []
    dialog.close()


def test_in_call_keypad_is_whole_in_view_on_a_small_screen(
    qtbot: QtBot, window: MainWindow, bridge: SipBridge
) -> None:
    window.resize(1366, 768)
    deliver(qtbot, bridge, active(4), *ringing(5))
    card = window.calls.widgets[4]
    qtbot.waitUntil(card.dtmf_button.isVisible, timeout=2000)  # the connected call's card is laid out
    card.dtmf_button.click()  # the operator clicks Keypad once (it opens, and stays open)
    viewport = window.calls.viewport()
    qtbot.waitUntil(lambda: card.dtmf_pad.isVisible(), timeout=2000)

    def bottom_row_in_view() -> bool:
        for key in "*0#":
            button = card.dtmf_pad.buttons[key]
            rect = QRect(button.mapTo(viewport, QPoint(0, 0)), button.size())
            if not viewport.rect().contains(rect):
                return False
        return True

    qtbot.waitUntil(bottom_row_in_view, timeout=2000)
    assert not window.calls.horizontalScrollBar().isVisible()


def test_recent_calls_number_column_does_not_take_most_of_the_row(
    qtbot: QtBot, window: MainWindow, history: ListHistory
) -> None:
    window.resize(1366, 768)
    now = dt.datetime.now()
    history.rows.append(HistoryRow("inbound", "+79161234567", now, 125, "busy"))
    window.history.refresh()
    qtbot.wait(50)
    header = window.history.header()
    total = sum(header.sectionSize(c) for c in range(header.count()))  # hidden columns count 0
    assert header.sectionSize(0) <= 0.5 * total
    assert header.sectionSize(3) >= header.sectionSize(2)


def test_ended_call_says_the_outcome_in_the_operators_words(
    qtbot: QtBot, window: MainWindow, bridge: SipBridge
) -> None:
    ended = CallStateChanged(
        9,
        CallDirection.OUTBOUND,
        CallState.ENDED,
        "+79031234567",
        status_code=603,
        reason="Decline",
        outcome=CallOutcome.DECLINED,
    )
    deliver(qtbot, bridge, ended)
    card = window.calls.widgets[9]
    assert card.state_label.text() == "Declined"
    assert "Decline" in card.state_label.toolTip()


def test_first_start_fills_most_of_the_screen_and_geometry_is_remembered(
    qtbot: QtBot, bridge: SipBridge, tmp_path: Path
) -> None:
    store = GeometryStore(tmp_path / "state" / "window-geometry")
    first = MainWindow(bridge, use_tray=False, geometry_store=store)
    qtbot.addWidget(first)
    available = first.screen().availableGeometry()
    assert first.geometry() == first_start_rect(available)
    first.show()
    qtbot.waitExposed(first)
    first.setGeometry(40, 30, 700, 600)
    first.close()
    assert store.path.exists()

    second = MainWindow(bridge, use_tray=False, geometry_store=store)
    qtbot.addWidget(second)
    assert (second.x(), second.y(), second.width(), second.height()) == (40, 30, 700, 600)


def test_a_remembered_geometry_off_the_screen_is_brought_back(
    qtbot: QtBot, bridge: SipBridge, tmp_path: Path
) -> None:
    store = GeometryStore(tmp_path / "window-geometry")
    first = MainWindow(bridge, use_tray=False, geometry_store=store)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.setGeometry(3000, 2000, 2500, 1600)  # on a monitor that is gone by the next start
    first.close()

    second = MainWindow(bridge, use_tray=False, geometry_store=store)
    qtbot.addWidget(second)
    available = second.screen().availableGeometry()
    assert available.contains(second.geometry())
