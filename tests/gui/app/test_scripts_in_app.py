"""The call script in the assembled app: a known customer calls through Kamailio, the operator answers,
walks the script in the window (answers by key and click, a typed answer, back), puts the call on
hold, hangs up; the reference CRM's own database then holds the interaction with the script's answers,
compliance and steps. With the CRM down during the whole call, the answers are kept locally and
delivered once it is back.

Screen-pop puts the caller and the shop (from the dialled line in P-Called-Party-ID) on the call.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import event, select

from softphone.crm.link_status import LinkState
from softphone.settings.secrets import SecretStore
from softphone.store.models import Interaction, OutboxEntry
from softphone.ui.workspace.script_panel import ScriptPanel
from tests.conftest import MemoryKeyring
from tests.helpers.app_in_process import InProcessApp
from tests.helpers.crm_server import CrmServer, running_crm_server
from tests.helpers.kamailio import Kamailio
from tests.helpers.sip_peer import SipPeer
from tests.helpers.wrap_up_kit import wrap_up

pytestmark = pytest.mark.sip

CALLER = "79161234567"  # Иванова Анна Сергеевна (C-DEMO-1) in the seeded CRM
SHOP_LINE = "+74952223344"  # ТехноДом
EXPECTED_ANSWERS = {
    "wanted_product": "Чайник Bosch",
    "delivery_method": "Курьером",
    "address": "Тверская 7",
    "payment": "Онлайн по ссылке из SMS",
    "sms_consent": "yes",
}
EXPECTED_STEPS = [
    "greet", "known", "what", "stock", "delivery", "pickup_point", "address", "payment", "summary", "consent",
    "end_ok",
]  # fmt: skip


@pytest.fixture
def crm(tmp_path: Path) -> Iterator[CrmServer]:
    with running_crm_server(tmp_path / "crm", token="crm-token") as server:
        yield server


def settings(kamailio: Kamailio, crm: CrmServer) -> str:
    return (
        f'[sip]\nusername = "1001"\ndomain = "127.0.0.1"\nport = {kamailio.port}\nwatch_network = false\n'
        f'[crm]\nbase_url = "{crm.base_url}"\nsync_interval_s = 3600\n'
    )


def crm_interactions(crm: CrmServer, customer_id: str) -> list[dict[str, Any]]:
    """The interactions as the CRM server's own database holds them."""
    with sqlite3.connect(crm.db_path, timeout=10) as conn:
        rows = conn.execute("SELECT data FROM interactions WHERE customer_id = ?", (customer_id,)).fetchall()
    return [doc for doc in (json.loads(r[0]) for r in rows) if doc.get("script_id")]


async def walk_the_script(app: InProcessApp, qtbot: QtBot, panel: ScriptPanel) -> None:
    """Through SCR-INBOUND with keys and clicks, a wrong turn taken back, a hold on the way."""
    window = app.parts.main_window

    async def at(step: str) -> None:
        await app.until(lambda: panel.script is not None and panel.script.run is not None
                        and panel.script.run.current.id == step, 10, f"script at {step}")  # fmt: skip

    await at("greet")
    # the values fill in once screen-pop has put the caller and the shop on the call
    await app.until(lambda: "ТехноДом" in panel.step_text.text(), 10, "the shop's name in the greeting")
    assert "Мария Кузнецова" in panel.step_text.text() and not panel.note.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    await at("known")
    assert panel.answer_buttons[0].text().endswith("Да, это Анна Сергеевна")
    qtbot.mouseClick(panel.answer_buttons[0], Qt.MouseButton.LeftButton)
    await at("what")
    panel.text_answer.setText("Чайник Bosch")
    qtbot.mouseClick(panel.text_next, Qt.MouseButton.LeftButton)
    await at("stock")
    qtbot.keyClick(window, Qt.Key.Key_F8)  # into the script: plain digits answer now
    qtbot.keyClick(panel, Qt.Key.Key_1)
    await at("delivery")
    qtbot.keyClick(panel, Qt.Key.Key_2)  # a wrong turn: pickup point ...
    await at("pickup_point")
    qtbot.keyClick(panel, Qt.Key.Key_Backspace)  # ... taken back
    await at("delivery")
    qtbot.keyClick(panel, Qt.Key.Key_1)
    await at("address")
    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)  # hold ...
    sessions = app.parts.sessions
    await app.until(lambda: any(s.local_hold for s in sessions.live()), 10, "on hold")
    await asyncio.sleep(1.2)
    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)  # ... and back
    await app.until(lambda: sessions.talking() is not None, 10, "resumed")
    panel.text_answer.setText("Тверская 7")
    qtbot.keyClick(panel.text_answer, Qt.Key.Key_Return)
    await at("payment")
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    await at("summary")
    assert panel.compliance.text() == "Required steps: 5 of 5"
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    await at("consent")
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    await at("end_ok")
    assert "Анна" in panel.step_text.text()


async def call_in(app: InProcessApp, qtbot: QtBot, peer: SipPeer, kamailio: Kamailio) -> int:
    window = app.parts.main_window
    # the caller dialled the shop's line; the PBX says so in P-Called-Party-ID (screen-pop reads it)
    headers = {"P-Called-Party-ID": f"<sip:{SHOP_LINE}@127.0.0.1>"}
    peer_call = int(peer.cmd("call", uri=f"sip:1001@127.0.0.1:{kamailio.port}", headers=headers)["id"])
    await app.until(lambda: window.lines.ringing_line() is not None, 15, "ringing")
    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    await app.until(lambda: window.lines.connected_line() is not None, 15, "connected")
    return peer_call


def local_interaction(app: InProcessApp) -> tuple[Interaction, OutboxEntry]:
    with app.parts.store.read_session() as session:
        row = session.scalars(select(Interaction).where(Interaction.script_crm_id.is_not(None))).one()
        entry = session.scalars(select(OutboxEntry).where(OutboxEntry.entity_type == "interaction")).one()
        session.expunge_all()
        return row, entry


def check_logged(doc: dict[str, Any]) -> None:
    assert doc["script_id"] == "SCR-INBOUND" and doc["channel"] == "call" and doc["direction"] == "inbound"
    assert doc["script_answers"] == EXPECTED_ANSWERS
    assert doc["script_steps"] == EXPECTED_STEPS and doc["script_compliance"] == 1.0
    assert doc["disposition"] == "consultation" and doc["talk_s"] >= 1 and doc["hold_s"] >= 1


@pytest.mark.parametrize("crm_down", [False, True], ids=["crm-online", "crm-down-during-the-call"])
def test_the_operator_walks_the_script_and_the_crm_gets_the_interaction(
    qtbot: QtBot,
    run_app: Callable[..., InProcessApp],
    kamailio: Kamailio,
    peer_factory: Callable[[str], SipPeer],
    crm: CrmServer,
    memory_keyring: MemoryKeyring,
    crm_down: bool,
) -> None:
    SecretStore().put(SecretStore.sip_key("1001", "127.0.0.1"), "1001pw")
    SecretStore().put(SecretStore.crm_key(crm.base_url), "crm-token")
    anna = peer_factory("anna")

    async def scenario(app: InProcessApp) -> None:
        window, status = app.parts.main_window, app.parts.link_status
        panel = app.parts.script_panel
        assert isinstance(panel, ScriptPanel)
        await app.until(panel.isVisible, 5, "the script panel in the window")
        await app.until(lambda: window.registration.label.text() == "Registered", 20, "registered")
        await app.until(lambda: status.snapshot.state == LinkState.ONLINE, 60, "first CRM sync")
        anna.register(CALLER, kamailio.port)
        if crm_down:
            await asyncio.to_thread(crm.stop)
        gui_thread_sql: list[str] = []

        def on_sql(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
            if threading.current_thread() is threading.main_thread():
                gui_thread_sql.append(statement)

        event.listen(app.parts.store.engine, "before_cursor_execute", on_sql)
        peer_call = await call_in(app, qtbot, anna, kamailio)
        await walk_the_script(app, qtbot, panel)
        qtbot.keyClick(window, Qt.Key.Key_F6)  # the operator hangs up
        await app.until(lambda: window.lines.live_lines() == [], 15, "call ended")
        event.remove(app.parts.store.engine, "before_cursor_execute", on_sql)
        assert gui_thread_sql == []  # scripts, drafts and the log never ran SQL on the GUI thread
        anna.wait("state", id=peer_call, state="DISCONNECTED", timeout=10)
        await app.until(lambda: "answers are saved" in panel.note.text(), 10, "ended note")
        await wrap_up(app, qtbot, "consultation")  # the interaction goes once the call is wrapped up

        await app.until(lambda: _has_local(app), 10, "the interaction in the local store")
        row, entry = await asyncio.to_thread(local_interaction, app)
        assert not row.is_draft and row.script_compliance == 1.0 and row.script_steps == EXPECTED_STEPS
        if crm_down:
            assert entry.status == "pending"  # kept: the CRM is away
            assert await asyncio.to_thread(crm_interactions, crm, "C-DEMO-1") == []
            await asyncio.sleep(2)
            await asyncio.to_thread(crm.start)
        await app.until(lambda: status.snapshot.pending_outbox == 0 and _delivered(app), 60, "delivered")
        [doc] = await asyncio.to_thread(crm_interactions, crm, "C-DEMO-1")
        check_logged(doc)
        assert doc["id"] == entry.payload["id"]  # the one written locally, once

    run_app(settings(kamailio, crm), scenario)


def _has_local(app: InProcessApp) -> bool:
    with app.parts.store.read_session() as session:
        found = session.scalars(
            select(Interaction.id).where(
                Interaction.script_crm_id.is_not(None), Interaction.is_draft.is_(False)
            )
        ).first()
    return found is not None


def _delivered(app: InProcessApp) -> bool:
    with app.parts.store.read_session() as session:
        entry = session.scalars(select(OutboxEntry).where(OutboxEntry.entity_type == "interaction")).first()
    return entry is not None and entry.status == "delivered"
