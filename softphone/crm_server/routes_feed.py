"""Outbound task routes (list, claim, complete) and the incremental changes feed."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response

from softphone.crm import schemas as s
from softphone.crm_server.common import (
    COMMON_RESPONSES,
    ERR,
    NOT_FOUND,
    ApiError,
    Responses,
    ServerState,
    dump,
    field_error,
    get_state,
    idempotent_write,
    not_found,
    page_params,
)
from softphone.crm_server.routes_customers import IdemKey, Limit, Offset

router = APIRouter(responses=COMMON_RESPONSES)
State = Annotated[ServerState, Depends(get_state)]
TASK_CONFLICT: Responses = {409: {**ERR, "description": "The task is done or claimed by another operator"}}


@router.get("/tasks", response_model=s.Page[s.Task], tags=["tasks"])
def list_tasks(
    state: State,
    status: s.TaskStatus | None = None,
    kind: s.TaskKind | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Outbound call tasks, most urgent first."""
    limit, offset = page_params(limit, offset)
    clauses: list[str] = []
    params: list[str] = []
    if status is not None:
        clauses.append("status = ?")
        params.append(status)
    if kind is not None:
        clauses.append("json_extract(data, '$.kind') = ?")
        params.append(kind)
    where = " AND ".join(clauses) or "1 = 1"
    total = state.db.scalar(f"SELECT COUNT(*) FROM tasks WHERE {where}", params)
    items = state.db.query_docs(
        f"SELECT data FROM tasks WHERE {where} "
        "ORDER BY json_extract(data, '$.priority') DESC, due_at, id LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return {"items": items, "total": total, "limit": limit, "offset": offset}


def _load_task(state: ServerState, task_id: str) -> dict[str, Any]:
    doc = state.db.get("task", task_id)
    if doc is None:
        raise not_found("task", task_id)
    return doc


def _check_mine(state: ServerState, task: dict[str, Any]) -> None:
    if task["status"] == "done":
        raise ApiError(409, "task_done", f"task {task['id']} is already done")
    if task["status"] == "claimed" and task["claimed_by"] != state.operator_id:
        raise ApiError(409, "task_claimed", f"task {task['id']} is claimed by another operator")


def _store(
    state: ServerState, conn: sqlite3.Connection, task: dict[str, Any], now: dt.datetime
) -> dict[str, Any]:
    doc = dump(s.Task.model_validate({**task, "version": task["version"] + 1, "updated_at": now}))
    state.db.put(conn, "task", doc)
    return doc


@router.post(
    "/tasks/{task_id}/claim", response_model=s.Task, tags=["tasks"], responses={**NOT_FOUND, **TASK_CONFLICT}
)
def claim_task(state: State, request: Request, task_id: str, idempotency_key: IdemKey = None) -> Any:
    """Take an open task; claiming a task you already hold returns it unchanged."""

    def write(conn: sqlite3.Connection, now: dt.datetime) -> tuple[int, dict[str, Any]]:
        task = _load_task(state, task_id)
        _check_mine(state, task)
        if task["status"] == "claimed":
            return 200, task
        return 200, _store(
            state,
            conn,
            {**task, "status": "claimed", "claimed_by": state.operator_id, "claimed_at": now},
            now,
        )

    return idempotent_write(state, request, idempotency_key, None, write)


@router.post(
    "/tasks/{task_id}/complete",
    response_model=s.Task,
    tags=["tasks"],
    responses={**NOT_FOUND, **TASK_CONFLICT},
)
def complete_task(
    state: State, request: Request, task_id: str, body: s.TaskComplete, idempotency_key: IdemKey = None
) -> Any:
    """Close a task with a result (a disposition code) and a note; an open task is claimed on the way."""
    known = {d["code"] for d in state.db.get_ref("dispositions") or []}
    if body.result not in known:
        raise field_error("result", f"unknown result {body.result!r}; use a disposition code")

    def write(conn: sqlite3.Connection, now: dt.datetime) -> tuple[int, dict[str, Any]]:
        task = _load_task(state, task_id)
        _check_mine(state, task)
        done = {
            **task,
            "status": "done",
            "result": body.result,
            "result_note": body.note,
            "claimed_by": state.operator_id,
            "claimed_at": task.get("claimed_at") or now,
        }
        return 200, _store(state, conn, done, now)

    return idempotent_write(state, request, idempotency_key, body, write)


@router.get("/changes", response_model=s.ChangesPage, tags=["sync"])
def get_changes(
    state: State,
    since: Annotated[
        int, Query(ge=0, le=2**62, description="next_cursor of the previous page; 0 = from the start")
    ] = 0,
    limit: Annotated[int, Query(ge=1, le=s.MAX_CHANGES_PAGE)] = 1000,
) -> Response:
    """Entities changed after ``since``, each once at its latest state, in increasing ``seq``.

    The page is assembled from the stored JSON documents without re-parsing them (full syncs of
    hundreds of thousands of entities stay cheap)."""
    rows = state.db.changes(since, limit + 1)
    has_more = len(rows) > limit
    rows = rows[:limit]
    parts = [
        f'{{"seq":{seq},"entity_type":{json.dumps(etype)},"entity_id":{json.dumps(eid)},'
        f'"op":{json.dumps(op)},"data":{data if data is not None and op == "upsert" else "null"}}}'
        for seq, etype, eid, op, data in rows
    ]
    next_cursor = rows[-1][0] if rows else since
    body = f'{{"items":[{",".join(parts)}],"next_cursor":{next_cursor},"has_more":{json.dumps(has_more)}}}'
    return Response(content=body.encode(), media_type="application/json")
