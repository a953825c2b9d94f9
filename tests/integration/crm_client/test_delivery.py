"""Outbox delivery to the reference CRM server: outage, conflicts, auth errors, rate limits."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from softphone.crm.link_status import LinkState
from softphone.store import outbox
from softphone.store.db import open_store
from softphone.store.models import Order, OutboxEntry
from tests.helpers.crm_client_kit import crm_client, enqueue, run, wait_until
from tests.helpers.crm_client_scenario import queue_updates, verify_delivered
from tests.helpers.crm_server import running_crm_server


@pytest.fixture
def crm_dir(tmp_path: Path) -> Path:
    path = tmp_path / "crm"
    path.mkdir()
    return path


def test_500_writes_survive_an_outage_exactly_once_in_order(tmp_path: Path, crm_dir: Path) -> None:
    with running_crm_server(crm_dir, seed="demo") as crm:
        store = open_store(tmp_path / "client.db")

        async def scenario() -> tuple[list[LinkState], int]:
            async with crm_client(crm.base_url, crm.token, store, delivery_backoff_max_s=0.3) as client:
                await client.sync.sync_once()
                plan = queue_updates(store, n_customers=25, n_orders=25, rounds=10)
                states: list[LinkState] = []
                client.status.subscribe(lambda snap: states.append(snap.state))
                task = asyncio.create_task(client.delivery.run())
                try:
                    await wait_until(lambda: client.delivery.stats.delivered >= 150, 60, "first 150 writes")
                    await asyncio.to_thread(crm.stop)  # outage in the middle of delivery
                    await wait_until(
                        lambda: client.status.snapshot.state is LinkState.OFFLINE, 30, "offline state"
                    )
                    stalled = client.delivery.stats.delivered
                    await asyncio.sleep(0.5)
                    assert client.delivery.stats.delivered == stalled  # nothing "delivered" while away
                    await asyncio.to_thread(crm.start)
                    await wait_until(lambda: client.delivery.stats.delivered >= 500, 90, "all 500 writes")
                    await wait_until(lambda: client.status.snapshot.pending_outbox == 0, 10, "empty outbox")
                finally:
                    task.cancel()
                verify_delivered(crm.db_path, store, plan)
                return states, client.status.snapshot.pending_outbox

        states, pending = run(scenario(), timeout_s=180)
        assert pending == 0
        assert LinkState.OFFLINE in states and states[-1] is LinkState.ONLINE
        assert store.integrity_check() == "ok"
        store.close()


def _first_editable_order(store_path: Path) -> tuple[int, str, int]:
    store = open_store(store_path)
    try:
        with store.read_session() as session:
            order = session.query(Order).filter(Order.crm_id == "O-DEMO-1").one()
            return order.id, order.crm_id or "", order.version or 0
    finally:
        store.close()


@pytest.mark.parametrize("choice", ["mine", "theirs"])
def test_stale_order_edit_becomes_a_visible_conflict_and_is_resolved(
    tmp_path: Path, crm_dir: Path, choice: str
) -> None:
    with running_crm_server(crm_dir, seed="demo") as crm:
        store = open_store(tmp_path / "client.db")

        async def sync() -> None:
            async with crm_client(crm.base_url, crm.token, store) as client:
                await client.sync.sync_once()

        run(sync())
        with store.read_session() as session:
            order = session.query(Order).filter(Order.crm_id == "O-DEMO-1").one()
            local_id, version = order.id, order.version
        # the operator edits the order offline ...
        entry_id = enqueue(store, "order", local_id, "update", {"comment": "позвонить до 18:00"}, version)
        # ... while a colleague changes it in the CRM
        theirs = httpx.patch(
            f"{crm.api_url}/orders/O-DEMO-1",
            json={"comment": "клиент просил не звонить"},
            headers={**crm.headers, "If-Match": str(version)},
            timeout=10,
        )
        assert theirs.status_code == 200, theirs.text

        async def deliver() -> tuple[int, int]:
            async with crm_client(crm.base_url, crm.token, store) as client:
                stats = await client.delivery.deliver_pending()
                return stats.conflicts, client.status.snapshot.conflicts

        assert run(deliver()) == (1, 1)
        with store.read_session() as session:
            entry = session.get(OutboxEntry, entry_id)
            assert entry is not None and entry.status == "conflict"
            assert entry.payload == {"comment": "позвонить до 18:00"}  # mine, kept
            assert entry.server_version_json is not None
            assert entry.server_version_json["comment"] == "клиент просил не звонить"  # theirs, kept
        server_doc = httpx.get(f"{crm.api_url}/orders/O-DEMO-1", headers=crm.headers, timeout=10).json()
        assert server_doc["comment"] == "клиент просил не звонить"  # not silently overwritten

        with store.session() as session, session.begin():
            outbox.resolve_conflict(session, entry_id, choice)  # type: ignore[arg-type]
        delivered = run(deliver())
        final = httpx.get(f"{crm.api_url}/orders/O-DEMO-1", headers=crm.headers, timeout=10).json()
        with store.read_session() as session:
            local = session.query(Order).filter(Order.crm_id == "O-DEMO-1").one()
        if choice == "mine":
            assert final["comment"] == "позвонить до 18:00" and final["version"] == version + 2
        else:
            assert final["comment"] == "клиент просил не звонить" and final["version"] == version + 1
        assert local.comment == final["comment"] and local.version == final["version"]
        assert delivered == (0, 0)
        store.close()


def test_wrong_token_pauses_without_a_retry_storm_and_resumes_after_fix(
    tmp_path: Path, crm_dir: Path
) -> None:
    with running_crm_server(crm_dir, seed="demo") as crm:
        store = open_store(tmp_path / "client.db")

        async def scenario() -> tuple[list[str], list[str], LinkState, str, int]:
            async with crm_client(crm.base_url, crm.token, store) as good:
                await good.sync.sync_once()
            queue_updates(store, n_customers=5, n_orders=0, rounds=2)
            async with crm_client(crm.base_url, "wrong-token", store) as bad:
                sync_task = asyncio.create_task(bad.sync.run())
                delivery_task = asyncio.create_task(bad.delivery.run())
                await wait_until(lambda: bad.delivery.auth_paused, 10, "delivery auth pause")
                await asyncio.sleep(1.0)  # a storm would send dozens of requests in this second
                bad.delivery.notify()  # new local writes do not restart it either
                await asyncio.sleep(0.2)
                snap = bad.status.snapshot
                with store.read_session() as session:
                    pending = outbox.counts(session)["pending"]
                deliveries = [r for r in bad.requests if "/customers/" in r]
                syncs = [r for r in bad.requests if "/customers/" not in r]
                # the operator fixes the token in settings: both resume and everything goes out
                bad.transport.set_token(crm.token)
                bad.delivery.resume()
                bad.sync.request_sync()
                try:
                    await wait_until(lambda: bad.delivery.stats.delivered == 10, 30, "delivery after fix")
                    await wait_until(lambda: bad.status.snapshot.state is LinkState.ONLINE, 30, "online")
                finally:
                    sync_task.cancel()
                    delivery_task.cancel()
                return deliveries, syncs, snap.state, snap.message, pending

        deliveries, syncs, state, message, pending = run(scenario())
        assert state is LinkState.AUTH_ERROR and "token" in message
        assert len(deliveries) == 1  # one refused write, then paused
        assert len(syncs) <= 10  # one full-sync attempt (a few parallel GETs), no retries
        assert pending == 10  # nothing lost, nothing marked rejected
        store.close()


def test_rate_limited_server_is_honoured_and_everything_arrives(tmp_path: Path, crm_dir: Path) -> None:
    with running_crm_server(crm_dir, seed="demo", rate_limit=10) as crm:
        store = open_store(tmp_path / "client.db")
        waits: list[float] = []

        async def scenario() -> int:
            async with crm_client(crm.base_url, crm.token, store, max_attempts=10) as client:
                original = client.transport._sleep

                async def sleep(seconds: float) -> None:
                    waits.append(seconds)
                    await original(seconds)

                client.transport._sleep = sleep
                await client.sync.sync_once()
                plan = queue_updates(store, n_customers=5, n_orders=5, rounds=2)
                await client.delivery.deliver_pending()
                verify_delivered(crm.db_path, store, plan)
                return client.delivery.stats.delivered

        assert run(scenario()) == 20
        assert waits and all(w >= 1.0 for w in waits)  # the server's Retry-After (whole seconds) was used
        store.close()


def test_offline_created_customer_gets_its_crm_id_and_later_order_refers_to_it(
    tmp_path: Path, crm_dir: Path
) -> None:
    from softphone.store.models import Customer

    with running_crm_server(crm_dir, seed="demo") as crm:
        store = open_store(tmp_path / "client.db")
        with store.session() as session, session.begin():
            customer = Customer(name="Новый Клиент", name_key="новый клиент", notes="")
            session.add(customer)
            session.flush()
            local_id = customer.id
            # created offline without a client id: the CRM assigns one on delivery
            outbox.enqueue(session, "customer", local_id, "create", {"name": "Новый Клиент"})
            order_payload = {
                "customer_local_id": local_id,
                "store_id": "S-MSK",
                "items": [{"product_id": "P0001", "qty": 2}],
                "payment": {"method": "cash"},
            }
            outbox.enqueue(session, "order", 0, "create", order_payload)

        async def deliver() -> int:
            async with crm_client(crm.base_url, crm.token, store) as client:
                stats = await client.delivery.deliver_pending()
                return stats.delivered

        assert run(deliver()) == 2
        with store.read_session() as session:
            crm_id = session.get(Customer, local_id).crm_id  # type: ignore[union-attr]
            entries = session.query(OutboxEntry).order_by(OutboxEntry.seq).all()
            order_id = entries[1].response_json["id"]  # type: ignore[index]
        assert crm_id
        order = httpx.get(f"{crm.api_url}/orders/{order_id}", headers=crm.headers, timeout=10).json()
        assert order["customer_id"] == crm_id  # the local reference was resolved to the CRM's id
        store.close()
