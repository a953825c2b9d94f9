"""Bulk upserts of CRM entities into the local store, for the sync engine (thousands per call).

Public API (each takes a ``Session`` inside the caller's write transaction and returns how many
entities were written; items are ``softphone.crm.schemas`` models or their JSON dicts):

- ``upsert_customers_from_crm(session, items, respect_outbox=True)``
- ``upsert_orders_from_crm(session, items, respect_outbox=True)``
- ``upsert_products_from_crm(session, items)``, ``upsert_scripts_from_crm(session, items)``
- ``upsert_tasks_from_crm(session, items, respect_outbox=True)``
- ``write_rows(session, rows, respect_outbox=True)``: the same for rows built beforehand
  (``crm_rows``), as the sync writer does while another page is written.
- ``delete_from_crm(session, entity_type, crm_ids)``: the feed's ``delete`` operations.

Rows are written as plain tuples by ``bulk_rows`` (one ``executemany`` per table, no per-row ORM or
Core work: a full sync writes a million rows). An existing row is only overwritten when the incoming
``version`` is not older and, with ``respect_outbox``, when the entity has no undelivered outbox entry:
the operator's own edits stay visible until the CRM has them (the delivery reply or the conflict
resolution brings the CRM's state). The child rows (phones, addresses, tags, items, stock) of the
written entities are replaced. A create made here carries a client-generated CRM id; when that id
shows up in the feed before the delivery reply, the local row adopts it instead of getting a duplicate.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from softphone.crm import schemas as s
from softphone.store.bulk_rows import (
    chunks,
    ids_by_crm_id,
    marks,
    raw_cursor,
    replace_children,
    write_entities,
)
from softphone.store.crm_rows import (
    ORDER_CUSTOMER,
    TABLES,
    Rows,
    customer_rows,
    name_key,
    order_rows,
    product_rows,
    script_rows,
    task_rows,
)
from softphone.store.models import Customer, Order, OutboundTask, Product, Script

_MODELS = {"customer": Customer, "order": Order, "product": Product, "script": Script, "task": OutboundTask}


def write_rows(session: Session, rows: Rows, respect_outbox: bool = True) -> int:
    """Upsert one entity type's rows (see the module docstring); returns how many were written."""
    table = TABLES[rows.entity_type]
    cursor = raw_cursor(session)
    entities = rows.entities
    if rows.entity_type == "order":  # the local customer, when it is here already
        customers = ids_by_crm_id(cursor, "customers", [r[ORDER_CUSTOMER + 1] for r in entities])
        entities = [
            (*r[:ORDER_CUSTOMER], customers.get(r[ORDER_CUSTOMER + 1]), *r[ORDER_CUSTOMER + 1 :])
            for r in entities
        ]
    if entities and _has_offline_creates(cursor, rows.entity_type):
        _adopt_offline_creates(cursor, rows.entity_type, table.name, [r[0] for r in entities])
    written = write_entities(
        cursor, rows.entity_type, table.name, table.columns, entities, respect_outbox and table.edited_here
    )
    ids = written.ids
    for child, fk, columns in table.children:
        child_rows = [(ids[parent], *rest) for parent, *rest in rows.children.get(child, ()) if parent in ids]
        replace_children(cursor, child, fk, written.replaced, columns, child_rows)
    if rows.entity_type == "customer" and ids:
        _link_waiting_orders(cursor, list(ids))
    return len(ids)


def _adopt_offline_creates(cursor: Any, entity_type: str, table: str, crm_ids: list[str]) -> None:
    """A local row created here whose client-generated CRM id arrives in the feed takes that id."""
    for chunk in chunks(crm_ids):
        found = cursor.execute(
            "SELECT o.entity_local_id, o.entity_crm_id FROM outbox o"
            f" JOIN {table} t ON t.id = o.entity_local_id"
            f" WHERE o.entity_type = ? AND o.operation = 'create' AND t.crm_id IS NULL"
            f" AND o.entity_crm_id IN ({marks(len(chunk))})",
            [entity_type, *chunk],
        ).fetchall()
        for local_id, crm_id in found:
            if cursor.execute(f"SELECT 1 FROM {table} WHERE crm_id = ?", (crm_id,)).fetchone() is None:
                cursor.execute(f"UPDATE {table} SET crm_id = ? WHERE id = ?", (crm_id, local_id))


def _has_offline_creates(cursor: Any, entity_type: str) -> bool:
    found = cursor.execute(
        "SELECT 1 FROM outbox WHERE entity_type = ? AND operation = 'create' LIMIT 1", (entity_type,)
    ).fetchone()
    return found is not None


def _link_waiting_orders(cursor: Any, crm_ids: list[str]) -> None:
    """Orders that arrived before their customer get its local id."""
    if cursor.execute("SELECT 1 FROM orders WHERE customer_id IS NULL LIMIT 1").fetchone() is None:
        return  # the usual case (a full sync sends customers first): nothing waits
    for chunk in chunks(crm_ids):
        cursor.execute(
            "UPDATE orders SET customer_id ="
            " (SELECT c.id FROM customers c WHERE c.crm_id = orders.customer_crm_id)"
            f" WHERE customer_id IS NULL AND customer_crm_id IN ({marks(len(chunk))})",
            list(chunk),
        )


def upsert_customers_from_crm(
    session: Session, items: Iterable[s.Customer | Mapping[str, Any]], respect_outbox: bool = True
) -> int:
    return write_rows(session, customer_rows(items), respect_outbox)


def upsert_orders_from_crm(
    session: Session, items: Iterable[s.Order | Mapping[str, Any]], respect_outbox: bool = True
) -> int:
    return write_rows(session, order_rows(items), respect_outbox)


def upsert_products_from_crm(session: Session, items: Iterable[s.Product | Mapping[str, Any]]) -> int:
    return write_rows(session, product_rows(items))


def upsert_scripts_from_crm(session: Session, items: Iterable[s.Script | Mapping[str, Any]]) -> int:
    return write_rows(session, script_rows(items))


def upsert_tasks_from_crm(
    session: Session, items: Iterable[s.Task | Mapping[str, Any]], respect_outbox: bool = True
) -> int:
    return write_rows(session, task_rows(items), respect_outbox)


def customer_ids_by_crm_id(session: Session, crm_ids: Iterable[str]) -> dict[str, int]:
    return ids_by_crm_id(raw_cursor(session), "customers", list(crm_ids))


def delete_from_crm(session: Session, entity_type: str, crm_ids: Iterable[str]) -> int:
    """Delete entities the CRM deleted (children go with them through ON DELETE CASCADE)."""
    table: Any = _MODELS[entity_type].__table__
    deleted = 0
    for chunk in chunks(list(crm_ids)):
        deleted += len(
            session.execute(delete(table).where(table.c.crm_id.in_(chunk)).returning(table.c.id)).all()
        )
    return deleted


__all__ = [
    "customer_ids_by_crm_id",
    "delete_from_crm",
    "name_key",
    "upsert_customers_from_crm",
    "upsert_orders_from_crm",
    "upsert_products_from_crm",
    "upsert_scripts_from_crm",
    "upsert_tasks_from_crm",
    "write_rows",
]
