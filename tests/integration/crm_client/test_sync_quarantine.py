"""One bad record in the reference CRM's feed never blocks sync: it is quarantined, the rest applied.

The reference server sends its stored documents verbatim, so each malformation the issue names is
written straight into its database: the feed then serves it like a CRM with a bug would.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from softphone.crm.link_status import LinkState
from softphone.store import quarantine
from softphone.store.db import open_store
from softphone.store.models import Customer, Order, SyncState
from tests.helpers.crm_client_kit import count_rows, crm_client, local_customer, run
from tests.helpers.crm_server import running_crm_server

SET_CUSTOMER = "UPDATE customers SET data = json_set(data, {}) WHERE id = ?"
SET_ORDER = "UPDATE orders SET data = json_set(data, {}) WHERE id = ?"
MALFORMED = {  # entity id -> (SQL that breaks it in the CRM's database, expected error location)
    "C-DEMO-3": (SET_CUSTOMER.format("'$.version', 'seven'"), "version"),
    "C-DEMO-4": ("UPDATE customers SET data = json_remove(data, '$.name') WHERE id = ?", "name: missing"),
    "C-DEMO-2": (SET_CUSTOMER.format("'$.phones', json('null')"), "phones"),
    "O-DEMO-3": (SET_ORDER.format("'$.payment', json('null')"), "payment"),
    "C-DEMO-1": (SET_CUSTOMER.format("'$.notes', printf('%.*c', 200000, 'x')"), "notes: string_too_long"),
    "W-1": ("INSERT INTO changes (entity_type, entity_id, op) VALUES ('widget', ?, 'upsert')", "union_tag"),
}


def _break(db_path: Path) -> dict[str, str]:
    """Apply MALFORMED to the CRM's database; returns the original documents (to repair later)."""
    originals: dict[str, str] = {}
    with sqlite3.connect(db_path, timeout=10) as conn:
        for entity_id, (sql, _where) in MALFORMED.items():
            table = "orders" if entity_id.startswith("O-") else "customers"
            row = conn.execute(f"SELECT data FROM {table} WHERE id = ?", (entity_id,)).fetchone()
            if row is not None:
                originals[entity_id] = row[0]
            conn.execute(sql, (entity_id,))
    return originals


def _repair(db_path: Path, originals: dict[str, str]) -> None:
    with sqlite3.connect(db_path, timeout=10) as conn:
        for entity_id, data in originals.items():
            table = "orders" if entity_id.startswith("O-") else "customers"
            conn.execute(f"UPDATE {table} SET data = ? WHERE id = ?", (data, entity_id))
        conn.execute("DELETE FROM changes WHERE entity_type = 'widget'")


def test_bad_records_are_quarantined_and_retried_on_full_resync(tmp_path: Path) -> None:
    (tmp_path / "crm").mkdir()
    with running_crm_server(tmp_path / "crm", seed="demo") as crm:
        originals = _break(crm.db_path)
        store = open_store(tmp_path / "client.db")

        async def first() -> tuple[LinkState, int, int, int]:
            async with crm_client(crm.base_url, crm.token, store, page_size=7) as client:
                await client.sync.sync_once()
                snap = client.status.snapshot
                customers = (await client.api.search_customers(limit=1)).total
                orders = (await client.api.list_orders(limit=1)).total
                return snap.state, snap.quarantined, customers, orders

        state, shown, crm_customers, crm_orders = run(first())
        assert state is LinkState.ONLINE  # the CRM answers: never "offline"
        assert shown == len(MALFORMED)
        # every valid record is there; the bad ones are not
        assert count_rows(store, Customer) == crm_customers - 4
        assert count_rows(store, Order) == crm_orders - 1
        with store.read_session() as session:
            kept = {row.entity_id: row for row in quarantine.rows(session)}
            cursor = session.get(SyncState, "crm").cursor  # type: ignore[union-attr]
        assert set(kept) == set(MALFORMED)
        for entity_id, (_sql, where) in MALFORMED.items():
            row = kept[entity_id]
            assert where in row.error, (entity_id, row.error)
            assert entity_id in row.raw and row.seq is not None and row.cursor >= row.seq
        assert kept["W-1"].entity_type == "widget"
        assert "Анна" not in kept["C-DEMO-1"].error  # errors name fields, never values
        assert len(kept["C-DEMO-1"].raw) < 100_000  # the 200 kB field is not stored whole
        assert cursor is not None and cursor >= max(r.seq or 0 for r in kept.values())  # moved on

        _repair(crm.db_path, originals)

        async def resync() -> tuple[bool, int]:
            async with crm_client(crm.base_url, crm.token, store, page_size=50) as client:
                client.sync.request_full_resync()
                result = await client.sync.sync_once()
                return result.full, client.status.snapshot.quarantined

        full, left = run(resync())
        assert full and left == 0
        assert count_rows(store, Customer) == crm_customers
        assert count_rows(store, Order) == crm_orders
        olga = local_customer(store, "C-DEMO-3")
        assert olga is not None and olga.version == 1
        with store.read_session() as session:
            assert quarantine.count(session) == 0
        store.close()
