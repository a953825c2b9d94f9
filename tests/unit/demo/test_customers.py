"""The simulated customers answer, are busy or do not pick up by the dialled number's last digit."""

from __future__ import annotations

from typing import Any

from softphone.demo.customers import Behaviour, Callees, behaviour_for, talk_seconds
from softphone.sip.events import CallDirection, CallState, CallStateChanged, IncomingCall


class Commands:
    def __init__(self) -> None:
        self.sent: list[tuple[Any, ...]] = []

    def answer(self, call_id: int) -> None:
        self.sent.append(("answer", call_id))

    def reject(self, call_id: int, busy: bool = False, status_code: int | None = None) -> None:
        self.sent.append(("reject", call_id, busy, status_code))

    def hangup(self, call_id: int) -> None:
        self.sent.append(("hangup", call_id))


def call(call_id: int, dialled: str) -> IncomingCall:
    return IncomingCall(call_id, "sip:operator@127.0.0.1", "operator", "", dialled)


def test_the_rule_is_fixed_by_the_last_digit() -> None:
    assert behaviour_for("+7 916 123-45-60") is Behaviour.BUSY
    assert behaviour_for("+79161234569") is Behaviour.NO_ANSWER
    assert behaviour_for("+79161234567") is Behaviour.ANSWERS
    assert 20 <= talk_seconds("+79161234567") <= 60
    assert talk_seconds("+79161234567") == talk_seconds("+79161234567")


def test_customers_answer_talk_and_hang_up_or_refuse() -> None:
    engine = Commands()
    callees = Callees(engine, answer_after_s=3, no_answer_after_s=45, talk_s=20)
    callees.on_event(call(1, "+79161234567"), now=0)
    callees.on_event(call(2, "+79161234560"), now=0)
    callees.on_event(call(3, "+79161234569"), now=0)
    assert engine.sent == [("reject", 2, True, None)]  # busy at once
    callees.tick(now=2.9)
    assert len(engine.sent) == 1
    callees.tick(now=3.0)
    assert engine.sent[-1] == ("answer", 1)
    callees.on_event(CallStateChanged(1, CallDirection.INBOUND, CallState.ACTIVE, "operator"), now=3.1)
    callees.tick(now=23.2)
    assert engine.sent[-1] == ("hangup", 1)
    callees.tick(now=45.0)
    assert engine.sent[-1] == ("reject", 3, False, 480)  # rang out: Temporarily Unavailable
    for call_id in (1, 3):
        callees.on_event(CallStateChanged(call_id, CallDirection.INBOUND, CallState.ENDED, "operator"))
    assert not callees.live()
