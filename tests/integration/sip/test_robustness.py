"""Hostile input and load: malformed datagrams, 200 calls under GIL pressure, start/stop cycles."""

from __future__ import annotations

import logging
import random
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from softphone.sip.engine import SipEngine
from softphone.sip.events import CallOutcome, CallState, CallStateChanged
from tests.helpers.kamailio import Kamailio
from tests.helpers.load import burn_cpu, gil_hog

from .conftest import EventLog

pytestmark = pytest.mark.sip
ROOT = Path(__file__).resolve().parents[3]
# pjlib returns a closed socket's ioqueue slot only 500 ms later, and the wheel's select() ioqueue has
# 64 slots and asserts (aborts) when they run out; each call takes two (RTP, RTCP) on both sides. Calls
# started at most every 40 ms stay far from that limit on any machine (no operator dials faster).
MIN_CALL_SPACING_S = 0.04

_VALID = (
    "INVITE sip:1001@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK{n}\r\n"
    "From: <sip:666@127.0.0.1>;tag={n}\r\nTo: <sip:1001@127.0.0.1>\r\nCall-ID: fuzz{n}\r\n"
    "CSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n"
)


def garbage(rng: random.Random, n: int) -> bytes:
    kind = n % 5
    valid = _VALID.format(n=n).encode()
    if kind == 0:
        return rng.randbytes(rng.randint(1, 1400))
    if kind == 1:
        return valid[: rng.randint(1, len(valid) - 1)]  # truncated
    if kind == 2:
        data = bytearray(valid)
        for _ in range(10):
            data[rng.randrange(len(data))] = rng.randrange(256)
        return bytes(data)
    if kind == 3:
        return valid.replace(b"Content-Length: 0", b"Content-Length: 99999")
    return b"SIP/2.0 200 OK\r\nVia: garbage\r\nCSeq: x\r\n\r\n" + rng.randbytes(50)


def test_malformed_datagrams_do_not_stop_the_next_real_call(
    registered_engine: SipEngine, events: EventLog, kamailio: Kamailio, peer_factory
) -> None:
    port = registered_engine.local_sip_port()
    assert port
    rng = random.Random(1234)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        for n in range(400):
            sock.sendto(garbage(rng, n), ("127.0.0.1", port))
    bob = peer_factory("bob")
    bob.register("1002", kamailio.port)
    peer_call = bob.cmd("call", uri=f"sip:1001@127.0.0.1:{kamailio.port}")["id"]
    incoming = events.incoming(timeout=15)
    assert incoming.remote_number == "1002"
    registered_engine.answer(incoming.call_id)
    bob.wait("state", id=peer_call, state="CONFIRMED")
    # bob confirms on our 200 OK; we are connected only once its ACK is here. Hanging up before
    # that would count as declining the call.
    events.state(incoming.call_id, CallState.ACTIVE)
    registered_engine.hangup(incoming.call_id)
    assert events.state(incoming.call_id, CallState.ENDED).outcome is CallOutcome.ANSWERED


def test_200_calls_while_other_threads_hog_the_gil(
    registered_engine: SipEngine,
    events: EventLog,
    kamailio: Kamailio,
    peer_factory,
    app_thread_switching: None,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="softphone.sip.engine")  # call ends and hang-up retries
    bob = peer_factory("bob")
    bob.register("1002", kamailio.port)
    # 180 and 200 apart: Kamailio's two UDP workers may forward back-to-back replies out of order,
    # and a 180 behind the 200 never shows as ringing (a cancelled call needs a ringing phase)
    bob.cmd("policy", incoming="answer", delay=0.05)
    ended: list[CallOutcome | None] = []
    with gil_hog():
        next_call_at = time.monotonic()
        for n in range(200):
            time.sleep(max(0.0, next_call_at - time.monotonic()))
            next_call_at = time.monotonic() + MIN_CALL_SPACING_S
            call_id = registered_engine.make_call("1002")
            if n % 2:
                events.state(call_id, CallState.ACTIVE, timeout=20)
            else:
                events.state(call_id, CallState.RINGING_OUT, timeout=20)
            burn_cpu(0.002)  # the "GUI" (this thread) also works between commands
            registered_engine.hangup(call_id)
            ended.append(events.state(call_id, CallState.ENDED, timeout=20).outcome)
            events.clear()
    assert len(ended) == 200
    assert set(ended) <= {CallOutcome.ANSWERED, CallOutcome.CANCELLED}
    assert ended.count(CallOutcome.ANSWERED) >= 90  # odd calls were answered before hang-up
    # the peer saw every call end
    disconnected = 0
    deadline = time.monotonic() + 10
    while disconnected < 200 and time.monotonic() < deadline:
        try:
            bob.wait("state", timeout=1, state="DISCONNECTED")
            disconnected += 1
        except TimeoutError:
            break
    assert disconnected == 200
    assert not [e for e in events.of(CallStateChanged) if e.state is not CallState.ENDED and e.call_id <= 200]


def test_twenty_start_stop_cycles_exit_cleanly(kamailio: Kamailio) -> None:
    script = ROOT / "tests" / "helpers" / "sip_cycles.py"
    result = subprocess.run(
        [sys.executable, str(script), str(kamailio.port), "20"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == "cycles 20 registered 20"
