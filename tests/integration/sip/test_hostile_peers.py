"""Far ends that misbehave (issue 10): INVITE+CANCEL bursts, display names that are not UTF-8
through Kamailio, INVITEs past the proxy, DTMF that is no digit. Raw SIP from ``tests.helpers.raw_sip``
and pjsua2 peers, the engine under test in this process."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from softphone.sip.engine import SipEngine
from softphone.sip.events import CallOutcome, CallState, CallStateChanged, DtmfReceived, IncomingCall
from softphone.store.call_history import CallHistoryRepository
from softphone.store.db import open_store
from softphone.store.jobs import StoreJobs
from softphone.workspace.call_recorder import CallHistoryRecorder
from softphone.workspace.sessions import CallSessions
from tests.helpers.kamailio import Kamailio
from tests.helpers.raw_sip import RawUa

from .conftest import EventLog, account

pytestmark = pytest.mark.sip

# The wheel's select() ioqueue has 64 slots and frees a closed socket's slot 500 ms later (see
# test_robustness): bursts of 6 pairs (12 RTP/RTCP sockets) 0.7 s apart stay far from it, and each
# burst still hands pjsua's 4 call slots (round robin) round more than once within one
# libHandleEvents pass.
BURSTS, PAIRS_PER_BURST, BURST_GAP_S = 4, 6, 0.7


@pytest.fixture
def raw_ua() -> Iterator[RawUa]:
    ua = RawUa()
    yield ua
    ua.close()


def _ended_ids(events: EventLog) -> set[int]:
    return {e.call_id for e in events.of(CallStateChanged) if e.state is CallState.ENDED}


def test_invite_cancel_bursts_leave_no_ringing_call_and_a_normal_call_works(
    kamailio: Kamailio, engine: SipEngine, events: EventLog, peer_factory, raw_ua: RawUa
) -> None:
    # straight to the client's port, as a flood would come (the source filter is what stops that
    # in real use; here it is off so that the engine's own handling is what is tested)
    engine.configure_account(account(kamailio, accept_only_from_servers=False), "1001pw")
    events.registered()
    port = engine.local_sip_port()
    assert port
    for _ in range(BURSTS):
        for _ in range(PAIRS_PER_BURST - 1):
            raw_ua.invite(("127.0.0.1", port), "1001", b"Flood")
            raw_ua.cancel()
        # the burst's last call is still ringing when the engine is done with the burst's packets:
        # its pjsua slot was used by an earlier call of the burst, whose Call object must be gone
        raw_ua.invite(("127.0.0.1", port), "1001", b"Flood")
        time.sleep(0.2)
        raw_ua.cancel()
        time.sleep(BURST_GAP_S)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        started = {e.call_id for e in events.of(IncomingCall)}
        if started and started <= _ended_ids(events):
            break
        time.sleep(0.1)
    started = {e.call_id for e in events.of(IncomingCall)}
    assert started, "no INVITE of the bursts reached the engine"
    assert started <= _ended_ids(events), f"calls still ringing: {sorted(started - _ended_ids(events))}"
    assert raw_ua.count(r"^SIP/2.0 487") == len(started)  # every caller was told its call ended
    bob = peer_factory("bob")
    bob.register("1002", kamailio.port)
    peer_call = bob.cmd("call", uri=f"sip:1001@127.0.0.1:{kamailio.port}")["id"]
    incoming = events.incoming(timeout=15)
    while incoming.remote_number != "1002":
        incoming = events.incoming(timeout=15)
    engine.answer(incoming.call_id)
    bob.wait("state", id=peer_call, state="CONFIRMED")
    events.state(incoming.call_id, CallState.ACTIVE)
    engine.hangup(incoming.call_id)
    assert events.state(incoming.call_id, CallState.ENDED).outcome is CallOutcome.ANSWERED


def test_display_name_that_is_not_utf8_through_kamailio_is_shown_and_recorded(
    registered_engine: SipEngine, events: EventLog, kamailio: Kamailio, raw_ua: RawUa, tmp_path: Path
) -> None:
    store = open_store(tmp_path / "store.db")
    jobs = StoreJobs(deliver=lambda fn: fn())
    sessions = CallSessions()
    written: list[int] = []
    recorder = CallHistoryRecorder(CallHistoryRepository(store), jobs, "RU", on_recorded=written.extend)
    sessions.subscribe(recorder.on_session_change)
    try:
        for n, name in enumerate((b"\xff\xfe Bad \xd0\x98", b"\xc3\x28 Broken", "Иван".encode())):
            raw_ua.invite(("127.0.0.1", kamailio.port), "1001", name)
            incoming = events.incoming()
            text = incoming.remote_display_name
            text.encode("utf-8")  # no lone surrogate left
            assert text == name.decode("utf-8", "replace")
            sessions.apply(incoming)
            raw_ua.cancel()
            ended = events.state(incoming.call_id, CallState.ENDED)
            assert ended.outcome is CallOutcome.CANCELLED
            sessions.apply(ended)
            jobs.submit(lambda: None).result(timeout=10)  # the worker runs jobs in order
            assert len(written) == n + 1  # every call, the bad ones and the one after, is in history
        names = sorted(c.remote_display_name for c in CallHistoryRepository(store).recent(10))
        assert names == sorted(["\ufffd\ufffd Bad И", "\ufffd( Broken", "Иван"])
    finally:
        jobs.close()
        store.close()


def test_direct_invite_past_the_proxy_is_refused_and_calls_through_it_work(
    registered_engine: SipEngine,
    events: EventLog,
    kamailio: Kamailio,
    peer_factory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="softphone.sip.engine")
    mallory, bob = peer_factory("mallory"), peer_factory("bob")
    mallory.register("1003", kamailio.port)
    bob.register("1002", kamailio.port)
    port = registered_engine.local_sip_port()
    direct = mallory.cmd("call", uri=f"sip:1001@127.0.0.1:{port}")["id"]
    refused = mallory.wait("state", id=direct, state="DISCONNECTED")
    assert refused["code"] == 403
    assert not events.of(IncomingCall)  # the operator never saw it ring
    assert "refused: not the registrar or the proxy" in caplog.text
    assert "127.0.0.1" not in caplog.text  # the address is logged masked
    peer_call = bob.cmd("call", uri=f"sip:1001@127.0.0.1:{kamailio.port}")["id"]
    incoming = events.incoming()
    assert incoming.remote_number == "1002"
    registered_engine.answer(incoming.call_id)
    bob.wait("state", id=peer_call, state="CONFIRMED")


def test_dtmf_info_with_a_signal_that_is_no_digit_is_ignored(
    registered_engine: SipEngine, events: EventLog, raw_ua: RawUa, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="softphone.sip.engine")
    call_id = registered_engine.make_call(raw_ua.uri)
    events.state(call_id, CallState.ACTIVE)
    raw_ua.wait_for(r"^ACK ")
    for signal in ("ZZZ", "5", "\\", "#", "a"):
        raw_ua.send_info(f"Signal={signal}\r\nDuration=160\r\n")
        time.sleep(0.05)
    events.wait(DtmfReceived, lambda e: e.digit == "A")
    assert [e.digit for e in events.of(DtmfReceived)] == ["5", "#", "A"]
    assert "invalid DTMF digit 'Z' ignored" in caplog.text
    assert raw_ua.count(r"^SIP/2.0 200") >= 5  # the INFOs themselves were answered
    registered_engine.hangup(call_id)
    events.state(call_id, CallState.ENDED)
