"""What the order editor reads from the local store: the order as the operator edits it, its sync
state (pending / synced / conflict), the reference lists it offers, and product search.

Public API (each takes a ``Session``; the caller runs it on the store worker):

- ``search_products(session, text, limit) -> tuple[ProductHit, ...]``: name prefix and SKU prefix
  through their indexes first, then a bounded substring match; each hit with its stock per warehouse
  and the supplier's availability and lead time.
- ``products_by_crm_id(session, ids)``: the products a draft's lines name (an abandoned cart).
- ``order_snapshot(session, order_id) -> OrderSnapshot | None`` and ``sync_state(session, order_id)``.
- ``order_conflict(session, order_id) -> OrderConflictView | None``: our queued change and the CRM's
  current order, for the conflict dialog; ``order_refusal(session, order_id)``: the CRM's reason.
- ``editor_reference(session, customer_id) -> EditorReference``: delivery services, payment methods,
  the operator's compensation limit, the customer's addresses and the shop the order is for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from softphone.crm import schemas as s
from softphone.store import outbox
from softphone.store.crm_upserts import name_key
from softphone.store.models import (
    Customer,
    CustomerAddress,
    Order,
    OutboxEntry,
    Product,
    ReferenceData,
    StoreBranch,
)
from softphone.store.shops import operator_shop, shop_of_customer

SyncState = Literal["synced", "pending", "conflict", "rejected"]
MAX_HITS = 50


@dataclass(frozen=True, slots=True)
class StockAt:
    warehouse: str
    qty: int


@dataclass(frozen=True, slots=True)
class ProductHit:
    crm_id: str
    sku: str
    name: str
    price: Decimal
    stock: tuple[StockAt, ...]
    supplier: str | None
    supplier_available: bool | None
    lead_time_days: int | None

    @property
    def in_stock(self) -> int:
        return sum(level.qty for level in self.stock)


@dataclass(frozen=True, slots=True)
class EditorLine:
    product_id: str
    sku: str
    name: str
    qty: int
    price: Decimal


@dataclass(frozen=True, slots=True)
class OrderSnapshot:
    id: int
    crm_id: str | None
    customer_id: int | None
    store_crm_id: str | None
    status: str
    version: int | None
    lines: tuple[EditorLine, ...]
    delivery: s.DeliveryIn | None
    payment_method: str | None
    discount: Decimal
    comment: str
    sync: SyncState
    returnable: dict[str, int]  # product id -> quantity still returnable (a delivered order)


@dataclass(frozen=True, slots=True)
class OrderConflictView:
    entry_id: int
    operation: str
    mine: dict[str, Any]  # our queued change (the request body)
    theirs: s.Order  # the CRM's order now


@dataclass(frozen=True, slots=True)
class EditorReference:
    services: tuple[s.DeliveryService, ...]
    payments: tuple[s.PaymentMethod, ...]
    compensation_limit: Decimal | None
    addresses: tuple[s.Address, ...]
    store_crm_id: str | None


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_products(session: Session, text: str, limit: int = MAX_HITS) -> tuple[ProductHit, ...]:
    """Products whose name or SKU matches ``text``; prefix matches (indexed) first."""
    key = name_key(text)
    if not key:
        return ()
    limit = max(1, min(limit, MAX_HITS))
    sku = text.strip().upper()
    ids: list[int] = []
    upper = key + "\uffff"
    for query in (
        select(Product.id).where(Product.sku >= sku, Product.sku < sku + "\uffff").limit(limit),
        select(Product.id)
        .where(Product.name_key >= key, Product.name_key < upper)
        .order_by(Product.name_key)
        .limit(limit),
        select(Product.id)
        .where(or_(Product.name_key.like(f"%{_escaped(key)}%", escape="\\")))
        .order_by(Product.name_key)
        .limit(limit),
    ):
        if len(ids) >= limit:
            break
        for pid in session.scalars(query):
            if pid not in ids:
                ids.append(pid)
    ids = ids[:limit]
    rows = session.scalars(select(Product).where(Product.id.in_(ids)).options(selectinload(Product.stock)))
    by_id = {row.id: row for row in rows}
    return tuple(_hit(by_id[pid]) for pid in ids if pid in by_id and by_id[pid].crm_id)


def products_by_crm_id(session: Session, crm_ids: list[str]) -> dict[str, ProductHit]:
    """The catalogue's products named by their CRM ids (those the store has)."""
    rows = session.scalars(
        select(Product).where(Product.crm_id.in_(crm_ids)).options(selectinload(Product.stock))
    )
    return {row.crm_id: _hit(row) for row in rows if row.crm_id}


def _hit(row: Product) -> ProductHit:
    return ProductHit(
        crm_id=row.crm_id or "",
        sku=row.sku,
        name=row.name,
        price=row.price,
        stock=tuple(StockAt(level.warehouse_name, level.qty) for level in row.stock),
        supplier=row.supplier,
        supplier_available=row.supplier_available,
        lead_time_days=row.lead_time_days,
    )


def sync_state(session: Session, order_id: int) -> SyncState:
    statuses = set(
        session.scalars(
            select(OutboxEntry.status).where(
                OutboxEntry.entity_type == "order",
                OutboxEntry.entity_local_id == order_id,
                OutboxEntry.status.in_(outbox.OPEN_STATUSES),
            )
        )
    )
    if outbox.CONFLICT in statuses:
        return "conflict"
    if outbox.REJECTED in statuses:
        return "rejected"
    return "pending" if statuses else "synced"


def _delivery(order: Order) -> s.DeliveryIn | None:
    if order.delivery_service_id is None or order.delivery_method is None:
        return None
    address = s.Address.model_validate(order.delivery_address) if order.delivery_address else None
    return s.DeliveryIn(
        service_id=order.delivery_service_id,
        method=order.delivery_method,
        address=address,
        slot_id=order.delivery_slot_id,
        date=order.delivery_date,
        time_from=order.delivery_time_from,
        time_to=order.delivery_time_to,
        cost=order.delivery_cost,
    )


def _returnable(order: Order) -> dict[str, int]:
    if order.status != "delivered":
        return {}
    left: dict[str, int] = {}
    for item in order.items:
        left[item.product_crm_id] = left.get(item.product_crm_id, 0) + item.qty
    for ret in (order.crm_json or {}).get("returns", []) if isinstance(order.crm_json, dict) else []:
        for item in ret.get("items", []):
            pid = item.get("product_id")
            if pid in left:
                left[pid] -= int(item.get("qty", 0))
    return {pid: qty for pid, qty in left.items() if qty > 0}


def order_snapshot(session: Session, order_id: int) -> OrderSnapshot | None:
    order = session.get(Order, order_id)
    if order is None:
        return None
    return OrderSnapshot(
        id=order.id,
        crm_id=order.crm_id,
        customer_id=order.customer_id,
        store_crm_id=order.store_crm_id,
        status=order.status,
        version=order.version,
        lines=tuple(EditorLine(i.product_crm_id, i.sku, i.name, i.qty, i.price) for i in order.items),
        delivery=_delivery(order),
        payment_method=order.payment_method,
        discount=order.discount,
        comment=order.comment,
        sync=sync_state(session, order.id),
        returnable=_returnable(order),
    )


def order_conflict(session: Session, order_id: int) -> OrderConflictView | None:
    entry = session.scalar(
        select(OutboxEntry)
        .where(
            OutboxEntry.entity_type == "order",
            OutboxEntry.entity_local_id == order_id,
            OutboxEntry.status == outbox.CONFLICT,
        )
        .order_by(OutboxEntry.seq)
        .limit(1)
    )
    if entry is None or not entry.server_version_json:
        return None
    theirs = s.Order.model_validate(entry.server_version_json)
    return OrderConflictView(entry.id, entry.operation, dict(entry.payload or {}), theirs)


def order_refusal(session: Session, order_id: int) -> str | None:
    """Why the CRM refused the order's change (a status it does not allow, ...), in its words."""
    reason = session.scalar(
        select(OutboxEntry.reject_reason)
        .where(
            OutboxEntry.entity_type == "order",
            OutboxEntry.entity_local_id == order_id,
            OutboxEntry.status == outbox.REJECTED,
        )
        .order_by(OutboxEntry.seq)
        .limit(1)
    )
    return str(reason) if reason else None


def _ref_items(session: Session, key: str) -> list[Any]:
    row = session.get(ReferenceData, key)
    items = row.body.get("items") if row is not None else None
    return items if isinstance(items, list) else []


def editor_reference(session: Session, customer_id: int | None) -> EditorReference:
    services = tuple(s.DeliveryService.model_validate(x) for x in _ref_items(session, "delivery_services"))
    payments = tuple(s.PaymentMethod.model_validate(x) for x in _ref_items(session, "payment_methods"))
    operator = session.get(ReferenceData, "operator")
    limit = operator.body.get("compensation_limit") if operator is not None else None
    addresses: tuple[s.Address, ...] = ()
    shop = None
    if customer_id is not None and session.get(Customer, customer_id) is not None:
        rows = session.scalars(
            select(CustomerAddress)
            .where(CustomerAddress.customer_id == customer_id)
            .order_by(CustomerAddress.position)
        )
        addresses = tuple(
            s.Address(
                city=a.city,
                street=a.street,
                house=a.house,
                flat=a.flat,
                postcode=a.postcode,
                comment=a.comment,
            )
            for a in rows
        )
        shop = shop_of_customer(session, customer_id)
    shop = shop or operator_shop(session)
    store_crm_id = shop.crm_id if shop is not None else None
    if store_crm_id is None:  # the only shop there is
        only = list(session.scalars(select(StoreBranch.crm_id).limit(2)))
        store_crm_id = only[0] if len(only) == 1 else None
    return EditorReference(
        services=services,
        payments=payments,
        compensation_limit=Decimal(str(limit)) if limit is not None else None,
        addresses=addresses,
        store_crm_id=store_crm_id,
    )


def today() -> dt.date:
    return dt.datetime.now(dt.UTC).astimezone().date()
