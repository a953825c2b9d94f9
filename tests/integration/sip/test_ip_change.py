"""``SipEngine.handle_ip_change()`` (what the network watcher calls) against a real Kamailio: a
registered account re-registers, an idle or unconfigured engine survives, and an account the
operator took offline stays offline."""

from __future__ import annotations

import time

import pytest

from softphone.sip.engine import SipEngine
from softphone.sip.events import (
    CallState,
    EngineError,
    RegistrationChanged,
    RegistrationState,
    Transport,
)
from tests.helpers.kamailio import Kamailio

from .conftest import EventLog, account

pytestmark = pytest.mark.sip


def wait_for_requests(kam: Kamailio, method: str, user: str, more_than: int, timeout: float = 10) -> int:
    deadline = time.monotonic() + timeout
    while True:
        count = kam.count_requests(method, user)
        if count > more_than or time.monotonic() >= deadline:
            return count
        time.sleep(0.05)


def reg_states(events: EventLog) -> list[RegistrationState]:
    return [e.state for e in events.of(RegistrationChanged)]


def assert_reachable(kam: Kamailio, engine: SipEngine, events: EventLog, peer_factory) -> None:
    """Kamailio routes a call to 1001: the registration it holds is a live one."""
    bob = peer_factory("bob")
    bob.register("1002", kam.port)
    peer_call = bob.cmd("call", uri=f"sip:1001@127.0.0.1:{kam.port}")["id"]
    incoming = events.incoming()
    engine.reject(incoming.call_id, busy=True)
    assert bob.wait("state", id=peer_call, state="DISCONNECTED")["code"] == 486
    events.state(incoming.call_id, CallState.ENDED)


@pytest.mark.parametrize("transport", [Transport.UDP, Transport.TCP])
def test_ip_change_sends_a_fresh_register_and_stays_registered(
    kamailio: Kamailio, engine: SipEngine, events: EventLog, peer_factory, transport: Transport
) -> None:
    engine.configure_account(account(kamailio, transport=transport), "1001pw")
    events.registered()
    before = wait_for_requests(kamailio, "REGISTER", "1001", more_than=1)
    events.clear()
    engine.handle_ip_change()
    assert events.registered().code == 200
    assert wait_for_requests(kamailio, "REGISTER", "1001", more_than=before) > before
    assert reg_states(events) == [RegistrationState.REGISTERED]  # no failure or outage in between
    assert not events.of(EngineError)
    assert_reachable(kamailio, engine, events, peer_factory)


def test_engine_without_calls_or_account_survives_ip_changes(
    kamailio: Kamailio, engine: SipEngine, events: EventLog, peer_factory
) -> None:
    engine.handle_ip_change()  # nothing configured yet
    engine.handle_ip_change()
    engine.configure_account(account(kamailio), "1001pw")
    events.registered()
    for _ in range(3):  # idle (no calls), registered
        events.clear()
        engine.handle_ip_change()
        events.registered()
    assert not events.of(EngineError)
    assert_reachable(kamailio, engine, events, peer_factory)


def test_account_taken_offline_stays_offline_after_ip_change(
    registered_engine: SipEngine, events: EventLog, kamailio: Kamailio, peer_factory
) -> None:
    registered_engine.unregister()
    events.wait(RegistrationChanged, lambda e: e.state is RegistrationState.UNREGISTERED)
    events.clear()
    before = kamailio.count_requests("REGISTER", "1001")
    registered_engine.handle_ip_change()
    # pjsua re-registers every account on an IP change; the engine takes it straight back off.
    events.wait(RegistrationChanged, lambda e: e.state is RegistrationState.UNREGISTERED)
    assert RegistrationState.REGISTERED not in reg_states(events)
    assert kamailio.count_requests("REGISTER", "1001") > before
    bob = peer_factory("bob")
    bob.register("1002", kamailio.port)
    peer_call = bob.cmd("call", uri=f"sip:1001@127.0.0.1:{kamailio.port}")["id"]
    assert bob.wait("state", id=peer_call, state="DISCONNECTED")["code"] == 404  # not in the location table
    assert RegistrationState.REGISTERED not in reg_states(events)
