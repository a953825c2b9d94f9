"""Call history: one row per ended call, written from the SIP engine's events.

- ``CallHistoryRecorder(store).on_sip_event(event)`` consumes ``softphone.sip.events`` on the GUI
  thread (the UI bridge delivers them there). It remembers each live call from its first event
  (``IncomingCall`` or the first ``CallStateChanged``), notes when it became ACTIVE and, on ``ENDED``,
  writes one small row: direction, number (E.164 when it parses, else as received), remote display
  name, dialled number, started/answered/ended times, talk duration, outcome. Quick: one INSERT. If the
  write fails (disk full, locked too long) the record is kept in memory and retried on the next event,
  and the error is logged with the number masked.
- ``CallHistoryRepository(store).recent(limit) -> list[CallRecord]``, newest first, and
  ``for_number(e164, limit)`` for the customer card.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import SQLAlchemyError

from softphone.domain.masking import mask_phone
from softphone.domain.phones import normalize_phone
from softphone.sip.events import (
    CallDirection,
    CallOutcome,
    CallState,
    CallStateChanged,
    IncomingCall,
    SipEvent,
)
from softphone.store.db import Store
from softphone.store.models import CallHistory

log = logging.getLogger(__name__)
MAX_LIVE_CALLS = 64  # bound on remembered calls whose ENDED never came (engine restarts)


@dataclass(frozen=True, slots=True)
class CallRecord:
    id: int
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


@dataclass
class _LiveCall:
    direction: CallDirection
    number: str
    display_name: str
    dialled: str
    started_at: float
    answered_at: float | None = None


def _utc(ts: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(ts, dt.UTC)


class CallHistoryRecorder:
    """Turns the SIP event stream into call-history rows. Use from one thread (the GUI thread)."""

    def __init__(self, store: Store, clock: Callable[[], float] = time.time) -> None:
        self._store = store
        self._clock = clock
        self._live: dict[int, _LiveCall] = {}
        self._unsaved: list[dict[str, Any]] = []

    def on_sip_event(self, event: SipEvent) -> int | None:
        """Feed every SIP event here; returns the new row id when an ended call was written."""
        now = self._clock()
        if isinstance(event, IncomingCall):
            self._remember(event.call_id, CallDirection.INBOUND, event.remote_number, now)
            live = self._live[event.call_id]
            live.display_name = event.remote_display_name
            live.dialled = event.dialled_number
            return None
        if not isinstance(event, CallStateChanged):
            return None
        if event.state != CallState.ENDED:
            live = self._remember(event.call_id, event.direction, event.remote_number, now)
            if event.remote_number and not live.number:
                live.number = event.remote_number
            if event.dialled_number and not live.dialled:
                live.dialled = event.dialled_number
            if event.state == CallState.ACTIVE and live.answered_at is None:
                live.answered_at = event.connected_at or now
            return None
        ended = self._live.pop(event.call_id) if event.call_id in self._live else None
        if ended is None:
            ended = _LiveCall(event.direction, event.remote_number, "", event.dialled_number, now)
        return self._save(self._row(ended, event, now))

    def _remember(self, call_id: int, direction: CallDirection, number: str, now: float) -> _LiveCall:
        live = self._live.get(call_id)
        if live is None:
            if len(self._live) >= MAX_LIVE_CALLS:
                self._live.pop(next(iter(self._live)))
            live = self._live[call_id] = _LiveCall(direction, number, "", "", now)
        return live

    @staticmethod
    def _row(live: _LiveCall, event: CallStateChanged, now: float) -> dict[str, Any]:
        answered = live.answered_at or event.connected_at
        outcome = event.outcome or (CallOutcome.ANSWERED if answered else CallOutcome.FAILED)
        number = live.number or event.remote_number
        return {
            "direction": live.direction.value,
            "number": normalize_phone(number) or number,
            "number_e164": normalize_phone(number),
            "remote_display_name": live.display_name,
            "dialled_number": live.dialled or event.dialled_number,
            "started_at": _utc(live.started_at),
            "answered_at": _utc(answered) if answered else None,
            "ended_at": _utc(now),
            "duration_s": round(max(0.0, now - answered), 3) if answered else 0.0,
            "outcome": outcome.value,
            "status_code": event.status_code,
            "reason": event.reason[:200],
        }

    def _save(self, row: dict[str, Any]) -> int | None:
        self._unsaved.append(row)
        new_id: int | None = None
        try:
            with self._store.session() as session, session.begin():
                for pending in self._unsaved:
                    new_id = session.execute(
                        insert(CallHistory).returning(CallHistory.id), pending
                    ).scalar_one()
        except SQLAlchemyError as exc:
            log.error(
                "call history not saved yet (%d kept in memory) for %s: %s",
                len(self._unsaved),
                mask_phone(row["number"]),
                exc.__class__.__name__,
            )
            return None
        self._unsaved.clear()
        return new_id

    @property
    def unsaved_count(self) -> int:
        return len(self._unsaved)


class CallHistoryRepository:
    """Reads of the call history (small, indexed; fine on the GUI thread)."""

    def __init__(self, store: Store) -> None:
        self._store = store

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
                )
                for r in session.scalars(query)
            ]
