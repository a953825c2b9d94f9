"""A queue of interleaved customer/order updates and the check that the CRM got each exactly once.

``queue_updates`` enqueues ``rounds`` updates for each of ``n_customers`` customers and ``n_orders``
orders (interleaved: round 0 of every entity, then round 1, ...). ``verify_delivered`` opens the
reference server's SQLite DB read-only and checks, per entity, that every outbox key was applied,
in seq order (consecutive versions), exactly once (final version = initial + rounds), with the last
value winning.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from softphone.store import outbox
from softphone.store.db import Store
from softphone.store.models import Customer, Order, OutboxEntry


@dataclass
class QueuedScenario:
    initial_versions: dict[tuple[str, str], int] = field(default_factory=dict)
    last_value: dict[tuple[str, str], str] = field(default_factory=dict)
    rounds: int = 0


def queue_updates(store: Store, n_customers: int, n_orders: int, rounds: int) -> QueuedScenario:
    scenario = QueuedScenario(rounds=rounds)
    with store.session() as session, session.begin():
        customers = list(
            session.scalars(
                select(Customer)
                .where(Customer.crm_id.like("C0%"))
                .order_by(Customer.crm_id)
                .limit(n_customers)
            )
        )
        orders = list(
            session.scalars(
                select(Order).where(Order.crm_id.is_not(None)).order_by(Order.crm_id).limit(n_orders)
            )
        )
        assert len(customers) == n_customers and len(orders) == n_orders, "seed too small"
        for row in customers:
            scenario.initial_versions[("customer", row.crm_id or "")] = row.version or 0
        for order in orders:
            scenario.initial_versions[("order", order.crm_id or "")] = order.version or 0
        for r in range(rounds):
            for row in customers:
                value = f"заметка {r}"
                outbox.enqueue(session, "customer", row.id, "update", {"notes": value}, row.version)
                scenario.last_value[("customer", row.crm_id or "")] = value
            for order in orders:
                value = f"комментарий {r}"
                outbox.enqueue(session, "order", order.id, "update", {"comment": value}, order.version)
                scenario.last_value[("order", order.crm_id or "")] = value
    return scenario


def verify_delivered(server_db: Path, store: Store, scenario: QueuedScenario) -> int:
    """Assert exactly-once, in-order delivery; returns the number of entries checked."""
    with store.read_session() as session:
        entries = list(session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)))
    assert entries, "nothing was queued"
    assert all(e.status == "delivered" for e in entries), {e.status for e in entries}
    conn = sqlite3.connect(f"file:{server_db}?mode=ro", uri=True)
    try:
        stored = {
            key: (status, json.loads(body))
            for key, status, body in conn.execute("SELECT key, status, body FROM idempotency")
        }
        versions_seen: dict[tuple[str, str], list[int]] = {}
        for e in entries:
            assert e.idempotency_key in stored, f"entry {e.seq} never reached the CRM"
            status, body = stored[e.idempotency_key]
            assert status == 200, (e.seq, status)
            versions_seen.setdefault((e.entity_type, body["id"]), []).append(body["version"])
        for (etype, crm_id), versions in versions_seen.items():
            start = scenario.initial_versions[(etype, crm_id)]
            assert versions == list(range(start + 1, start + 1 + scenario.rounds)), (crm_id, versions)
            table = "customers" if etype == "customer" else "orders"
            version, data = conn.execute(
                f"SELECT version, data FROM {table} WHERE id = ?", (crm_id,)
            ).fetchone()
            assert version == start + scenario.rounds, (crm_id, version)  # applied exactly once each
            doc = json.loads(data)
            assert doc["notes" if etype == "customer" else "comment"] == scenario.last_value[(etype, crm_id)]
        assert len(versions_seen) == len(scenario.initial_versions)
    finally:
        conn.close()
    return len(entries)
