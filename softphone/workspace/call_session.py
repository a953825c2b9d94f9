"""One live call as the whole app sees it: the ``CallSession``.

A session is created by the first SIP event of a call (``IncomingCall`` or ``CallStateChanged``) and
folded from every later one by ``CallSessions`` (``sessions.py``); nothing else keeps a copy of a
call's state. The call lines in the window, the call-history recorder and, next, screen-pop, the
script, wrap-up and the agent state read sessions and hang their per-call data on them through
``attach`` / ``attached`` (keyed by type, so a reader gets back exactly the type it asked for).

Times are ``time.time()`` seconds. Qt-free.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TypeVar

from softphone.sip.events import (
    CallDirection,
    CallOutcome,
    CallState,
    RemoteTransferRequested,
    TransferProgress,
)

T = TypeVar("T")


@dataclass(eq=False, slots=True)
class CallSession:
    call_id: int
    direction: CallDirection
    state: CallState
    remote_number: str  # as received / as dialled (user part)
    started_at: float
    display_name: str = ""
    dialled_number: str = ""  # the store line an inbound caller dialled
    local_hold: bool = False
    remote_hold: bool = False
    muted: bool = False
    connected_at: float | None = None
    ended_at: float | None = None
    outcome: CallOutcome | None = None
    status_code: int = 0
    reason: str = ""
    transfer: TransferProgress | None = None  # the latest progress of a transfer of this call
    remote_transfer: RemoteTransferRequested | None = None  # the far end asked us to call someone
    consult_for: int | None = None  # this call is an attended-transfer consultation for that call id
    held_since: float | None = None  # when the operator put the call on hold (while it is held)
    held_s: float = 0.0  # hold time of the holds that ended
    _attachments: dict[type, object] = field(default_factory=dict, repr=False)

    # ---- state ----------------------------------------------------------------------------------
    @property
    def is_ringing_in(self) -> bool:
        return self.state == CallState.RINGING_IN

    @property
    def is_connected(self) -> bool:
        return self.state == CallState.ACTIVE

    @property
    def is_live(self) -> bool:
        return self.state != CallState.ENDED

    @property
    def was_answered(self) -> bool:
        return self.connected_at is not None

    def elapsed_s(self, now: float | None = None) -> int:
        """Talk time so far (or in all, once ended); 0 before the call was answered."""
        if self.connected_at is None:
            return 0
        end = self.ended_at if self.ended_at is not None else (now if now is not None else time.time())
        return max(0, int(end - self.connected_at))

    def hold_time_s(self, now: float | None = None) -> float:
        """Time the operator kept the call on hold, so far (or in all, once ended)."""
        if self.held_since is None:
            return self.held_s
        end = self.ended_at if self.ended_at is not None else (now if now is not None else time.time())
        return self.held_s + max(0.0, end - self.held_since)

    def talk_time_s(self) -> float:
        if self.connected_at is None or self.ended_at is None:
            return 0.0
        return max(0.0, self.ended_at - self.connected_at)

    # ---- per-call data of the workspace ---------------------------------------------------------
    def attach(self, value: object) -> None:
        """Hang ``value`` on this call, replacing an earlier value of the same type."""
        self._attachments[type(value)] = value

    def attached(self, kind: type[T]) -> T | None:
        value = self._attachments.get(kind)
        return value if isinstance(value, kind) else None
