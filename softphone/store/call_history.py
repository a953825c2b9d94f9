"""Call history rows in the local store: one row per ended call.

- ``CallHistoryRepository(store).add(rows)`` writes ``NewCallRow`` s (the workspace's recorder builds
  it from the ended call session and calls this on the store worker thread, never the GUI thread);
- ``recent(limit) -> list[CallRecord]``, newest first, and ``for_number(e164, limit)`` for the
  customer card. A row carries the call's quality (mean MOS, jitter, loss, round trip) when its
  audio was sampled (``workspace.call_quality``).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import insert, select

from softphone.store.db import Store
from softphone.store.models import CallHistory

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class NewCallRow:
    """What is written for one ended call (times are UTC)."""

    direction: str
    number: str
    number_e164: str | None
    remote_display_name: str
    dialled_number: str
    started_at: dt.datetime
    answered_at: dt.datetime | None
    ended_at: dt.datetime
    duration_s: float
    outcome: str
    status_code: int
    reason: str
    mos: float | None = None  # call quality (None: no audio was sampled)
    jitter_ms: float | None = None
    loss_pct: float | None = None
    rtt_ms: float | None = None


@dataclass(frozen=True, slots=True)
class CallRecord(NewCallRow):
    """A stored call-history row."""

    id: int = 0


class CallHistoryRepository:
    """Reads of the call history (small, indexed; fine on the GUI thread)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def add(self, rows: Sequence[NewCallRow]) -> list[int]:
        """Insert ``rows`` in one transaction; returns their ids. Call off the GUI thread."""
        with self._store.session() as session, session.begin():
            return [
                session.execute(insert(CallHistory).returning(CallHistory.id), asdict(row)).scalar_one()
                for row in rows
            ]

    def recent(self, limit: int = 50) -> list[CallRecord]:
        query = (
            select(CallHistory).order_by(CallHistory.started_at.desc(), CallHistory.id.desc()).limit(limit)
        )
        return self._fetch(query)

    def for_number(self, e164: str, limit: int = 20) -> list[CallRecord]:
        query = (
            select(CallHistory)
            .where(CallHistory.number_e164 == e164)
            .order_by(CallHistory.started_at.desc(), CallHistory.id.desc())
            .limit(limit)
        )
        return self._fetch(query)

    def _fetch(self, query: Any) -> list[CallRecord]:
        with self._store.read_session() as session:
            return [
                CallRecord(
                    id=r.id,
                    direction=r.direction,
                    number=r.number,
                    number_e164=r.number_e164,
                    remote_display_name=r.remote_display_name,
                    dialled_number=r.dialled_number,
                    started_at=r.started_at,
                    answered_at=r.answered_at,
                    ended_at=r.ended_at,
                    duration_s=r.duration_s,
                    outcome=r.outcome,
                    status_code=r.status_code,
                    reason=r.reason,
                    mos=r.mos,
                    jitter_ms=r.jitter_ms,
                    loss_pct=r.loss_pct,
                    rtt_ms=r.rtt_ms,
                )
                for r in session.scalars(query)
            ]
