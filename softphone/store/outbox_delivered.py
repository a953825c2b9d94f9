"""What a delivery does to the outbox and the local rows: ``mark_delivered``, ``mark_many_delivered``.

When the CRM accepted an entry, the entry is marked delivered with the CRM's reply, the local row takes
the CRM's id (a create) and its new version, the entity's later open entries are rebased on that
version (they were queued on top of this change: their If-Match is the new version, they are not
conflicts), and when nothing else is queued for the entity the CRM's copy of it (server-computed
totals...) is applied to the local row. Functions take the caller's session; the caller commits.

``mark_many_delivered`` records a whole group of accepted updates (of different entities) with a few
``executemany`` statements, so the delivery loop's bookkeeping costs little next to its requests;
creates and anything unusual take the per-entry path.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import case, or_, select, update
from sqlalchemy.orm import Session

from softphone.store.bulk_rows import marks, raw_cursor, sql_json, sql_time
from softphone.store.coltypes import utc_now
from softphone.store.models import Customer, Order, OutboxEntry
from softphone.store.outbox import (
    DELIVERED,
    ENTITY_MODELS,
    OPEN_STATUSES,
    PENDING,
    VERSIONED,
    EntityRow,
    _entry,
    _row,
    apply_server_entity,
    int_or_none,
)

_OPEN = ", ".join(f"'{status}'" for status in OPEN_STATUSES)
_VERSIONED = ", ".join(f"'{operation}'" for operation in VERSIONED)


def _pass_on_to_later(
    session: Session, entity: tuple[str, int, int], crm_id: str | None, version: int | None
) -> bool:
    """Give the entity's later open entries the CRM id and the new version (their next If-Match);
    returns whether there are any.

    One Core UPDATE instead of loading every later entry through the ORM: an operator who edited one
    order twenty times offline must not make each delivery rewrite the rest one object at a time."""
    entity_type, local_id, seq = entity
    table: Any = OutboxEntry.__table__
    values: dict[str, Any] = {}
    if crm_id is not None:
        values["entity_crm_id"] = crm_id
    if version is not None:
        versioned = or_(table.c.base_version.is_not(None), table.c.operation.in_(VERSIONED))
        values["base_version"] = case((versioned, version), else_=table.c.base_version)
    if not values:
        values["entity_crm_id"] = table.c.entity_crm_id  # nothing to pass on; still tells if any exist
    statement = (
        update(table)
        .where(
            table.c.entity_type == entity_type,
            table.c.entity_local_id == local_id,
            table.c.seq > seq,
            table.c.status.in_(OPEN_STATUSES),
        )
        .values(**values)
    )
    changed = session.connection().execute(statement).rowcount
    if changed:  # entries this session already holds must not keep the old values
        for held in list(session.identity_map.values()):
            if (
                isinstance(held, OutboxEntry)
                and held.entity_type == entity_type
                and held.entity_local_id == local_id
                and held.seq > seq
            ):
                session.expire(held, ["entity_crm_id", "base_version"])
    return bool(changed)


def mark_delivered(
    session: Session,
    entry_id: int,
    response_json: Mapping[str, Any] | None,
    crm_id: str | None = None,
    version: int | None = None,
) -> OutboxEntry:
    """The CRM accepted the entry. Idempotent: a second call for a delivered entry changes nothing."""
    entry = _entry(session, entry_id, PENDING, DELIVERED)
    if entry.status == DELIVERED:
        return entry
    response = dict(response_json or {})
    if crm_id is None and entry.operation == "create" and isinstance(response.get("id"), str):
        crm_id = response["id"]
    if version is None:
        version = int_or_none(response.get("version"))
    entry.status = DELIVERED
    entry.delivered_at = utc_now()
    entry.response_json = response
    entry.last_error = None
    entry.next_attempt_at = None
    _settle_entity(session, (entry.entity_type, entry.entity_local_id, entry.seq), response, crm_id, version)
    return entry


def _settle_entity(
    session: Session,
    entity: tuple[str, int, int],
    response: dict[str, Any],
    crm_id: str | None,
    version: int | None,
) -> None:
    """After a delivery: the local row takes the CRM id and version, the entity's later open entries
    get them too, and with none left the CRM's copy of the entity is applied."""
    entity_type, local_id, _seq = entity
    if crm_id is not None:  # a create: the local row takes the CRM's id (and maybe meets a twin)
        row = _row(session, entity_type, local_id)
        if row is not None:
            if row.crm_id != crm_id:
                _adopt_crm_id(session, row, crm_id)
            if version is not None:
                row.version = version
    elif version is not None:  # the common case: one set-based UPDATE, no entity graph loaded
        model: Any = ENTITY_MODELS[entity_type]
        session.execute(
            update(model).where(model.id == local_id).values(version=version),
            execution_options={"synchronize_session": "evaluate"},
        )
    session.flush()
    has_later = _pass_on_to_later(session, entity, crm_id, version)
    if not has_later and response.get("id"):
        apply_server_entity(session, entity_type, [response])


def _adopt_crm_id(session: Session, row: EntityRow, crm_id: str) -> None:
    model = type(row)
    twin = session.scalar(select(model).where(model.crm_id == crm_id, model.id != row.id))
    if twin is not None:  # a copy that arrived through the sync feed first: ours wins, it goes
        session.delete(twin)
        session.flush()
    row.crm_id = crm_id
    if isinstance(row, Customer):
        session.execute(
            update(Order)
            .where(Order.customer_crm_id == crm_id, Order.customer_id.is_(None))
            .values(customer_id=row.id)
        )


def mark_many_delivered(session: Session, results: Sequence[tuple[int, Mapping[str, Any] | None]]) -> None:
    """``mark_delivered`` for several entries (of different entities) in the caller's transaction."""
    if not results:
        return
    cursor = raw_cursor(session)
    ids = [entry_id for entry_id, _response in results]
    heads: dict[int, tuple[str, int, int, str, str]] = {  # id -> type, local id, seq, operation, status
        row[0]: row[1:]
        for row in cursor.execute(
            "SELECT id, entity_type, entity_local_id, seq, operation, status FROM outbox"
            f" WHERE id IN ({marks(len(ids))})",
            ids,
        )
    }
    entities = [heads[i][:2] for i in ids if i in heads]
    if session.identity_map or len(set(entities)) != len(entities):
        for entry_id, response in results:  # ORM objects to keep in step, or one entity twice: in order
            if entry_id not in heads or heads[entry_id][4] != DELIVERED:
                mark_delivered(session, entry_id, response)
        return
    updates: list[tuple[int, str, int, int, dict[str, Any]]] = []
    for entry_id, response_json in results:
        head = heads.get(entry_id)
        if head is not None and head[4] == DELIVERED:
            continue  # delivered before (a repeat): nothing changes
        if head is None or head[4] != PENDING or head[3] == "create":
            mark_delivered(session, entry_id, response_json)
            continue
        updates.append((entry_id, head[0], head[1], head[2], dict(response_json or {})))
    if updates:
        _settle_updates(cursor, session, updates)


def _settle_updates(
    cursor: Any, session: Session, updates: list[tuple[int, str, int, int, dict[str, Any]]]
) -> None:
    """The bulk path of ``mark_many_delivered``: accepted updates of distinct entities."""
    now = sql_time(utc_now())
    cursor.executemany(
        "UPDATE outbox SET status = ?, delivered_at = ?, response_json = ?, last_error = NULL,"
        " next_attempt_at = NULL WHERE id = ?",
        [(DELIVERED, now, sql_json(response), entry_id) for entry_id, _t, _l, _s, response in updates],
    )
    versioned = [
        (t, local, seq, v) for _i, t, local, seq, r in updates if (v := int_or_none(r.get("version")))
    ]
    by_type: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for entity_type, local_id, _seq, version in versioned:
        by_type[entity_type].append((version, local_id))
    for entity_type, rows in by_type.items():
        table = ENTITY_MODELS[entity_type].__tablename__
        cursor.executemany(f"UPDATE {table} SET version = ? WHERE id = ?", rows)
    cursor.executemany(  # the later entries were queued on top of this change: their If-Match moves on
        f"UPDATE outbox SET base_version = CASE WHEN base_version IS NOT NULL OR operation IN ({_VERSIONED})"
        " THEN ? ELSE base_version END"
        f" WHERE entity_type = ? AND entity_local_id = ? AND seq > ? AND status IN ({_OPEN})",
        [(version, entity_type, local_id, seq) for entity_type, local_id, seq, version in versioned],
    )
    later = _with_later_entries(cursor, [(t, local, seq) for _i, t, local, seq, _r in updates])
    replies: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for _entry_id, entity_type, local_id, _seq, response in updates:
        if (entity_type, local_id) not in later and response.get("id"):
            replies[entity_type].append(response)
    for entity_type, found in replies.items():
        apply_server_entity(session, entity_type, found)


def _with_later_entries(cursor: Any, entities: list[tuple[str, int, int]]) -> set[tuple[str, int]]:
    """Which of these entities (type, local id, seq) still have open entries after ``seq``."""
    found: set[tuple[str, int]] = set()
    for start in range(0, len(entities), 300):
        chunk = entities[start : start + 300]
        params = [value for entity in chunk for value in entity]
        rows = cursor.execute(
            f"WITH done(t, i, s) AS (VALUES {', '.join(['(?, ?, ?)'] * len(chunk))})"
            " SELECT DISTINCT o.entity_type, o.entity_local_id FROM outbox o"
            " JOIN done ON o.entity_type = done.t AND o.entity_local_id = done.i AND o.seq > done.s"
            f" WHERE o.status IN ({_OPEN})",
            params,
        )
        found.update((entity_type, local_id) for entity_type, local_id in rows)
    return found
