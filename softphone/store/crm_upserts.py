"""Bulk upserts of CRM entities into the local store, for the sync engine (thousands per call).

Public API (each takes a ``Session`` inside the caller's transaction and returns how many entities
were written; items are ``softphone.crm.schemas`` models or their JSON dicts):

- ``upsert_customers_from_crm(session, items, respect_outbox=True)``
- ``upsert_orders_from_crm(session, items, respect_outbox=True)``
- ``upsert_products_from_crm(session, items)``, ``upsert_scripts_from_crm(session, items)``
- ``upsert_tasks_from_crm(session, items, respect_outbox=True)``
- ``delete_from_crm(session, entity_type, crm_ids)``: the feed's ``delete`` operations.

Each call is one ``INSERT ... ON CONFLICT(crm_id) DO UPDATE`` executemany (multi-row VALUES with
RETURNING), then the child rows (phones, addresses, tags, items, stock) of the written entities are
replaced in bulk. An existing row is only overwritten when the incoming ``version`` is not older and,
with ``respect_outbox``, when the entity has no undelivered outbox entry: the operator's own edits stay
visible until the CRM has them (the delivery reply or the conflict resolution brings the CRM's state).
A create made here carries a client-generated CRM id; when that id shows up in the feed before the
delivery reply, the local row adopts it instead of getting a duplicate.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import Table, and_, delete, exists, insert, literal_column, or_, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from softphone.crm import schemas as s
from softphone.domain.phones import find_phones
from softphone.store.models import (
    Customer,
    CustomerAddress,
    CustomerPhone,
    CustomerTag,
    Order,
    OrderItem,
    OutboundTask,
    OutboxEntry,
    Product,
    ProductStock,
    Script,
)

M = TypeVar("M", bound=BaseModel)
CHUNK = 5000  # ids per IN (...) list, well under SQLite's 32766 variables
_OPEN = ("pending", "conflict", "rejected")
_TABLES: dict[str, Table] = {
    "customer": Customer.__table__,  # type: ignore[dict-item]
    "order": Order.__table__,  # type: ignore[dict-item]
    "product": Product.__table__,  # type: ignore[dict-item]
    "script": Script.__table__,  # type: ignore[dict-item]
    "task": OutboundTask.__table__,  # type: ignore[dict-item]
}


def name_key(name: str) -> str:
    """Casefolded, whitespace-collapsed name used for prefix search."""
    return " ".join(name.casefold().replace("ё", "е").split())


def _models(items: Iterable[M | Mapping[str, Any]], model: type[M]) -> list[M]:
    """Validated models, one per CRM id (the last wins: one INSERT may not touch a row twice)."""
    by_id: dict[str, M] = {}
    for item in items:
        parsed = item if isinstance(item, model) else model.model_validate(item)
        by_id[parsed.id] = parsed  # type: ignore[attr-defined]
    return list(by_id.values())


def _chunks(values: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _upsert(
    session: Session, entity_type: str, rows: list[dict[str, Any]], respect_outbox: bool
) -> dict[str, int]:
    """Insert or update ``rows`` keyed by crm_id; returns crm_id -> local id of the rows written."""
    if not rows:
        return {}
    table = _TABLES[entity_type]
    _adopt_offline_creates(session, entity_type, table, [r["crm_id"] for r in rows])
    stmt = sqlite_insert(table)
    conditions: list[Any] = [or_(table.c.version.is_(None), table.c.version <= stmt.excluded.version)]
    if respect_outbox:
        conditions.append(
            ~exists()
            .where(
                OutboxEntry.entity_type == entity_type,
                OutboxEntry.entity_local_id == table.c.id,
                # literal values: an expanding IN cannot be used with executemany
                OutboxEntry.status.in_([literal_column(f"'{st}'") for st in _OPEN]),
            )
            .correlate(table)
        )
    columns = [k for k in rows[0] if k != "crm_id"]
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.crm_id],
        set_={k: stmt.excluded[k] for k in columns},
        where=and_(*conditions),
    )
    result = session.execute(stmt.returning(table.c.crm_id, table.c.id), rows)
    return {crm_id: local_id for crm_id, local_id in result}


def _adopt_offline_creates(session: Session, entity_type: str, table: Table, crm_ids: list[str]) -> None:
    for chunk in _chunks(crm_ids):
        found = session.execute(
            select(OutboxEntry.entity_local_id, OutboxEntry.entity_crm_id)
            .join(table, table.c.id == OutboxEntry.entity_local_id)
            .where(
                OutboxEntry.entity_type == entity_type,
                OutboxEntry.operation == "create",
                OutboxEntry.entity_crm_id.in_(chunk),
                table.c.crm_id.is_(None),
            )
        ).all()
        for local_id, crm_id in found:
            taken = session.scalar(select(table.c.id).where(table.c.crm_id == crm_id))
            if taken is None:
                session.execute(update(table).where(table.c.id == local_id).values(crm_id=crm_id))


def _replace_children(
    session: Session, table: Any, fk: str, ids: list[int], rows: list[dict[str, Any]]
) -> None:
    for chunk in _chunks(ids):
        session.execute(delete(table).where(table.c[fk].in_(chunk)))
    if rows:
        session.execute(insert(table), rows)


def upsert_customers_from_crm(
    session: Session, items: Iterable[s.Customer | Mapping[str, Any]], respect_outbox: bool = True
) -> int:
    customers = _models(items, s.Customer)
    rows = [
        {
            "crm_id": c.id,
            "version": c.version,
            "name": c.name,
            "name_key": name_key(c.name),
            "email": c.email,
            "notes": c.notes,
            "created_at": c.created_at,
            "updated_at": c.updated_at,
        }
        for c in customers
    ]
    written = _upsert(session, "customer", rows, respect_outbox)
    if not written:
        return 0
    phones: list[dict[str, Any]] = []
    addresses: list[dict[str, Any]] = []
    tags: list[dict[str, Any]] = []
    for c in customers:
        local_id = written.get(c.id)
        if local_id is None:
            continue
        phones.extend(_phone_rows(local_id, c.phones))
        for pos, a in enumerate(c.addresses):
            addresses.append({"customer_id": local_id, "position": pos, **a.model_dump()})
        tags.extend({"customer_id": local_id, "tag": t} for t in dict.fromkeys(c.tags))
    ids = list(written.values())
    _replace_children(session, CustomerPhone.__table__, "customer_id", ids, phones)
    _replace_children(session, CustomerAddress.__table__, "customer_id", ids, addresses)
    _replace_children(session, CustomerTag.__table__, "customer_id", ids, tags)
    for chunk in _chunks(list(written)):  # orders that arrived before their customer
        session.execute(
            update(Order)
            .where(Order.customer_id.is_(None), Order.customer_crm_id.in_(chunk))
            .values(
                customer_id=select(Customer.id)
                .where(Customer.crm_id == Order.customer_crm_id)
                .scalar_subquery()
            )
        )
    return len(written)


def _phone_rows(local_id: int, phones: Iterable[Any]) -> list[dict[str, Any]]:
    """Child rows of a customer's phones: each number found in a field (indexed for screen-pop, with
    its extension); a field with no number is kept as written (e164 NULL) for the card to show."""
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for phone in phones:
        text: str = phone.e164
        found = find_phones(text)
        written = None if len(found) == 1 and found[0].e164 == text else text[:100]
        for number in found:
            if number.e164 not in seen:
                seen.add(number.e164)
                rows.append({"e164": number.e164, "extension": number.extension, "as_written": written,
                             "kind": phone.kind})  # fmt: skip
        if not found:
            rows.append({"e164": None, "extension": None, "as_written": written, "kind": phone.kind})
    return [{**row, "customer_id": local_id, "position": pos} for pos, row in enumerate(rows)]


def customer_ids_by_crm_id(session: Session, crm_ids: Iterable[str]) -> dict[str, int]:
    wanted = list(dict.fromkeys(crm_ids))
    found: dict[str, int] = {}
    for chunk in _chunks(wanted):
        rows = session.execute(select(Customer.crm_id, Customer.id).where(Customer.crm_id.in_(chunk)))
        found.update((crm_id, local_id) for crm_id, local_id in rows if crm_id is not None)
    return found


def upsert_orders_from_crm(
    session: Session, items: Iterable[s.Order | Mapping[str, Any]], respect_outbox: bool = True
) -> int:
    orders = _models(items, s.Order)
    customers = customer_ids_by_crm_id(session, (o.customer_id for o in orders))
    rows = []
    for o in orders:
        d = o.delivery
        rows.append(
            {
                "crm_id": o.id,
                "version": o.version,
                "customer_id": customers.get(o.customer_id),
                "customer_crm_id": o.customer_id,
                "store_crm_id": o.store_id,
                "status": o.status,
                "payment_method": o.payment.method,
                "payment_status": o.payment.status,
                "delivery_service_id": d.service_id if d else None,
                "delivery_method": d.method if d else None,
                "delivery_address": d.address.model_dump() if d and d.address else None,
                "delivery_slot_id": d.slot_id if d else None,
                "delivery_date": d.date if d else None,
                "delivery_time_from": d.time_from if d else None,
                "delivery_time_to": d.time_to if d else None,
                "delivery_cost": o.totals.delivery_cost,
                "items_total": o.totals.items_total,
                "discount": o.totals.discount,
                "total": o.totals.total,
                "comment": o.comment,
                "cancel_reason": o.cancel_reason,
                "created_at": o.created_at,
                "updated_at": o.updated_at,
                "crm_json": {"returns": [r.model_dump(mode="json") for r in o.returns]}
                if o.returns
                else None,
            }
        )
    written = _upsert(session, "order", rows, respect_outbox)
    items_rows = [
        {
            "order_id": written[o.id],
            "position": pos,
            "product_crm_id": it.product_id,
            "sku": it.sku,
            "name": it.name,
            "qty": it.qty,
            "price": it.price,
        }
        for o in orders
        if o.id in written
        for pos, it in enumerate(o.items)
    ]
    _replace_children(session, OrderItem.__table__, "order_id", list(written.values()), items_rows)
    return len(written)


def upsert_products_from_crm(session: Session, items: Iterable[s.Product | Mapping[str, Any]]) -> int:
    products = _models(items, s.Product)
    rows = [
        {
            "crm_id": p.id,
            "version": p.version,
            "sku": p.sku,
            "name": p.name,
            "name_key": name_key(p.name),
            "price": p.price,
            "description": p.description,
            "supplier": p.supplier.supplier if p.supplier else None,
            "supplier_available": p.supplier.available if p.supplier else None,
            "lead_time_days": p.supplier.lead_time_days if p.supplier else None,
            "updated_at": p.updated_at,
        }
        for p in products
    ]
    written = _upsert(session, "product", rows, respect_outbox=False)
    stock = [
        {
            "product_id": written[p.id],
            "warehouse_id": st.warehouse_id,
            "warehouse_name": st.warehouse_name,
            "qty": st.qty,
        }
        for p in products
        if p.id in written
        for st in {st.warehouse_id: st for st in p.stock}.values()
    ]
    _replace_children(session, ProductStock.__table__, "product_id", list(written.values()), stock)
    return len(written)


def upsert_scripts_from_crm(session: Session, items: Iterable[s.Script | Mapping[str, Any]]) -> int:
    scripts = _models(items, s.Script)
    rows = [
        {
            "crm_id": sc.id,
            "version": sc.version,
            "call_type": sc.call_type,
            "title": sc.title,
            "body": sc.model_dump(mode="json", include={"start_node", "nodes", "store_ids", "direction"}),
            "updated_at": sc.updated_at,
        }
        for sc in scripts
    ]
    return len(_upsert(session, "script", rows, respect_outbox=False))


def upsert_tasks_from_crm(
    session: Session, items: Iterable[s.Task | Mapping[str, Any]], respect_outbox: bool = True
) -> int:
    tasks = _models(items, s.Task)
    rows = [
        {
            "crm_id": t.id,
            "version": t.version,
            "kind": t.kind,
            "status": t.status,
            "customer_crm_id": t.customer_id,
            "order_crm_id": t.order_id,
            "phone": t.phone,
            "title": t.title,
            "priority": t.priority,
            "due_at": t.due_at,
            "claimed_by": t.claimed_by,
            "claimed_at": t.claimed_at,
            "result": t.result,
            "result_note": t.result_note,
            "cart_items": [item.model_dump(mode="json") for item in t.cart_items],
            "updated_at": t.updated_at,
        }
        for t in tasks
    ]
    return len(_upsert(session, "task", rows, respect_outbox))


def delete_from_crm(session: Session, entity_type: str, crm_ids: Iterable[str]) -> int:
    """Delete entities the CRM deleted (children go with them through ON DELETE CASCADE)."""
    table = _TABLES[entity_type]
    deleted = 0
    for chunk in _chunks(list(crm_ids)):
        deleted += len(
            session.execute(delete(table).where(table.c.crm_id.in_(chunk)).returning(table.c.id)).all()
        )
    return deleted
