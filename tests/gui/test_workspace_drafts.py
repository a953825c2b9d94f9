"""Work typed while idle is not lost when a call rings in: the customer panel keeps the unsaved form
as a draft across the screen-pop, offers it back ("Back to … (unsaved)", Ctrl+Shift+D) and saves it
through the real store and its outbox afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from softphone.sip.events import CallDirection, CallState, CallStateChanged
from softphone.store.db import Store, open_store
from softphone.store.jobs import StoreJobs
from softphone.store.models import Customer, OutboxEntry
from softphone.ui.main_window import MainWindow
from softphone.ui.sip_bridge import SipBridge
from softphone.workspace.customer_loader import CustomerLoader
from softphone.workspace.screen_pop import ScreenPop
from tests.helpers.workspace_store import seed_workspace_store

from .conftest import RecordingEngine, deliver
from .test_workspace_panels import ring

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
KNOWN = "+79161234567"  # Иванова Анна Сергеевна


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


def _end(qtbot: QtBot, window: MainWindow, call_id: int, number: str) -> None:
    deliver(
        qtbot,
        window.bridge,
        CallStateChanged(call_id, CallDirection.INBOUND, CallState.ACTIVE, number),
        CallStateChanged(call_id, CallDirection.INBOUND, CallState.ENDED, number),
    )


def _customer(store: Store, name: str) -> Customer | None:
    with store.read_session() as session:
        return session.scalar(select(Customer).where(Customer.name == name))


def test_a_new_customer_typed_while_idle_survives_a_call_and_is_saved_after_it(
    qtbot: QtBot, desk: MainWindow, store: Store
) -> None:
    workspace, form = desk.workspace, desk.workspace.form
    qtbot.mouseClick(workspace.new_button, Qt.MouseButton.LeftButton)
    assert workspace.pages.currentWidget() is form and not workspace.draft_bar.isVisible()
    form.name_edit.setText("Смирнова Ирина")
    form.phone_rows[0][0].setText("+7 903 555-12-34")
    form.email_edit.setText("irina@example.ru")
    form.address_rows[0].edits["city"].setText("Москва")
    form.address_rows[0].edits["street"].setText("ул. Ленина")
    form.address_rows[0].edits["house"].setText("5")
    form.notes_edit.setPlainText("Звонить после 18:00")

    ring(qtbot, desk, 21, KNOWN)  # the screen-pop shows the caller at once
    qtbot.waitUntil(lambda: workspace.pages.currentWidget() is workspace.card, timeout=5000)
    assert workspace.card.name_label.text() == "Иванова Анна Сергеевна"
    assert workspace.draft_bar.isVisible()
    (key,) = workspace.draft_bar.keys()
    assert workspace.draft_bar.text_of(key) == "Back to new customer «Смирнова Ирина» (unsaved)"

    _end(qtbot, desk, 21, KNOWN)  # answered, talked, ended: the caller's card stays, the draft is offered
    assert workspace.pages.currentWidget() is workspace.card
    assert workspace.draft_bar.isVisible() and "Ctrl+Shift+D" in desk.statusBar().currentMessage()

    qtbot.keyClick(desk, Qt.Key.Key_D, CTRL_SHIFT)
    assert workspace.pages.currentWidget() is form and not workspace.draft_bar.isVisible()
    assert form.name_edit.text() == "Смирнова Ирина"
    assert form.phone_rows[0][0].text() == "+7 903 555-12-34"
    assert form.email_edit.text() == "irina@example.ru"
    assert [form.address_rows[0].edits[k].text() for k in ("city", "street", "house")] == [
        "Москва",
        "ул. Ленина",
        "5",
    ]
    assert form.notes_edit.toPlainText() == "Звонить после 18:00"
    assert form.is_changed()

    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _customer(store, "Смирнова Ирина") is not None, timeout=5000)
    saved = _customer(store, "Смирнова Ирина")
    assert saved is not None and saved.email == "irina@example.ru" and saved.notes == "Звонить после 18:00"
    with store.read_session() as session:
        entry = session.scalar(
            select(OutboxEntry).where(
                OutboxEntry.entity_type == "customer", OutboxEntry.entity_local_id == saved.id
            )
        )
    assert entry is not None and entry.operation == "create"
    # saved as the operator's own new customer (its card opens), not linked to the call that interrupted
    qtbot.waitUntil(lambda: workspace.card.name_label.text() == "Смирнова Ирина", timeout=5000)
    assert not workspace.draft_bar.isVisible()


def test_an_edit_put_aside_by_an_unknown_caller_swaps_with_the_callers_form_and_saves_to_its_customer(
    qtbot: QtBot, desk: MainWindow, store: Store
) -> None:
    workspace, form = desk.workspace, desk.workspace.form
    workspace.browse(1)  # a customer found with Ctrl+F
    qtbot.waitUntil(lambda: workspace.pages.currentWidget() is workspace.card, timeout=3000)
    qtbot.mouseClick(workspace.card.edit_button, Qt.MouseButton.LeftButton)
    assert workspace.pages.currentWidget() is form
    form.notes_edit.setPlainText("Просила не звонить по выходным")

    ring(qtbot, desk, 22, "+79990001122")  # unknown: the caller's own new-customer form
    qtbot.waitUntil(
        lambda: (
            workspace.pages.currentWidget() is form and form.phone_rows[0][0].text() == "+7 999 000-11-22"
        ),
        timeout=5000,
    )
    assert form.editing_id is None and form.notes_edit.toPlainText() == ""
    (key,) = workspace.draft_bar.keys()
    assert workspace.draft_bar.text_of(key) == "Back to editing Иванова Анна Сергеевна (unsaved)"
    form.name_edit.setText("Петров Пётр")  # the caller's form gets typed in too

    qtbot.mouseClick(workspace.draft_bar.buttons[key], Qt.MouseButton.LeftButton)
    assert form.editing_id == 1 and form.notes_edit.toPlainText() == "Просила не звонить по выходным"
    (other,) = workspace.draft_bar.keys()  # the caller's form took its place in the bar
    assert workspace.draft_bar.text_of(other) == "Back to new customer «Петров Пётр» (unsaved)"
    deliver(qtbot, desk.bridge, CallStateChanged(22, CallDirection.INBOUND, CallState.ACTIVE, "+79990001122"))
    assert workspace.pages.currentWidget() is form and form.editing_id == 1  # the call does not take it back

    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: (
            (c := _customer(store, "Иванова Анна Сергеевна")) is not None
            and c.notes == "Просила не звонить по выходным"
        ),
        timeout=5000,
    )
    qtbot.mouseClick(workspace.draft_bar.buttons[other], Qt.MouseButton.LeftButton)
    assert form.name_edit.text() == "Петров Пётр"
    assert form.phone_rows[0][0].text() == "+7 999 000-11-22"


def test_an_untouched_form_leaves_no_draft_and_cancel_gives_it_up(qtbot: QtBot, desk: MainWindow) -> None:
    workspace, form = desk.workspace, desk.workspace.form
    qtbot.mouseClick(workspace.new_button, Qt.MouseButton.LeftButton)
    ring(qtbot, desk, 23, KNOWN)
    qtbot.waitUntil(lambda: workspace.pages.currentWidget() is workspace.card, timeout=5000)
    assert not workspace.draft_bar.isVisible()  # nothing typed: nothing to offer back
    _end(qtbot, desk, 23, KNOWN)
    workspace.show_idle()
    qtbot.mouseClick(workspace.new_button, Qt.MouseButton.LeftButton)
    form.name_edit.setText("Кто-то")
    qtbot.mouseClick(form.cancel_button, Qt.MouseButton.LeftButton)
    assert workspace.pages.currentWidget() is workspace.idle and not workspace.draft_bar.isVisible()
