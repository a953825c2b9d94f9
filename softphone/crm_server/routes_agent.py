"""The operator's own work: their state (``PUT``/``GET /me/state``), callbacks they schedule
(``POST /tasks`` of kind callback, into the changes feed like every task) and escalations to a
technical specialist (``POST /escalations``)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from softphone.crm import schemas as s
from softphone.crm_server.common import (
    COMMON_RESPONSES,
    ERR,
    EXISTS,
    ApiError,
    OperatorRecords,
    ServerState,
    claim_id,
    dump,
    field_error,
    get_state,
    idempotent_write,
)
from softphone.crm_server.routes_customers import IdemKey

router = APIRouter(responses=COMMON_RESPONSES)
State = Annotated[ServerState, Depends(get_state)]
ESCALATIONS = OperatorRecords(s.Escalation, "escalations", "escalation", "E", "created_at")


def _check_refs(state: ServerState, customer_id: str, order_id: str | None) -> None:
    """422 unless the customer (and the order, when one is named) exist."""
    if state.db.get("customer", customer_id) is None:
        raise field_error("customer_id", f"unknown customer {customer_id}")
    if order_id is not None and state.db.get("order", order_id) is None:
        raise field_error("order_id", f"unknown order {order_id}")


def _state_kind(state: ServerState) -> str:
    return f"agent_state:{state.operator_id}"


@router.put("/me/state", response_model=s.AgentState, tags=["operator"])
def put_my_state(state: State, body: s.AgentStateUpdate) -> Any:
    """Set the operator's state (ready, not ready with a reason, on a call, after-call work, break).
    The latest ``since`` wins: an older state arriving late is answered with the current one."""
    if body.reason is not None and body.state != "not_ready":
        raise field_error("reason", "a reason goes with not_ready only")
    if body.reason is not None:
        operator = state.db.get_ref("operator") or {}
        known = {r["code"] for r in operator.get("not_ready_reasons", [])}
        if body.reason not in known:
            raise field_error("reason", f"unknown not-ready reason {body.reason!r}")
    with state.db.transaction() as conn:
        row = conn.execute("SELECT data FROM refdata WHERE kind = ?", (_state_kind(state),)).fetchone()
        current = s.AgentState.model_validate_json(row[0]) if row is not None else None
        if current is not None and current.since > body.since:
            return dump(current)
        doc = dump(
            s.AgentState(
                operator_id=state.operator_id,
                state=body.state,
                reason=body.reason,
                since=body.since,
                updated_at=dt.datetime.now(dt.UTC),
            )
        )
        state.db.put_ref(conn, _state_kind(state), doc)
    return doc


@router.get("/me/state", response_model=s.AgentState, tags=["operator"], responses={404: ERR})
def get_my_state(state: State) -> Any:
    doc = state.db.get_ref(_state_kind(state))
    if doc is None:
        raise ApiError(404, "not_found", "the operator has not said a state yet")
    return doc


@router.post("/tasks", response_model=s.Task, status_code=201, tags=["tasks"], responses=EXISTS)
def create_callback(
    state: State, request: Request, body: s.CallbackCreate, idempotency_key: IdemKey = None
) -> Any:
    """Schedule a callback: claimed by the operator, or open for the queue (``for_queue``)."""
    _check_refs(state, body.customer_id, body.order_id)

    def write(conn: sqlite3.Connection, now: dt.datetime) -> tuple[int, dict[str, Any]]:
        task_id = claim_id(conn, "tasks", "task", body.id, "T")
        mine = not body.for_queue
        doc = dump(
            s.Task(
                id=task_id,
                kind="callback",
                status="claimed" if mine else "open",
                customer_id=body.customer_id,
                order_id=body.order_id,
                phone=body.phone,
                title=(body.note.splitlines()[0][:200] if body.note.strip() else "Перезвонить"),
                priority=body.priority,
                due_at=body.due_at,
                claimed_by=state.operator_id if mine else None,
                claimed_at=now if mine else None,
                result_note=body.note or None,
                version=1,
                updated_at=now,
            )
        )
        state.db.put(conn, "task", doc)
        return 201, doc

    return idempotent_write(state, request, idempotency_key, body, write)


@router.post(
    "/escalations", response_model=s.Escalation, status_code=201, tags=["escalations"], responses=EXISTS
)
def create_escalation(
    state: State, request: Request, body: s.EscalationCreate, idempotency_key: IdemKey = None
) -> Any:
    """Hand a customer's problem to a technical specialist, with a priority."""
    _check_refs(state, body.customer_id, body.order_id)

    return ESCALATIONS.create(state, request, idempotency_key, body)
