"""The script panel on a real store and script desk: the step's text with its values, numbered answers
by click and by key, back, jump, a text answer, the step's action, switching script, placeholders when
screen-pop has not found the customer, Russian; and 1-9 versus DTMF in the main window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from softphone.sip.events import CallDirection, CallState, CallStateChanged, IncomingCall
from softphone.store.db import Store, open_store
from softphone.ui.gui_thread import GuiThread
from softphone.ui.i18n import install_translator
from softphone.ui.main_window import MainWindow
from softphone.ui.sip_bridge import SipBridge
from softphone.ui.workspace.script_panel import ScriptPanel
from softphone.workspace.scripts.desk import CallScript, ScriptDesk
from softphone.workspace.scripts.graph import StepAction
from tests.helpers.script_kit import CallsOnStore, fill_store, known_customer, shop

from .conftest import RecordingEngine, deliver


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "store.db")
    yield opened
    opened.close()


@pytest.fixture
def calls(store: Store, qapp: QApplication) -> Iterator[CallsOnStore]:
    gui = GuiThread()
    kit = CallsOnStore(store, deliver=gui.post)
    yield kit
    kit.close()


@pytest.fixture
def panel(qtbot: QtBot, calls: CallsOnStore) -> ScriptPanel:
    widget = ScriptPanel(calls.desk, calls.sessions)
    widget.resize(480, 760)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def ring_known(qtbot: QtBot, calls: CallsOnStore, store: Store, panel: ScriptPanel) -> CallScript:
    customer_id, store_id = fill_store(store)
    script = calls.ring()
    session = calls.sessions.get(1)
    assert session is not None
    session.attach(known_customer(customer_id))
    session.attach(shop(store_id))
    calls.sessions.attachments_changed(session)
    qtbot.waitUntil(
        lambda: script.run is not None and script.context is not None and script.context.gaps == ()
    )
    qtbot.waitUntil(lambda: panel.script is script and panel.step_frame.isVisible())
    return script


def shown(panel: ScriptPanel) -> str:
    run = panel.script.run if panel.script is not None else None
    assert run is not None
    return run.current.id


def test_walking_the_script_with_clicks_keys_back_jump_and_text(
    qtbot: QtBot, calls: CallsOnStore, store: Store, panel: ScriptPanel
) -> None:
    script = ring_known(qtbot, calls, store, panel)
    assert script.run is not None and script.run.graph.crm_id == "SCR-INBOUND"
    assert "ТехноДом" in panel.step_text.text() and "Мария Кузнецова" in panel.step_text.text()
    assert "Приём заказа по телефону" in panel.title.text()
    assert panel.compliance.text() == "Required steps: 1 of 5"
    assert panel.step_header.text().startswith("★") and panel.answer_buttons[0].text().startswith("1")
    assert not panel.back_button.isEnabled() and not panel.note.isVisible()

    qtbot.mouseClick(panel.answer_buttons[0], Qt.MouseButton.LeftButton)  # greet -> known
    assert shown(panel) == "known"
    assert panel.answer_buttons[0].text() == "1   Да, это Анна Сергеевна"  # a variable in an answer
    panel.setFocus()
    qtbot.keyClick(panel, Qt.Key.Key_2)  # "Нет, новый клиент" -> name (optional text)
    assert shown(panel) == "name" and panel.text_answer.isVisible()
    qtbot.keyClick(panel, Qt.Key.Key_Backspace)
    assert shown(panel) == "known" and panel.answer_buttons[1].property("chosen") is True
    qtbot.keyClick(panel, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)  # Alt+1 -> what
    assert shown(panel) == "what" and not panel.text_next.isEnabled()  # required: words first
    panel.text_answer.setText("чайник ")  # QTest types Latin letters only
    qtbot.keyClicks(panel.text_answer, "Bosch")
    assert panel.text_next.isEnabled()
    qtbot.keyClick(panel.text_answer, Qt.Key.Key_Return)
    assert shown(panel) == "stock" and script.run.answers["wanted_product"] == "чайник Bosch"
    item = panel.steps.findItems("Итог заказа", Qt.MatchFlag.MatchEndsWith)[0]
    panel.steps.itemClicked.emit(item)  # jump to any step from the list
    assert shown(panel) == "summary" and panel.compliance.text() == "Required steps: 3 of 5"
    assert "✓" in item.text() and "★" in item.text()
    assert panel.action_button.isVisible() and not panel.action_button.isEnabled()
    assert "order editor" in panel.action_button.toolTip()

    opened: list[int] = []
    panel.set_action_handler(StepAction.OPEN_ORDER, opened.append)
    assert panel.action_button.isEnabled() and panel.action_button.toolTip() == ""
    with qtbot.waitSignal(panel.action_requested) as emitted:
        qtbot.mouseClick(panel.action_button, Qt.MouseButton.LeftButton)
    assert emitted.args == ["open_order", 1] and opened == [1]


def test_switching_script_and_the_ended_call_stays_read_only(
    qtbot: QtBot, calls: CallsOnStore, store: Store, panel: ScriptPanel
) -> None:
    script = ring_known(qtbot, calls, store, panel)
    titles = [panel.switcher.itemText(i) for i in range(panel.switcher.count())]
    assert titles[0] == "New order (inbound) — Приём заказа по телефону"
    assert "Complaint or return — Жалоба или возврат" in titles
    separator = titles.index("")  # then the scripts made for other calls (outbound, other shops)
    assert titles[separator + 1 :] == [
        "New order (inbound) — Приём заказа — Детский Мир",
        "Order confirmation — Подтверждение заказа",
        "Feedback after delivery — Отзыв о доставке — Дом и Сад",
        "Feedback after delivery — Отзыв о доставке",
        "Abandoned cart — Брошенная корзина",
        "New registration — Приветствие нового клиента",
    ]
    panel.switcher.activated.emit(separator)  # the line itself switches nothing
    assert script.run is not None and script.run.graph.crm_id == "SCR-INBOUND"
    panel.switcher.activated.emit(titles.index("Complaint or return — Жалоба или возврат"))
    assert script.run is not None and script.run.graph.crm_id == "SCR-COMPLAINT"
    assert panel.switcher.currentText().startswith("Complaint")
    calls.answer()
    calls.hang_up()
    qtbot.waitUntil(lambda: panel.note.isVisible())
    assert panel.note.text() == "Call ended: the answers are saved with the call."
    assert not panel.answer_buttons[0].isEnabled() and not panel.switcher.isEnabled()
    assert not panel.pick(1)


def test_without_a_customer_the_values_show_as_highlighted_placeholders_in_russian(
    qtbot: QtBot, calls: CallsOnStore, store: Store, panel: ScriptPanel, qapp: QApplication
) -> None:
    assert install_translator(qapp, "ru")
    try:
        fill_store(store)
        script = calls.ring()
        qtbot.waitUntil(lambda: script.run is not None and panel.step_frame.isVisible())
        panel.pick(1)
        panel.pick(1)  # "Да, это [имя и отчество клиента]" -> what
        panel.jump("end_ok")
        assert "[имя клиента]" in panel.step_text.text() and "background:#fff3cd" in panel.step_text.text()
        assert panel.note.text().startswith("Клиент не определён")
        assert panel.compliance.text().startswith("Обязательные шаги:")
        panel.jump("consent")
        assert [b.text() for b in panel.answer_buttons if b.isVisible()] == ["1   Да", "2   Нет"]
    finally:
        install_translator(qapp, "en")


def test_digits_go_to_the_script_only_with_its_keys_dtmf_otherwise(
    qtbot: QtBot, store: Store, window: MainWindow, bridge: SipBridge, engine: RecordingEngine
) -> None:
    fill_store(store)
    jobs_gui = GuiThread()
    from softphone.store.jobs import StoreJobs

    jobs = StoreJobs(deliver=jobs_gui.post)
    desk = ScriptDesk(store, jobs)
    bridge.sessions.subscribe(desk.on_session_change)
    panel = ScriptPanel(desk, bridge.sessions)
    window.set_script_panel(panel)
    try:
        deliver(qtbot, bridge, IncomingCall(7, "sip:+79161234567@x", "+79161234567", "", "+74952223344"))
        deliver(qtbot, bridge, CallStateChanged(7, CallDirection.INBOUND, CallState.ACTIVE, "+79161234567"))
        qtbot.waitUntil(lambda: panel.script is not None and panel.script.run is not None)
        qtbot.waitUntil(lambda: shown(panel) == "greet")
        central = window.centralWidget()
        central.setFocus()  # where the window puts it when a call connects (unless in a text field)
        qtbot.keyClick(central, Qt.Key.Key_1)  # a plain digit in the window: DTMF, the script stays
        assert engine.named("send_dtmf") == [("send_dtmf", 7, "1")] and shown(panel) == "greet"
        qtbot.keyClick(central, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)  # Alt+1: the script
        assert shown(panel) == "known" and len(engine.named("send_dtmf")) == 1
        qtbot.keyClick(central, Qt.Key.Key_F8)  # into the script: plain digits answer
        assert panel.hasFocus()
        qtbot.keyClick(panel, Qt.Key.Key_1)
        assert shown(panel) == "what" and len(engine.named("send_dtmf")) == 1
        deliver(qtbot, bridge, CallStateChanged(7, CallDirection.INBOUND, CallState.ACTIVE, "+79161234567"))
        assert panel.hasFocus()  # a call state change leaves the focus in the script
        qtbot.keyClick(panel, Qt.Key.Key_F8)
        assert window.focusWidget() is panel.text_answer  # F8 on a text question: type the answer
        qtbot.keyClick(panel, Qt.Key.Key_Escape)
        assert window.focusWidget() is central
        qtbot.keyClick(central, Qt.Key.Key_3)
        assert engine.named("send_dtmf")[-1] == ("send_dtmf", 7, "3")
    finally:
        jobs.close()
