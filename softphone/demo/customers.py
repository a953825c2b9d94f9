"""Simulated customers answering the operator's calls in ``softphone --demo``.

When the operator dials a customer, the call reaches the demo caller process (``caller.py``),
which behaves like the person at that number. The rule is fixed by the number's last digit, so
a user (and a test) knows in advance what will happen:

| last digit | the customer                                                            |
|------------|-------------------------------------------------------------------------|
| 0          | is busy: 486 Busy Here at once                                          |
| 9          | does not pick up: it rings until the operator gives up, 480 after 45 s  |
| any other  | answers after 3 s of ringing, talks 20-60 s (fixed per number), hangs up |

Qt-free; runs on the demo caller's main thread, fed with the engine's events.
"""

from __future__ import annotations

import enum
import logging
import time
from dataclasses import dataclass
from typing import Protocol

from softphone.sip.events import CallState, CallStateChanged, IncomingCall, SipEvent

log = logging.getLogger("softphone.demo.caller")

ANSWER_AFTER_S = 3.0
NO_ANSWER_AFTER_S = 45.0


class Behaviour(enum.StrEnum):
    ANSWERS = "answers"
    BUSY = "busy"
    NO_ANSWER = "no_answer"


def behaviour_for(number: str) -> Behaviour:
    """What the customer at ``number`` does when the operator calls (see the module docstring)."""
    digits = "".join(ch for ch in number if ch.isdigit())
    last = digits[-1:] or "1"
    if last == "0":
        return Behaviour.BUSY
    if last == "9":
        return Behaviour.NO_ANSWER
    return Behaviour.ANSWERS


def talk_seconds(number: str) -> float:
    """How long the customer at ``number`` talks before hanging up: 20-60 s, always the same."""
    digits = "".join(ch for ch in number if ch.isdigit()) or "0"
    return 20.0 + int(digits[-4:]) % 41


class CalleeEngine(Protocol):
    def answer(self, call_id: int) -> None: ...
    def reject(self, call_id: int, busy: bool = False, status_code: int | None = None) -> None: ...
    def hangup(self, call_id: int) -> None: ...


@dataclass
class _Callee:
    call_id: int
    behaviour: Behaviour
    next_step_at: float  # answer / give up (ringing) or hang up (talking)
    talk_s: float
    talking: bool = False


class Callees:
    """The customers the operator is calling right now; ``tick`` moves each call on when it is due."""

    def __init__(
        self,
        engine: CalleeEngine,
        *,
        answer_after_s: float = ANSWER_AFTER_S,
        no_answer_after_s: float = NO_ANSWER_AFTER_S,
        talk_s: float | None = None,  # tests: every customer talks this long
    ) -> None:
        self._engine = engine
        self._answer_after_s = answer_after_s
        self._no_answer_after_s = no_answer_after_s
        self._talk_s = talk_s
        self._calls: dict[int, _Callee] = {}

    def live(self) -> bool:
        return bool(self._calls)

    def on_event(self, event: SipEvent, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        if isinstance(event, IncomingCall):
            self._on_incoming(event, now)
        elif isinstance(event, CallStateChanged) and event.call_id in self._calls:
            callee = self._calls[event.call_id]
            if event.state is CallState.ENDED:
                del self._calls[event.call_id]
            elif event.state is CallState.ACTIVE and not callee.talking:
                callee.talking = True
                callee.next_step_at = now + callee.talk_s

    def tick(self, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        for callee in list(self._calls.values()):
            if now < callee.next_step_at:
                continue
            callee.next_step_at = float("inf")  # one step per deadline; the engine's events move on
            if callee.talking:
                self._engine.hangup(callee.call_id)
            elif callee.behaviour is Behaviour.ANSWERS:
                self._engine.answer(callee.call_id)
            else:
                self._engine.reject(callee.call_id, status_code=480)  # Temporarily Unavailable

    def _on_incoming(self, event: IncomingCall, now: float) -> None:
        number = event.dialled_number
        behaviour = behaviour_for(number)
        log.info("operator calls a demo customer (%s)", behaviour.value)
        if behaviour is Behaviour.BUSY:
            self._engine.reject(event.call_id, busy=True)
            return
        wait = self._answer_after_s if behaviour is Behaviour.ANSWERS else self._no_answer_after_s
        talk = self._talk_s if self._talk_s is not None else talk_seconds(number)
        self._calls[event.call_id] = _Callee(event.call_id, behaviour, now + wait, talk)
