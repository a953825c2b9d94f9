"""Call recording in the assembled app: with ``recording.enabled`` and a shop that allows it, a known
customer's call through Kamailio is recorded ("● Recording" on the call line while it lasts); after
hang-up the recording is stored as ``<interaction id>.ogg`` under the data folder (no WAV left, no
phone number in any name) and uploaded once to the reference CRM through the outbox."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from softphone.crm.link_status import LinkState
from softphone.settings.secrets import SecretStore
from softphone.store.models import Interaction, OutboxEntry
from softphone.workspace import recordings
from tests.conftest import MemoryKeyring
from tests.helpers.app_in_process import InProcessApp
from tests.helpers.crm_server import CrmServer, running_crm_server
from tests.helpers.kamailio import Kamailio
from tests.helpers.pipewire import tone, write_wav
from tests.helpers.sip_peer import SipPeer

pytestmark = pytest.mark.sip

CALLER = "79161234567"  # Иванова Анна Сергеевна (C-DEMO-1) in the seeded CRM
SHOP_LINE = "+74952223344"  # ТехноДом: its calls may be recorded


@pytest.fixture
def crm(tmp_path: Path) -> Iterator[CrmServer]:
    with running_crm_server(tmp_path / "crm", token="crm-token") as server:
        yield server


def settings(kamailio: Kamailio, crm: CrmServer) -> str:
    return (
        f'[sip]\nusername = "1001"\ndomain = "127.0.0.1"\nport = {kamailio.port}\nwatch_network = false\n'
        f'[crm]\nbase_url = "{crm.base_url}"\nsync_interval_s = 3600\n'
        "[recording]\nenabled = true\nretention_days = 30\n"
    )


def uploaded(crm: CrmServer) -> list[tuple[str, str, int]]:
    with sqlite3.connect(crm.db_path, timeout=10) as conn:
        return conn.execute("SELECT interaction_id, media_type, size FROM recordings").fetchall()


def recording_entry(app: InProcessApp) -> tuple[int, str, str] | None:
    with app.parts.store.read_session() as session:
        row = session.execute(
            select(Interaction.id, Interaction.recording_file, OutboxEntry.status)
            .join(OutboxEntry, OutboxEntry.entity_local_id == Interaction.id)
            .where(OutboxEntry.entity_type == "interaction", OutboxEntry.operation == "recording")
        ).first()
    return None if row is None else (row[0], row[1], row[2])


def test_a_recorded_call_is_stored_by_interaction_and_uploaded_once(
    qtbot: QtBot,
    run_app: Callable[..., InProcessApp],
    kamailio: Kamailio,
    peer_factory: Callable[[str], SipPeer],
    crm: CrmServer,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
) -> None:
    SecretStore().put(SecretStore.sip_key("1001", "127.0.0.1"), "1001pw")
    SecretStore().put(SecretStore.crm_key(crm.base_url), "crm-token")
    anna = peer_factory("anna")
    far = write_wav(tmp_path / "far.wav", tone(700, 6.0))

    async def scenario(app: InProcessApp) -> None:
        window, status = app.parts.main_window, app.parts.link_status
        await app.until(lambda: window.registration.label.text() == "Registered", 20, "registered")
        await app.until(lambda: status.snapshot.state == LinkState.ONLINE, 60, "first CRM sync")
        anna.register(CALLER, kamailio.port)
        headers = {"P-Called-Party-ID": f"<sip:{SHOP_LINE}@127.0.0.1>"}
        peer_call = int(anna.cmd("call", uri=f"sip:1001@127.0.0.1:{kamailio.port}", headers=headers)["id"])
        await app.until(lambda: window.lines.ringing_line() is not None, 15, "ringing")
        qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        await app.until(lambda: window.lines.connected_line() is not None, 15, "connected")
        anna.wait("media", id=peer_call, status="active")
        anna.cmd("play", id=peer_call, wav=str(far))
        card = next(iter(window.calls.widgets.values()))
        await app.until(
            lambda: card._recording_label is not None and card.recording_label.isVisible(), 10, "● Recording"
        )
        await asyncio.sleep(2.0)
        qtbot.keyClick(window, Qt.Key.Key_F6)  # the operator hangs up
        await app.until(lambda: window.lines.live_lines() == [], 15, "call ended")
        await app.until(
            lambda: (e := recording_entry(app)) is not None and e[2] == "delivered", 60, "uploaded"
        )
        interaction_id, file_name, _ = recording_entry(app) or (0, "", "")
        stored = Path(file_name)
        assert stored == recordings.stored_path(recordings.recordings_folder(app.data_dir), interaction_id)
        assert [p.name for p in stored.parent.iterdir()] == [stored.name]  # the WAV is gone
        assert CALLER not in stored.name
        assert 1.5 < recordings.duration_s(stored) < 8
        [(crm_id, media_type, size)] = await asyncio.to_thread(uploaded, crm)
        assert media_type == recordings.MEDIA_TYPE and size == stored.stat().st_size
        with app.parts.store.read_session() as session:
            assert session.get(Interaction, interaction_id).crm_id == crm_id  # type: ignore[union-attr]

    run_app(settings(kamailio, crm), scenario)
