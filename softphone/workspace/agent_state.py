"""The operator's state: Ready, Not ready (with a reason code from the CRM), On call, After-call work,
Break - and the after-call-work policy that decides what happens when a call ends. Qt-free.

``AgentStateMachine`` is the one owner of the state. The composition root tells it when calls start
and end (``on_session_change``, subscribed to ``CallSessions``), the state bar asks it for the
operator's choices (``choose``), the wrap-up tells it when the call is wrapped up (``wrapped_up``) and
a one-second timer calls ``tick`` (the countdown of a time-boxed after-call work). Listeners hear
every new ``AgentState`` (the CRM sender, the SIP side's busy/DND switch, the state bar).

The policy (``AcwPolicy``, from the CRM's ``Operator.after_call_work``):
- ``optional``: after a call the operator is in after-call work and may go Ready at any time;
- ``mandatory``: the operator's choices are refused (``ChoiceRefused.WRAP_UP_FIRST``) until the call
  is wrapped up; wrapping up returns to Ready;
- ``timed``: after ``seconds`` the state returns to Ready by itself (``remaining_s`` is the
  countdown); Ready or wrapping up earlier ends it at once.
A state that was Not ready or Break before the call is returned to instead of Ready (an operator who
took a call while on a break is still on the break afterwards).
"""

from __future__ import annotations

import enum
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from softphone.listeners import Listeners
from softphone.sip.events import CallDirection
from softphone.workspace.sessions import ChangeKind, SessionChange

log = logging.getLogger(__name__)


class AgentStatus(enum.StrEnum):
    """The states as the CRM's ``AgentStateUpdate.state`` spells them."""

    READY = "ready"
    NOT_READY = "not_ready"
    ON_CALL = "on_call"
    AFTER_CALL_WORK = "after_call_work"
    BREAK = "break"


CHOOSABLE = (AgentStatus.READY, AgentStatus.NOT_READY, AgentStatus.BREAK)


class AcwMode(enum.StrEnum):
    OPTIONAL = "optional"
    MANDATORY = "mandatory"
    TIMED = "timed"


@dataclass(frozen=True, slots=True)
class AcwPolicy:
    mode: AcwMode = AcwMode.OPTIONAL
    seconds: int = 0

    @classmethod
    def from_crm(cls, mode: str, seconds: int) -> AcwPolicy:
        """The CRM's policy; ``manual`` is the older name of ``mandatory``, a timed one of 0 s is optional."""
        if mode in ("manual", "mandatory"):
            return cls(AcwMode.MANDATORY)
        if mode == "timed" and seconds > 0:
            return cls(AcwMode.TIMED, seconds)
        return cls(AcwMode.OPTIONAL)


@dataclass(frozen=True, slots=True)
class AgentState:
    status: AgentStatus
    reason: str | None  # a not-ready reason code, only with NOT_READY
    since: float  # the clock's time the state began (epoch seconds)
    wrapped_up: bool = True  # False while a call's after-call work is still to be done


class ChoiceRefused(enum.StrEnum):
    WRAP_UP_FIRST = "wrap_up_first"  # mandatory after-call work: wrap the call up first
    ON_CALL = "on_call"  # the state follows the call until it ends
    NEEDS_REASON = "needs_reason"  # Not ready needs a reason code
    UNKNOWN_REASON = "unknown_reason"


class AgentStateMachine:
    def __init__(
        self,
        policy: AcwPolicy = AcwPolicy(),
        *,
        clock: Callable[[], float] = time.time,
        reasons: tuple[str, ...] = (),
    ) -> None:
        self._clock = clock
        self.policy = policy
        self.reasons = reasons  # the CRM's not-ready reason codes (empty: any code is taken)
        self._state = AgentState(AgentStatus.READY, None, clock())
        self._before_call: AgentState | None = None  # what the operator had chosen when the call began
        self._live: set[int] = set()
        self._acw_deadline: float | None = None
        self._listeners: Listeners[AgentState] = Listeners(log, "agent state")

    @property
    def state(self) -> AgentState:
        return self._state

    @property
    def acw_deadline(self) -> float | None:
        return self._acw_deadline

    def subscribe(self, listener: Callable[[AgentState], None]) -> Callable[[], None]:
        return self._listeners.subscribe(listener)

    def set_policy(self, policy: AcwPolicy, reasons: tuple[str, ...] | None = None) -> None:
        self.policy = policy
        if reasons is not None:
            self.reasons = reasons

    # ---- the operator ---------------------------------------------------------------------------
    def choice_problem(self, status: AgentStatus, reason: str | None = None) -> ChoiceRefused | None:
        """Why the operator cannot choose ``status`` now (None: they can)."""
        current = self._state
        if current.status == AgentStatus.ON_CALL:
            return ChoiceRefused.ON_CALL
        if (
            current.status == AgentStatus.AFTER_CALL_WORK
            and not current.wrapped_up
            and self.policy.mode == AcwMode.MANDATORY
        ):
            return ChoiceRefused.WRAP_UP_FIRST
        if status == AgentStatus.NOT_READY:
            if not reason:
                return ChoiceRefused.NEEDS_REASON
            if self.reasons and reason not in self.reasons:
                return ChoiceRefused.UNKNOWN_REASON
        return None

    def choose(self, status: AgentStatus, reason: str | None = None) -> ChoiceRefused | None:
        """The operator picks Ready, Not ready (with a reason) or Break; returns why not, if refused."""
        if status not in CHOOSABLE:
            raise ValueError(f"{status} is not the operator's to choose")
        problem = self.choice_problem(status, reason)
        if problem is None:
            self._before_call = None
            self._enter(status, reason if status == AgentStatus.NOT_READY else None)
        return problem

    def wrapped_up(self) -> None:
        """The call's wrap-up is done: after-call work ends (to Ready, or the state before the call)."""
        if self._state.status == AgentStatus.AFTER_CALL_WORK:
            self._leave_acw()

    # ---- calls ----------------------------------------------------------------------------------
    def on_session_change(self, change: SessionChange) -> None:
        """A call the operator dials or answers is On call; one that only rings changes nothing (in
        after-call work the wrap-up goes on until the operator picks the ringing call up)."""
        session = change.session
        if change.kind == ChangeKind.ENDED:
            self.call_ended(session.call_id, answered=session.was_answered and session.consult_for is None)
            return
        if session.consult_for is not None or session.call_id in self._live:
            return
        if session.is_connected or (
            change.kind == ChangeKind.STARTED and session.direction == CallDirection.OUTBOUND
        ):
            self.call_started(session.call_id)

    def call_started(self, call_id: int) -> None:
        self._live.add(call_id)
        if self._state.status == AgentStatus.ON_CALL:
            return
        if self._state.status != AgentStatus.AFTER_CALL_WORK:
            self._before_call = self._state
        self._enter(AgentStatus.ON_CALL, None)

    def call_ended(self, call_id: int, *, answered: bool = True) -> None:
        if call_id not in self._live:
            return
        self._live.discard(call_id)
        if self._live or self._state.status != AgentStatus.ON_CALL:
            return
        if not answered:  # nobody talked: nothing to wrap up
            self._return_after_call()
            return
        if self.policy.mode == AcwMode.TIMED:
            self._acw_deadline = self._clock() + self.policy.seconds
        self._enter(AgentStatus.AFTER_CALL_WORK, None, wrapped_up=False)

    # ---- the countdown --------------------------------------------------------------------------
    def remaining_s(self) -> int | None:
        """Seconds left of a time-boxed after-call work (None when no countdown runs)."""
        if self._acw_deadline is None or self._state.status != AgentStatus.AFTER_CALL_WORK:
            return None
        return max(0, math.ceil(self._acw_deadline - self._clock()))

    def tick(self) -> None:
        """Called every second or so: a time-boxed after-call work that is over returns to Ready."""
        deadline = self._acw_deadline
        in_acw = self._state.status == AgentStatus.AFTER_CALL_WORK
        if deadline is not None and self._clock() >= deadline and in_acw:
            self._leave_acw()

    # ---- inside ---------------------------------------------------------------------------------
    def _leave_acw(self) -> None:
        self._acw_deadline = None
        self._return_after_call()

    def _return_after_call(self) -> None:
        before = self._before_call
        self._before_call = None
        if before is not None and before.status in (AgentStatus.NOT_READY, AgentStatus.BREAK):
            self._enter(before.status, before.reason)
        else:
            self._enter(AgentStatus.READY, None)

    def _enter(self, status: AgentStatus, reason: str | None, *, wrapped_up: bool = True) -> None:
        if status != AgentStatus.AFTER_CALL_WORK:
            self._acw_deadline = None
        self._state = AgentState(status, reason, self._clock(), wrapped_up)
        log.info("agent state: %s%s", status.value, f" ({reason})" if reason else "")
        self._listeners.tell(self._state)
