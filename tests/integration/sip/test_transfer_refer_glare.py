"""Transfers that finish although the transfer target's phone never reports it, a REFER from the far
end (refused unless allowed), and re-INVITE glare around hold and resume (issue 10)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from softphone.sip import transfers
from softphone.sip.engine import SipEngine
from softphone.sip.events import (
    ACCEPTED_UNCONFIRMED,
    CallOutcome,
    CallState,
    CallStateChanged,
    EngineError,
    RemoteTransferRequested,
    TransferProgress,
)
from tests.helpers.kamailio import Kamailio
from tests.helpers.raw_sip import RawUa

from .conftest import EventLog, account
from .test_midcall import connect

pytestmark = pytest.mark.sip


@pytest.fixture
def raw_ua() -> Iterator[RawUa]:
    ua = RawUa("transferee")
    yield ua
    ua.close()


def _transfer_to_raw_peer(engine: SipEngine, events: EventLog, raw_ua: RawUa) -> int:
    call_id = engine.make_call(raw_ua.uri)
    events.state(call_id, CallState.ACTIVE)
    engine.blind_transfer(call_id, "1003")
    assert "sip:1003@" in raw_ua.wait_for(r"^REFER ").split("Refer-To:", 1)[1].splitlines()[0]
    return call_id


@pytest.mark.parametrize("notify_mode", ["none", "linphone"])
def test_transfer_ends_our_leg_when_the_final_notify_never_comes(
    registered_engine: SipEngine,
    events: EventLog,
    raw_ua: RawUa,
    monkeypatch: pytest.MonkeyPatch,
    notify_mode: str,
) -> None:
    monkeypatch.setattr(transfers, "TRANSFER_REPORT_WAIT_S", 1.0)
    raw_ua.notify_mode = notify_mode
    call_id = _transfer_to_raw_peer(registered_engine, events, raw_ua)
    progress = events.wait(TransferProgress, lambda e: e.final)
    assert (progress.call_id, progress.succeeded) == (call_id, True)
    assert progress.status_code == ACCEPTED_UNCONFIRMED  # accepted, never confirmed
    assert events.state(call_id, CallState.ENDED).outcome is CallOutcome.TRANSFERRED
    raw_ua.wait_for(r"^BYE ")
    if notify_mode == "linphone":  # its first NOTIFY (100 Trying) was shown as progress
        assert [e.status_code for e in events.of(TransferProgress) if not e.final][-1] == 100


def test_transfer_ends_our_leg_when_the_target_answered_before_the_final_notify(
    registered_engine: SipEngine, events: EventLog, raw_ua: RawUa
) -> None:
    raw_ua.notify_mode = "answered"  # sipfrag 200 while the subscription stays active
    call_id = _transfer_to_raw_peer(registered_engine, events, raw_ua)
    progress = events.wait(TransferProgress, lambda e: e.final)
    assert (progress.status_code, progress.succeeded) == (200, True)
    # well within the 30 s bounded wait: the answer itself ended the leg
    assert events.state(call_id, CallState.ENDED, timeout=10).outcome is CallOutcome.TRANSFERRED
    raw_ua.wait_for(r"^BYE ")


@pytest.mark.parametrize(("pattern", "allowed"), [("", False), ("100[0-9]", True), ("2[0-9]+", False)])
def test_a_transfer_asked_by_the_far_end_is_refused_unless_the_pattern_allows_it(
    kamailio: Kamailio,
    engine: SipEngine,
    events: EventLog,
    peer_factory,
    pattern: str,
    allowed: bool,
) -> None:
    engine.configure_account(account(kamailio, remote_transfer_pattern=pattern), "1001pw")
    events.registered()
    bob, carol = peer_factory("bob"), peer_factory("carol")
    bob.register("1002", kamailio.port)
    carol.register("1003", kamailio.port)
    call_id, bob_call = connect(engine, events, bob)
    bob.cmd("xfer", id=bob_call, uri=f"sip:1003@127.0.0.1:{kamailio.port}")
    asked = events.wait(RemoteTransferRequested)
    assert (asked.call_id, asked.target_number, asked.allowed) == (call_id, "1003", allowed)
    if allowed:
        carol_in = carol.wait("incoming")
        assert "sip:1001@" in carol_in["msg"].split("From:", 1)[1].splitlines()[0]
        carol.wait("state", id=carol_in["id"], state="CONFIRMED")
        return
    status = bob.wait("xfer_status", id=bob_call, final=True)
    assert status["code"] == 603
    time.sleep(0.5)  # a call to carol would have been placed by now
    assert kamailio.count_requests("INVITE", "1001") == 1  # only the call to bob
    assert not carol.events("incoming")
    assert not [e for e in events.of(CallStateChanged) if e.call_id == call_id and e.state is CallState.ENDED]


def test_peer_reinvite_right_after_our_resume_is_taken(
    registered_engine: SipEngine, events: EventLog, kamailio: Kamailio, peer_factory
) -> None:
    bob = peer_factory("bob")
    bob.register("1002", kamailio.port)
    call_id, bob_call = connect(registered_engine, events, bob)
    registered_engine.hold(call_id)
    assert bob.wait("offer", id=bob_call)["dir"] in ("sendonly", "inactive")
    bob.wait("media", id=bob_call, status="remote_hold")
    bob.cmd("hold_after_resume", id=bob_call)
    events.clear()
    registered_engine.resume(call_id)
    assert bob.wait("offer", id=bob_call)["dir"] == "sendrecv"
    bob.wait("reinvite_sent", id=bob_call)
    held = events.wait(CallStateChanged, lambda e: e.call_id == call_id and e.remote_hold)
    assert not held.local_hold
    bob.wait("media", id=bob_call, status="local_hold")
    assert not bob.events("glare")
    assert not events.of(EngineError)


@pytest.mark.parametrize("action", ["hold", "resume"])
def test_our_reinvite_that_met_the_peers_own_is_sent_again(
    registered_engine: SipEngine, events: EventLog, raw_ua: RawUa, action: str
) -> None:
    call_id = registered_engine.make_call(raw_ua.uri)
    events.state(call_id, CallState.ACTIVE)
    raw_ua.wait_for(r"^ACK ")
    if action == "resume":
        registered_engine.hold(call_id)
        events.wait(CallStateChanged, lambda e: e.call_id == call_id and e.local_hold)
        deadline = time.monotonic() + 10
        while raw_ua.count(r"^SIP/2.0 200") < 2 and time.monotonic() < deadline:
            time.sleep(0.05)  # the hold's re-INVITE answered
    before = raw_ua.count(r"^INVITE ")
    raw_ua.refuse_reinvites = 1  # as if its own re-INVITE had crossed ours: 491
    if action == "hold":
        registered_engine.hold(call_id)
    else:
        registered_engine.resume(call_id)
    deadline = time.monotonic() + 10
    while raw_ua.count(r"^INVITE ") < before + 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    reinvites = [m for m in raw_ua.received if m.startswith("INVITE ")][before:]
    assert len(reinvites) == 2, "the re-INVITE refused with 491 was not sent again"
    wanted = "a=sendonly" if action == "hold" else "a=sendrecv"
    assert all(wanted in m for m in reinvites)
    assert not events.of(EngineError)
    last = [e for e in events.of(CallStateChanged) if e.call_id == call_id][-1]
    assert (last.state, last.local_hold) == (CallState.ACTIVE, action == "hold")
    registered_engine.hangup(call_id)
    events.state(call_id, CallState.ENDED)


def test_no_codec_locking_reinvite_after_an_answer_with_two_codecs(
    registered_engine: SipEngine, events: EventLog, raw_ua: RawUa
) -> None:
    call_id = registered_engine.make_call(raw_ua.uri)
    events.state(call_id, CallState.ACTIVE)
    raw_ua.wait_for(r"^ACK ")
    time.sleep(1.0)  # pjsua sends its codec-locking UPDATE/re-INVITE right after the answer
    assert raw_ua.count(r"^(INVITE|UPDATE) ") == 1  # the call's own INVITE only
    registered_engine.hangup(call_id)
    events.state(call_id, CallState.ENDED)
