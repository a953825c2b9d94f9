"""The durable outbox: CRM writes made here, delivered in order per entity, never silently lost.

Public API (all take a ``Session``; the CALLER owns the transaction and commits):

- ``enqueue(session, entity_type, entity_local_id, operation, payload, base_version=None) -> OutboxEntry``
  Call it INSIDE the transaction that makes the local change, so both are committed or neither is.
  Each entry gets a uuid4 ``idempotency_key`` (sent as ``Idempotency-Key``) and a strictly increasing
  ``seq``. ``entity_crm_id`` is filled from the entity (or, for an entity created offline, from the
  client-generated ``id`` in its ``create`` payload, which the CRM accepts as the new entity's id).
- ``next_deliverable(session, limit, exclude=()) -> list[OutboxEntry]``: per entity, its oldest
  undelivered entry, if that one is pending and due (and not one of the ids ``exclude``). Entities are
  independent; within one entity entries go strictly in ``seq`` order, and a ``conflict``/``rejected``
  entry blocks the entity's later entries until resolved. An entry enqueued with ``depends_on``
  (another entity's create) also waits for that create.
- ``mark_delivered(session, entry_id, response_json, crm_id=None, version=None)`` and
  ``mark_many_delivered(session, results)`` (in ``outbox_delivered``, re-exported here): records the CRM's
  reply; for creates sets the entity's ``crm_id`` (taken from ``response_json["id"]`` if not given) so
  later entries resolve to it; stores the new ``version`` and rebases the entity's later pending entries
  on it (they were queued on top of this change, so they are not conflicts); when nothing else is
  queued for the entity, the CRM's reply (server-computed totals, ...) is applied to the local row.
- ``mark_retry(session, entry_id, error, next_attempt_at)``: transient failure, try again later.
- ``mark_conflict(session, entry_id, server_version_json)``: 412; keeps our payload AND the server's
  current entity for the operator.
- ``mark_rejected(session, entry_id, reason, field_errors)``: 4xx validation; kept, never dropped.
- ``resolve_conflict(session, entry_id, "mine"|"theirs", merged_payload=None)``: ``mine`` re-queues
  (optionally merged payload) with the server's version as base and a new idempotency key; ``theirs``
  drops our change (entry kept as ``dismissed``) and applies the server's entity locally.
- ``resolve_rejected(session, entry_id, payload=None)``: re-queue with a corrected payload, or dismiss
  (a dismissed create also dismisses the entity's later entries: they cannot be delivered).
- ``counts(session) -> dict`` with ``pending``, ``conflict``, ``rejected``, ``delivered``, ``dismissed``.
- ``open_entries(session, statuses, limit)`` for the operator's list of problems;
  ``entity_entries(session, entity_type, local_id)``; ``prune_delivered(session, older_than)``.

Entity types and operations (the delivery side maps each to one CRM API call):
``customer``: create (CustomerCreate), update (CustomerUpdate, If-Match base_version);
``order``: create (OrderCreate), update (OrderUpdate, If-Match), cancel (OrderCancel), return
(OrderReturnCreate);
``interaction``: create (InteractionCreate), review (InteractionReview), recording (``{"path",
"media_type"}``: the file is PUT as the body); ``task``: create (CallbackCreate), claim (no body),
complete (TaskComplete); ``escalation``: create (EscalationCreate).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Any, Literal, cast

from pydantic import BaseModel, ValidationError
from sqlalchemy import and_, delete, func, or_, select
from sqlalchemy.orm import Session, aliased

from softphone.crm import schemas as s
from softphone.store import crm_upserts
from softphone.store.coltypes import utc_now
from softphone.store.db import OUTBOX_WRITTEN
from softphone.store.models import Customer, Escalation, Interaction, Order, OutboundTask, OutboxEntry

log = logging.getLogger(__name__)
PENDING = "pending"
DELIVERED = "delivered"
CONFLICT = "conflict"
REJECTED = "rejected"
DISMISSED = "dismissed"
STATUSES = (PENDING, CONFLICT, REJECTED, DELIVERED, DISMISSED)
# not finished: they block the entity's later entries
OPEN_STATUSES: tuple[str, ...] = (PENDING, CONFLICT, REJECTED)

EntityRow = Customer | Order | Interaction | OutboundTask | Escalation
ENTITY_MODELS: dict[str, type[EntityRow]] = {
    "customer": Customer,
    "order": Order,
    "interaction": Interaction,
    "task": OutboundTask,
    "escalation": Escalation,
}
SERVER_COPIES: dict[str, tuple[type[BaseModel], Callable[..., int]]] = {
    "customer": (s.Customer, crm_upserts.upsert_customers_from_crm),
    "order": (s.Order, crm_upserts.upsert_orders_from_crm),
    "task": (s.Task, crm_upserts.upsert_tasks_from_crm),
}
VERSIONED: frozenset[str] = frozenset({"update"})  # sent with If-Match: base_version
OPERATIONS: dict[str, frozenset[str]] = {
    "customer": frozenset({"create", "update"}),
    "order": frozenset({"create", "update", "cancel", "return"}),
    "interaction": frozenset({"create", "review", "recording"}),
    "task": frozenset({"create", "claim", "complete"}),
    "escalation": frozenset({"create"}),
}


class OutboxError(Exception):
    """A bad outbox request: unknown entity or operation, payload not JSON, wrong entry state."""


def enqueue(
    session: Session,
    entity_type: str,
    entity_local_id: int,
    operation: str,
    payload: Mapping[str, Any],
    base_version: int | None = None,
    depends_on: OutboxEntry | None = None,
) -> OutboxEntry:
    """Queue one CRM write for ``entity_type``/``entity_local_id``; commit it with the local change.

    ``depends_on``: the undelivered create of ANOTHER entity this write refers to (an interaction of a
    customer created offline); the entry is not deliverable before that create is delivered."""
    if operation not in OPERATIONS.get(entity_type, frozenset()):
        raise OutboxError(f"unknown outbox operation {entity_type}.{operation}")
    try:
        body: dict[str, Any] = json.loads(json.dumps(dict(payload)))
    except (TypeError, ValueError) as exc:
        raise OutboxError(f"outbox payload of {entity_type}.{operation} is not JSON: {exc}") from exc
    session.info[OUTBOX_WRITTEN] = True
    entry = OutboxEntry(
        seq=select(func.coalesce(func.max(OutboxEntry.seq), 0) + 1).scalar_subquery(),
        idempotency_key=str(uuid.uuid4()),
        entity_type=entity_type,
        entity_local_id=entity_local_id,
        entity_crm_id=_known_crm_id(session, entity_type, entity_local_id, operation, body),
        operation=operation,
        payload=body,
        base_version=base_version,
        depends_on_seq=depends_on.seq if depends_on is not None else None,
        status=PENDING,
    )
    session.add(entry)
    session.flush()
    session.refresh(entry, ["seq"])
    return entry


def _known_crm_id(
    session: Session, entity_type: str, local_id: int, operation: str, body: dict[str, Any]
) -> str | None:
    row = _row(session, entity_type, local_id)
    if row is not None and row.crm_id is not None:
        return row.crm_id
    if operation == "create" and isinstance(body.get("id"), str):
        return str(body["id"])
    earlier = session.scalar(
        select(OutboxEntry.entity_crm_id)
        .where(_same_entity(entity_type, local_id), OutboxEntry.entity_crm_id.is_not(None))
        .order_by(OutboxEntry.seq.desc())
        .limit(1)
    )
    return str(earlier) if earlier is not None else None


def _row(session: Session, entity_type: str, local_id: int) -> EntityRow | None:
    return cast("EntityRow | None", session.get(ENTITY_MODELS[entity_type], local_id))


def _same_entity(entity_type: str, local_id: int) -> Any:
    return and_(OutboxEntry.entity_type == entity_type, OutboxEntry.entity_local_id == local_id)


def next_deliverable(
    session: Session, limit: int = 50, now: dt.datetime | None = None, exclude: Collection[int] = ()
) -> list[OutboxEntry]:
    """Oldest pending, due entry of each entity whose earlier entries are all finished; oldest first;
    none of the entries ``exclude`` (ids)."""
    now = now or utc_now()
    heads = (
        select(func.min(OutboxEntry.seq).label("seq"))
        .where(OutboxEntry.status.in_(OPEN_STATUSES))
        .group_by(OutboxEntry.entity_type, OutboxEntry.entity_local_id)
        .subquery()
    )
    dependency = aliased(OutboxEntry)
    query = (
        select(OutboxEntry)
        .join(heads, OutboxEntry.seq == heads.c.seq)
        .outerjoin(dependency, dependency.seq == OutboxEntry.depends_on_seq)
        .where(
            OutboxEntry.status == PENDING,
            OutboxEntry.id.not_in(list(exclude)),
            or_(OutboxEntry.next_attempt_at.is_(None), OutboxEntry.next_attempt_at <= now),
            # no dependency row left means it was delivered and pruned (only delivered ones are pruned)
            or_(
                OutboxEntry.depends_on_seq.is_(None), dependency.status == DELIVERED, dependency.seq.is_(None)
            ),
        )
        .order_by(OutboxEntry.seq)
        .limit(limit)
    )
    return list(session.scalars(query))


def _entry(session: Session, entry_id: int, *expected: str) -> OutboxEntry:
    entry = session.get(OutboxEntry, entry_id, with_for_update=False)
    if entry is None:
        raise OutboxError(f"no outbox entry {entry_id}")
    if expected and entry.status not in expected:
        raise OutboxError(f"outbox entry {entry_id} is {entry.status}, expected {' or '.join(expected)}")
    return entry


def _later_open(session: Session, entry: OutboxEntry) -> list[OutboxEntry]:
    query = (
        select(OutboxEntry)
        .where(
            _same_entity(entry.entity_type, entry.entity_local_id),
            OutboxEntry.seq > entry.seq,
            OutboxEntry.status.in_(OPEN_STATUSES),
        )
        .order_by(OutboxEntry.seq)
    )
    return list(session.scalars(query))


def int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def apply_server_entity(session: Session, entity_type: str, replies: Sequence[Mapping[str, Any]]) -> None:
    """Apply the CRM's copies of entities of one type (delivery replies, a conflict's current version)
    to their local rows; a reply that is not a full entity is left out (the sync brings the rest)."""
    found = SERVER_COPIES.get(entity_type)
    if found is None:
        return
    model, upsert = found
    entities = []
    for data in replies:
        try:
            entities.append(model.model_validate(data))
        except ValidationError as exc:
            log.warning(
                "CRM reply for a %s is not a full entity (%d problems); not applied",
                entity_type,
                exc.error_count(),
            )
    if entities:
        upsert(session, entities, respect_outbox=False)


def mark_retry(session: Session, entry_id: int, error: str, next_attempt_at: dt.datetime) -> OutboxEntry:
    """A transient failure (network, 5xx, 429): keep it pending, try again at ``next_attempt_at``."""
    entry = _entry(session, entry_id, PENDING)
    entry.attempts += 1
    entry.last_error = error
    entry.next_attempt_at = next_attempt_at
    session.flush()
    return entry


def mark_conflict(session: Session, entry_id: int, server_version_json: Mapping[str, Any]) -> OutboxEntry:
    """The CRM has a newer version (412): keep ours and theirs until the operator decides."""
    entry = _entry(session, entry_id, PENDING)
    entry.attempts += 1
    entry.status = CONFLICT
    entry.server_version_json = dict(server_version_json)
    entry.last_error = "the CRM has a newer version"
    session.flush()
    return entry


def mark_rejected(
    session: Session, entry_id: int, reason: str, field_errors: Mapping[str, str] | None = None
) -> OutboxEntry:
    """The CRM refused the write (validation, business rule): kept for the operator, never dropped."""
    entry = _entry(session, entry_id, PENDING)
    entry.attempts += 1
    entry.status = REJECTED
    entry.reject_reason = reason
    entry.field_errors = dict(field_errors or {})
    entry.last_error = reason
    session.flush()
    return entry


def _requeue(entry: OutboxEntry, payload: dict[str, Any] | None, base_version: int | None) -> None:
    if payload is not None:
        entry.payload = json.loads(json.dumps(payload))
    entry.base_version = base_version
    entry.status = PENDING
    entry.idempotency_key = str(uuid.uuid4())  # the old key's stored reply was the refusal
    entry.next_attempt_at = None
    entry.resolved_at = utc_now()


def resolve_conflict(
    session: Session,
    entry_id: int,
    choice: Literal["mine", "theirs"],
    merged_payload: Mapping[str, Any] | None = None,
) -> OutboxEntry:
    """Settle a conflict: ``mine`` re-sends on top of the server's version, ``theirs`` takes the server's."""
    entry = _entry(session, entry_id, CONFLICT)
    server = dict(entry.server_version_json or {})
    server_version = int_or_none(server.get("version"))
    row = _row(session, entry.entity_type, entry.entity_local_id)
    if choice == "mine":
        _requeue(entry, dict(merged_payload) if merged_payload is not None else None, server_version)
        if row is not None and server_version is not None:
            row.version = server_version
    elif choice == "theirs":
        entry.status = DISMISSED
        entry.resolved_at = utc_now()
        session.flush()
        if server.get("id"):
            apply_server_entity(session, entry.entity_type, [server])
    else:
        raise OutboxError(f"conflict choice must be 'mine' or 'theirs', not {choice!r}")
    for other in _later_open(session, entry):
        if server_version is not None and other.base_version is not None:
            other.base_version = server_version
    session.flush()
    return entry


def resolve_rejected(
    session: Session, entry_id: int, payload: Mapping[str, Any] | None = None
) -> OutboxEntry:
    """Re-queue a rejected entry with a corrected ``payload``, or dismiss it (kept, no longer blocking)."""
    entry = _entry(session, entry_id, REJECTED)
    if payload is not None:
        _requeue(entry, dict(payload), entry.base_version)
        entry.field_errors = None
    else:
        entry.status = DISMISSED
        entry.resolved_at = utc_now()
        if entry.operation == "create":
            dependents = session.scalars(
                select(OutboxEntry).where(
                    OutboxEntry.depends_on_seq == entry.seq, OutboxEntry.status.in_(OPEN_STATUSES)
                )
            )
            for other in [*_later_open(session, entry), *dependents]:
                other.status = DISMISSED
                other.resolved_at = entry.resolved_at
                other.last_error = "dismissed with the rejected create it depended on"
    session.flush()
    return entry


def counts(session: Session) -> dict[str, int]:
    """Number of entries per status (every status present, zero when none)."""
    rows = session.execute(select(OutboxEntry.status, func.count()).group_by(OutboxEntry.status))
    result = dict.fromkeys(STATUSES, 0)
    for status, count in rows:
        result[status] = count
    return result


def open_entries(
    session: Session, statuses: Iterable[str] = (CONFLICT, REJECTED), limit: int = 200
) -> list[OutboxEntry]:
    """Entries in ``statuses``, oldest first (the operator's list of writes needing attention)."""
    query = (
        select(OutboxEntry)
        .where(OutboxEntry.status.in_(list(statuses)))
        .order_by(OutboxEntry.seq)
        .limit(limit)
    )
    return list(session.scalars(query))


def prune_delivered(session: Session, older_than: dt.datetime) -> int:
    """Delete delivered entries delivered before ``older_than``; anything else is never deleted."""
    result = session.execute(
        delete(OutboxEntry)
        .where(OutboxEntry.status == DELIVERED, OutboxEntry.delivered_at < older_than)
        .returning(OutboxEntry.id)
    )
    return len(result.all())


def entity_entries(session: Session, entity_type: str, entity_local_id: int) -> list[OutboxEntry]:
    """Every entry of one entity, in order (for showing "not yet in the CRM" next to it)."""
    query = select(OutboxEntry).where(_same_entity(entity_type, entity_local_id)).order_by(OutboxEntry.seq)
    return list(session.scalars(query))


# the delivery bookkeeping lives in its own module; one API for the outbox
from softphone.store.outbox_delivered import mark_delivered, mark_many_delivered  # noqa: E402

__all__ = [
    "OutboxError",
    "apply_server_entity",
    "counts",
    "enqueue",
    "entity_entries",
    "mark_conflict",
    "mark_delivered",
    "mark_many_delivered",
    "mark_rejected",
    "mark_retry",
    "next_deliverable",
    "open_entries",
    "prune_delivered",
    "resolve_conflict",
    "resolve_rejected",
]
