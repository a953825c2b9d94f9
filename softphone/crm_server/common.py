"""Shared plumbing of the reference CRM server routes: state, errors, idempotent writes, If-Match.

Idempotency: a write carrying ``Idempotency-Key`` stores its response in the same transaction as
the write. A repeat with the same key and the same request returns the stored response (with
``Idempotent-Replayed: true``) and writes nothing; the same key with a different request is a 422.
Failed writes (4xx) roll back and store nothing, so a corrected retry may reuse the key.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from softphone.crm import schemas as s
from softphone.crm_server.db import Database, to_json

MAX_IDEMPOTENCY_KEY = 200
_IF_MATCH = re.compile(r'^\s*(?:W/)?"?(\d{1,12})"?\s*$')


class ApiError(Exception):
    """An error answered with the ``{"error": {...}}`` body (plus optional extra top-level keys)."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        fields: dict[str, str] | None = None,
        *,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields or {}
        self.extra = extra or {}
        self.headers = headers or {}

    def response(self) -> JSONResponse:
        body: dict[str, Any] = {
            "error": s.ErrorDetail(code=self.code, message=self.message, fields=self.fields).model_dump()
        }
        body.update(self.extra)
        return JSONResponse(body, status_code=self.status, headers=self.headers)


def field_error(field: str, message: str, status: int = 422) -> ApiError:
    return ApiError(status, "validation_error", message, {field: message})


def not_found(what: str, entity_id: str) -> ApiError:
    return ApiError(404, "not_found", f"{what} {entity_id} not found")


@dataclass
class ServerState:
    db: Database
    token: str
    operator_id: str
    masked_personal_data: bool = False  # the operator's role sees personal data masked (``/me``)


def get_state(request: Request) -> ServerState:
    state: ServerState = request.app.state.crm
    return state


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def new_id(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:16]}"


def dump(model: BaseModel) -> dict[str, Any]:
    """The JSON form of a model, as stored and as sent."""
    return model.model_dump(mode="json")


def parse_if_match(value: str | None, *, required: bool) -> int | None:
    """The version named by an ``If-Match`` header (``3``, ``"3"`` or ``W/"3"``)."""
    if value is None:
        if required:
            raise ApiError(
                428,
                "precondition_required",
                "If-Match with the entity version is required",
                {"If-Match": "required"},
            )
        return None
    match = _IF_MATCH.match(value)
    if match is None:
        raise field_error("If-Match", 'must be the entity version, e.g. "3"')
    return int(match.group(1))


def check_version(expected: int | None, current: dict[str, Any], what: str) -> None:
    if expected is not None and expected != current["version"]:
        raise ApiError(
            412,
            "version_conflict",
            f"{what} was changed by someone else (your version {expected}, current {current['version']})",
            {"version": f"current version is {current['version']}"},
            extra={"current": current},
            headers={"ETag": f'"{current["version"]}"'},
        )


WriteFn = Callable[[sqlite3.Connection, dt.datetime], tuple[int, dict[str, Any]]]


def idempotent_write(
    state: ServerState, request: Request, key: str | None, payload: BaseModel | None, write: WriteFn
) -> JSONResponse:
    """Run ``write`` in one transaction, honouring ``Idempotency-Key`` (see the module docstring)."""
    if key is not None and not 1 <= len(key) <= MAX_IDEMPOTENCY_KEY:
        raise field_error(s.IDEMPOTENCY_HEADER, f"must be 1..{MAX_IDEMPOTENCY_KEY} characters")
    body_json = payload.model_dump_json() if payload is not None else ""
    fingerprint = f"{request.method} {request.url.path} {body_json}"
    with state.db.transaction() as conn:
        if key is not None:
            stored = state.db.stored_response(conn, key)
            if stored is not None:
                if stored[0] != fingerprint:
                    raise field_error(
                        s.IDEMPOTENCY_HEADER, "this key was already used for a different request"
                    )
                return JSONResponse(stored[2], status_code=stored[1], headers={"Idempotent-Replayed": "true"})
        now = utcnow()
        status, body = write(conn, now)
        if key is not None:
            state.db.store_response(conn, key, fingerprint, status, body, now.isoformat())
    headers = {"ETag": f'"{body["version"]}"'} if isinstance(body.get("version"), int) else {}
    return JSONResponse(body, status_code=status, headers=headers)


def claim_id(conn: sqlite3.Connection, table: str, what: str, given: str | None, prefix: str) -> str:
    """The id of an entity being created: the one the client gave, or a new one; 409 if it is taken."""
    entity_id = given or new_id(prefix)
    if conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (entity_id,)).fetchone():
        raise ApiError(409, "already_exists", f"{what} {entity_id} already exists", {"id": "taken"})
    return entity_id


@dataclass(frozen=True)
class OperatorRecords:
    """Records the operator writes once and never edits (interactions, escalations): a table with
    ``id``, ``customer_id``, one time column and the document."""

    model: type[s.Interaction] | type[s.Escalation]
    table: str
    what: str
    prefix: str
    time_column: str

    def create(
        self,
        state: ServerState,
        request: Request,
        key: str | None,
        body: s.InteractionCreate | s.EscalationCreate,
    ) -> JSONResponse:
        """Store ``body`` with its id (given or new, see ``claim_id``), the operator and the creation
        time, honouring ``Idempotency-Key``; answers 201 with the stored document."""

        def write(conn: sqlite3.Connection, now: dt.datetime) -> tuple[int, dict[str, Any]]:
            record_id = claim_id(conn, self.table, self.what, body.id, self.prefix)
            fields = body.model_dump(exclude={"id"})
            doc = dump(self.model(id=record_id, operator_id=state.operator_id, created_at=now, **fields))
            conn.execute(
                f"INSERT INTO {self.table} (id, customer_id, {self.time_column}, data) VALUES (?, ?, ?, ?)",
                (doc["id"], doc["customer_id"], doc[self.time_column], to_json(doc)),
            )
            return 201, doc

        return idempotent_write(state, request, key, body, write)


def page_params(limit: int, offset: int) -> tuple[int, int]:
    return max(1, min(limit, s.MAX_PAGE)), max(0, offset)


# OpenAPI response declarations reused by the routers
ERR = {"model": s.ErrorBody}
Responses = dict[int | str, dict[str, Any]]
COMMON_RESPONSES: Responses = {
    401: {**ERR, "description": "Missing or wrong bearer token"},
    422: {**ERR, "description": "Validation error; `fields` names each bad field"},
    429: {**ERR, "description": "Rate limit exceeded; see Retry-After"},
}
NOT_FOUND: Responses = {404: {**ERR, "description": "No such entity"}}
EXISTS: Responses = {409: {**ERR, "description": "An entity with this id already exists"}}
