"""Order and product routes of the reference CRM server (rules live in ``order_rules``)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from softphone.crm import schemas as s
from softphone.crm_server import order_rules as rules
from softphone.crm_server.common import (
    COMMON_RESPONSES,
    ERR,
    EXISTS,
    NOT_FOUND,
    Responses,
    ServerState,
    check_version,
    claim_id,
    dump,
    get_state,
    idempotent_write,
    new_id,
    not_found,
    page_params,
    parse_if_match,
)
from softphone.crm_server.routes_customers import IdemKey, IfMatch, Limit, Offset

router = APIRouter(responses=COMMON_RESPONSES)
State = Annotated[ServerState, Depends(get_state)]
STALE: Responses = {
    412: {"model": s.OrderConflict, "description": "Stale If-Match; body carries the current order"},
    428: {**ERR, "description": "If-Match is required"},
}


def load_order(state: ServerState, order_id: str) -> dict[str, Any]:
    doc = state.db.get("order", order_id)
    if doc is None:
        raise not_found("order", order_id)
    return doc


def _store(
    state: ServerState, conn: sqlite3.Connection, merged: dict[str, Any], now: dt.datetime
) -> dict[str, Any]:
    merged = {**merged, "version": merged["version"] + 1, "updated_at": now}
    doc = dump(s.Order.model_validate(merged))
    state.db.put(conn, "order", doc)
    return doc


# ------------------------------------------------------------------ products
@router.get("/products", response_model=s.Page[s.Product], tags=["products"])
def search_products(
    state: State,
    q: Annotated[str | None, Query(max_length=100, description="Part of the name or the SKU")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    limit, offset = page_params(limit, offset)
    where, params = "1 = 1", []
    if q is not None and q.strip():
        pattern = "%" + q.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where = "(name_lc LIKE ? ESCAPE '\\' OR lower(json_extract(data, '$.sku')) LIKE ? ESCAPE '\\')"
        params = [pattern, pattern]
    total = state.db.scalar(f"SELECT COUNT(*) FROM products WHERE {where}", params)
    items = state.db.query_docs(
        f"SELECT data FROM products WHERE {where} ORDER BY name_lc, id LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return {"items": items, "total": total, "limit": limit, "offset": offset}


@router.get("/products/{product_id}", response_model=s.Product, tags=["products"], responses=NOT_FOUND)
def get_product(state: State, product_id: str) -> dict[str, Any]:
    """A product with stock per warehouse and supplier availability."""
    doc = state.db.get("product", product_id)
    if doc is None:
        raise not_found("product", product_id)
    return doc


# ------------------------------------------------------------------ orders
@router.get("/orders", response_model=s.Page[s.Order], tags=["orders"])
def list_orders(
    state: State,
    customer_id: Annotated[str | None, Query(max_length=64)] = None,
    status: s.OrderStatus | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Orders, newest first, optionally of one customer and/or in one status."""
    limit, offset = page_params(limit, offset)
    clauses: list[str] = []
    params: list[str] = []
    if customer_id is not None:
        clauses.append("customer_id = ?")
        params.append(customer_id)
    if status is not None:
        clauses.append("json_extract(data, '$.status') = ?")
        params.append(status)
    where = " AND ".join(clauses) or "1 = 1"
    total = state.db.scalar(f"SELECT COUNT(*) FROM orders WHERE {where}", params)
    items = state.db.query_docs(
        f"SELECT data FROM orders WHERE {where} ORDER BY created_at DESC, id LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return {"items": items, "total": total, "limit": limit, "offset": offset}


@router.get("/orders/{order_id}", response_model=s.Order, tags=["orders"], responses=NOT_FOUND)
def get_order(state: State, order_id: str) -> JSONResponse:
    doc = load_order(state, order_id)
    return JSONResponse(doc, headers={"ETag": f'"{doc["version"]}"'})


@router.post("/orders", response_model=s.Order, status_code=201, tags=["orders"], responses=EXISTS)
def create_order(state: State, request: Request, body: s.OrderCreate, idempotency_key: IdemKey = None) -> Any:
    """Create an order; totals are computed here (see ``order_rules``)."""
    errors = rules.FieldErrors()
    if state.db.get("customer", body.customer_id) is None:
        errors.add("customer_id", f"unknown customer {body.customer_id}")
    if body.store_id not in {st["id"] for st in state.db.get_ref("stores") or []}:
        errors.add("store_id", f"unknown store {body.store_id}")
    items = rules.resolve_items(state, body.items, errors)
    delivery = rules.resolve_delivery(state, body.delivery, errors) if body.delivery is not None else None
    payment = rules.check_payment(state, body.payment, errors)
    order_totals = rules.totals(items, delivery, body.discount)
    rules.check_discount(state, body.discount, order_totals.items_total, errors)
    errors.raise_if_any()

    def write(conn: sqlite3.Connection, now: dt.datetime) -> tuple[int, dict[str, Any]]:
        order_id = claim_id(conn, "orders", "order", body.id, "O")
        doc = dump(
            s.Order(
                id=order_id,
                customer_id=body.customer_id,
                store_id=body.store_id,
                status="new",
                items=items,
                delivery=delivery,
                payment=payment,
                totals=order_totals,
                comment=body.comment,
                version=1,
                created_at=now,
                updated_at=now,
            )
        )
        state.db.put(conn, "order", doc)
        return 201, doc

    return idempotent_write(state, request, idempotency_key, body, write)


@router.patch("/orders/{order_id}", response_model=s.Order, tags=["orders"], responses={**NOT_FOUND, **STALE})
def update_order(
    state: State,
    request: Request,
    order_id: str,
    body: s.OrderUpdate,
    if_match: IfMatch = None,
    idempotency_key: IdemKey = None,
) -> Any:
    """Change the fields present; requires ``If-Match: <version>``; 412 carries the current order."""
    expected = parse_if_match(if_match, required=True)

    def write(conn: sqlite3.Connection, now: dt.datetime) -> tuple[int, dict[str, Any]]:
        current = load_order(state, order_id)
        check_version(expected, current, "order")
        return 200, _store(state, conn, rules.apply_update(state, current, body), now)

    return idempotent_write(state, request, idempotency_key, body, write)


@router.post(
    "/orders/{order_id}/cancel", response_model=s.Order, tags=["orders"], responses={**NOT_FOUND, **STALE}
)
def cancel_order(
    state: State,
    request: Request,
    order_id: str,
    body: s.OrderCancel,
    if_match: IfMatch = None,
    idempotency_key: IdemKey = None,
) -> Any:
    """Cancel a new, confirmed or packed order with a reason (If-Match optional)."""
    expected = parse_if_match(if_match, required=False)

    def write(conn: sqlite3.Connection, now: dt.datetime) -> tuple[int, dict[str, Any]]:
        current = load_order(state, order_id)
        check_version(expected, current, "order")
        rules.check_transition(current["status"], "cancelled")
        if current["status"] == "cancelled":
            return 200, current
        return 200, _store(state, conn, {**current, "status": "cancelled", "cancel_reason": body.reason}, now)

    return idempotent_write(state, request, idempotency_key, body, write)


@router.post(
    "/orders/{order_id}/returns", response_model=s.Order, tags=["orders"], responses={**NOT_FOUND, **STALE}
)
def return_items(
    state: State,
    request: Request,
    order_id: str,
    body: s.OrderReturnCreate,
    if_match: IfMatch = None,
    idempotency_key: IdemKey = None,
) -> Any:
    """Register a return of delivered items; the order becomes ``returned`` once everything is back."""
    expected = parse_if_match(if_match, required=False)

    def write(conn: sqlite3.Connection, now: dt.datetime) -> tuple[int, dict[str, Any]]:
        current = load_order(state, order_id)
        check_version(expected, current, "order")
        return 200, _store(state, conn, rules.apply_return(current, body, new_id("R"), now), now)

    return idempotent_write(state, request, idempotency_key, body, write)
