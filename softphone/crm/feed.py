"""The changes feed as the client reads it: one validation pass per page, bad records set aside.

``parse_changes(content)`` turns a ``GET /changes`` reply body into a ``TypedChangesPage``: every
upsert's ``data`` validated as its entity's model (``schemas.ChangeItem`` keeps it a plain dict; here
a discriminated union over ``entity_type`` picks the model). The usual page is valid as a whole and
is validated in ONE pass straight from the JSON bytes. Only when that pass fails does the page go
the slow way: the envelope alone, then chunks of items, then the items of a failing chunk one by one,
so that each record that does not match API v1 becomes a ``BadChange`` (quarantined, see
``bad_changes``) and the rest of the page is still applied.

``cursor_hint(content)`` reads ``next_cursor`` and ``has_more`` from the end of a page without parsing
it (the reference CRM writes them last), so the next page can be fetched while this one is still
being validated; the validated page confirms it (``SyncService`` checks).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import Field, TypeAdapter, ValidationError

from softphone.crm import schemas as s
from softphone.crm.bad_changes import BadChange, bad_change
from softphone.crm.errors import CrmProtocolError

FALLBACK_CHUNK = 100


class _CustomerChange(s.ResponseModel):
    seq: int = Field(ge=1)
    entity_type: Literal["customer"]
    entity_id: s.EntityId
    op: Literal["upsert", "delete"]
    data: s.Customer | None = None


class _OrderChange(_CustomerChange):
    entity_type: Literal["order"]  # type: ignore[assignment]
    data: s.Order | None = None  # type: ignore[assignment]


class _ProductChange(_CustomerChange):
    entity_type: Literal["product"]  # type: ignore[assignment]
    data: s.Product | None = None  # type: ignore[assignment]


class _ScriptChange(_CustomerChange):
    entity_type: Literal["script"]  # type: ignore[assignment]
    data: s.Script | None = None  # type: ignore[assignment]


class _TaskChange(_CustomerChange):
    entity_type: Literal["task"]  # type: ignore[assignment]
    data: s.Task | None = None  # type: ignore[assignment]


TypedChange = Annotated[
    _CustomerChange | _OrderChange | _ProductChange | _ScriptChange | _TaskChange,
    Field(discriminator="entity_type"),
]


class TypedChangesPage(s.ResponseModel):
    """``schemas.ChangesPage`` with every upsert's ``data`` validated as its entity model; the records
    that failed validation are in ``bad`` (quarantined, see ``bad_changes``)."""

    items: list[TypedChange]
    next_cursor: int = Field(ge=0)
    has_more: bool
    bad: list[Any] = []


class _ChangesEnvelope(s.ResponseModel):
    items: list[Any]
    next_cursor: int = Field(ge=0)
    has_more: bool


_PAGE = TypeAdapter(TypedChangesPage)
_ENVELOPE = TypeAdapter(_ChangesEnvelope)
_ITEMS = TypeAdapter(list[TypedChange])
_ITEM: TypeAdapter[Any] = TypeAdapter(TypedChange)


def describe_validation_error(exc: ValidationError, what: str) -> str:
    """Locations and error kinds only: pydantic's own text would include the (personal) input values."""
    return describe_errors(exc.errors(include_input=False, include_url=False, include_context=False), what)


def describe_errors(errors: Sequence[Any], what: str) -> str:
    if errors and errors[0]["type"] == "json_invalid":
        return f"CRM reply for {what} is not valid JSON"
    parts = [f"{'.'.join(str(p) for p in e['loc']) or '(body)'}: {_kind(e)}" for e in errors[:5]]
    more = f" (+{len(errors) - 5} more)" if len(errors) > 5 else ""
    return f"CRM reply for {what} does not match API v1: {'; '.join(parts)}{more}"


def _kind(error: Any) -> str:
    """The error's kind; a script's graph problems are said in full (they name steps, never data)."""
    if error["type"] == s.SCRIPT_GRAPH_ERROR:
        return str(error["msg"])
    return str(error["type"])


def parse_changes(content: bytes) -> TypedChangesPage:
    """Validate a changes-feed page: one pass when it is valid; else record by record (see above).

    Raises ``CrmProtocolError`` when the page itself (not one of its records) does not match API v1."""
    try:
        return _PAGE.validate_json(content)
    except ValidationError:
        pass
    try:
        envelope: _ChangesEnvelope = _ENVELOPE.validate_json(content)
    except ValidationError as exc:
        raise CrmProtocolError(describe_validation_error(exc, "changes")) from None
    items: list[Any] = []
    bad: list[BadChange] = []
    raw = envelope.items
    for start in range(0, len(raw), FALLBACK_CHUNK):
        chunk = raw[start : start + FALLBACK_CHUNK]
        try:
            items.extend(_ITEMS.validate_python(chunk))
        except ValidationError:
            _split_chunk(chunk, items, bad)
    return TypedChangesPage.model_construct(
        items=items, next_cursor=envelope.next_cursor, has_more=envelope.has_more, bad=bad
    )


def _split_chunk(chunk: list[Any], items: list[Any], bad: list[BadChange]) -> None:
    """A chunk failed: validate its items one by one, keeping the good ones in feed order."""
    for item in chunk:
        try:
            items.append(_ITEM.validate_python(item))
        except ValidationError as exc:
            seq = item.get("seq") if isinstance(item, dict) else None
            bad.append(bad_change(item, describe_validation_error(exc, f"change {seq}")))


@dataclass(frozen=True)
class CursorHint:
    next_cursor: int
    has_more: bool


# In valid JSON these two members, written last, can only be the top-level object's own members.
_TAIL = re.compile(rb',\s*"next_cursor"\s*:\s*(\d{1,19})\s*,\s*"has_more"\s*:\s*(true|false)\s*\}\s*\Z')


def cursor_hint(content: bytes) -> CursorHint | None:
    """``next_cursor`` and ``has_more`` read from the end of a page, or None when not written last."""
    match = _TAIL.search(content, max(0, len(content) - 200))
    if match is None:
        return None
    return CursorHint(int(match.group(1)), match.group(2) == b"true")
