"""A full sync validated and written by writer processes: a writer killed mid-sync is replaced and no
page is lost or applied twice; writers that keep dying, or never answer, stop the sync with a clear
error and the next sync resumes from the store's cursor; the writers end with the sync, also when it
is cancelled."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sqlite3
import sys
from pathlib import Path

import pytest

from softphone.crm import sync
from softphone.crm.link_status import LinkSnapshot
from softphone.crm.sync import SyncStoreError
from softphone.store.db import Store, open_store
from softphone.store.models import Customer, Order, SyncState
from tests.helpers.crm_client_kit import Client, count_rows, crm_client, run
from tests.helpers.crm_server import CrmServer, running_crm_server


def crm_state(crm: CrmServer) -> tuple[int, int, int]:
    """The CRM's customers, orders and its last feed position."""
    conn = sqlite3.connect(f"file:{crm.db_path}?mode=ro", uri=True)
    try:
        customers = conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0]
        orders = conn.execute("SELECT COUNT(*) FROM orders").fetchone()[0]
        last = conn.execute("SELECT MAX(seq) FROM changes").fetchone()[0]
    finally:
        conn.close()
    return customers, orders, last


def fed_until(crm: CrmServer, position: int) -> tuple[int, int]:
    """How many customers and orders the CRM's feed holds up to ``position``."""
    conn = sqlite3.connect(f"file:{crm.db_path}?mode=ro", uri=True)
    try:
        counts = dict(
            conn.execute(
                "SELECT entity_type, COUNT(*) FROM changes WHERE seq <= ? GROUP BY entity_type", (position,)
            )
        )
    finally:
        conn.close()
    return counts.get("customer", 0), counts.get("order", 0)


def cursor(store: Store) -> int | None:
    with store.read_session() as session:
        state = session.get(SyncState, "crm")
        return None if state is None else state.cursor


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_writer_killed_mid_sync_is_replaced_and_every_entity_arrives_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "crm").mkdir()
    with running_crm_server(tmp_path / "crm", seed="demo") as crm:
        customers, orders, last = crm_state(crm)
        store = open_store(tmp_path / "client.db")
        killed: list[int] = []

        async def scenario() -> tuple[int, list[int]]:
            async with crm_client(crm.base_url, crm.token, store, page_size=25) as client:

                def kill_one(snapshot: LinkSnapshot) -> None:
                    pids = client.writers[0].worker_pids() if client.writers else []
                    if not killed and snapshot.sync_done >= 150 and pids:
                        os.kill(pids[0], signal.SIGKILL)
                        killed.append(pids[0])

                client.status.subscribe(kill_one)
                result = await client.sync.sync_once()
                return result.applied, [pid for w in client.writers for pid in w.worker_pids()]

        applied, left = run(scenario())
        assert killed and not alive(killed[0])
        assert count_rows(store, Customer) == customers and count_rows(store, Order) == orders
        assert applied >= customers + orders
        assert cursor(store) == last
        assert left == []  # the writers ended with the sync
        assert f"sync writer process {killed[0]} ended" in caplog.text
        store.close()


def test_a_writer_dying_between_its_commit_and_its_reply_does_not_apply_the_page_twice(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "crm").mkdir()
    with running_crm_server(tmp_path / "crm", seed="demo") as crm:
        customers, orders, last = crm_state(crm)
        store_path = tmp_path / "client.db"
        store = open_store(store_path)
        marker = tmp_path / "died"
        caplog.set_level(logging.INFO, logger="softphone.crm.sync")
        command = [sys.executable, "-m", "tests.helpers.dying_sync_worker", str(store_path), str(marker), "3"]

        async def scenario() -> int:
            async with crm_client(
                crm.base_url, crm.token, store, page_size=25, writer_command=command
            ) as client:
                return (await client.sync.sync_once()).applied

        applied = run(scenario())
        assert marker.exists() and "ended (exit code 9) with the page after cursor" in caplog.text
        assert "was in the store already" in caplog.text  # written once, not twice
        assert count_rows(store, Customer) == customers and count_rows(store, Order) == orders
        assert applied >= customers + orders and cursor(store) == last
        store.close()


def test_writers_that_keep_dying_stop_the_sync_and_the_next_one_resumes(tmp_path: Path) -> None:
    (tmp_path / "crm").mkdir()
    with running_crm_server(tmp_path / "crm", seed="demo") as crm:
        customers, orders, last = crm_state(crm)
        store = open_store(tmp_path / "client.db")
        dying = [sys.executable, "-c", "import sys; sys.exit(3)"]

        async def broken() -> str:
            async with crm_client(
                crm.base_url, crm.token, store, page_size=50, writer_command=dying
            ) as client:
                with pytest.raises(SyncStoreError) as info:
                    await client.sync.sync_once()
                assert client.status.snapshot.message == str(info.value)
                return str(info.value)

        assert "writer process ended 4 times" in run(broken())
        assert count_rows(store, Customer) == 0 and cursor(store) is None

        async def fixed() -> None:
            async with crm_client(crm.base_url, crm.token, store, page_size=50) as client:
                await client.sync.sync_once()

        run(fixed())
        assert count_rows(store, Customer) == customers and count_rows(store, Order) == orders
        assert cursor(store) == last
        store.close()


def test_a_cancelled_sync_ends_its_writers_and_keeps_what_it_wrote(tmp_path: Path) -> None:
    (tmp_path / "crm").mkdir()
    with running_crm_server(tmp_path / "crm", seed="demo") as crm:
        customers, _orders, last = crm_state(crm)
        store = open_store(tmp_path / "client.db")

        async def scenario() -> list[int]:
            # small pages, so the sync is still going when it is cancelled, even on a fast machine
            async with crm_client(crm.base_url, crm.token, store, page_size=2) as client:
                task = asyncio.ensure_future(client.sync.sync_once())
                await wait_for_pages(client, 20)
                pids = [pid for w in client.writers for pid in w.worker_pids()]
                task.cancel()
                with pytest.raises(asyncio.CancelledError):
                    await task
                return pids

        pids = run(scenario())
        assert pids and not any(alive(pid) for pid in pids)
        position = cursor(store)
        assert position is not None and 0 < position < last
        # what was written is whole and matches the cursor: every entity up to it, none after it
        assert (count_rows(store, Customer), count_rows(store, Order)) == fed_until(crm, position)

        async def rest() -> None:
            async with crm_client(crm.base_url, crm.token, store, page_size=50) as client:
                await client.sync.sync_once()

        run(rest())
        assert cursor(store) == last and count_rows(store, Customer) == customers
        store.close()


async def wait_for_pages(client: Client, changes: int) -> None:
    for _ in range(3000):
        if client.status.snapshot.sync_done >= changes:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the sync did not get going")


def test_a_writer_that_never_answers_is_not_waited_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sync, "PAGE_TIMEOUT_S", 2.0)
    (tmp_path / "crm").mkdir()
    with running_crm_server(tmp_path / "crm", seed="demo") as crm:
        store = open_store(tmp_path / "client.db")
        stuck = [sys.executable, "-c", "import sys; sys.stdin.buffer.read()"]  # reads, never answers

        async def scenario() -> tuple[str, list[int]]:
            async with crm_client(crm.base_url, crm.token, store, writer_command=stuck) as client:
                with pytest.raises(SyncStoreError) as info:
                    await client.sync.sync_once()
                return str(info.value), [pid for w in client.writers for pid in w.worker_pids()]

        error, left = run(scenario(), timeout_s=60)
        assert "were not saved within 2 s" in error
        assert left == [] and cursor(store) is None
        store.close()
