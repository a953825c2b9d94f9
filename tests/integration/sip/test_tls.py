"""SIP over TLS against a real Kamailio TLS listener, with a throwaway CA made for each test.

pjsua2's Linux wheel speaks TLS 1.2 only; Kamailio is configured for "TLSv1.2+" so they meet on 1.2.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from softphone.sip.engine import SipEngine
from softphone.sip.events import (
    CallOutcome,
    CallState,
    RegistrationChanged,
    RegistrationState,
    SipAccountSettings,
    Transport,
)
from tests.helpers.kamailio import Kamailio, TlsListener
from tests.helpers.tls_certs import TlsFiles, make_test_certificates

from .conftest import EventLog

pytestmark = pytest.mark.sip


def start_tls_kamailio(run_dir: Path, certs: TlsFiles) -> Kamailio:
    kam = Kamailio(run_dir, auth=True, tls=TlsListener(certs.cert_file, certs.key_file))
    kam.start()
    return kam


@pytest.fixture
def certs(tmp_path: Path) -> TlsFiles:
    return make_test_certificates(tmp_path / "certs")


@pytest.fixture
def tls_kamailio(tmp_path: Path, certs: TlsFiles) -> Iterator[Kamailio]:
    kam = start_tls_kamailio(tmp_path / "kamailio-tls", certs)
    yield kam
    kam.stop()


def tls_account(kam: Kamailio, user: str = "1001", **overrides: Any) -> SipAccountSettings:
    assert kam.tls_port is not None
    base: dict[str, Any] = {
        "username": user,
        "domain": "127.0.0.1",
        "port": kam.tls_port,
        "transport": Transport.TLS,
        "tls_verify_server": True,
        "retry_min_s": 0.2,
        "retry_max_s": 0.5,
    }
    base.update(overrides)
    return SipAccountSettings(**base)


def reg_states(events: EventLog) -> list[RegistrationState]:
    return [e.state for e in events.of(RegistrationChanged)]


def test_registers_over_tls_when_the_ca_is_configured(
    tls_kamailio: Kamailio, certs: TlsFiles, engine: SipEngine, events: EventLog
) -> None:
    engine.configure_account(tls_account(tls_kamailio, tls_ca_file=str(certs.ca_file)), "1001pw")
    registered = events.registered()
    assert registered.code == 200
    # challenged, then with credentials, both over TLS
    assert tls_kamailio.count_requests("REGISTER", "1001", proto="tls") >= 2
    assert tls_kamailio.count_requests("REGISTER", proto="udp") == 0
    engine.unregister()
    events.wait(RegistrationChanged, lambda e: e.state is RegistrationState.UNREGISTERED)


def assert_fails_once_on_the_certificate(kam: Kamailio, events: EventLog, problem: str) -> None:
    failed = events.wait(RegistrationChanged, lambda e: e.state is RegistrationState.FAILED)
    assert "TLS" in failed.reason and "certificate" in failed.reason and problem in failed.reason
    time.sleep(2.0)  # several retry periods (0.2-0.5 s): nothing more may happen
    assert RegistrationState.RETRYING not in reg_states(events)
    assert reg_states(events).count(RegistrationState.FAILED) == 1
    assert RegistrationState.REGISTERED not in reg_states(events)
    assert kam.count_requests("REGISTER") == 0  # no SIP ever crossed the refused connection


def test_untrusted_server_certificate_fails_clearly_without_retry_storm(
    tls_kamailio: Kamailio, engine: SipEngine, events: EventLog, caplog: pytest.LogCaptureFixture
) -> None:
    engine.configure_account(tls_account(tls_kamailio), "1001pw")  # verification on, no CA file
    assert_fails_once_on_the_certificate(tls_kamailio, events, "untrusted")
    # An IP change makes pjsua try once more on its own; the failure must stay as reported.
    caplog.set_level(logging.INFO, logger="softphone.sip")
    engine.handle_ip_change()
    deadline = time.monotonic() + 10
    while "state stays failed" not in caplog.text and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "state stays failed" in caplog.text
    assert reg_states(events)[-1] is RegistrationState.FAILED
    assert RegistrationState.RETRYING not in reg_states(events)


def test_certificate_for_another_host_fails_even_with_the_ca(
    tmp_path: Path, engine: SipEngine, events: EventLog
) -> None:
    certs = make_test_certificates(tmp_path / "other-certs", server_san="DNS:pbx.example.invalid")
    kam = start_tls_kamailio(tmp_path / "kamailio-other", certs)
    try:
        engine.configure_account(tls_account(kam, tls_ca_file=str(certs.ca_file)), "1001pw")
        assert_fails_once_on_the_certificate(kam, events, "identity does not match")
    finally:
        engine.stop()
        kam.stop()


def test_verification_off_registers_without_a_ca(
    tls_kamailio: Kamailio, engine: SipEngine, events: EventLog
) -> None:
    engine.configure_account(tls_account(tls_kamailio, tls_verify_server=False), "1001pw")
    assert events.registered().code == 200


def test_outgoing_call_over_tls_to_a_udp_peer(
    tls_kamailio: Kamailio, certs: TlsFiles, engine: SipEngine, events: EventLog, peer_factory
) -> None:
    engine.configure_account(tls_account(tls_kamailio, tls_ca_file=str(certs.ca_file)), "1001pw")
    events.registered()
    bob = peer_factory("bob")
    bob.register("1002", tls_kamailio.port)  # plain UDP on the same Kamailio
    call_id = engine.make_call("1002")
    incoming = bob.wait("incoming")
    assert "sip:1001@" in incoming["msg"].split("From:", 1)[1].splitlines()[0]
    events.state(call_id, CallState.ACTIVE)
    bob.wait("state", state="CONFIRMED")
    engine.hangup(call_id)
    assert events.state(call_id, CallState.ENDED).outcome is CallOutcome.ANSWERED
    bob.wait("state", state="DISCONNECTED")
    assert tls_kamailio.count_requests("INVITE", "1001", proto="tls") >= 1


def test_ip_change_re_registers_over_tls_and_calls_still_arrive(
    tls_kamailio: Kamailio, certs: TlsFiles, engine: SipEngine, events: EventLog, peer_factory
) -> None:
    engine.configure_account(tls_account(tls_kamailio, tls_ca_file=str(certs.ca_file)), "1001pw")
    events.registered()
    before = tls_kamailio.count_requests("REGISTER", "1001", proto="tls")
    events.clear()
    engine.handle_ip_change()  # drops the TLS connection; a new one must be verified and used
    events.registered()
    assert reg_states(events) == [RegistrationState.REGISTERED]
    assert tls_kamailio.count_requests("REGISTER", "1001", proto="tls") > before
    bob = peer_factory("bob")
    bob.register("1002", tls_kamailio.port)
    peer_call = bob.cmd("call", uri=f"sip:1001@127.0.0.1:{tls_kamailio.port}")["id"]
    incoming = events.incoming()  # Kamailio reaches us over the new TLS connection
    engine.reject(incoming.call_id, busy=True)
    assert bob.wait("state", id=peer_call, state="DISCONNECTED")["code"] == 486
