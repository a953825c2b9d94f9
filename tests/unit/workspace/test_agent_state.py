"""The agent state machine: the operator's choices, calls, and the three after-call-work policies
(the time box's countdown on an injected clock)."""

from __future__ import annotations

import pytest

from softphone.workspace.agent_state import (
    AcwMode,
    AcwPolicy,
    AgentState,
    AgentStateMachine,
    AgentStatus,
    ChoiceRefused,
)

REASONS = ("lunch", "break", "training")


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def machine(policy: AcwPolicy) -> tuple[AgentStateMachine, Clock, list[AgentState]]:
    clock = Clock()
    m = AgentStateMachine(policy, clock=clock, reasons=REASONS)
    heard: list[AgentState] = []
    m.subscribe(heard.append)
    return m, clock, heard


def test_policy_from_the_crm() -> None:
    assert AcwPolicy.from_crm("manual", 0).mode == AcwMode.MANDATORY
    assert AcwPolicy.from_crm("mandatory", 0).mode == AcwMode.MANDATORY
    assert AcwPolicy.from_crm("timed", 30) == AcwPolicy(AcwMode.TIMED, 30)
    assert AcwPolicy.from_crm("timed", 0).mode == AcwMode.OPTIONAL
    assert AcwPolicy.from_crm("optional", 0).mode == AcwMode.OPTIONAL


def test_not_ready_needs_a_known_reason_and_break_and_ready_are_chosen() -> None:
    m, clock, heard = machine(AcwPolicy())
    assert m.choose(AgentStatus.NOT_READY) == ChoiceRefused.NEEDS_REASON
    assert m.choose(AgentStatus.NOT_READY, "nap") == ChoiceRefused.UNKNOWN_REASON
    clock.now += 5
    assert m.choose(AgentStatus.NOT_READY, "lunch") is None
    assert m.state == AgentState(AgentStatus.NOT_READY, "lunch", 1_005.0)
    assert m.choose(AgentStatus.BREAK, "lunch") is None and m.state.reason is None
    assert m.choose(AgentStatus.READY) is None
    assert [h.status for h in heard] == [AgentStatus.NOT_READY, AgentStatus.BREAK, AgentStatus.READY]
    with pytest.raises(ValueError):
        m.choose(AgentStatus.ON_CALL)


def test_optional_acw_after_a_call_and_ready_at_any_time() -> None:
    m, _clock, _heard = machine(AcwPolicy(AcwMode.OPTIONAL))
    m.call_started(1)
    assert m.state.status == AgentStatus.ON_CALL
    assert m.choose(AgentStatus.READY) == ChoiceRefused.ON_CALL
    m.call_ended(1)
    assert m.state.status == AgentStatus.AFTER_CALL_WORK and not m.state.wrapped_up
    assert m.remaining_s() is None
    assert m.choose(AgentStatus.READY) is None
    assert m.state.status == AgentStatus.READY


def test_mandatory_acw_blocks_ready_until_wrapped_up() -> None:
    m, _clock, _heard = machine(AcwPolicy(AcwMode.MANDATORY))
    m.call_started(1)
    m.call_ended(1)
    assert m.choose(AgentStatus.READY) == ChoiceRefused.WRAP_UP_FIRST
    assert m.choose(AgentStatus.BREAK) == ChoiceRefused.WRAP_UP_FIRST
    assert m.state.status == AgentStatus.AFTER_CALL_WORK
    m.wrapped_up()
    assert m.state.status == AgentStatus.READY


def test_timed_acw_counts_down_and_returns_to_ready() -> None:
    m, clock, heard = machine(AcwPolicy(AcwMode.TIMED, 30))
    m.call_started(1)
    clock.now += 60
    m.call_ended(1)
    assert m.remaining_s() == 30
    clock.now += 10.5
    m.tick()
    assert m.state.status == AgentStatus.AFTER_CALL_WORK and m.remaining_s() == 20
    clock.now += 19.5
    m.tick()
    assert m.state.status == AgentStatus.READY and m.remaining_s() is None
    assert heard[-1].since == clock.now


def test_timed_acw_ended_early_by_wrapping_up() -> None:
    m, clock, _heard = machine(AcwPolicy(AcwMode.TIMED, 30))
    m.call_started(1)
    m.call_ended(1)
    clock.now += 3
    m.wrapped_up()
    assert m.state.status == AgentStatus.READY
    clock.now += 60
    m.tick()
    assert m.state.status == AgentStatus.READY


def test_a_state_chosen_before_the_call_is_returned_to_and_unanswered_calls_need_no_wrap_up() -> None:
    m, _clock, _heard = machine(AcwPolicy(AcwMode.MANDATORY))
    m.choose(AgentStatus.NOT_READY, "training")
    m.call_started(1)  # an outbound call while not ready
    m.call_ended(1)
    m.wrapped_up()
    assert (m.state.status, m.state.reason) == (AgentStatus.NOT_READY, "training")
    m.call_started(2)
    m.call_ended(2, answered=False)
    assert (m.state.status, m.state.reason) == (AgentStatus.NOT_READY, "training")


def test_acw_waits_for_the_last_of_two_calls_and_a_new_call_leaves_acw() -> None:
    m, _clock, _heard = machine(AcwPolicy(AcwMode.OPTIONAL))
    m.call_started(1)
    m.call_started(2)
    m.call_ended(1)
    assert m.state.status == AgentStatus.ON_CALL
    m.call_ended(2)
    assert m.state.status == AgentStatus.AFTER_CALL_WORK
    m.call_started(3)
    assert m.state.status == AgentStatus.ON_CALL
    m.call_ended(3)
    m.call_ended(3)  # a repeated end changes nothing
    assert m.state.status == AgentStatus.AFTER_CALL_WORK


def test_a_call_ringing_during_acw_leaves_it_only_when_answered() -> None:
    from softphone.sip.call_outcome import CallOutcome
    from softphone.sip.events import CallDirection, CallState, CallStateChanged, IncomingCall
    from softphone.workspace.sessions import CallSessions

    m, clock, _heard = machine(AcwPolicy(AcwMode.OPTIONAL))
    sessions = CallSessions(clock=clock)
    sessions.subscribe(m.on_session_change)

    def state(call_id: int, s: CallState, **kw: object) -> None:
        sessions.apply(CallStateChanged(call_id, CallDirection.INBOUND, s, "+79161234567", **kw))  # type: ignore[arg-type]

    sessions.apply(IncomingCall(1, "sip:x@y", "+79161234567", "", None))
    assert m.state.status == AgentStatus.READY  # ringing is not a call yet
    state(1, CallState.ACTIVE, connected_at=clock.now)
    assert m.state.status == AgentStatus.ON_CALL
    state(1, CallState.ENDED, outcome=CallOutcome.ANSWERED)
    assert m.state.status == AgentStatus.AFTER_CALL_WORK
    sessions.apply(IncomingCall(2, "sip:x@y", "+79161234567", "", None))
    state(2, CallState.ENDED, outcome=CallOutcome.MISSED)
    assert m.state.status == AgentStatus.AFTER_CALL_WORK  # a missed call does not end the wrap-up
    sessions.apply(IncomingCall(3, "sip:x@y", "+79161234567", "", None))
    state(3, CallState.ACTIVE, connected_at=clock.now)
    assert m.state.status == AgentStatus.ON_CALL
