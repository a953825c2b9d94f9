"""A recorded call in the assembled app (``app_in_process``), as the operator makes it: with
``recording.enabled`` and a shop that allows recording, the known customer Anna (C-DEMO-1 in the
seeded CRM) calls the shop's line through Kamailio, the operator answers (Ctrl+Return), Anna's UA
plays a tone while the call line shows "● Recording", the operator hangs up (F6)."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from softphone.crm.link_status import LinkState
from softphone.store.models import Interaction, OutboxEntry
from tests.helpers.app_in_process import InProcessApp
from tests.helpers.crm_server import CrmServer
from tests.helpers.kamailio import Kamailio
from tests.helpers.sip_peer import SipPeer

CALLER = "79161234567"  # Иванова Анна Сергеевна (C-DEMO-1) in the seeded CRM
SHOP_LINE = "+74952223344"  # ТехноДом: its calls may be recorded


def recording_settings(kamailio: Kamailio, crm: CrmServer) -> str:
    return (
        f'[sip]\nusername = "1001"\ndomain = "127.0.0.1"\nport = {kamailio.port}\nwatch_network = false\n'
        f'[crm]\nbase_url = "{crm.base_url}"\nsync_interval_s = 3600\n'
        "[recording]\nenabled = true\nretention_days = 30\n"
    )


def uploaded(crm: CrmServer) -> list[tuple[str, str, int]]:
    """(interaction id, media type, size) of each recording the reference CRM has received."""
    with sqlite3.connect(crm.db_path, timeout=10) as conn:
        return conn.execute("SELECT interaction_id, media_type, size FROM recordings").fetchall()


def recording_entry(app: InProcessApp) -> tuple[int, str, str] | None:
    """(interaction id, recording file, upload state) of the first recording the app stored."""
    with app.parts.store.read_session() as session:
        row = session.execute(
            select(Interaction.id, Interaction.recording_file, OutboxEntry.status)
            .join(OutboxEntry, OutboxEntry.entity_local_id == Interaction.id)
            .where(OutboxEntry.entity_type == "interaction", OutboxEntry.operation == "recording")
        ).first()
    return None if row is None else (row[0], row[1], row[2])


async def ready(app: InProcessApp) -> None:
    """Registered with Kamailio and synced with the CRM once."""
    window, status = app.parts.main_window, app.parts.link_status
    await app.until(lambda: window.registration.label.text() == "Registered", 20, "registered")
    await app.until(lambda: status.snapshot.state == LinkState.ONLINE, 60, "first CRM sync")


async def recorded_call(
    app: InProcessApp, qtbot: QtBot, anna: SipPeer, kamailio: Kamailio, far: Path, talk_s: float = 2.0
) -> None:
    """Anna calls the shop's line and plays ``far``; recorded for about ``talk_s``; the operator hangs up."""
    window = app.parts.main_window
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
    await asyncio.sleep(talk_s)
    qtbot.keyClick(window, Qt.Key.Key_F6)  # the operator hangs up
    await app.until(lambda: window.lines.live_lines() == [], 15, "call ended")
