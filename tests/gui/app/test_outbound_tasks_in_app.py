"""Outbound work in the assembled app against Kamailio, a peer UA and the reference CRM: the operator
takes a task from the task list (the customer's card and the task's script open), calls with Return
(the call carries the task, the script is the task's kind), the peer answers, the operator hangs up
and picks the outcome; the CRM server's database then has the task done with that result. A task
another operator took meanwhile (at the CRM directly) is shown as such on the list when the operator
tries to take it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidgetItem
from pytestqt.qtbot import QtBot

from softphone.crm.link_status import LinkState
from softphone.settings.secrets import SecretStore
from softphone.ui.outbound.task_list import TASK_ROLE, TaskListPanel
from softphone.ui.workspace.script_panel import ScriptPanel
from softphone.workspace.call_context import CallTask
from tests.conftest import MemoryKeyring
from tests.helpers.app_in_process import InProcessApp
from tests.helpers.crm_server import CrmServer, running_crm_server
from tests.helpers.kamailio import Kamailio
from tests.helpers.sip_peer import SipPeer
from tests.helpers.task_kit import claim_on_server, server_task

pytestmark = pytest.mark.sip

ANNA = "+79161234567"  # Иванова Анна Сергеевна (C-DEMO-1), the customer of T-DEMO-1


@pytest.fixture
def crm(tmp_path: Path) -> Iterator[CrmServer]:
    with running_crm_server(tmp_path / "crm", token="crm-token") as server:
        yield server


def item_of(panel: TaskListPanel, crm_id: str) -> QListWidgetItem:
    row = next(r for r in panel.view.tasks.rows if r.crm_id == crm_id)
    for i in range(panel.list.count()):
        item = panel.list.item(i)
        if item.data(TASK_ROLE) == row.id:
            return item
    raise AssertionError(f"{crm_id} is not on the list")


def test_an_outbound_task_from_claim_to_completion(
    qtbot: QtBot,
    run_app: Callable[..., InProcessApp],
    kamailio: Kamailio,
    peer_factory: Callable[[str], SipPeer],
    crm: CrmServer,
    memory_keyring: MemoryKeyring,
) -> None:
    SecretStore().put(SecretStore.sip_key("1001", "127.0.0.1"), "1001pw")
    SecretStore().put(SecretStore.crm_key(crm.base_url), "crm-token")
    anna = peer_factory("anna")
    settings = (
        f'[sip]\nusername = "1001"\ndomain = "127.0.0.1"\nport = {kamailio.port}\nwatch_network = false\n'
        f'[crm]\nbase_url = "{crm.base_url}"\nsync_interval_s = 3600\n'
    )

    async def scenario(app: InProcessApp) -> None:
        window, status = app.parts.main_window, app.parts.link_status
        panel = app.parts.task_list
        assert isinstance(panel, TaskListPanel)
        await app.until(lambda: window.registration.label.text() == "Registered", 20, "registered")
        await app.until(lambda: status.snapshot.state == LinkState.ONLINE, 60, "first CRM sync")
        await app.until(lambda: panel.list.count() > 5, 10, "the task list filled from the feed")
        window.left_tabs.setCurrentWidget(panel)
        assert window.left_tabs.tabText(window.left_tabs.currentIndex()).startswith("Tasks (")
        anna.register(ANNA, kamailio.port)
        anna.cmd("policy", incoming="answer")

        # another operator takes a task at the CRM meanwhile; this app has not heard of it yet
        other = next(r for r in panel.view.tasks.rows if r.crm_id != "T-DEMO-1" and r.status == "open")
        await asyncio.to_thread(claim_on_server, crm.db_path, other.crm_id)
        panel.list.setCurrentItem(item_of(panel, other.crm_id))
        qtbot.mouseClick(panel.take_button, Qt.MouseButton.LeftButton)
        await app.until(
            lambda: "Claimed by another operator" in item_of(panel, other.crm_id).text(), 15, "409"
        )
        assert not panel.take_button.isEnabled()

        panel.list.setCurrentItem(item_of(panel, "T-DEMO-1"))
        panel.list.setFocus()
        qtbot.keyClick(panel.list, Qt.Key.Key_Return)  # take
        workspace = window.workspace
        await app.until(
            lambda: workspace.browsing is not None and workspace.browsing.card.crm_id == "C-DEMO-1",
            15,
            "the customer's card",
        )
        assert "Taken by you" in item_of(panel, "T-DEMO-1").text()
        script = app.parts.script_panel
        assert isinstance(script, ScriptPanel)
        await app.until(  # the task's script, to read before dialling
            lambda: script.script is not None and script.script.preview and script.script.run is not None
            and script.script.run.graph.call_type == "order_confirmation",
            15,
            "the script previewed",
        )  # fmt: skip
        assert "Анна" in script.step_text.text() and "script starts when you call" in script.note.text()
        assert not script.answer_buttons[0].isEnabled()  # read-only until the call
        assert server_task(crm.db_path, "T-DEMO-1")["claimed_by"] == "op-1"
        assert panel.call_button.isVisible() and panel.complete_button.isVisible()

        qtbot.keyClick(panel.list, Qt.Key.Key_Return)  # call, as Return dials in the number field
        await app.until(lambda: window.lines.connected_line() is not None, 20, "the peer answered")
        session = app.parts.sessions.talking()
        assert session is not None and session.attached(CallTask) is not None
        await app.until(
            lambda: script.script is not None and not script.script.preview and script.script.run is not None
            and script.script.run.graph.call_type == "order_confirmation",
            15,
            "the order confirmation script",
        )  # fmt: skip
        await asyncio.sleep(1.0)
        qtbot.keyClick(window, Qt.Key.Key_F6)  # the operator hangs up
        await app.until(lambda: window.lines.live_lines() == [], 15, "call ended")

        panel.outcome.setCurrentIndex(panel.outcome.findData("order_confirmed"))
        panel.outcome_note.setText("Подтвердила, доставка завтра")
        qtbot.mouseClick(panel.complete_button, Qt.MouseButton.LeftButton)
        await app.until(
            lambda: server_task(crm.db_path, "T-DEMO-1")["status"] == "done", 30, "done at the CRM"
        )
        doc = server_task(crm.db_path, "T-DEMO-1")
        assert (doc["result"], doc["result_note"]) == ("order_confirmed", "Подтвердила, доставка завтра")
        await app.until(
            lambda: "T-DEMO-1" not in {r.crm_id for r in panel.view.tasks.rows}, 10, "gone from the list"
        )

    run_app(settings, scenario)
