"""The workspace in the main window (pytest-qt, a real SQLite store and store worker, SIP events fed
to the bridge): the card, the call controls and the script slot together at 1366x768, the search box,
the chooser by keyboard, the form's refusals, click-to-call."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from softphone.sip.events import CallDirection, CallState, CallStateChanged, IncomingCall
from softphone.store.db import Store, open_store
from softphone.store.jobs import StoreJobs
from softphone.store.models import Customer
from softphone.ui.main_window import MainWindow
from softphone.ui.sip_bridge import SipBridge
from softphone.workspace.customer_loader import CustomerLoader
from softphone.workspace.screen_pop import ScreenPop
from tests.helpers.workspace_store import seed_workspace_store

from .conftest import RecordingEngine, deliver

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "store.db")
    seed_workspace_store(opened)
    yield opened
    opened.close()


@pytest.fixture
def desk(qtbot: QtBot, store: Store, engine: RecordingEngine) -> Iterator[MainWindow]:
    bridge = SipBridge()
    bridge.attach(engine)
    jobs = StoreJobs(deliver=bridge.gui_thread.post)
    loader = CustomerLoader(store, jobs, crm=lambda: None, keep_task=lambda coro, _name: coro.close())
    pop = ScreenPop(bridge.sessions, loader, jobs)
    bridge.sessions.subscribe(pop.on_session_change)
    window = MainWindow(bridge, use_tray=False, screen_pop=pop, customers=loader)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    yield window
    window.close()
    jobs.close()


def ring(qtbot: QtBot, window: MainWindow, call_id: int, number: str, dialled: str = "+74952223344") -> None:
    deliver(
        qtbot,
        window.bridge,
        IncomingCall(call_id, f"sip:{number}@pbx", number, "", dialled),
        CallStateChanged(call_id, CallDirection.INBOUND, CallState.RINGING_IN, number),
    )


def fully_inside(widget: QWidget, window: QWidget) -> bool:
    top_left = widget.mapTo(window, QPoint(0, 0))
    return widget.isVisible() and window.rect().contains(QRect(top_left, widget.size()))


def test_card_call_controls_and_script_are_on_screen_together_at_1366x768(
    qtbot: QtBot, desk: MainWindow
) -> None:
    desk.set_script_panel(QLabel("Здравствуйте, {customer.name}!"))
    ring(qtbot, desk, 1, "+79161234567")
    workspace, card = desk.workspace, desk.workspace.card
    qtbot.waitUntil(lambda: workspace.pages.currentWidget() is card, timeout=5000)
    line = desk.calls.widgets[1]
    assert card.name_label.text() == "Иванова Анна Сергеевна" == line.name_label.text()
    assert card.banner.text() == "ТехноДом" == line.shop_banner.text()
    assert card.orders.topLevelItem(0).text(0) == "O-1" and card.orders.currentItem().text(0) == "O-1"
    for widget in (
        line.answer_button,
        line.reject_button,
        card.name_label,
        card.phone_buttons[0],
        card.orders.viewport(),
        desk.script_panel,
        desk.search,
    ):
        assert fully_inside(widget, desk), widget.objectName()
    # the timeline (newest first) starts on screen: at least its newest rows show without scrolling
    timeline = card.timeline.viewport()
    top = timeline.mapTo(desk, QPoint(0, 0))
    assert desk.rect().contains(QRect(top, QSize(timeline.width(), 2 * card.timeline.sizeHintForRow(0))))
    assert desk.script_placeholder is None
    assert card.orders.viewport().height() >= 3 * card.orders.sizeHintForRow(0)
    # one call: its whole card, no scrolling (the call lines take the height they need)
    qtbot.waitUntil(lambda: not desk.calls.verticalScrollBar().isVisible(), timeout=2000)
    deliver(qtbot, desk.bridge, CallStateChanged(1, CallDirection.INBOUND, CallState.ACTIVE, "+79161234567"))
    assert fully_inside(line.hangup_button, desk) and fully_inside(line.transfer_button, desk)


def test_ctrl_f_finds_a_customer_by_order_number_and_opens_the_card(qtbot: QtBot, desk: MainWindow) -> None:
    qtbot.keyClick(desk, Qt.Key.Key_F, CTRL)
    assert desk.search.hasFocus()
    qtbot.keyClicks(desk.search, "O-2")
    qtbot.waitUntil(lambda: desk.search.results is not None and desk.search.results.isVisible(), timeout=3000)
    assert desk.search.results.item(0).text().startswith("Иванова Анна Сергеевна")
    assert "O-2" in desk.search.results.item(0).text()
    qtbot.keyClick(desk.search, Qt.Key.Key_Return)
    card = desk.workspace.card
    qtbot.waitUntil(lambda: desk.workspace.pages.currentWidget() is card, timeout=3000)
    assert card.name_label.text() == "Иванова Анна Сергеевна" and not desk.search.results.isVisible()


def test_a_shared_number_is_settled_from_the_keyboard(qtbot: QtBot, desk: MainWindow) -> None:
    ring(qtbot, desk, 2, "+74957654321")
    chooser = desk.workspace.chooser
    qtbot.waitUntil(lambda: desk.workspace.pages.currentWidget() is chooser, timeout=5000)
    assert chooser.list.count() == 2
    assert desk.calls.widgets[2].name_label.text() == "Shared number: choose the customer"
    chooser.focus_list()
    qtbot.keyClick(chooser.list, Qt.Key.Key_Down)
    expected = chooser.list.currentItem().text().splitlines()[0]
    qtbot.keyClick(chooser.list, Qt.Key.Key_Return)
    card = desk.workspace.card
    qtbot.waitUntil(lambda: desk.workspace.pages.currentWidget() is card, timeout=3000)
    assert card.name_label.text() == expected == desk.calls.widgets[2].name_label.text()


def test_the_new_customer_form_names_what_is_wrong_and_writes_nothing(
    qtbot: QtBot, desk: MainWindow, store: Store
) -> None:
    ring(qtbot, desk, 3, "+79990001122")
    form = desk.workspace.form
    qtbot.waitUntil(lambda: desk.workspace.pages.currentWidget() is form, timeout=5000)
    assert form.phone_rows[0][0].text() == "+7 999 000-11-22"
    form.email_edit.setText("not an e-mail")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.problems_label.isVisible()
    problems = form.problems_label.text().splitlines()
    assert problems == ["Name: is required", "E-mail: is not an e-mail address"]
    assert form.name_edit.property("problem") is True
    with store.read_session() as session:
        assert session.scalar(select(func.count()).select_from(Customer)) == 3
    qtbot.mouseClick(form.cancel_button, Qt.MouseButton.LeftButton)  # no new customer for this call
    assert desk.workspace.pages.currentWidget() is desk.workspace.idle
    assert "Unknown caller +7 999 000-11-22" in desk.workspace.idle_text.text()


def test_a_phone_on_the_card_is_called_by_the_dialler(
    qtbot: QtBot, desk: MainWindow, engine: RecordingEngine
) -> None:
    desk.workspace.browse(1)  # the first customer, as a search hit opens it
    card = desk.workspace.card
    qtbot.waitUntil(lambda: desk.workspace.pages.currentWidget() is card, timeout=3000)
    assert card.phone_buttons[0].text() == "☎ +7 916 123-45-67"
    qtbot.mouseClick(card.phone_buttons[0], Qt.MouseButton.LeftButton)
    assert engine.named("make_call") == [("make_call", "+79161234567")]


def test_the_next_callers_chooser_replaces_the_last_callers_form(qtbot: QtBot, desk: MainWindow) -> None:
    ring(qtbot, desk, 4, "+79990001122")
    workspace = desk.workspace
    qtbot.waitUntil(lambda: workspace.pages.currentWidget() is workspace.form, timeout=5000)
    deliver(qtbot, desk.bridge, CallStateChanged(4, CallDirection.INBOUND, CallState.ENDED, "+79990001122"))
    assert workspace.pages.currentWidget() is workspace.form  # kept after the call, to finish typing
    ring(qtbot, desk, 5, "+74957654321", dialled="+78123334455")
    qtbot.waitUntil(lambda: workspace.pages.currentWidget() is workspace.chooser, timeout=5000)
    assert workspace.chooser.banner.text() == "Дом и Сад"


def test_a_call_to_an_extension_pushes_no_new_customer_form(qtbot: QtBot, desk: MainWindow) -> None:
    deliver(qtbot, desk.bridge, CallStateChanged(6, CallDirection.OUTBOUND, CallState.DIALING, "1002"))
    workspace = desk.workspace
    qtbot.waitUntil(lambda: "Unknown caller 1002" in workspace.idle_text.text(), timeout=5000)
    assert workspace.pages.currentWidget() is workspace.idle and workspace.new_button.isEnabled()
