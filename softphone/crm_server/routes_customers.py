"""Customer routes (search by phone or name, get, create, versioned update) and interactions."""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import JSONResponse

from softphone.crm import schemas as s
from softphone.crm_server.common import (
    COMMON_RESPONSES,
    ERR,
    EXISTS,
    NOT_FOUND,
    ApiError,
    OperatorRecords,
    Responses,
    ServerState,
    check_version,
    claim_id,
    dump,
    field_error,
    get_state,
    idempotent_write,
    not_found,
    page_params,
    parse_if_match,
    utcnow,
)
from softphone.domain.phones import DEFAULT_REGION, normalize_phone

router = APIRouter(responses=COMMON_RESPONSES)
State = Annotated[ServerState, Depends(get_state)]
INTERACTIONS = OperatorRecords(s.Interaction, "interactions", "interaction", "I", "started_at")
IdemKey = Annotated[str | None, Header(alias="Idempotency-Key")]
IfMatch = Annotated[str | None, Header(alias="If-Match")]
Limit = Annotated[int, Query(ge=1, le=s.MAX_PAGE)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
STALE: Responses = {
    412: {"model": s.CustomerConflict, "description": "Stale If-Match; body carries the current customer"},
    428: {**ERR, "description": "If-Match is required"},
}


def phone_param(raw: str) -> str:
    """E.164 form of a phone typed in any common Russian way (``8 495 ...``, ``+7 (495) ...``)."""
    e164 = normalize_phone(raw, DEFAULT_REGION)
    if e164 is None:
        raise field_error("phone", "not a phone number")
    return e164


def load_customer(state: ServerState, customer_id: str) -> dict[str, Any]:
    doc = state.db.get("customer", customer_id)
    if doc is None:
        raise not_found("customer", customer_id)
    return doc


@router.get("/customers", response_model=s.Page[s.Customer], tags=["customers"])
def search_customers(
    state: State,
    phone: Annotated[
        str | None, Query(max_length=40, description="Any common form; matched as E.164")
    ] = None,
    q: Annotated[str | None, Query(max_length=100, description="Part of the name")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Search customers by phone (exact, E.164) or by part of the name; without either, list all."""
    limit, offset = page_params(limit, offset)
    if phone is not None:
        where, params = (
            "id IN (SELECT customer_id FROM customer_phones WHERE e164 = ?)",
            [phone_param(phone)],
        )
    elif q is not None and q.strip():
        pattern = "%" + q.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where, params = "name_lc LIKE ? ESCAPE '\\'", [pattern]
    else:
        where, params = "1 = 1", []
    total = state.db.scalar(f"SELECT COUNT(*) FROM customers WHERE {where}", params)
    items = state.db.query_docs(
        f"SELECT data FROM customers WHERE {where} ORDER BY name_lc, id LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return {"items": items, "total": total, "limit": limit, "offset": offset}


@router.get("/customers/{customer_id}", response_model=s.Customer, tags=["customers"], responses=NOT_FOUND)
def get_customer(state: State, customer_id: str) -> JSONResponse:
    doc = load_customer(state, customer_id)
    return JSONResponse(doc, headers={"ETag": f'"{doc["version"]}"'})


@router.post("/customers", response_model=s.Customer, status_code=201, tags=["customers"], responses=EXISTS)
def create_customer(
    state: State, request: Request, body: s.CustomerCreate, idempotency_key: IdemKey = None
) -> Any:
    def write(conn: sqlite3.Connection, now: dt.datetime) -> tuple[int, dict[str, Any]]:
        customer_id = claim_id(conn, "customers", "customer", body.id, "C")
        fields = body.model_dump(exclude={"id"})
        doc = dump(s.Customer(id=customer_id, version=1, created_at=now, updated_at=now, **fields))
        state.db.put(conn, "customer", doc)
        return 201, doc

    return idempotent_write(state, request, idempotency_key, body, write)


@router.patch(
    "/customers/{customer_id}",
    response_model=s.Customer,
    tags=["customers"],
    responses={**NOT_FOUND, **STALE},
)
def update_customer(
    state: State,
    request: Request,
    customer_id: str,
    body: s.CustomerUpdate,
    if_match: IfMatch = None,
    idempotency_key: IdemKey = None,
) -> Any:
    """Change the fields present in the body; requires ``If-Match: <version>``."""
    expected = parse_if_match(if_match, required=True)

    def write(conn: sqlite3.Connection, now: dt.datetime) -> tuple[int, dict[str, Any]]:
        current = load_customer(state, customer_id)
        check_version(expected, current, "customer")
        changes = body.model_dump(exclude_unset=True)
        nulls = {k: "cannot be null" for k, v in changes.items() if v is None and k != "email"}
        if nulls:
            raise ApiError(422, "validation_error", "Only email may be cleared with null", nulls)
        merged = {**current, **changes, "version": current["version"] + 1, "updated_at": now}
        doc = dump(s.Customer.model_validate(merged))
        state.db.put(conn, "customer", doc)
        return 200, doc

    return idempotent_write(state, request, idempotency_key, body, write)


@router.post(
    "/customers/{customer_id}/reveal",
    response_model=s.CustomerContacts,
    tags=["customers"],
    responses=NOT_FOUND,
)
def reveal_customer(state: State, customer_id: str) -> dict[str, Any]:
    """The customer's phones, e-mail and addresses in full, for an operator whose role sees them
    masked; the CRM records who asked and when."""
    with state.db.transaction() as conn:
        doc = load_customer(state, customer_id)
        now = utcnow()
        conn.execute(
            "INSERT INTO reveals (customer_id, operator_id, revealed_at) VALUES (?, ?, ?)",
            (customer_id, state.operator_id, now.isoformat()),
        )
    contacts = s.CustomerContacts(
        customer_id=customer_id,
        phones=doc["phones"],
        email=doc.get("email"),
        addresses=doc.get("addresses", []),
        revealed_at=now,
    )
    return dump(contacts)


@router.get(
    "/customers/{customer_id}/interactions",
    response_model=s.Page[s.Interaction],
    tags=["interactions"],
    responses=NOT_FOUND,
)
def list_interactions(
    state: State, customer_id: str, limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    """The customer's history across channels, newest first."""
    load_customer(state, customer_id)
    limit, offset = page_params(limit, offset)
    total = state.db.scalar("SELECT COUNT(*) FROM interactions WHERE customer_id = ?", [customer_id])
    items = state.db.query_docs(
        "SELECT data FROM interactions WHERE customer_id = ? ORDER BY started_at DESC, id LIMIT ? OFFSET ?",
        [customer_id, limit, offset],
    )
    return {"items": items, "total": total, "limit": limit, "offset": offset}


@router.post(
    "/interactions", response_model=s.Interaction, status_code=201, tags=["interactions"], responses=EXISTS
)
def create_interaction(
    state: State, request: Request, body: s.InteractionCreate, idempotency_key: IdemKey = None
) -> Any:
    """Log a call (or another contact) with its disposition, timings, script answers, the script's
    compliance (share of its required steps visited) and the steps visited."""
    fields: dict[str, str] = {}
    if state.db.get("customer", body.customer_id) is None:
        fields["customer_id"] = f"unknown customer {body.customer_id}"
    if body.disposition is not None:
        known = {d["code"] for d in state.db.get_ref("dispositions") or []}
        if body.disposition not in known:
            fields["disposition"] = f"unknown disposition {body.disposition!r}"
    if body.script_id is not None and state.db.get("script", body.script_id) is None:
        fields["script_id"] = f"unknown script {body.script_id}"
    if body.script_id is None and (body.script_steps or body.script_compliance is not None):
        fields["script_id"] = "script steps and compliance need the script they belong to"
    if body.order_id is not None and state.db.get("order", body.order_id) is None:
        fields["order_id"] = f"unknown order {body.order_id}"
    if fields:
        raise ApiError(422, "validation_error", "The interaction refers to unknown entities", fields)

    return INTERACTIONS.create(state, request, idempotency_key, body)
