"""The assembled app's first sync runs in writer processes of its own: quitting in the middle of it ends
them with the app, and the next start takes up the sync where it stopped, every entity once."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from softphone.crm.link_status import LinkState
from softphone.settings.secrets import SecretStore
from softphone.store.models import Customer, Order
from tests.conftest import MemoryKeyring
from tests.helpers.app_in_process import InProcessApp
from tests.helpers.crm_client_kit import count_rows
from tests.helpers.crm_server import CrmServer, running_crm_server


@pytest.fixture
def crm_server(tmp_path: Path) -> Iterator[CrmServer]:
    # 5,000 customers and 10,000 orders: several pages of the app's size, a sync of a few seconds
    with running_crm_server(tmp_path / "crm", seed="large", extra_args=("--scale", "0.05")) as server:
        yield server


def sync_writers() -> list[int]:
    """Our child processes running a sync writer (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (entry / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue  # ended meanwhile
        if parent == os.getpid() and b"softphone.store.sync_worker" in command:
            found.append(int(entry.name))
    return found


def crm_counts(crm: CrmServer) -> tuple[int, int]:
    conn = sqlite3.connect(f"file:{crm.db_path}?mode=ro", uri=True)
    try:
        return (
            conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0],
            conn.execute("SELECT COUNT(*) FROM orders").fetchone()[0],
        )
    finally:
        conn.close()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="looks for the writers in /proc")
def test_quitting_during_the_first_sync_ends_its_writers_and_the_next_start_finishes_it(
    qtbot: QtBot, run_app: Callable[..., InProcessApp], crm_server: CrmServer, memory_keyring: MemoryKeyring
) -> None:
    SecretStore().put(SecretStore.crm_key(crm_server.base_url), crm_server.token)
    settings = (
        f'[crm]\nbase_url = "{crm_server.base_url}"\nsync_interval_s = 3600\n[sip]\nwatch_network = false\n'
    )
    seen: list[int] = []

    async def quit_mid_sync(app: InProcessApp) -> None:
        status = app.parts.link_status
        await app.until(
            lambda: status.snapshot.sync_done > 0 and bool(sync_writers()), 60, "the sync writing"
        )
        seen.extend(sync_writers())
        assert status.snapshot.state is LinkState.SYNCING

    first = run_app(settings, quit_mid_sync)
    assert seen and sync_writers() == []  # ended with the app

    async def finish(app: InProcessApp) -> None:
        status = app.parts.link_status
        await app.until(lambda: status.snapshot.state is LinkState.ONLINE, 120, "the sync finished")
        store = app.parts.store
        assert (count_rows(store, Customer), count_rows(store, Order)) == crm_counts(crm_server)

    run_app(settings, finish, home=first.home)
    assert sync_writers() == []
