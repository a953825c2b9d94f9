"""Full and incremental sync from the reference CRM server into a real local store."""

from __future__ import annotations

from pathlib import Path

import httpx

from softphone.crm.link_status import LinkState
from softphone.crm.sync import SyncProgress
from softphone.store.db import open_store
from softphone.store.models import Customer, Disposition, Order, StoreNumber
from tests.helpers.crm_client_kit import count_rows, crm_client, local_customer, run
from tests.helpers.crm_server import running_crm_server


def test_full_then_incremental_sync_and_cursor_survives_reopen(tmp_path: Path) -> None:
    (tmp_path / "crm").mkdir()
    with running_crm_server(tmp_path / "crm", seed="demo") as crm:
        store = open_store(tmp_path / "client.db")
        progress: list[SyncProgress] = []

        async def first() -> tuple[object, int, int]:
            async with crm_client(crm.base_url, crm.token, store, page_size=150) as client:
                client.sync._on_progress = lambda p: progress.append(
                    SyncProgress(p.full, dict(p.done), dict(p.total))
                )
                result = await client.sync.sync_once()
                assert client.status.snapshot.state is LinkState.ONLINE
                assert client.status.snapshot.last_sync_at is not None
                customers = (await client.api.search_customers(limit=1)).total
                orders = (await client.api.list_orders(limit=1)).total
                return result, customers, orders

        result, crm_customers, crm_orders = run(first())
        assert result.full and result.cursor > 0  # type: ignore[attr-defined]
        assert count_rows(store, Customer) == crm_customers
        assert count_rows(store, Order) == crm_orders
        assert count_rows(store, Disposition) > 0 and count_rows(store, StoreNumber) >= 4
        anna = local_customer(store, "C-DEMO-1")
        assert anna is not None and "+79161234567" in [p.e164 for p in anna.phones]
        # progress was reported page by page, up to the totals
        assert len(progress) > 3 and progress[-1].total["customer"] == crm_customers
        assert progress[-1].done["customer"] == crm_customers and progress[-1].done["order"] == crm_orders

        # someone changes a customer in the CRM
        reply = httpx.patch(
            f"{crm.api_url}/customers/C-DEMO-3",
            json={"name": "Смирнова Ольга Петровна"},
            headers={**crm.headers, "If-Match": str(local_customer(store, "C-DEMO-3").version)},  # type: ignore[union-attr]
            timeout=10,
        )
        assert reply.status_code == 200, reply.text

        async def second() -> object:
            async with crm_client(crm.base_url, crm.token, store) as client:
                return await client.sync.sync_once()

        incremental = run(second())
        assert not incremental.full and incremental.applied == 1  # type: ignore[attr-defined]
        olga = local_customer(store, "C-DEMO-3")
        assert olga is not None and olga.name == "Смирнова Ольга Петровна"
        store.close()

        reopened = open_store(tmp_path / "client.db")

        async def third() -> tuple[object, list[str]]:
            async with crm_client(crm.base_url, crm.token, reopened) as client:
                return await client.sync.sync_once(), client.requests

        again, requests = run(third())
        assert not again.full and again.applied == 0  # type: ignore[attr-defined]
        assert again.cursor == incremental.cursor  # type: ignore[attr-defined]
        assert requests == ["GET /api/v1/changes"]  # no second full download after a restart
        assert reopened.integrity_check() == "ok"
        reopened.close()
