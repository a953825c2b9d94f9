"""STUN and ICE settings reach the wire: the engine asks the configured STUN server (coturn on
loopback) and still registers; with ICE on, the offer carries host and STUN-derived candidates and
the call connects; a STUN server that ignores the old-style media probes does not stop a call."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from softphone.sip.engine import SipEngine
from softphone.sip.events import CallOutcome, CallState
from tests.helpers.kamailio import Kamailio
from tests.helpers.stun_server import TURNSERVER, StunServer

from .conftest import EventLog, account

pytestmark = [
    pytest.mark.sip,
    pytest.mark.skipif(TURNSERVER is None, reason="needs coturn (installed by scripts/setup-debian)"),
]


@pytest.fixture
def stun(tmp_path: Path) -> Iterator[StunServer]:
    server = StunServer(tmp_path / "stun")
    server.start()
    yield server
    server.stop()


def test_engine_asks_the_configured_stun_server_and_registers(
    kamailio: Kamailio, stun: StunServer, engine: SipEngine, events: EventLog
) -> None:
    engine.configure_account(account(kamailio, stun_servers=(stun.address,)), "1001pw")
    events.registered(timeout=15)
    deadline = time.monotonic() + 10
    while stun.requests == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert stun.requests >= 1


def test_ice_offer_carries_candidates_and_the_call_connects(
    kamailio: Kamailio, stun: StunServer, engine: SipEngine, events: EventLog, peer_factory
) -> None:
    engine.configure_account(account(kamailio, stun_servers=(stun.address,), ice_enabled=True), "1001pw")
    events.registered(timeout=15)
    bob = peer_factory("bob")
    bob.register("1002", kamailio.port)
    call_id = engine.make_call("1002")
    offer = bob.wait("incoming", timeout=15)["msg"]
    assert "a=ice-ufrag:" in offer
    assert "typ host" in offer and "typ srflx" in offer  # the server-reflexive one came from STUN
    events.state(call_id, CallState.ACTIVE, timeout=15)
    bob.wait("state", state="CONFIRMED")
    engine.hangup(call_id)
    assert events.state(call_id, CallState.ENDED).outcome is CallOutcome.ANSWERED


def test_call_connects_with_stun_configured(
    kamailio: Kamailio, stun: StunServer, engine: SipEngine, events: EventLog, peer_factory
) -> None:
    engine.configure_account(account(kamailio, stun_servers=(stun.address,)), "1001pw")
    events.registered(timeout=15)
    bob = peer_factory("bob")
    bob.register("1002", kamailio.port)
    call_id = engine.make_call("1002")
    bob.wait("incoming", timeout=15)
    events.state(call_id, CallState.ACTIVE, timeout=15)
    engine.hangup(call_id)
    assert events.state(call_id, CallState.ENDED).outcome is CallOutcome.ANSWERED
