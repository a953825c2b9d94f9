"""The one live-call model: SIP events folded into sessions, told to readers once each."""

from __future__ import annotations

import gc

from softphone.sip.events import (
    CallDirection,
    CallOutcome,
    CallState,
    CallStateChanged,
    DtmfReceived,
    IncomingCall,
    TransferProgress,
)
from softphone.workspace.sessions import MAX_LIVE_SESSIONS, CallSessions, ChangeKind, SessionChange


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _state(call_id: int, state: CallState, **kw: object) -> CallStateChanged:
    kw.setdefault("direction", CallDirection.INBOUND)
    return CallStateChanged(call_id=call_id, state=state, remote_number="89161234567", **kw)  # type: ignore[arg-type]


def test_an_answered_call_is_one_session_from_ring_to_end() -> None:
    clock = Clock()
    sessions = CallSessions(clock=clock)
    seen: list[tuple[ChangeKind, CallState]] = []
    sessions.subscribe(lambda change: seen.append((change.kind, change.session.state)))
    sessions.apply(IncomingCall(1, "sip:89161234567@pbx", "89161234567", "Анна", "74950000001"))
    session = sessions.get(1)
    assert session is not None and session.is_ringing_in and sessions.ringing() is session
    clock.now += 4
    sessions.apply(_state(1, CallState.ACTIVE, connected_at=clock.now))
    assert sessions.talking() is session and session.connected_at == 1004.0
    sessions.apply(DtmfReceived(1, "5"))  # not a state change: nothing told
    sessions.apply(TransferProgress(1, 180, "Ringing", final=False, succeeded=False))
    assert session.transfer is not None and session.transfer.status_code == 180
    clock.now += 60
    sessions.apply(_state(1, CallState.ENDED, outcome=CallOutcome.ANSWERED))
    assert sessions.get(1) is None and sessions.live() == []
    assert (session.display_name, session.dialled_number, session.outcome) == (
        "Анна",
        "74950000001",
        "answered",
    )
    assert session.talk_time_s() == 60.0 and session.elapsed_s() == 60
    assert seen == [
        (ChangeKind.STARTED, CallState.RINGING_IN),
        (ChangeKind.CHANGED, CallState.ACTIVE),
        (ChangeKind.CHANGED, CallState.ACTIVE),
        (ChangeKind.ENDED, CallState.ENDED),
    ]


def test_a_call_whose_first_event_is_its_end_is_still_started_and_ended_once() -> None:
    sessions = CallSessions()
    kinds: list[ChangeKind] = []
    sessions.subscribe(lambda change: kinds.append(change.kind))
    sessions.apply(_state(7, CallState.ENDED, outcome=CallOutcome.MISSED))
    sessions.apply(_state(7, CallState.ENDED, outcome=CallOutcome.MISSED))  # a repeated end: no new call
    sessions.apply(_state(7, CallState.ACTIVE))  # a late event of the ended call: no ghost line
    assert kinds == [ChangeKind.STARTED, ChangeKind.ENDED]
    assert sessions.live() == []


def test_a_listener_nothing_else_references_keeps_hearing() -> None:
    sessions = CallSessions()
    heard: list[int] = []

    class Recorder:
        def on_change(self, change: SessionChange) -> None:
            heard.append(change.session.call_id)

    sessions.subscribe(Recorder().on_change)  # no other reference: the call-history bug of the past
    gc.collect()
    sessions.apply(_state(3, CallState.RINGING_IN))
    assert heard == [3]


def test_a_failing_listener_does_not_stop_the_others() -> None:
    sessions = CallSessions()
    heard: list[int] = []

    def broken(_change: SessionChange) -> None:
        raise RuntimeError("boom")

    sessions.subscribe(broken)
    sessions.subscribe(lambda change: heard.append(change.session.call_id))
    sessions.apply(_state(4, CallState.RINGING_IN))
    assert heard == [4]


def test_actions_apply_to_the_focused_else_the_talking_call_and_swap_pairs_held_with_talking() -> None:
    sessions = CallSessions()
    out = CallDirection.OUTBOUND
    sessions.apply(_state(1, CallState.ACTIVE, local_hold=True))
    sessions.apply(_state(2, CallState.ACTIVE, direction=out))
    sessions.apply(_state(3, CallState.RINGING_IN))
    assert sessions.current() is sessions.get(2)  # talking
    sessions.focused_id = 1
    assert sessions.current() is sessions.get(1)
    sessions.focused_id = 3  # a ringing call is answered or rejected, never hung up by "current"
    assert sessions.current() is sessions.get(2)
    assert sessions.swap_pair() == (sessions.get(2), sessions.get(1))
    sessions.apply(_state(2, CallState.ENDED, direction=out, outcome=CallOutcome.ANSWERED))
    assert sessions.swap_pair() is None


def test_workspace_data_hangs_on_the_session_by_type() -> None:
    sessions = CallSessions()
    sessions.apply(_state(5, CallState.RINGING_IN))
    session = sessions.get(5)
    assert session is not None

    class CustomerCard:
        def __init__(self, customer_id: str) -> None:
            self.customer_id = customer_id

    assert session.attached(CustomerCard) is None
    session.attach(CustomerCard("c-1"))
    session.attach(CustomerCard("c-2"))  # replaces
    card = session.attached(CustomerCard)
    assert card is not None and card.customer_id == "c-2"


def test_calls_whose_end_never_came_are_bounded() -> None:
    sessions = CallSessions()
    for call_id in range(MAX_LIVE_SESSIONS + 5):
        sessions.apply(_state(call_id, CallState.RINGING_IN))
    assert len(sessions.live()) == MAX_LIVE_SESSIONS
    assert sessions.get(0) is None and sessions.get(MAX_LIVE_SESSIONS + 4) is not None
