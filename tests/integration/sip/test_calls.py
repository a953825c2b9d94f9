"""Basic calls between the engine and real pjsua2 peers through Kamailio with digest auth."""

from __future__ import annotations

import pytest

from softphone.sip.engine import SipEngine
from softphone.sip.events import (
    CallDirection,
    CallOutcome,
    CallState,
    CallStateChanged,
    EngineError,
    IncomingCall,
)
from tests.helpers.kamailio import Kamailio

from .conftest import EventLog

pytestmark = pytest.mark.sip


def test_outgoing_call_is_answered_and_we_hang_up(
    registered_engine: SipEngine, events: EventLog, kamailio: Kamailio, peer_factory
) -> None:
    bob = peer_factory("bob")
    bob.register("1002", kamailio.port)
    call_id = registered_engine.make_call("1002")
    incoming = bob.wait("incoming")
    assert "sip:1001@" in incoming["msg"].split("From:", 1)[1].splitlines()[0]
    active = events.state(call_id, CallState.ACTIVE)
    assert active.direction is CallDirection.OUTBOUND and active.connected_at is not None
    bob.wait("state", state="CONFIRMED")
    registered_engine.hangup(call_id)
    ended = events.state(call_id, CallState.ENDED)
    assert ended.outcome is CallOutcome.ANSWERED
    bob.wait("state", state="DISCONNECTED")


def test_incoming_call_carries_numbers_and_is_answered(
    registered_engine: SipEngine, events: EventLog, kamailio: Kamailio, peer_factory
) -> None:
    bob = peer_factory("bob")
    bob.register("1002", kamailio.port)
    peer_call = bob.cmd("call", uri=f"sip:1001@127.0.0.1:{kamailio.port}", headers={"X-Store": "shop-7"})[
        "id"
    ]
    incoming = events.incoming()
    assert incoming.remote_number == "1002"
    assert incoming.dialled_number == "1001"
    assert incoming.headers["x-store"] == ("shop-7",)
    assert incoming.auto_answer_after_s is None
    events.state(incoming.call_id, CallState.RINGING_IN)
    bob.wait("state", id=peer_call, state="EARLY")
    registered_engine.answer(incoming.call_id)
    events.state(incoming.call_id, CallState.ACTIVE)
    bob.wait("state", id=peer_call, state="CONFIRMED")
    bob.cmd("hangup", id=peer_call)  # remote hang-up
    ended = events.state(incoming.call_id, CallState.ENDED)
    assert ended.outcome is CallOutcome.ANSWERED
    assert ended.direction is CallDirection.INBOUND


@pytest.mark.parametrize(
    ("policy", "outcome", "code"),
    [
        ("busy", CallOutcome.BUSY, 486),
        ("decline", CallOutcome.DECLINED, 603),
    ],
)
def test_remote_refuses_outgoing_call(
    registered_engine: SipEngine,
    events: EventLog,
    kamailio: Kamailio,
    peer_factory,
    policy: str,
    outcome: CallOutcome,
    code: int,
) -> None:
    bob = peer_factory("bob")
    bob.register("1002", kamailio.port)
    bob.cmd("policy", incoming=policy)
    call_id = registered_engine.make_call("1002")
    ended = events.state(call_id, CallState.ENDED)
    assert ended.outcome is outcome
    assert ended.status_code == code


def test_we_cancel_outgoing_call_before_answer(
    registered_engine: SipEngine, events: EventLog, kamailio: Kamailio, peer_factory
) -> None:
    bob = peer_factory("bob")
    bob.register("1002", kamailio.port)
    bob.cmd("policy", incoming="ring")
    call_id = registered_engine.make_call("1002")
    events.state(call_id, CallState.RINGING_OUT)
    registered_engine.hangup(call_id)
    ended = events.state(call_id, CallState.ENDED)
    assert ended.outcome is CallOutcome.CANCELLED
    assert bob.wait("state", state="DISCONNECTED")["code"] == 487


def test_caller_cancels_before_we_answer(
    registered_engine: SipEngine, events: EventLog, kamailio: Kamailio, peer_factory
) -> None:
    bob = peer_factory("bob")
    bob.register("1002", kamailio.port)
    peer_call = bob.cmd("call", uri=f"sip:1001@127.0.0.1:{kamailio.port}")["id"]
    incoming = events.incoming()
    bob.wait("state", id=peer_call, state="EARLY")
    bob.cmd("hangup", id=peer_call)
    ended = events.state(incoming.call_id, CallState.ENDED)
    assert ended.outcome is CallOutcome.CANCELLED
    assert ended.connected_at is None


@pytest.mark.parametrize(("busy", "code"), [(True, 486), (False, 603)])
def test_operator_rejects_incoming_call(
    registered_engine: SipEngine, events: EventLog, kamailio: Kamailio, peer_factory, busy: bool, code: int
) -> None:
    bob = peer_factory("bob")
    bob.register("1002", kamailio.port)
    peer_call = bob.cmd("call", uri=f"sip:1001@127.0.0.1:{kamailio.port}")["id"]
    incoming = events.incoming()
    registered_engine.reject(incoming.call_id, busy=busy)
    assert bob.wait("state", id=peer_call, state="DISCONNECTED")["code"] == code
    assert events.state(incoming.call_id, CallState.ENDED).outcome is CallOutcome.DECLINED


def test_do_not_disturb_refuses_calls_without_ringing(
    registered_engine: SipEngine, events: EventLog, kamailio: Kamailio, peer_factory
) -> None:
    bob = peer_factory("bob")
    bob.register("1002", kamailio.port)
    registered_engine.set_do_not_disturb(True)
    peer_call = bob.cmd("call", uri=f"sip:1001@127.0.0.1:{kamailio.port}")["id"]
    assert bob.wait("state", id=peer_call, state="DISCONNECTED")["code"] == 486
    ended = events.wait(CallStateChanged, lambda e: e.state is CallState.ENDED)
    assert ended.outcome is CallOutcome.MISSED
    assert not events.of(IncomingCall)


def test_commands_on_unknown_call_report_an_error(registered_engine: SipEngine, events: EventLog) -> None:
    registered_engine.hangup(999)
    registered_engine.send_dtmf(999, "1")
    error = events.wait(EngineError, lambda e: e.call_id == 999)
    assert "no such call" in error.message
