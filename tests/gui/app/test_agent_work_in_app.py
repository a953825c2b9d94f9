"""Agent states, after-call work and the wrap-up in the assembled app, against Kamailio, a peer UA
and the reference CRM: a known customer calls, the operator hangs up and wraps up with a result; the
CRM's own database then holds the interaction with its times, result and script answers, and the
operator's state. Mandatory after-call work refuses Ready until wrapped up; Not ready answers a call
with 486; with the CRM away during the call and the wrap-up everything arrives once it is back."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from softphone.crm.link_status import LinkState
from softphone.settings.secrets import SecretStore
from softphone.store.models import OutboxEntry
from softphone.ui.workspace.script_panel import ScriptPanel
from softphone.workspace.agent_state import AgentStatus
from tests.conftest import MemoryKeyring
from tests.helpers.app_in_process import InProcessApp
from tests.helpers.crm_server import CrmServer, running_crm_server
from tests.helpers.kamailio import Kamailio
from tests.helpers.sip_peer import SipPeer
from tests.helpers.wrap_up_kit import crm_rows, set_crm_operator, wrap_up

pytestmark = pytest.mark.sip

CALLER = "79161234567"  # Иванова Анна Сергеевна (C-DEMO-1) in the seeded CRM


@pytest.fixture
def crm(tmp_path: Path) -> Iterator[CrmServer]:
    with running_crm_server(tmp_path / "crm", token="crm-token") as server:
        yield server


def settings(kamailio: Kamailio, crm: CrmServer) -> str:
    return (
        f'[sip]\nusername = "1001"\ndomain = "127.0.0.1"\nport = {kamailio.port}\nwatch_network = false\n'
        f'[crm]\nbase_url = "{crm.base_url}"\nsync_interval_s = 3600\n'
    )


def secrets(crm: CrmServer) -> None:
    SecretStore().put(SecretStore.sip_key("1001", "127.0.0.1"), "1001pw")
    SecretStore().put(SecretStore.crm_key(crm.base_url), "crm-token")


async def ready(app: InProcessApp) -> None:
    window, status = app.parts.main_window, app.parts.link_status
    await app.until(lambda: window.registration.label.text() == "Registered", 20, "registered")
    await app.until(lambda: status.snapshot.state == LinkState.ONLINE, 60, "first CRM sync")


def crm_state(crm: CrmServer) -> dict[str, Any] | None:
    docs = crm_rows(crm, "SELECT data FROM refdata WHERE kind = 'agent_state:op-1'")
    return docs[0] if docs else None


def crm_interactions(crm: CrmServer) -> list[dict[str, Any]]:
    """Anna's interactions logged by the app (the seed has older ones, without a script)."""
    docs = crm_rows(crm, "SELECT data FROM interactions WHERE customer_id = 'C-DEMO-1'")
    return [doc for doc in docs if doc.get("script_id")]


def delivered(app: InProcessApp) -> bool:
    with app.parts.store.read_session() as session:
        entry = session.scalars(select(OutboxEntry).where(OutboxEntry.entity_type == "interaction")).first()
    return entry is not None and entry.status == "delivered"


async def talk(app: InProcessApp, qtbot: QtBot, peer: SipPeer, kamailio: Kamailio) -> None:
    """Anna calls; the operator answers, answers the script's first question, holds, hangs up."""
    window = app.parts.main_window
    panel = app.parts.script_panel
    assert isinstance(panel, ScriptPanel)
    peer_call = int(peer.cmd("call", uri=f"sip:1001@127.0.0.1:{kamailio.port}")["id"])
    await app.until(lambda: window.lines.ringing_line() is not None, 15, "ringing")
    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    await app.until(lambda: window.lines.connected_line() is not None, 15, "connected")
    assert app.parts.agent_state.state.status == AgentStatus.ON_CALL

    def at(step: str) -> Callable[[], bool]:
        return lambda: (
            panel.script is not None and panel.script.run is not None and panel.script.run.current.id == step
        )

    await app.until(at("greet"), 10, "the script")
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    await app.until(at("known"), 10, "known")
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    await app.until(at("what"), 10, "what")
    panel.text_answer.setText("Чайник Bosch")
    qtbot.mouseClick(panel.text_next, Qt.MouseButton.LeftButton)
    await app.until(at("stock"), 10, "stock")
    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    sessions = app.parts.sessions
    await app.until(lambda: any(s.local_hold for s in sessions.live()), 10, "on hold")
    await asyncio.sleep(1.2)
    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    await app.until(lambda: sessions.talking() is not None, 10, "resumed")
    qtbot.keyClick(window, Qt.Key.Key_F6)
    await app.until(lambda: window.lines.live_lines() == [], 15, "call ended")
    peer.wait("state", id=peer_call, state="DISCONNECTED", timeout=10)


def check_interaction(doc: dict[str, Any]) -> None:
    assert doc["disposition"] == "consultation" and doc["notes"] == "Рассказала про доставку"
    assert doc["talk_s"] >= 1 and doc["hold_s"] >= 1 and doc["acw_s"] >= 1
    assert doc["script_id"] == "SCR-INBOUND" and doc["script_answers"] == {"wanted_product": "Чайник Bosch"}
    assert doc["script_steps"][:3] == ["greet", "known", "what"]


def test_mandatory_after_call_work_blocks_ready_until_the_call_is_wrapped_up(
    qtbot: QtBot,
    run_app: Callable[..., InProcessApp],
    kamailio: Kamailio,
    peer_factory: Callable[[str], SipPeer],
    crm: CrmServer,
    memory_keyring: MemoryKeyring,
) -> None:
    set_crm_operator(crm, after_call_work={"mode": "mandatory", "seconds": 0})
    secrets(crm)
    anna = peer_factory("anna")

    async def scenario(app: InProcessApp) -> None:
        window, bar, machine = app.parts.main_window, app.parts.agent_bar, app.parts.agent_state
        assert bar is not None and bar.isVisible() and bar.kpis.isVisible()
        await ready(app)
        await app.until(lambda: (crm_state(crm) or {}).get("state") == "ready", 10, "Ready in the CRM")
        anna.register(CALLER, kamailio.port)
        await talk(app, qtbot, anna, kamailio)
        assert machine.state.status == AgentStatus.AFTER_CALL_WORK
        await asyncio.sleep(1.1)
        qtbot.keyClick(window, Qt.Key.Key_F9)  # Ready: refused, and the bar says why
        assert machine.state.status == AgentStatus.AFTER_CALL_WORK
        assert bar.problem.isVisible() and "Wrap up the call first" in bar.problem.text()
        assert await asyncio.to_thread(crm_interactions, crm) == []  # not before the wrap-up
        await app.until(
            lambda: (crm_state(crm) or {}).get("state") == "after_call_work", 10, "ACW in the CRM"
        )
        await wrap_up(app, qtbot, "consultation", "Рассказала про доставку")
        assert machine.state.status == AgentStatus.READY and not bar.problem.isVisible()
        await app.until(lambda: delivered(app), 30, "the interaction delivered")
        [doc] = await asyncio.to_thread(crm_interactions, crm)
        check_interaction(doc)
        await app.until(lambda: (crm_state(crm) or {}).get("state") == "ready", 10, "Ready again in the CRM")
        await app.until(lambda: bar.kpis.kpis.calls == 1, 10, "the KPI strip counts the call")
        assert "<b>1</b>" in bar.kpis.labels["calls"].text()

    run_app(settings(kamailio, crm), scenario)


@pytest.mark.parametrize("mode", ["busy", "dnd"])
def test_not_ready_answers_a_call_with_486_and_ready_takes_calls_again(
    qtbot: QtBot,
    run_app: Callable[..., InProcessApp],
    kamailio: Kamailio,
    peer_factory: Callable[[str], SipPeer],
    crm: CrmServer,
    memory_keyring: MemoryKeyring,
    mode: str,
) -> None:
    secrets(crm)
    anna = peer_factory("anna")

    async def scenario(app: InProcessApp) -> None:
        window, bar, machine = app.parts.main_window, app.parts.agent_bar, app.parts.agent_state
        assert bar is not None
        await ready(app)
        await app.until(lambda: bar.reasons != [], 10, "the CRM's not-ready reasons")
        qtbot.keyClick(window, Qt.Key.Key_F10)
        assert (machine.state.status, machine.state.reason) == (AgentStatus.NOT_READY, "lunch")
        assert bar.state_button.text() == "Not ready: Обед"
        assert window.dnd_button.isChecked() == (mode == "dnd")  # shown as do-not-disturb, if so set
        await app.until(lambda: (crm_state(crm) or {}).get("reason") == "lunch", 10, "Not ready in the CRM")
        anna.register(CALLER, kamailio.port)
        refused = int(anna.cmd("call", uri=f"sip:1001@127.0.0.1:{kamailio.port}")["id"])
        ended = anna.wait("state", id=refused, state="DISCONNECTED", timeout=15)
        assert ended["code"] == 486
        assert window.lines.live_lines() == []
        qtbot.keyClick(window, Qt.Key.Key_F9)
        assert machine.state.status == AgentStatus.READY and not window.dnd_button.isChecked()
        anna.cmd("call", uri=f"sip:1001@127.0.0.1:{kamailio.port}")
        await app.until(lambda: window.lines.ringing_line() is not None, 15, "ringing when ready")

    run_app(settings(kamailio, crm) + f'[agent]\nnot_ready_calls = "{mode}"\n', scenario)


def test_crm_away_during_the_call_and_the_wrap_up_everything_arrives_once(
    qtbot: QtBot,
    run_app: Callable[..., InProcessApp],
    kamailio: Kamailio,
    peer_factory: Callable[[str], SipPeer],
    crm: CrmServer,
    memory_keyring: MemoryKeyring,
) -> None:
    set_crm_operator(crm, after_call_work={"mode": "timed", "seconds": 120})
    secrets(crm)
    anna = peer_factory("anna")

    async def scenario(app: InProcessApp) -> None:
        bar, machine, status = app.parts.agent_bar, app.parts.agent_state, app.parts.link_status
        assert bar is not None
        await ready(app)
        anna.register(CALLER, kamailio.port)
        await asyncio.to_thread(crm.stop)
        await talk(app, qtbot, anna, kamailio)
        assert machine.state.status == AgentStatus.AFTER_CALL_WORK
        await app.until(lambda: "Back to Ready in 1:" in bar.elapsed.text(), 5, "the countdown")
        await asyncio.sleep(1.1)
        await wrap_up(app, qtbot, "consultation", "Рассказала про доставку")
        assert machine.state.status == AgentStatus.READY
        assert app.parts.agent_state_sender.pending is not None  # kept for the CRM
        await asyncio.sleep(1)
        await asyncio.to_thread(crm.start)
        await app.until(lambda: status.snapshot.pending_outbox == 0 and delivered(app), 60, "delivered")
        [doc] = await asyncio.to_thread(crm_interactions, crm)  # exactly once
        check_interaction(doc)
        await app.until(lambda: app.parts.agent_state_sender.pending is None, 40, "the state sent")
        assert (crm_state(crm) or {}).get("state") == "ready"  # the latest state won

    run_app(settings(kamailio, crm), scenario)
