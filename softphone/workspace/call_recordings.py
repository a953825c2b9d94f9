"""Which calls are recorded, and what becomes of their files (Qt-free; GUI thread).

``CallRecordings.on_session_change`` is subscribed to ``CallSessions`` after the interaction log. When
a call is first connected and the policy allows it (the ``recording.enabled`` setting, which IT
may lock, and the call's shop: ``CallStore.record_calls``; a call with no known shop follows the
setting alone), it asks the engine to record into a fresh ``call-<uuid>.wav`` and hangs a
``CallRecording`` on the session; the engine's ``CallRecordingChanged`` (``on_event``) marks it
running (the call line's indicator) and later stopped, with the WAV closed.

After the call, the WAV becomes ``<interaction id>.ogg`` once the interaction log says which
interaction the call was filed as (``on_call_logged``); a call that left no interaction (no known
customer, not answered) has its WAV deleted. Compression and deletion run on the ``files`` worker
(its own thread), never on the GUI or SIP owner thread. ``clean_up`` applies the retention period
(at start-up and then daily, driven by the composition root), sparing files still waiting for
their upload to the CRM.

With a ``RecordingLedger`` (``workspace.recording_recovery``) each recording is known in the store
before the engine writes a byte: the row is committed on the ``files`` worker, then recording
starts; the call's customer and interaction are added to it when known; compression then queues
the upload and removes the row in the same job. ``recover`` files, at start-up, the recordings an
earlier run left (a killed app), and ``clean_up`` spares their WAVs until it has.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from softphone.sip.events import CallRecordingChanged
from softphone.store.jobs import JobRunner
from softphone.workspace import recordings
from softphone.workspace.call_context import CallCustomer, CallStore
from softphone.workspace.interaction_log import InteractionLogged
from softphone.workspace.recording_recovery import RecordingLedger, Recovered
from softphone.workspace.sessions import CallSessions, ChangeKind, SessionChange

log = logging.getLogger(__name__)
MAX_PENDING = 200  # ended calls whose file waits for its interaction id (bounded)


@dataclass(eq=False)
class CallRecording:
    """On a session whose call is recorded: ``running`` while the engine writes the file."""

    wav: Path
    running: bool = False


@dataclass(eq=False)
class _Pending:
    wav: Path
    closed: bool = False
    ended: bool = False
    filed: bool | None = None  # None: the call has not ended yet; False: no interaction will come
    interaction_id: int | None = None
    done: bool = field(default=False)
    customer_id: int | None = None  # as noted in the ledger


class CallRecordings:
    def __init__(
        self,
        sessions: CallSessions,
        record: Callable[[int, str], None],
        folder: Path,
        enabled: Callable[[], bool],
        retention_days: Callable[[], int],
        files: JobRunner,
        on_stored: Callable[[int, Path], None] | None = None,
        stop: Callable[[int], None] | None = None,
        uploads_pending: Callable[[], frozenset[str]] = frozenset,
        ledger: RecordingLedger | None = None,
    ) -> None:
        """``on_stored(interaction_id, path)``: a recording was compressed (with a ``ledger``, its
        upload is queued by then; without one, the caller queues it)."""
        self._sessions = sessions
        self._record = record
        self.folder = folder
        self._enabled = enabled
        self._retention_days = retention_days
        self._files = files
        self._on_stored = on_stored
        self._stop = stop
        self._uploads_pending = uploads_pending
        self._ledger = ledger
        self._decided: set[int] = set()
        self._pending: OrderedDict[int, _Pending] = OrderedDict()
        self._logged: OrderedDict[int, int] = OrderedDict()  # call id -> interaction id, seen early

    # ----- policy ---------------------------------------------------------------------------------
    def allowed(self, shop: CallStore | None) -> bool:
        if not self._enabled():
            return False
        return shop is None or shop.store_id is None or shop.record_calls

    def on_session_change(self, change: SessionChange) -> None:
        session = change.session
        if change.kind == ChangeKind.ENDED:
            self._decided.discard(session.call_id)
            pending = self._pending.get(session.call_id)
            if pending is not None:
                pending.ended = True
                if pending.filed is None:  # not refused by the shop mid-call
                    pending.filed = session.attached(InteractionLogged) is not None
                self._advance(session.call_id)
            return
        if session.call_id in self._decided:
            self._recheck(session.call_id, session.attached(CallStore))
            self._note_customer(session.call_id, session.attached(CallCustomer))
            return
        if not session.is_connected or session.consult_for is not None:
            return
        self._decided.add(session.call_id)
        if not self.allowed(session.attached(CallStore)):
            return
        wav = recordings.new_wav_path(self.folder)
        session.attach(CallRecording(wav))
        customer = session.attached(CallCustomer)
        pending = _Pending(wav, customer_id=customer.customer_id if customer is not None else None)
        self._remember(session.call_id, pending)
        ledger, call_id = self._ledger, session.call_id
        if ledger is None:
            self._record(call_id, str(wav))
            return
        started_at, direction = session.started_at, session.direction.value
        self._files.submit(
            lambda: ledger.started(wav, started_at, direction, pending.customer_id),
            on_done=lambda _none: self._start(call_id, pending),
            on_error=lambda _exc: self._start(call_id, pending),  # recorded all the same (logged)
            what="pending recording note",
        )

    def _start(self, call_id: int, pending: _Pending) -> None:
        """The recording is noted in the store: the engine may write it (unless the call is over)."""
        if self._pending.get(call_id) is not pending or pending.ended or pending.filed is False:
            if self._pending.get(call_id) is pending:
                del self._pending[call_id]
            self._ledger_job(lambda ledger: ledger.dropped(pending.wav), "pending recording removal")
            return
        self._record(call_id, str(pending.wav))

    def _note_customer(self, call_id: int, customer: CallCustomer | None) -> None:
        pending = self._pending.get(call_id)
        if pending is None or customer is None or customer.customer_id is None:
            return
        if pending.customer_id == customer.customer_id:
            return
        pending.customer_id = customer_id = customer.customer_id
        wav = pending.wav
        self._ledger_job(lambda ledger: ledger.customer(wav, customer_id), "pending recording customer")

    def _ledger_job(self, job: Callable[[RecordingLedger], object], what: str) -> None:
        ledger = self._ledger
        if ledger is not None:
            self._files.submit(lambda: job(ledger), what=what)

    def _recheck(self, call_id: int, shop: CallStore | None) -> None:
        """The call's shop became known after recording began (an outbound call's look-up) and it
        does not allow recording, or recording was switched off: it stops and its file is deleted."""
        pending = self._pending.get(call_id)
        if pending is None or pending.filed is False or self.allowed(shop) or self._stop is None:
            return
        log.info("call %d: its shop does not allow recording; recording stopped and deleted", call_id)
        pending.filed = False
        self._stop(call_id)

    # ----- engine and interaction log ---------------------------------------------------------------
    def on_event(self, event: object) -> None:
        if not isinstance(event, CallRecordingChanged):
            return
        session = self._sessions.get(event.call_id)
        if session is not None:
            recording = session.attached(CallRecording)
            if recording is not None and str(recording.wav) == event.path:
                session.attach(CallRecording(recording.wav, event.recording))
                self._sessions.attachments_changed(session)
        pending = self._pending.get(event.call_id)
        if pending is not None and not event.recording and str(pending.wav) == event.path:
            pending.closed = True
            self._advance(event.call_id)

    def on_call_logged(self, call_id: int, interaction_id: int) -> None:
        pending = self._pending.get(call_id)
        if pending is None:
            self._logged[call_id] = interaction_id
            while len(self._logged) > MAX_PENDING:
                self._logged.popitem(last=False)
            return
        pending.interaction_id = interaction_id
        wav = pending.wav
        self._ledger_job(lambda ledger: ledger.logged(wav, interaction_id), "pending recording link")
        self._advance(call_id)

    def _remember(self, call_id: int, pending: _Pending) -> None:
        self._pending[call_id] = pending
        self._logged.pop(call_id, None)
        while len(self._pending) > MAX_PENDING:
            old_id, old = self._pending.popitem(last=False)
            log.warning(
                "call %d: its recording waited too long for its interaction; left to retention", old_id
            )
            del old

    def _advance(self, call_id: int) -> None:
        pending = self._pending.get(call_id)
        if pending is None or pending.done or not pending.closed:
            return
        if not pending.ended and pending.filed is not False:
            return
        if pending.interaction_id is None and call_id in self._logged:
            pending.interaction_id = self._logged.pop(call_id)
        if pending.filed and pending.interaction_id is None:
            return  # the interaction log will say which interaction it was
        pending.done = True
        del self._pending[call_id]
        wav, interaction_id, ledger = pending.wav, pending.interaction_id, self._ledger
        if interaction_id is None:
            self._files.submit(lambda: _discard(wav, ledger), what="recording deletion")
            return
        self._files.submit(
            lambda: _compress(wav, interaction_id, ledger),
            on_done=lambda path: self._stored(interaction_id, path),
            what="recording compression",
        )

    def _stored(self, interaction_id: int, path: Path) -> None:
        if self._on_stored is not None:
            self._on_stored(interaction_id, path)

    # ----- recovery and retention -------------------------------------------------------------------
    def recover(self, after: JobRunner | None = None) -> None:
        """File the recordings an earlier run left (on the files worker); call it once at start-up,
        after the left drafts were queued for completion on ``after`` (the store worker: its queue
        runs first)."""
        ledger, files = self._ledger, self._files
        if ledger is None:
            return
        if after is None:
            files.submit(ledger.recover, on_done=self._recovered, what="left recordings recovery")
            return
        after.submit(
            lambda: None,
            on_done=lambda _none: files.submit(
                ledger.recover, on_done=self._recovered, what="left recordings recovery"
            ),
            what="left drafts before left recordings",
        )

    def _recovered(self, recovered: Recovered) -> None:
        for interaction_id, path in recovered.filed:
            self._stored(interaction_id, path)

    def clean_up(self) -> None:
        folder, days, pending, ledger = (
            self.folder,
            self._retention_days(),
            self._uploads_pending,
            self._ledger,
        )

        def keep() -> frozenset[str]:
            return pending() | (ledger.wav_paths() if ledger is not None else frozenset())

        self._files.submit(
            lambda: recordings.delete_expired(folder, days, keep=keep()), what="recording retention"
        )


def _compress(wav: Path, interaction_id: int, ledger: RecordingLedger | None) -> Path:
    stored = recordings.compress(wav, interaction_id)
    if ledger is not None:
        ledger.filed(wav, interaction_id, stored)
    return stored


def _discard(wav: Path, ledger: RecordingLedger | None) -> None:
    recordings.discard(wav)
    if ledger is not None:
        ledger.dropped(wav)
