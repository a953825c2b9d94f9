"""Reference-data routes: the operator, stores, delivery, payment, dispositions, statuses, scripts."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from softphone.crm import schemas as s
from softphone.crm_server.common import (
    COMMON_RESPONSES,
    ERR,
    NOT_FOUND,
    ApiError,
    ServerState,
    field_error,
    get_state,
    not_found,
)
from softphone.domain.orders import ORDER_TRANSITIONS

router = APIRouter(
    responses={**COMMON_RESPONSES, 503: {**ERR, "description": "The server holds no reference data yet"}}
)
State = Annotated[ServerState, Depends(get_state)]
SLOT_HORIZON_DAYS = 60


def _ref(state: ServerState, kind: str) -> Any:
    data = state.db.get_ref(kind)
    if data is None:
        raise ApiError(503, "not_seeded", f"reference data {kind!r} is missing; seed the server")
    return data


@router.get("/me", response_model=s.Operator, tags=["operator"])
def get_me(state: State) -> Any:
    """The operator the token belongs to."""
    operator = dict(_ref(state, "operator"))
    if state.masked_personal_data:
        operator["personal_data_masked"] = True
    return operator


@router.get("/stores", response_model=list[s.Store], tags=["reference"])
def list_stores(state: State) -> Any:
    """Stores and the numbers customers dial; a call's dialled number identifies the store."""
    return _ref(state, "stores")


@router.get("/delivery-services", response_model=list[s.DeliveryService], tags=["reference"])
def list_delivery_services(state: State) -> Any:
    return _ref(state, "delivery_services")


@router.get("/payment-methods", response_model=list[s.PaymentMethod], tags=["reference"])
def list_payment_methods(state: State) -> Any:
    return _ref(state, "payment_methods")


@router.get("/dispositions", response_model=list[s.Disposition], tags=["reference"])
def list_dispositions(state: State) -> Any:
    return _ref(state, "dispositions")


@router.get("/order-statuses", response_model=list[s.OrderStatusInfo], tags=["orders"])
def list_order_statuses() -> list[s.OrderStatusInfo]:
    """Order statuses and the transitions allowed from each."""
    return [
        s.OrderStatusInfo(code=code, label=s.ORDER_STATUS_LABELS[code], transitions=list(nexts))  # type: ignore[arg-type]
        for code, nexts in ORDER_TRANSITIONS.items()
    ]


def slots_for(state: ServerState, service_id: str, day: dt.date, city: str | None) -> list[s.DeliverySlot]:
    """Delivery windows of a service on a day (computed, deterministic; no storage needed)."""
    rules: dict[str, Any] = state.db.get_ref("slot_rules") or {}
    services = {svc["id"] for svc in state.db.get_ref("delivery_services") or []}
    if service_id not in services:
        raise field_error("service_id", f"unknown delivery service {service_id!r}")
    rule = rules.get(service_id)
    today = dt.datetime.now(dt.UTC).date()
    if rule is None or not today <= day <= today + dt.timedelta(days=SLOT_HORIZON_DAYS):
        return []
    cities = rule.get("cities")
    if city is not None and cities is not None and city.strip().lower() not in {c.lower() for c in cities}:
        return []
    slots = []
    for start, end in rule["windows"]:
        slot_id = f"{service_id}.{day.isoformat()}.{start:02d}"
        digest = hashlib.sha256(f"{slot_id}/{city or ''}".encode()).digest()
        slots.append(
            s.DeliverySlot(
                id=slot_id,
                service_id=service_id,
                date=day,
                time_from=dt.time(start),
                time_to=dt.time(end),
                capacity_left=digest[0] % 12,
            )
        )
    return slots


def resolve_slot(state: ServerState, slot_id: str) -> s.DeliverySlot | None:
    """The slot named by a slot id, or ``None`` when the id does not name a current slot."""
    try:
        service_id, day_text, hour_text = slot_id.rsplit(".", 2)
        day = dt.date.fromisoformat(day_text)
        hour = int(hour_text)
    except ValueError:
        return None
    try:
        slots = slots_for(state, service_id, day, None)
    except ApiError:
        return None
    return next((slot for slot in slots if slot.time_from.hour == hour), None)


@router.get("/delivery-slots", response_model=list[s.DeliverySlot], tags=["reference"])
def list_delivery_slots(
    state: State,
    service_id: Annotated[str, Query(min_length=1, max_length=64)],
    date: dt.date,
    city: Annotated[str | None, Query(max_length=100)] = None,
) -> list[s.DeliverySlot]:
    """Delivery windows for a service, date and (optionally) city; empty when none are offered."""
    return slots_for(state, service_id, date, city)


@router.get("/scripts", response_model=list[s.Script], tags=["scripts"])
def list_scripts(
    state: State, call_type: Annotated[str | None, Query(max_length=64)] = None
) -> list[dict[str, Any]]:
    """The current version of every call script (optionally of one call type)."""
    docs = state.db.query_docs("SELECT data FROM scripts ORDER BY id", ())
    return [d for d in docs if call_type is None or d["call_type"] == call_type]


@router.get("/scripts/{script_id}", response_model=s.Script, tags=["scripts"], responses=NOT_FOUND)
def get_script(state: State, script_id: str) -> dict[str, Any]:
    doc = state.db.get("script", script_id)
    if doc is None:
        raise not_found("script", script_id)
    return doc
