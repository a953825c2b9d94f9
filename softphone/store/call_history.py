"""Call history rows in the local store: one row per ended call.

- ``CallHistoryRepository(store).add(rows)`` writes ``NewCallRow`` s (the workspace's recorder builds
  it from the ended call session and calls this on the store worker thread, never the GUI thread);
- ``recent(limit) -> list[CallRecord]``, newest first, and ``for_number(e164, limit)`` for the
  customer card. A row carries the call's quality (mean MOS, jitter, loss, round trip) when its
  audio was sampled (``workspace.call_quality``), the interaction the call was logged as
  (``interactions.call_history_id``) and whether its recording is kept (``Recording``: the Recent
  calls list opens the call's self-review from it). Reading it checks the recording files: call it
  on the store worker.

The link: a call's history row and its interaction are written by two writers (the history
recorder, the interaction log), both on the store worker, in either order and possibly after
retries. Both hold the call's ``CallLink`` (hung on the live-call session); the interaction is
written with the history row's id when that is known, and whichever side is written second links
them (``link``).
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
import threading
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import and_, insert, select, update

from softphone.store.db import Store
from softphone.store.models import CallHistory, Interaction

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


class Recording(enum.StrEnum):
    """What a past call has to listen to."""

    NO_INTERACTION = "no_interaction"  # not logged for a customer (yet): nothing to review
    NOT_RECORDED = "not_recorded"
    KEPT = "kept"  # the compressed file is on this computer
    DELETED = "deleted"  # recorded, and the retention period has removed the file


@dataclass(frozen=True, slots=True)
class CallRecord(NewCallRow):
    """A stored call-history row."""

    id: int = 0
    interaction_id: int | None = None  # the logged interaction of the call
    recording: Recording = Recording.NO_INTERACTION


class CallLink:
    """One call's history row and interaction ids as each is written (store worker; thread-safe).
    Each ``*_written`` returns the other side's id when it must now be linked (``link``)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._history_id: int | None = None
        self._interaction_id: int | None = None

    @property
    def history_id(self) -> int | None:
        with self._lock:
            return self._history_id

    def history_written(self, history_id: int) -> int | None:
        with self._lock:
            self._history_id = history_id
            return self._interaction_id

    def interaction_written(self, interaction_id: int, with_history_id: int | None) -> int | None:
        """``with_history_id``: the history id the interaction was written with (None: none yet)."""
        with self._lock:
            self._interaction_id = interaction_id
            return self._history_id if self._history_id != with_history_id else None


def link(store: Store, interaction_id: int, history_id: int) -> None:
    """Set ``interactions.call_history_id`` (a draft too: its completion keeps it)."""
    with store.session() as session, session.begin():
        session.execute(
            update(Interaction).where(Interaction.id == interaction_id).values(call_history_id=history_id)
        )


class CallHistoryRepository:
    """Writes and reads of the call history (small, indexed; ``recent`` also checks recording files:
    run it on the store worker)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def add(self, rows: Sequence[NewCallRow]) -> list[int]:
        """Insert ``rows`` in one transaction; returns their ids. Call off the GUI thread."""
        with self._store.session() as session, session.begin():
            return [
                session.execute(insert(CallHistory).returning(CallHistory.id), asdict(row)).scalar_one()
                for row in rows
            ]

    def link(self, interaction_id: int, history_id: int) -> None:
        link(self._store, interaction_id, history_id)

    def recent(self, limit: int = 50) -> list[CallRecord]:
        return self._fetch(None, limit)

    def for_number(self, e164: str, limit: int = 20) -> list[CallRecord]:
        return self._fetch(CallHistory.number_e164 == e164, limit)

    def _fetch(self, where: Any, limit: int) -> list[CallRecord]:
        query = select(CallHistory, Interaction.id, Interaction.recording_file).outerjoin(
            Interaction, and_(Interaction.call_history_id == CallHistory.id, Interaction.is_draft.is_(False))
        )
        if where is not None:
            query = query.where(where)
        query = query.order_by(CallHistory.started_at.desc(), CallHistory.id.desc(), Interaction.id.desc())
        records: dict[int, CallRecord] = {}
        with self._store.read_session() as session:
            for r, interaction_id, recording_file in session.execute(query.limit(limit)):
                if r.id not in records:  # one interaction per call (the newest, should there be two)
                    records[r.id] = self._record(r, interaction_id, recording_file)
        return list(records.values())

    @staticmethod
    def _record(r: CallHistory, interaction_id: int | None, recording_file: str | None) -> CallRecord:
        if interaction_id is None:
            recording = Recording.NO_INTERACTION
        elif not recording_file:
            recording = Recording.NOT_RECORDED
        else:
            recording = Recording.KEPT if Path(recording_file).is_file() else Recording.DELETED
        return CallRecord(
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
            interaction_id=interaction_id,
            recording=recording,
        )
