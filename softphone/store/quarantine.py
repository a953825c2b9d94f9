"""The store's quarantine of CRM feed records that did not validate (table ``crm_quarantine``).

``StoreSyncTarget`` records a page's bad records in the page's own transaction (with the cursor), and
drops a record once its entity is applied valid from a later page. A full resync starts by clearing
the quarantine: it reads every entity again, so whatever is still bad is quarantined anew.
Functions take an open session; the caller owns the transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, select, tuple_
from sqlalchemy.orm import Session

from softphone.crm.bad_changes import BadChange
from softphone.store.models import QuarantinedChange

CLEAR_CHUNK = 400  # (type, id) pairs per DELETE: well under SQLite's variable limit


@dataclass(frozen=True)
class QuarantineRow:
    """A quarantined record as the problems view shows it."""

    id: int
    entity_type: str
    entity_id: str
    seq: int | None
    cursor: int
    raw: str
    error: str
    seen_at: dt.datetime


def record(session: Session, bad: Sequence[BadChange], cursor: int, now: dt.datetime) -> None:
    """Keep ``bad`` (one row per entity: a newer bad version replaces the older)."""
    if not bad:
        return
    forget(session, ((b.entity_type, b.entity_id) for b in bad if b.entity_id))
    session.add_all(
        QuarantinedChange(
            entity_type=b.entity_type,
            entity_id=b.entity_id,
            seq=b.seq,
            cursor=cursor,
            raw=b.raw,
            error=b.error,
            seen_at=now,
        )
        for b in bad
    )


def forget(session: Session, keys: Iterable[tuple[str, str]]) -> None:
    """Drop the quarantined records of these entities (they arrived valid)."""
    if session.scalar(select(QuarantinedChange.id).limit(1)) is None:
        return  # the usual case: nothing quarantined, nothing to look up
    pairs = list(dict.fromkeys(keys))
    for start in range(0, len(pairs), CLEAR_CHUNK):
        chunk = pairs[start : start + CLEAR_CHUNK]
        session.execute(
            delete(QuarantinedChange).where(
                tuple_(QuarantinedChange.entity_type, QuarantinedChange.entity_id).in_(chunk)
            )
        )


def clear(session: Session) -> None:
    session.execute(delete(QuarantinedChange))


def count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(QuarantinedChange)) or 0)


def rows(session: Session) -> list[QuarantineRow]:
    found = session.scalars(select(QuarantinedChange).order_by(QuarantinedChange.id))
    return [
        QuarantineRow(q.id, q.entity_type, q.entity_id, q.seq, q.cursor, q.raw, q.error, q.seen_at)
        for q in found
    ]
