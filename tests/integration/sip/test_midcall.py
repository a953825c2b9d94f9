"""Mid-call features seen by a real far end: DTMF (RFC 2833 and SIP INFO), hold/resume, mute,
a second incoming line."""

from __future__ import annotations

import time

import pytest

from softphone.sip.engine import SipEngine
from softphone.sip.events import (
    CallOutcome,
    CallState,
    CallStateChanged,
    DtmfMethod,
    DtmfReceived,
    EngineError,
)
from tests.helpers.kamailio import Kamailio
from tests.helpers.sip_peer import SipPeer

from .conftest import EventLog, account

pytestmark = pytest.mark.sip


def connect(engine: SipEngine, events: EventLog, peer: SipPeer) -> tuple[int, int]:
    """Engine calls the peer; returns (our call id, the peer's call id) once both are connected."""
    call_id = engine.make_call(peer.user)
    peer_call = peer.wait("incoming")["id"]
    events.state(call_id, CallState.ACTIVE)
    peer.wait("state", id=peer_call, state="CONFIRMED")
    return call_id, peer_call


def received_digits(peer: SipPeer, peer_call: int, count: int, wire: str, timeout: float = 10) -> str:
    return "".join(
        peer.wait("dtmf", timeout=timeout, id=peer_call, method=wire)["digit"] for _ in range(count)
    )


@pytest.mark.parametrize(("method", "wire"), [(DtmfMethod.RFC2833, "rfc2833"), (DtmfMethod.SIP_INFO, "info")])
def test_peer_receives_exactly_the_dtmf_digits_sent(
    kamailio: Kamailio, engine: SipEngine, events: EventLog, peer_factory, method: DtmfMethod, wire: str
) -> None:
    engine.configure_account(account(kamailio, dtmf_method=method), "1001pw")
    events.registered()
    bob = peer_factory("bob")
    bob.register("1002", kamailio.port)
    call_id, peer_call = connect(engine, events, bob)
    engine.send_dtmf(call_id, "12*#9")
    assert received_digits(bob, peer_call, 5, wire) == "12*#9"
    time.sleep(0.5)  # a duplicated digit would arrive within this window
    assert bob.events("dtmf") == []
    engine.send_dtmf(call_id, "12x")
    assert "invalid DTMF" in events.wait(EngineError).message
    engine.hangup(call_id)
    events.state(call_id, CallState.ENDED)


def test_engine_reports_dtmf_from_the_peer(
    registered_engine: SipEngine, events: EventLog, kamailio: Kamailio, peer_factory
) -> None:
    bob = peer_factory("bob")
    bob.register("1002", kamailio.port)
    call_id, peer_call = connect(registered_engine, events, bob)
    bob.cmd("dtmf", id=peer_call, digits="42")
    events.wait(DtmfReceived, lambda e: e.digit == "2")
    assert [e.digit for e in events.of(DtmfReceived) if e.call_id == call_id] == ["4", "2"]


def test_hold_and_resume_change_the_sdp_direction_at_the_peer(
    registered_engine: SipEngine, events: EventLog, kamailio: Kamailio, peer_factory
) -> None:
    bob = peer_factory("bob")
    bob.register("1002", kamailio.port)
    call_id, peer_call = connect(registered_engine, events, bob)
    registered_engine.hold(call_id)
    assert bob.wait("offer", id=peer_call)["dir"] in ("sendonly", "inactive")
    assert (
        events.wait(CallStateChanged, lambda e: e.call_id == call_id and e.local_hold).state
        is CallState.ACTIVE
    )
    events.clear()
    registered_engine.resume(call_id)
    assert bob.wait("offer", id=peer_call)["dir"] == "sendrecv"
    resumed = events.wait(CallStateChanged, lambda e: e.call_id == call_id)
    assert not resumed.local_hold and resumed.state is CallState.ACTIVE
    assert not events.of(EngineError)


def test_remote_hold_is_reported(
    registered_engine: SipEngine, events: EventLog, kamailio: Kamailio, peer_factory
) -> None:
    bob = peer_factory("bob")
    bob.register("1002", kamailio.port)
    call_id, peer_call = connect(registered_engine, events, bob)
    bob.cmd("hold", id=peer_call)
    events.wait(CallStateChanged, lambda e: e.call_id == call_id and e.remote_hold)
    # We report the hold when its re-INVITE reaches us; bob's own pjsua refuses a new re-INVITE
    # until our 200 OK has reached it (PJ_EINVALIDOP), so wait for bob to see its hold complete.
    bob.wait("media", id=peer_call, status="local_hold")
    events.clear()
    bob.cmd("unhold", id=peer_call)
    resumed = events.wait(CallStateChanged, lambda e: e.call_id == call_id)
    assert not resumed.remote_hold and resumed.state is CallState.ACTIVE


def test_mute_is_reported_and_survives_quick_hold_and_resume(
    registered_engine: SipEngine, events: EventLog, kamailio: Kamailio, peer_factory
) -> None:
    bob = peer_factory("bob")
    bob.register("1002", kamailio.port)
    call_id, peer_call = connect(registered_engine, events, bob)
    registered_engine.set_mute(call_id, True)
    assert events.wait(CallStateChanged, lambda e: e.call_id == call_id and e.muted).state is CallState.ACTIVE
    events.clear()
    registered_engine.hold(call_id)
    registered_engine.resume(call_id)  # while the hold re-INVITE is still open: sent once it is done
    assert bob.wait("offer", id=peer_call)["dir"] in ("sendonly", "inactive")
    assert bob.wait("offer", id=peer_call)["dir"] == "sendrecv"
    states = [e for e in events.of(CallStateChanged) if e.call_id == call_id]
    assert [e.local_hold for e in states] == [True, False]
    assert all(e.muted for e in states)
    assert not events.of(EngineError)


def test_second_incoming_call_holds_the_first_and_lines_can_be_swapped(
    registered_engine: SipEngine, events: EventLog, kamailio: Kamailio, peer_factory
) -> None:
    bob, carol = peer_factory("bob"), peer_factory("carol")
    bob.register("1002", kamailio.port)
    carol.register("1003", kamailio.port)
    first, bob_call = connect(registered_engine, events, bob)
    carol_call = carol.cmd("call", uri=f"sip:1001@127.0.0.1:{kamailio.port}")["id"]
    second = events.incoming()
    assert second.remote_number == "1003"
    registered_engine.answer(second.call_id)
    events.state(second.call_id, CallState.ACTIVE)
    carol.wait("state", id=carol_call, state="CONFIRMED")
    assert bob.wait("offer", id=bob_call)["dir"] in ("sendonly", "inactive")  # first line parked
    # swap: park carol, take bob back
    registered_engine.hold(second.call_id)
    registered_engine.resume(first)
    assert carol.wait("offer", id=carol_call)["dir"] in ("sendonly", "inactive")
    assert bob.wait("offer", id=bob_call)["dir"] == "sendrecv"
    carol.cmd("hangup", id=carol_call)
    assert events.state(second.call_id, CallState.ENDED).outcome is CallOutcome.ANSWERED
    registered_engine.hangup(first)
    assert events.state(first, CallState.ENDED).outcome is CallOutcome.ANSWERED
