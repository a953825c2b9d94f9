"""Call history from the live-call sessions: one row per ended call, written off the GUI thread.

``CallHistoryRecorder.on_session_change`` is subscribed to ``CallSessions`` by the composition root
(the registry keeps it alive). On a session's end it builds the row (number in E.164 when it parses,
else as received; start, answer and end times; talk time; outcome; the quality summary when its
audio was sampled) and hands the write to the store worker. Text from the far end is made
encodable first (``clean_text``). A write the database
refused for now (``OperationalError``: disk full, locked too long) keeps the rows in memory, tried
again with the next one. Any other failure is the row's own: the rows are then written one by one,
so one bad row never holds up the others, and a row that failed ``MAX_ROW_TRIES`` times is dropped
with the reason logged (number masked). ``on_recorded`` is told once rows reached the store (the
recent-calls list refreshes then). Each row's id goes to the call's ``CallLink`` (hung on the
session, shared with the interaction log): the call's interaction, if already written, is linked
to it then.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.exc import OperationalError

from softphone.domain.masking import mask_phone, mask_text
from softphone.domain.phones import normalize_phone
from softphone.sip.events import CallOutcome
from softphone.sip.headers import clean_text
from softphone.store.call_history import CallHistoryRepository, CallLink, NewCallRow
from softphone.store.jobs import JobRunner
from softphone.workspace.call_quality import CallQuality
from softphone.workspace.call_session import CallSession
from softphone.workspace.sessions import ChangeKind, SessionChange

log = logging.getLogger(__name__)
MAX_UNSAVED_ROWS = 1000  # bound on rows kept in memory while the store refuses writes
MAX_ROW_TRIES = 3  # a row that fails this often for a reason of its own is dropped


@dataclass(eq=False)
class _Unsaved:
    row: NewCallRow
    link: CallLink | None = None
    tries: int = 0


def call_link(session: CallSession) -> CallLink:
    """The call's link between its history row and its interaction (hung on the session once)."""
    link = session.attached(CallLink)
    if link is None:
        link = CallLink()
        session.attach(link)
    return link


def _utc(ts: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(ts, dt.UTC)


def history_row(session: CallSession, region: str) -> NewCallRow:
    """The call-history row for an ended session."""
    ended = session.ended_at if session.ended_at is not None else session.started_at
    outcome = session.outcome or (CallOutcome.ANSWERED if session.was_answered else CallOutcome.FAILED)
    e164 = normalize_phone(session.remote_number, region)
    quality = session.attached(CallQuality)
    summary = quality.summary() if quality is not None else None
    return NewCallRow(
        direction=session.direction.value,
        number=clean_text(e164 or session.remote_number),
        number_e164=e164,
        remote_display_name=clean_text(session.display_name),
        dialled_number=clean_text(session.dialled_number),
        started_at=_utc(session.started_at),
        answered_at=_utc(session.connected_at) if session.connected_at is not None else None,
        ended_at=_utc(ended),
        duration_s=round(session.talk_time_s(), 3),
        outcome=outcome.value,
        status_code=session.status_code,
        reason=clean_text(session.reason[:200]),
        mos=summary.mos if summary else None,
        jitter_ms=summary.jitter_ms if summary else None,
        loss_pct=summary.loss_pct if summary else None,
        rtt_ms=summary.rtt_ms if summary else None,
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
        self._unsaved: list[_Unsaved] = []  # touched by the store worker only
        self._lock = threading.Lock()

    def on_session_change(self, change: SessionChange) -> None:
        if change.kind != ChangeKind.ENDED:
            return
        row = history_row(change.session, self._region)
        link = call_link(change.session)
        self._jobs.submit(lambda: self.write(row, link), on_done=self._recorded, what="call history write")

    def write(self, row: NewCallRow, link: CallLink | None = None) -> list[int]:
        """Write ``row`` and any earlier rows that could not be written (runs on the store worker)."""
        with self._lock:
            self._unsaved.append(_Unsaved(row, link))
            del self._unsaved[:-MAX_UNSAVED_ROWS]
            try:
                ids = self._repository.add([item.row for item in self._unsaved])
            except OperationalError as exc:  # the store, not the rows: kept for the next try
                self._log_kept(row, exc)
                return []
            except Exception:  # some row of its own: find it, write the others
                return self._write_one_by_one()
            for item, row_id in zip(self._unsaved, ids, strict=True):
                self._link(item, row_id)
            self._unsaved.clear()
            return ids

    def _link(self, item: _Unsaved, row_id: int) -> None:
        """The row's call may have its interaction written already: link it (a failure only logged)."""
        if item.link is None:
            return
        interaction_id = item.link.history_written(row_id)
        if interaction_id is None:
            return
        try:
            self._repository.link(interaction_id, row_id)
        except Exception as exc:
            log.error("call history row %d not linked to its interaction: %s", row_id, type(exc).__name__)

    def _write_one_by_one(self) -> list[int]:
        ids: list[int] = []
        kept: list[_Unsaved] = []
        for item in self._unsaved:
            try:
                [row_id] = self._repository.add([item.row])
                ids.append(row_id)
                self._link(item, row_id)
            except OperationalError as exc:
                self._log_kept(item.row, exc)
                kept.append(item)
            except Exception as exc:
                item.tries += 1
                if item.tries < MAX_ROW_TRIES:
                    kept.append(item)
                    continue
                log.error(
                    "call history row for %s dropped after %d tries: %s: %s",
                    mask_phone(item.row.number),
                    item.tries,
                    exc.__class__.__name__,
                    mask_text(str(exc))[:200],
                )
        self._unsaved = kept
        return ids

    def _log_kept(self, row: NewCallRow, exc: Exception) -> None:
        log.error(
            "call history not saved yet (%d kept in memory) for %s: %s",
            len(self._unsaved),
            mask_phone(row.number),
            exc.__class__.__name__,
        )

    def _recorded(self, ids: list[int]) -> None:
        if ids and self._on_recorded is not None:
            self._on_recorded(ids)

    @property
    def unsaved_count(self) -> int:
        with self._lock:
            return len(self._unsaved)
