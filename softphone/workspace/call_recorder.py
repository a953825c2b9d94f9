"""Call history from the live-call sessions: one row per ended call, written off the GUI thread.

``CallHistoryRecorder.on_session_change`` is subscribed to ``CallSessions`` by the composition root
(the registry keeps it alive). On a session's end it builds the row (number in E.164 when it parses,
else as received; start, answer and end times; talk time; outcome) and hands the write to the store
worker. A failed write (disk full, database locked too long) keeps the row in memory and is tried
again with the next one; the error is logged with the number masked. ``on_recorded`` is told once
rows reached the store (the recent-calls list refreshes then).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable

from softphone.domain.masking import mask_phone
from softphone.domain.phones import normalize_phone
from softphone.sip.events import CallOutcome
from softphone.store.call_history import CallHistoryRepository, NewCallRow
from softphone.store.jobs import JobRunner
from softphone.workspace.call_session import CallSession
from softphone.workspace.sessions import ChangeKind, SessionChange

log = logging.getLogger(__name__)
MAX_UNSAVED_ROWS = 1000  # bound on rows kept in memory while the store refuses writes


def _utc(ts: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(ts, dt.UTC)


def history_row(session: CallSession, region: str) -> NewCallRow:
    """The call-history row for an ended session."""
    ended = session.ended_at if session.ended_at is not None else session.started_at
    outcome = session.outcome or (CallOutcome.ANSWERED if session.was_answered else CallOutcome.FAILED)
    e164 = normalize_phone(session.remote_number, region)
    return NewCallRow(
        direction=session.direction.value,
        number=e164 or session.remote_number,
        number_e164=e164,
        remote_display_name=session.display_name,
        dialled_number=session.dialled_number,
        started_at=_utc(session.started_at),
        answered_at=_utc(session.connected_at) if session.connected_at is not None else None,
        ended_at=_utc(ended),
        duration_s=round(session.talk_time_s(), 3),
        outcome=outcome.value,
        status_code=session.status_code,
        reason=session.reason[:200],
    )


class CallHistoryRecorder:
    def __init__(
        self,
        repository: CallHistoryRepository,
        jobs: JobRunner,
        region: str,
        on_recorded: Callable[[list[int]], None] | None = None,
    ) -> None:
        self._repository = repository
        self._jobs = jobs
        self._region = region
        self._on_recorded = on_recorded
        self._unsaved: list[NewCallRow] = []  # touched by the store worker only
        self._lock = threading.Lock()

    def on_session_change(self, change: SessionChange) -> None:
        if change.kind != ChangeKind.ENDED:
            return
        row = history_row(change.session, self._region)
        self._jobs.submit(lambda: self.write(row), on_done=self._recorded, what="call history write")

    def write(self, row: NewCallRow) -> list[int]:
        """Write ``row`` and any earlier rows that could not be written (runs on the store worker)."""
        with self._lock:
            self._unsaved.append(row)
            del self._unsaved[:-MAX_UNSAVED_ROWS]
            try:
                ids = self._repository.add(self._unsaved)
            except Exception as exc:  # kept for the next try; calling goes on
                log.error(
                    "call history not saved yet (%d kept in memory) for %s: %s",
                    len(self._unsaved),
                    mask_phone(row.number),
                    exc.__class__.__name__,
                )
                return []
            self._unsaved.clear()
            return ids

    def _recorded(self, ids: list[int]) -> None:
        if ids and self._on_recorded is not None:
            self._on_recorded(ids)

    @property
    def unsaved_count(self) -> int:
        with self._lock:
            return len(self._unsaved)
