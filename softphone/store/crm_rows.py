"""CRM entities as the store's rows, built without the database: ``entity_rows(entity_type, items)``.

The sync's writer builds a page's rows while another page is being written (see
``store.sync_worker``); only what needs the store (local ids) is left for the write, in
``crm_upserts.write_rows``. Entity rows follow the table's ``COLUMNS`` (starting ``crm_id, version``),
values already in the form the store's column types keep (``bulk_rows.sql_*``); child rows (phones,
addresses, tags, order lines, stock) start with their parent's CRM id instead of its local id.
Items are ``softphone.crm.schemas`` models or their JSON dicts; one entity per CRM id (the last wins).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel

from softphone.crm import schemas as s
from softphone.domain.phones import find_phones
from softphone.store.bulk_rows import sql_clock, sql_date, sql_json, sql_money, sql_time

M = TypeVar("M", bound=BaseModel)
Row = tuple[Any, ...]


@dataclass(frozen=True)
class Table:
    """Where one entity type's rows go: its table, columns, children (table, foreign key, columns)
    and whether the operator's outbox can hold edits of it (which the sync must not overwrite)."""

    name: str
    columns: tuple[str, ...]
    children: tuple[tuple[str, str, tuple[str, ...]], ...] = ()
    edited_here: bool = True


CUSTOMERS = ("crm_id", "version", "name", "name_key", "email", "notes", "created_at", "updated_at")
PHONES = ("customer_id", "position", "e164", "extension", "as_written", "kind")
ADDRESSES = ("customer_id", "position", "city", "street", "house", "flat", "postcode", "comment")
ORDERS = (
    "crm_id", "version", "customer_id", "customer_crm_id", "store_crm_id", "status", "payment_method",
    "payment_status", "delivery_service_id", "delivery_method", "delivery_address", "delivery_slot_id",
    "delivery_date", "delivery_time_from", "delivery_time_to", "delivery_cost", "items_total", "discount",
    "total", "comment", "cancel_reason", "created_at", "updated_at", "crm_json",
)  # fmt: skip
ORDER_LINES = ("order_id", "position", "product_crm_id", "sku", "name", "qty", "price")
PRODUCTS = (
    "crm_id", "version", "sku", "name", "name_key", "price", "description", "supplier", "supplier_available",
    "lead_time_days", "updated_at",
)  # fmt: skip
TASKS = (
    "crm_id", "version", "kind", "status", "customer_crm_id", "order_crm_id", "phone", "title", "priority",
    "due_at", "claimed_by", "claimed_at", "result", "result_note", "cart_items", "updated_at",
)  # fmt: skip
TABLES: dict[str, Table] = {
    "customer": Table(
        "customers",
        CUSTOMERS,
        (
            ("customer_phones", "customer_id", PHONES),
            ("customer_addresses", "customer_id", ADDRESSES),
            ("customer_tags", "customer_id", ("customer_id", "tag")),
        ),
    ),
    "order": Table("orders", ORDERS, (("order_items", "order_id", ORDER_LINES),)),
    "product": Table(
        "products",
        PRODUCTS,
        (("product_stock", "product_id", ("product_id", "warehouse_id", "warehouse_name", "qty")),),
        edited_here=False,
    ),
    "script": Table(
        "scripts", ("crm_id", "version", "call_type", "title", "body", "updated_at"), edited_here=False
    ),
    "task": Table("outbound_tasks", TASKS),
}
ORDER_CUSTOMER = 2  # the local customer id in an order row, filled in when written


@dataclass(frozen=True)
class Rows:
    """One entity type's rows: ``entities`` in ``TABLES[entity_type].columns`` order, and per child
    table its rows as ``(parent CRM id, *the child table's other columns)``."""

    entity_type: str
    entities: list[Row]
    children: dict[str, list[Row]] = field(default_factory=dict)


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


def customer_rows(items: Iterable[s.Customer | Mapping[str, Any]]) -> Rows:
    entities: list[Row] = []
    phones: list[Row] = []
    addresses: list[Row] = []
    tags: list[Row] = []
    for c in _models(items, s.Customer):
        entities.append(
            (c.id, c.version, c.name, name_key(c.name), c.email, c.notes, sql_time(c.created_at),
             sql_time(c.updated_at))
        )  # fmt: skip
        phones.extend(_phone_rows(c.id, c.phones))
        addresses.extend(
            (c.id, pos, a.city, a.street, a.house, a.flat, a.postcode, a.comment)
            for pos, a in enumerate(c.addresses)
        )
        tags.extend((c.id, t) for t in dict.fromkeys(c.tags))
    return Rows(
        "customer",
        entities,
        {"customer_phones": phones, "customer_addresses": addresses, "customer_tags": tags},
    )


def _phone_rows(crm_id: str, phones: Iterable[Any]) -> list[Row]:
    """Child rows of a customer's phones: each number found in a field (indexed for screen-pop, with
    its extension); a field with no number is kept as written (e164 NULL) for the card to show."""
    rows: list[Row] = []
    seen: set[str] = set()
    for phone in phones:
        text: str = phone.e164
        found = find_phones(text)
        written = None if len(found) == 1 and found[0].e164 == text else text[:100]
        for number in found:
            if number.e164 not in seen:
                seen.add(number.e164)
                rows.append((crm_id, len(rows), number.e164, number.extension, written, phone.kind))
        if not found:
            rows.append((crm_id, len(rows), None, None, written, phone.kind))
    return rows


def order_rows(items: Iterable[s.Order | Mapping[str, Any]]) -> Rows:
    entities: list[Row] = []
    lines: list[Row] = []
    for o in _models(items, s.Order):
        entities.append(_order_row(o))
        lines.extend(
            (o.id, pos, it.product_id, it.sku, it.name, it.qty, sql_money(it.price))
            for pos, it in enumerate(o.items)
        )
    return Rows("order", entities, {"order_items": lines})


def _order_row(o: s.Order) -> Row:
    d, totals = o.delivery, o.totals
    returns = sql_json({"returns": [r.model_dump(mode="json") for r in o.returns]} if o.returns else None)
    if d is None:
        delivery: Row = (None, None, "null", None, None, None, None)
    else:
        address = sql_json(d.address.model_dump() if d.address else None)
        delivery = (d.service_id, d.method, address, d.slot_id, sql_date(d.date), sql_clock(d.time_from),
                    sql_clock(d.time_to))  # fmt: skip
    return (
        o.id, o.version, None, o.customer_id, o.store_id, o.status, o.payment.method, o.payment.status,
        *delivery, sql_money(totals.delivery_cost), sql_money(totals.items_total), sql_money(totals.discount),
        sql_money(totals.total), o.comment, o.cancel_reason, sql_time(o.created_at), sql_time(o.updated_at),
        returns,
    )  # fmt: skip


def product_rows(items: Iterable[s.Product | Mapping[str, Any]]) -> Rows:
    entities: list[Row] = []
    stock: list[Row] = []
    for p in _models(items, s.Product):
        sup = p.supplier
        supplier = (sup.supplier, sup.available, sup.lead_time_days) if sup else (None, None, None)
        entities.append(
            (p.id, p.version, p.sku, p.name, name_key(p.name), sql_money(p.price), p.description, *supplier,
             sql_time(p.updated_at))
        )  # fmt: skip
        stock.extend(
            (p.id, st.warehouse_id, st.warehouse_name, st.qty)
            for st in {st.warehouse_id: st for st in p.stock}.values()
        )
    return Rows("product", entities, {"product_stock": stock})


def script_rows(items: Iterable[s.Script | Mapping[str, Any]]) -> Rows:
    graph = {"start_node", "nodes", "store_ids", "direction"}
    entities = [
        (sc.id, sc.version, sc.call_type, sc.title, sql_json(sc.model_dump(mode="json", include=graph)),
         sql_time(sc.updated_at))
        for sc in _models(items, s.Script)
    ]  # fmt: skip
    return Rows("script", entities)


def task_rows(items: Iterable[s.Task | Mapping[str, Any]]) -> Rows:
    entities = [
        (t.id, t.version, t.kind, t.status, t.customer_id, t.order_id, t.phone, t.title, t.priority,
         sql_time(t.due_at), t.claimed_by, sql_time(t.claimed_at), t.result, t.result_note,
         sql_json([item.model_dump(mode="json") for item in t.cart_items]), sql_time(t.updated_at))
        for t in _models(items, s.Task)
    ]  # fmt: skip
    return Rows("task", entities)


ENTITY_ROWS: dict[str, Callable[[Iterable[Any]], Rows]] = {
    "customer": customer_rows,
    "order": order_rows,
    "product": product_rows,
    "script": script_rows,
    "task": task_rows,
}
