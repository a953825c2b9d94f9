"""Bulk row writing for the CRM upserts: plain tuples through the sqlite3 cursor's ``executemany``.

A first full sync writes about a million rows (300,000 entities and their phones, addresses, tags and
order lines). Through SQLAlchemy every row's parameters are built and type-processed in Python, which
cost most of the sync's time; here the caller builds one tuple per row, already in the form the store's
column types keep (``sql_*`` below, checked against SQLAlchemy's own bind processors by
``tests/unit/store/test_bulk_rows.py``), and one ``executemany`` per table writes them.

``write_entities`` is the upsert of one entity table, keyed by ``crm_id``, in the caller's transaction
(a write transaction: ``BEGIN IMMEDIATE``, so nothing else writes between its look-up and its writes):

1. the rows already stored for these CRM ids are looked up (id, version, and whether the entity has an
   undelivered outbox entry);
2. a stored row is overwritten only when the incoming version is not older and, with
   ``respect_outbox``, when the operator has no undelivered edit of it; new rows get the next free ids
   (given explicitly, so their children can be written without reading the ids back);
3. it returns which CRM ids were written and under which local id, and which of them already existed
   (their child rows are replaced: ``replace_children``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from softphone.store.coltypes import to_kopecks

IN_CHUNK = 5000  # ids per IN (...) list, well under SQLite's 32766 variables
OPEN_OUTBOX = ("pending", "conflict", "rejected")  # an entity with one of these keeps its local state


# ---------------------------------------------------------------- values as the store keeps them
def sql_time(value: dt.datetime | None) -> str | None:
    """An aware datetime as ``UtcDateTime`` stores it (naive UTC text with microseconds)."""
    if value is None:
        return None
    if value.tzinfo is dt.UTC:  # the usual case (the schemas give UTC): its ISO text without "+00:00"
        return value.isoformat(" ", "microseconds")[:-6]
    offset = value.utcoffset()
    if offset is None:
        raise ValueError("naive datetime given to the store; pass a timezone-aware one")
    if offset:
        value = value - offset
    return value.replace(tzinfo=None).isoformat(" ", "microseconds")


def sql_date(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def sql_clock(value: dt.time | None) -> str | None:
    """A wall-clock time as SQLAlchemy's SQLite ``TIME`` stores it."""
    return None if value is None else value.isoformat("microseconds")


def sql_money(value: Decimal | None) -> int | None:
    """Roubles as ``Money`` stores them (integer kopecks)."""
    if value is None:
        return None
    scaled = value.scaleb(2)
    whole = int(scaled)
    return whole if scaled == whole else to_kopecks(value)


def sql_json(value: Any) -> str:
    """A JSON column's text (``None`` is stored as JSON ``null``, as SQLAlchemy's ``JSON`` does)."""
    return "null" if value is None else json.dumps(value)


# ---------------------------------------------------------------- statements
def raw_cursor(session: Session) -> Any:
    """A DBAPI cursor on the session's connection, inside its transaction (pending ORM changes flushed)."""
    session.flush()
    return session.connection().connection.cursor()


def chunks(values: Sequence[Any], size: int = IN_CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def marks(count: int) -> str:
    return ",".join("?" * count)


@dataclass(frozen=True)
class Written:
    """What ``write_entities`` wrote: crm_id -> local id, and the local ids that existed before."""

    ids: dict[str, int]
    replaced: list[int]


def write_entities(
    cursor: Any,
    entity_type: str,
    table: str,
    columns: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
    respect_outbox: bool,
) -> Written:
    """Upsert ``rows`` (each ``(crm_id, version, *other columns)`` in ``columns`` order, which starts
    with ``crm_id, version``) into ``table``; see the module docstring for the rules."""
    if not rows:
        return Written({}, [])
    stored = _stored(cursor, entity_type, table, [r[0] for r in rows], respect_outbox)
    inserts: list[tuple[Any, ...]] = []
    updates: list[tuple[Any, ...]] = []
    ids: dict[str, int] = {}
    replaced: list[int] = []
    next_id = int(cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}").fetchone()[0]) + 1
    for row in rows:
        crm_id, version = row[0], row[1]
        found = stored.get(crm_id)
        if found is None:
            ids[crm_id] = next_id
            inserts.append((next_id, *row))
            next_id += 1
            continue
        local_id, stored_version, blocked = found
        if blocked or (stored_version is not None and version is not None and stored_version > version):
            continue
        ids[crm_id] = local_id
        replaced.append(local_id)
        updates.append((*row[1:], local_id))
    if inserts:
        cursor.executemany(
            f"INSERT INTO {table} (id, {', '.join(columns)}) VALUES ({marks(len(columns) + 1)})", inserts
        )
    if updates:
        assignments = ", ".join(f"{c} = ?" for c in columns[1:])
        cursor.executemany(f"UPDATE {table} SET {assignments} WHERE id = ?", updates)
    return Written(ids, replaced)


def _stored(
    cursor: Any, entity_type: str, table: str, crm_ids: list[str], respect_outbox: bool
) -> dict[str, tuple[int, int | None, bool]]:
    """crm_id -> (local id, version, has an undelivered outbox entry) of the rows already stored."""
    blocked = (
        "EXISTS (SELECT 1 FROM outbox o WHERE o.entity_type = ? AND o.entity_local_id = t.id"
        f" AND o.status IN ({', '.join(repr(s) for s in OPEN_OUTBOX)}))"
        if respect_outbox
        else "0"
    )
    found: dict[str, tuple[int, int | None, bool]] = {}
    for chunk in chunks(crm_ids):
        params = [entity_type, *chunk] if respect_outbox else list(chunk)
        query = (
            f"SELECT t.crm_id, t.id, t.version, {blocked} FROM {table} t"
            f" WHERE t.crm_id IN ({marks(len(chunk))})"
        )
        for crm_id, local_id, version, held in cursor.execute(query, params):
            found[crm_id] = (local_id, version, bool(held))
    return found


def replace_children(
    cursor: Any,
    table: str,
    fk: str,
    replaced: Sequence[int],
    columns: Sequence[str],
    rows: list[tuple[Any, ...]],
) -> None:
    """Drop the child rows of the ``replaced`` parents, then insert ``rows`` (``columns`` order)."""
    if replaced:
        cursor.executemany(f"DELETE FROM {table} WHERE {fk} = ?", [(i,) for i in replaced])
    if rows:
        cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks(len(columns))})", rows)


def ids_by_crm_id(cursor: Any, table: str, crm_ids: Sequence[str]) -> dict[str, int]:
    """Local ids of the rows with these CRM ids (missing ones left out)."""
    wanted = list(dict.fromkeys(crm_ids))
    found: dict[str, int] = {}
    for chunk in chunks(wanted):
        query = f"SELECT crm_id, id FROM {table} WHERE crm_id IN ({marks(len(chunk))})"
        found.update(cursor.execute(query, list(chunk)).fetchall())
    return found
