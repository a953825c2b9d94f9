"""Blind and attended transfer to a third UA, and auto-answer (only when enabled AND asked for)."""

from __future__ import annotations

import time

import pytest

from softphone.sip.engine import SipEngine
from softphone.sip.events import CallOutcome, CallState, CallStateChanged, TransferProgress
from tests.helpers.kamailio import Kamailio

from .conftest import EventLog, account
from .test_midcall import connect

pytestmark = pytest.mark.sip


def test_blind_transfer_hands_the_caller_to_a_third_ua(
    registered_engine: SipEngine, events: EventLog, kamailio: Kamailio, peer_factory
) -> None:
    bob, carol = peer_factory("bob"), peer_factory("carol")
    bob.register("1002", kamailio.port)
    carol.register("1003", kamailio.port)
    call_id, bob_call = connect(registered_engine, events, bob)
    registered_engine.blind_transfer(call_id, "1003")
    assert "1003@" in bob.wait("refer", id=bob_call)["dst"]
    carol_in = carol.wait("incoming")
    assert "sip:1002@" in carol_in["msg"].split("From:", 1)[1].splitlines()[0]
    carol.wait("state", id=carol_in["id"], state="CONFIRMED")
    progress = events.wait(TransferProgress, lambda e: e.final)
    assert progress.succeeded and progress.call_id == call_id
    assert events.state(call_id, CallState.ENDED).outcome is CallOutcome.TRANSFERRED


def test_attended_transfer_connects_transferee_and_consulted_party(
    registered_engine: SipEngine, events: EventLog, kamailio: Kamailio, peer_factory
) -> None:
    bob, carol = peer_factory("bob"), peer_factory("carol")
    bob.register("1002", kamailio.port)
    carol.register("1003", kamailio.port)
    first, bob_call = connect(registered_engine, events, bob)
    registered_engine.hold(first)
    bob.wait("offer", id=bob_call)
    consult, carol_call = connect(registered_engine, events, carol)
    registered_engine.attended_transfer(first, consult)
    assert "Replaces" in bob.wait("refer", id=bob_call)["dst"]
    replaced = carol.wait("replaced", old=carol_call)
    confirmed = carol.wait("state", id=replaced["new_id"], state="CONFIRMED")
    assert "1002@" in confirmed["remote"]  # carol now talks to bob
    assert events.state(first, CallState.ENDED).outcome is CallOutcome.TRANSFERRED
    assert events.state(consult, CallState.ENDED).outcome is CallOutcome.TRANSFERRED
    bob.wait("state", id=bob_call, state="DISCONNECTED")
    assert not carol.events("state", id=replaced["new_id"], state="DISCONNECTED")


@pytest.mark.parametrize(
    ("enabled", "headers", "answered"),
    [
        (True, {"Call-Info": "<sip:127.0.0.1>;answer-after=0"}, True),
        (True, {}, False),
        (False, {"Call-Info": "<sip:127.0.0.1>;answer-after=0"}, False),
    ],
    ids=["enabled-with-header", "enabled-no-header", "disabled-with-header"],
)
def test_auto_answer_only_when_enabled_and_requested(
    kamailio: Kamailio,
    engine: SipEngine,
    events: EventLog,
    peer_factory,
    enabled: bool,
    headers: dict[str, str],
    answered: bool,
) -> None:
    engine.configure_account(account(kamailio, auto_answer_enabled=enabled), "1001pw")
    events.registered()
    bob = peer_factory("bob")
    bob.register("1002", kamailio.port)
    peer_call = bob.cmd("call", uri=f"sip:1001@127.0.0.1:{kamailio.port}", headers=headers)["id"]
    incoming = events.incoming()
    if answered:
        assert incoming.auto_answer_after_s == 0
        events.state(incoming.call_id, CallState.ACTIVE)
        bob.wait("state", id=peer_call, state="CONFIRMED")
    else:
        assert incoming.auto_answer_after_s is None
        bob.wait("state", id=peer_call, state="EARLY")
        time.sleep(1.0)  # an auto-answer would have happened by now
        assert not bob.events("state", id=peer_call, state="CONFIRMED")
        assert not [
            e
            for e in events.of(CallStateChanged)
            if e.call_id == incoming.call_id and e.state is CallState.ACTIVE
        ]


def test_auto_answer_timer_is_cancelled_when_the_caller_gives_up(
    kamailio: Kamailio, engine: SipEngine, events: EventLog, peer_factory
) -> None:
    engine.configure_account(account(kamailio, auto_answer_enabled=True), "1001pw")
    events.registered()
    bob = peer_factory("bob")
    bob.register("1002", kamailio.port)
    peer_call = bob.cmd(
        "call",
        uri=f"sip:1001@127.0.0.1:{kamailio.port}",
        headers={"Alert-Info": "<http://127.0.0.1>;info=alert-autoanswer;answer-after=1"},
    )["id"]
    incoming = events.incoming()
    assert incoming.auto_answer_after_s == 1
    bob.cmd("hangup", id=peer_call)
    assert events.state(incoming.call_id, CallState.ENDED).outcome is CallOutcome.CANCELLED
    time.sleep(1.3)
    assert not [e for e in events.events if getattr(e, "state", None) is CallState.ACTIVE]
