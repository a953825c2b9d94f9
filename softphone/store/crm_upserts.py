"""Bulk upserts of CRM entities into the local store, for the sync engine (thousands per call).

Public API (each takes a ``Session`` inside the caller's write transaction and returns how many
entities were written; items are ``softphone.crm.schemas`` models or their JSON dicts):

- ``upsert_customers_from_crm(session, items, respect_outbox=True)``
- ``upsert_orders_from_crm(session, items, respect_outbox=True)``
- ``upsert_products_from_crm(session, items)``, ``upsert_scripts_from_crm(session, items)``
- ``upsert_tasks_from_crm(session, items, respect_outbox=True)``
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
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import Table, delete
from sqlalchemy.orm import Session

from softphone.crm import schemas as s
from softphone.domain.phones import find_phones
from softphone.store.bulk_rows import (
    chunks,
    ids_by_crm_id,
    marks,
    raw_cursor,
    replace_children,
    sql_clock,
    sql_date,
    sql_json,
    sql_money,
    sql_time,
    write_entities,
)
from softphone.store.models import Customer, Order, OutboundTask, Product, Script

M = TypeVar("M", bound=BaseModel)
_TABLES: dict[str, Table] = {
    "customer": Customer.__table__,  # type: ignore[dict-item]
    "order": Order.__table__,  # type: ignore[dict-item]
    "product": Product.__table__,  # type: ignore[dict-item]
    "script": Script.__table__,  # type: ignore[dict-item]
    "task": OutboundTask.__table__,  # type: ignore[dict-item]
}
CUSTOMER_COLUMNS = ("crm_id", "version", "name", "name_key", "email", "notes", "created_at", "updated_at")
ORDER_COLUMNS = (
    "crm_id", "version", "customer_id", "customer_crm_id", "store_crm_id", "status", "payment_method",
    "payment_status", "delivery_service_id", "delivery_method", "delivery_address", "delivery_slot_id",
    "delivery_date", "delivery_time_from", "delivery_time_to", "delivery_cost", "items_total", "discount",
    "total", "comment", "cancel_reason", "created_at", "updated_at", "crm_json",
)  # fmt: skip
PRODUCT_COLUMNS = (
    "crm_id", "version", "sku", "name", "name_key", "price", "description", "supplier",
    "supplier_available", "lead_time_days", "updated_at",
)  # fmt: skip
SCRIPT_COLUMNS = ("crm_id", "version", "call_type", "title", "body", "updated_at")
TASK_COLUMNS = (
    "crm_id", "version", "kind", "status", "customer_crm_id", "order_crm_id", "phone", "title",
    "priority", "due_at", "claimed_by", "claimed_at", "result", "result_note", "cart_items", "updated_at",
)  # fmt: skip
PHONE_COLUMNS = ("customer_id", "position", "e164", "extension", "as_written", "kind")
ADDRESS_COLUMNS = ("customer_id", "position", "city", "street", "house", "flat", "postcode", "comment")
ITEM_COLUMNS = ("order_id", "position", "product_crm_id", "sku", "name", "qty", "price")
STOCK_COLUMNS = ("product_id", "warehouse_id", "warehouse_name", "qty")


def name_key(name: str) -> str:
    """Casefolded, whitespace-collapsed name used for prefix search."""
    return " ".join(name.casefold().replace("ё", "е").split())


def _models(items: Iterable[M | Mapping[str, Any]], model: type[M]) -> list[M]:
    """Validated models, one per CRM id (the last wins: one entity is written once per call)."""
    by_id: dict[str, M] = {}
    for item in items:
        parsed = item if isinstance(item, model) else model.model_validate(item)
        by_id[parsed.id] = parsed  # type: ignore[attr-defined]
    return list(by_id.values())


def _adopt_offline_creates(cursor: Any, entity_type: str, crm_ids: list[str]) -> None:
    """A local row created here whose client-generated CRM id arrives in the feed takes that id."""
    table = _TABLES[entity_type].name
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


def _write(
    session: Session,
    entity_type: str,
    columns: tuple[str, ...],
    rows: list[tuple[Any, ...]],
    respect_outbox: bool,
) -> tuple[Any, Any]:
    cursor = raw_cursor(session)
    if rows and _has_offline_creates(cursor, entity_type):
        _adopt_offline_creates(cursor, entity_type, [r[0] for r in rows])
    table = _TABLES[entity_type].name
    return cursor, write_entities(cursor, entity_type, table, columns, rows, respect_outbox)


def upsert_customers_from_crm(
    session: Session, items: Iterable[s.Customer | Mapping[str, Any]], respect_outbox: bool = True
) -> int:
    customers = _models(items, s.Customer)
    rows = [
        (
            c.id,
            c.version,
            c.name,
            name_key(c.name),
            c.email,
            c.notes,
            sql_time(c.created_at),
            sql_time(c.updated_at),
        )
        for c in customers
    ]
    cursor, written = _write(session, "customer", CUSTOMER_COLUMNS, rows, respect_outbox)
    if not written.ids:
        return 0
    phones: list[tuple[Any, ...]] = []
    addresses: list[tuple[Any, ...]] = []
    tags: list[tuple[Any, ...]] = []
    for c in customers:
        local_id = written.ids.get(c.id)
        if local_id is None:
            continue
        phones.extend(_phone_rows(local_id, c.phones))
        addresses.extend(
            (local_id, pos, a.city, a.street, a.house, a.flat, a.postcode, a.comment)
            for pos, a in enumerate(c.addresses)
        )
        tags.extend((local_id, t) for t in dict.fromkeys(c.tags))
    replace_children(cursor, "customer_phones", "customer_id", written.replaced, PHONE_COLUMNS, phones)
    replace_children(
        cursor, "customer_addresses", "customer_id", written.replaced, ADDRESS_COLUMNS, addresses
    )
    replace_children(cursor, "customer_tags", "customer_id", written.replaced, ("customer_id", "tag"), tags)
    _link_waiting_orders(cursor, list(written.ids))
    return len(written.ids)


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


def _phone_rows(local_id: int, phones: Iterable[Any]) -> list[tuple[Any, ...]]:
    """Child rows of a customer's phones: each number found in a field (indexed for screen-pop, with
    its extension); a field with no number is kept as written (e164 NULL) for the card to show."""
    rows: list[tuple[Any, ...]] = []
    seen: set[str] = set()
    for phone in phones:
        text: str = phone.e164
        found = find_phones(text)
        written = None if len(found) == 1 and found[0].e164 == text else text[:100]
        for number in found:
            if number.e164 not in seen:
                seen.add(number.e164)
                rows.append((local_id, len(rows), number.e164, number.extension, written, phone.kind))
        if not found:
            rows.append((local_id, len(rows), None, None, written, phone.kind))
    return rows


def customer_ids_by_crm_id(session: Session, crm_ids: Iterable[str]) -> dict[str, int]:
    return ids_by_crm_id(raw_cursor(session), "customers", list(crm_ids))


def _order_row(o: s.Order, customer_id: int | None) -> tuple[Any, ...]:
    d, totals = o.delivery, o.totals
    returns = sql_json({"returns": [r.model_dump(mode="json") for r in o.returns]} if o.returns else None)
    if d is None:
        delivery: tuple[Any, ...] = (None, None, "null", None, None, None, None)
    else:
        address = sql_json(d.address.model_dump() if d.address else None)
        delivery = (d.service_id, d.method, address, d.slot_id, sql_date(d.date), sql_clock(d.time_from),
                    sql_clock(d.time_to))  # fmt: skip
    return (
        o.id, o.version, customer_id, o.customer_id, o.store_id, o.status, o.payment.method, o.payment.status,
        *delivery, sql_money(totals.delivery_cost), sql_money(totals.items_total), sql_money(totals.discount),
        sql_money(totals.total), o.comment, o.cancel_reason, sql_time(o.created_at), sql_time(o.updated_at),
        returns,
    )  # fmt: skip


def upsert_orders_from_crm(
    session: Session, items: Iterable[s.Order | Mapping[str, Any]], respect_outbox: bool = True
) -> int:
    orders = _models(items, s.Order)
    customers = customer_ids_by_crm_id(session, (o.customer_id for o in orders))
    rows = [_order_row(o, customers.get(o.customer_id)) for o in orders]
    cursor, written = _write(session, "order", ORDER_COLUMNS, rows, respect_outbox)
    lines = [
        (written.ids[o.id], pos, it.product_id, it.sku, it.name, it.qty, sql_money(it.price))
        for o in orders
        if o.id in written.ids
        for pos, it in enumerate(o.items)
    ]
    replace_children(cursor, "order_items", "order_id", written.replaced, ITEM_COLUMNS, lines)
    return len(written.ids)


def upsert_products_from_crm(session: Session, items: Iterable[s.Product | Mapping[str, Any]]) -> int:
    products = _models(items, s.Product)
    rows = []
    for p in products:
        sup = p.supplier
        supplier = (sup.supplier, sup.available, sup.lead_time_days) if sup else (None, None, None)
        rows.append(
            (p.id, p.version, p.sku, p.name, name_key(p.name), sql_money(p.price), p.description, *supplier,
             sql_time(p.updated_at))
        )  # fmt: skip
    cursor, written = _write(session, "product", PRODUCT_COLUMNS, rows, respect_outbox=False)
    stock = [
        (written.ids[p.id], st.warehouse_id, st.warehouse_name, st.qty)
        for p in products
        if p.id in written.ids
        for st in {st.warehouse_id: st for st in p.stock}.values()
    ]
    replace_children(cursor, "product_stock", "product_id", written.replaced, STOCK_COLUMNS, stock)
    return len(written.ids)


def upsert_scripts_from_crm(session: Session, items: Iterable[s.Script | Mapping[str, Any]]) -> int:
    graph = {"start_node", "nodes", "store_ids", "direction"}
    rows = [
        (sc.id, sc.version, sc.call_type, sc.title, sql_json(sc.model_dump(mode="json", include=graph)),
         sql_time(sc.updated_at))
        for sc in _models(items, s.Script)
    ]  # fmt: skip
    return len(_write(session, "script", SCRIPT_COLUMNS, rows, respect_outbox=False)[1].ids)


def upsert_tasks_from_crm(
    session: Session, items: Iterable[s.Task | Mapping[str, Any]], respect_outbox: bool = True
) -> int:
    rows = [
        (t.id, t.version, t.kind, t.status, t.customer_id, t.order_id, t.phone, t.title, t.priority,
         sql_time(t.due_at), t.claimed_by, sql_time(t.claimed_at), t.result, t.result_note,
         sql_json([item.model_dump(mode="json") for item in t.cart_items]), sql_time(t.updated_at))
        for t in _models(items, s.Task)
    ]  # fmt: skip
    return len(_write(session, "task", TASK_COLUMNS, rows, respect_outbox)[1].ids)


def delete_from_crm(session: Session, entity_type: str, crm_ids: Iterable[str]) -> int:
    """Delete entities the CRM deleted (children go with them through ON DELETE CASCADE)."""
    table = _TABLES[entity_type]
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
]
