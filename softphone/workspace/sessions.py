"""The live calls: ``CallSessions`` folds the SIP engine's events into one ``CallSession`` per call.

It is the only place a call's state is folded. Readers subscribe with a plain callback and get a
``SessionChange`` (started / changed / ended) after the session was updated; the registry keeps a
strong reference to every listener, so a subscriber lives as long as the registry (a listener
connected to nothing that keeps it alive was how call history once recorded nothing).

It also answers the questions call actions ask: which call is ringing, which one the operator is
talking on, which one an action applies to (the focused one, else the talking one), and which two
calls a swap exchanges. Use from one thread (the GUI thread: the composition root hands engine events
over to it). Qt-free.

Per-call data hangs on the session itself (``session.attach``); whoever changes it on a live call
then calls ``attachments_changed`` once, so the readers hear it.
"""

from __future__ import annotations

import enum
import logging
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from softphone.listeners import Listeners
from softphone.sip.events import (
    CallDirection,
    CallQualitySampled,
    CallState,
    CallStateChanged,
    IncomingCall,
    RemoteTransferRequested,
    SipEvent,
    TransferProgress,
)
from softphone.workspace.call_quality import CallQuality
from softphone.workspace.call_session import CallSession

log = logging.getLogger(__name__)

MAX_LIVE_SESSIONS = 64  # bound on calls whose end never came (an engine restart, a lost event)


class ChangeKind(enum.StrEnum):
    STARTED = "started"
    CHANGED = "changed"
    ENDED = "ended"  # sent once; the session is no longer live and leaves the registry


@dataclass(frozen=True, slots=True)
class SessionChange:
    kind: ChangeKind
    session: CallSession


Listener = Callable[[SessionChange], None]


def _fold_hold(session: CallSession, held: bool, now: float) -> None:
    """Set the hold flag, measuring how long each hold lasted (the interaction's hold time)."""
    if held and session.held_since is None:
        session.held_since = now
    elif not held and session.held_since is not None:
        session.held_s += max(0.0, now - session.held_since)
        session.held_since = None
    session.local_hold = held


class CallSessions:
    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._sessions: dict[int, CallSession] = {}
        self._listeners: Listeners[SessionChange] = Listeners(log, "call session")
        self.focused_id: int | None = None
        self._ended_ids: deque[int] = deque(maxlen=MAX_LIVE_SESSIONS)  # a repeated end is no new call

    # ---- subscribers ----------------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Add a listener (kept alive by the registry); returns a function that removes it."""
        return self._listeners.subscribe(listener)

    def _tell(self, kind: ChangeKind, session: CallSession) -> None:
        self._listeners.tell(SessionChange(kind, session))

    # ---- events in ------------------------------------------------------------------------------
    def apply(self, event: SipEvent) -> SessionChange | None:
        """Fold one engine event; returns the change it made (None when it changed nothing)."""
        if isinstance(event, IncomingCall):
            return self._on_incoming(event)
        if isinstance(event, CallStateChanged):
            return self._on_state(event)
        if isinstance(event, CallQualitySampled):
            return self._on_quality(event)
        if isinstance(event, TransferProgress | RemoteTransferRequested):
            session = self._sessions.get(event.call_id)
            if session is None:
                return None
            if isinstance(event, TransferProgress):
                session.transfer = event
            else:
                session.remote_transfer = event
            return self._changed(ChangeKind.CHANGED, session)
        return None

    def _on_incoming(self, event: IncomingCall) -> SessionChange:
        session = self._sessions.get(event.call_id)
        kind = ChangeKind.CHANGED
        if session is None:
            session = self._add(
                CallSession(
                    event.call_id,
                    CallDirection.INBOUND,
                    CallState.RINGING_IN,
                    event.remote_number,
                    self._clock(),
                )
            )
            kind = ChangeKind.STARTED
        session.display_name = event.remote_display_name or session.display_name
        session.dialled_number = event.dialled_number or session.dialled_number
        return self._changed(kind, session)

    def _on_state(self, event: CallStateChanged) -> SessionChange | None:
        now = self._clock()
        session = self._sessions.get(event.call_id)
        kind = ChangeKind.CHANGED
        if session is None and event.call_id in self._ended_ids:
            return None  # a late or repeated event of a call that has ended
        if session is None:
            session = self._add(
                CallSession(event.call_id, event.direction, event.state, event.remote_number, now)
            )
            kind = ChangeKind.STARTED
        session.direction = event.direction
        session.state = event.state
        session.remote_number = session.remote_number or event.remote_number
        session.dialled_number = session.dialled_number or event.dialled_number
        _fold_hold(session, event.local_hold, now)
        session.remote_hold = event.remote_hold
        session.muted = event.muted
        if session.connected_at is None and (
            event.connected_at is not None or event.state == CallState.ACTIVE
        ):
            session.connected_at = event.connected_at if event.connected_at is not None else now
        session.status_code = event.status_code
        session.reason = event.reason
        if event.state != CallState.ENDED:
            return self._changed(kind, session)
        if kind == ChangeKind.STARTED:  # its first event is its last: readers still hear it began
            self._tell(ChangeKind.STARTED, session)
        session.outcome = event.outcome
        _fold_hold(session, False, now)
        session.ended_at = now
        del self._sessions[event.call_id]
        self._ended_ids.append(event.call_id)
        if self.focused_id == event.call_id:
            self.focused_id = None
        return self._changed(ChangeKind.ENDED, session)

    def _on_quality(self, event: CallQualitySampled) -> SessionChange | None:
        session = self._sessions.get(event.call_id)
        if session is None:
            return None
        quality = session.attached(CallQuality)
        if quality is None:
            quality = CallQuality()
            session.attach(quality)
        quality.fold(event)
        return self._changed(ChangeKind.CHANGED, session)

    def _add(self, session: CallSession) -> CallSession:
        if len(self._sessions) >= MAX_LIVE_SESSIONS:
            oldest = next(iter(self._sessions))
            log.warning("dropping call %d: its end never arrived", oldest)
            del self._sessions[oldest]
        self._sessions[session.call_id] = session
        return session

    def _changed(self, kind: ChangeKind, session: CallSession) -> SessionChange:
        self._tell(kind, session)
        return SessionChange(kind, session)

    def attachments_changed(self, session: CallSession) -> None:
        """Per-call data hung on ``session`` (``session.attach``) changed - screen-pop's customer and
        shop, the order, the recording: its readers hear CHANGED (the script refills its variables).
        Hang several values, then call this once. An ended session has been told its end; nothing
        more is said."""
        if self._sessions.get(session.call_id) is session:
            self._tell(ChangeKind.CHANGED, session)

    def mark_consultation(self, consult_id: int, original_id: int) -> None:
        """``consult_id`` is the operator's consultation call for an attended transfer of ``original_id``."""
        session = self._sessions.get(consult_id)
        if session is not None:
            session.consult_for = original_id
            self._tell(ChangeKind.CHANGED, session)

    # ---- queries --------------------------------------------------------------------------------
    def get(self, call_id: int) -> CallSession | None:
        return self._sessions.get(call_id)

    def live(self) -> list[CallSession]:
        return list(self._sessions.values())

    def ringing(self) -> CallSession | None:
        return next((s for s in self._sessions.values() if s.is_ringing_in), None)

    def talking(self) -> CallSession | None:
        """The connected call that is not on hold: the one the operator is talking on."""
        return next((s for s in self._sessions.values() if s.is_connected and not s.local_hold), None)

    def current(self) -> CallSession | None:
        """The call that hang up / hold / mute / transfer apply to."""
        focused = self._sessions.get(self.focused_id) if self.focused_id is not None else None
        if focused is not None and not focused.is_ringing_in:
            return focused
        talking = self.talking()
        if talking is not None:
            return talking
        candidates = [s for s in self._sessions.values() if not s.is_ringing_in]
        return candidates[-1] if candidates else None

    def swap_pair(self) -> tuple[CallSession | None, CallSession] | None:
        """(call to hold, call to resume) when two calls are connected and one of them is held."""
        connected = [s for s in self._sessions.values() if s.is_connected]
        held = [s for s in connected if s.local_hold]
        if len(connected) < 2 or not held:
            return None
        return self.talking(), held[0]
