"""Interaction routes for call review: the call's recording (``PUT``, raw audio bytes) and the
operator's self-review of the call (``PATCH``: rating 1-5 and notes).

``PUT /interactions/{id}/recording`` takes the audio as the request body with its media type
(``audio/ogg`` or ``audio/flac``), at most ``MAX_RECORDING_BYTES``; a repeated PUT of the same bytes
changes nothing (it is idempotent by nature, the client may retry it freely), other bytes replace
the recording. The interaction's document says ``has_recording``.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, Request
from fastapi.responses import JSONResponse

from softphone.crm import schemas as s
from softphone.crm_server.common import (
    COMMON_RESPONSES,
    ERR,
    NOT_FOUND,
    ApiError,
    ServerState,
    get_state,
    idempotent_write,
    utcnow,
)
from softphone.crm_server.db import to_json

router = APIRouter(responses=COMMON_RESPONSES)
State = Annotated[ServerState, Depends(get_state)]
IdemKey = Annotated[str | None, Header(alias="Idempotency-Key")]
InteractionId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]

_AUDIO_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            media: {"schema": {"type": "string", "format": "binary"}} for media in s.RECORDING_MEDIA_TYPES
        },
    }
}
_RECORDING_ERRORS: dict[int | str, dict[str, Any]] = {
    **NOT_FOUND,
    413: {**ERR, "description": "The recording is larger than the CRM accepts"},
    415: {**ERR, "description": "Not an audio/ogg or audio/flac body"},
}


def _interaction(conn: sqlite3.Connection, interaction_id: str) -> dict[str, Any]:
    row = conn.execute("SELECT data FROM interactions WHERE id = ?", (interaction_id,)).fetchone()
    if row is None:
        raise ApiError(404, "not_found", f"no interaction {interaction_id}")
    doc: dict[str, Any] = json.loads(row[0])
    return doc


@router.put(
    "/interactions/{interaction_id}/recording",
    response_model=s.RecordingInfo,
    tags=["interactions"],
    responses=_RECORDING_ERRORS,
    openapi_extra=_AUDIO_BODY,
)
async def put_recording(state: State, request: Request, interaction_id: InteractionId) -> Any:
    """Store the call's recording (both sides mixed), replacing an earlier one."""
    media_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    if media_type not in s.RECORDING_MEDIA_TYPES:
        raise ApiError(415, "unsupported_media_type", "send audio/ogg or audio/flac")
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > s.MAX_RECORDING_BYTES:
        raise ApiError(413, "too_large", f"at most {s.MAX_RECORDING_BYTES} bytes")
    data = bytearray()
    async for chunk in request.stream():
        data += chunk
        if len(data) > s.MAX_RECORDING_BYTES:
            raise ApiError(413, "too_large", f"at most {s.MAX_RECORDING_BYTES} bytes")
    if not data:
        raise ApiError(422, "validation_error", "the recording is empty", {"body": "empty"})
    now = utcnow()
    with state.db.transaction() as conn:
        doc = _interaction(conn, interaction_id)
        old = conn.execute(
            "SELECT media_type, data, received_at FROM recordings WHERE interaction_id = ?", (interaction_id,)
        ).fetchone()
        if old is not None and old[0] == media_type and bytes(old[1]) == bytes(data):
            received_at = old[2]  # the same upload again (a retry): nothing changes
        else:
            received_at = now.isoformat()
            conn.execute(
                "INSERT OR REPLACE INTO recordings (interaction_id, media_type, size, data, received_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (interaction_id, media_type, len(data), bytes(data), received_at),
            )
            doc["has_recording"] = True
            conn.execute("UPDATE interactions SET data = ? WHERE id = ?", (to_json(doc), interaction_id))
    info = s.RecordingInfo(
        interaction_id=interaction_id, media_type=media_type, size=len(data), received_at=received_at
    )
    return JSONResponse(info.model_dump(mode="json"))


@router.patch(
    "/interactions/{interaction_id}",
    response_model=s.Interaction,
    tags=["interactions"],
    responses=NOT_FOUND,
)
def review_interaction(
    state: State,
    request: Request,
    interaction_id: InteractionId,
    body: s.InteractionReview,
    idempotency_key: IdemKey = None,
) -> Any:
    """The operator's self-review of the call: a rating of 1-5 and notes."""

    def write(conn: sqlite3.Connection, now: Any) -> tuple[int, dict[str, Any]]:
        doc = _interaction(conn, interaction_id)
        doc["self_rating"] = body.self_rating
        doc["self_review_note"] = body.self_review_note
        conn.execute("UPDATE interactions SET data = ? WHERE id = ?", (to_json(doc), interaction_id))
        return 200, doc

    return idempotent_write(state, request, idempotency_key, body, write)
