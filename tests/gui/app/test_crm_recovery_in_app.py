"""The assembled app recovers from CRM faults by itself: edits that waited while the CRM refused the
token go out once it takes a token again (the same one restored on the CRM, or a new one saved in the
keyring with ``--store-crm-token`` while the app runs), and "Sync now" never shows online meanwhile."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from softphone.crm import schemas as s
from softphone.crm.link_status import LinkSnapshot, LinkState
from softphone.settings.secrets import SecretStore
from softphone.store.local_writes import update_customer
from softphone.store.models import Customer
from tests.conftest import MemoryKeyring
from tests.helpers.app_in_process import InProcessApp
from tests.helpers.crm_server import CrmServer, running_crm_server


@pytest.fixture
def crm_server(tmp_path: Path) -> Iterator[CrmServer]:
    with running_crm_server(tmp_path / "crm", token="the-right-token") as server:
        yield server


def _notes_in_crm(crm: CrmServer) -> str:
    reply = httpx.get(f"{crm.api_url}/customers/C-DEMO-3", headers=crm.headers, timeout=10)
    reply.raise_for_status()
    return str(reply.json()["notes"])


def test_waiting_edits_go_out_when_the_crm_takes_a_token_again_without_a_restart(
    qtbot: QtBot, run_app: Callable[..., InProcessApp], crm_server: CrmServer, memory_keyring: MemoryKeyring
) -> None:
    key = SecretStore.crm_key(crm_server.base_url)
    SecretStore().put(key, "the-right-token")
    settings = (
        f'[crm]\nbase_url = "{crm_server.base_url}"\nauth_retry_s = 1.0\nsync_interval_s = 3600\n'
        "[sip]\nwatch_network = false\n"
    )

    async def scenario(app: InProcessApp) -> None:
        status, indicator, store = app.parts.link_status, app.parts.main_window.crm, app.parts.store
        await app.until(lambda: status.snapshot.state == LinkState.ONLINE, 60, "first sync")
        with store.read_session() as session:
            olga = session.scalar(select(Customer.id).where(Customer.crm_id == "C-DEMO-3"))
        assert olga is not None

        async def edit(notes: str) -> None:
            await asyncio.to_thread(update_customer, store, olga, s.CustomerUpdate(notes=notes))

        def delivered() -> bool:
            snap = status.snapshot
            return snap.state == LinkState.ONLINE and snap.pending_outbox == 0

        seen: list[LinkSnapshot] = []
        stop_watching = status.subscribe(seen.append)
        await asyncio.to_thread(crm_server.restart_with_token, "another-token")
        for n in range(3):
            await edit(f"edit {n}")
        await app.until(lambda: status.snapshot.state == LinkState.AUTH_ERROR, 30, "token refused")
        await app.until(lambda: status.snapshot.pending_outbox >= 1, 10, "edits waiting")
        indicator.sync_button.click()  # "Sync now" while the CRM refuses the token
        await asyncio.sleep(2.5)  # a sync and two keyring looks (every second here)
        assert status.snapshot.state == LinkState.AUTH_ERROR
        assert indicator.label.text().startswith("CRM refused the access token")
        assert indicator.sign_in_button.isVisible()
        assert all(snap.state != LinkState.ONLINE for snap in seen)

        await asyncio.to_thread(crm_server.restart_with_token, "the-right-token")  # restored on the CRM
        await app.until(delivered, 30, "the waiting edits delivered")
        stop_watching()
        assert await asyncio.to_thread(_notes_in_crm, crm_server) == "edit 2"

        # IT gives the CRM a new token and saves it with `softphone --store-crm-token` meanwhile
        await asyncio.to_thread(crm_server.restart_with_token, "a-new-token")
        await edit("edit 3")
        await app.until(lambda: status.snapshot.state == LinkState.AUTH_ERROR, 30, "old token refused")
        await asyncio.to_thread(SecretStore().put, key, "a-new-token")
        await app.until(delivered, 30, "delivered with the new token from the keyring")
        assert await asyncio.to_thread(_notes_in_crm, crm_server) == "edit 3"
        assert indicator.label.text().startswith("CRM online")

    run_app(settings, scenario)
