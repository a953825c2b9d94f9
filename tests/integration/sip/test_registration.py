"""Registration against Kamailio with digest auth: success, wrong password, registrar outage."""

from __future__ import annotations

import time

import pytest

from softphone.sip.engine import SipEngine
from softphone.sip.events import RegistrationChanged, RegistrationState, Transport
from tests.helpers.kamailio import Kamailio

from .conftest import EventLog, account

pytestmark = pytest.mark.sip


def states(events: EventLog) -> list[RegistrationState]:
    return [e.state for e in events.of(RegistrationChanged)]


@pytest.mark.parametrize("transport", [Transport.UDP, Transport.TCP])
def test_registers_with_digest_auth_and_unregisters(
    kamailio: Kamailio, engine: SipEngine, events: EventLog, transport: Transport
) -> None:
    engine.configure_account(account(kamailio, transport=transport), "1001pw")
    registered = events.registered()
    assert registered.code == 200
    assert states(events)[0] is RegistrationState.REGISTERING
    assert kamailio.count_requests("REGISTER", "1001") >= 2  # challenged, then with credentials
    assert engine.local_sip_port()
    engine.unregister()
    events.wait(RegistrationChanged, lambda e: e.state is RegistrationState.UNREGISTERED)


def test_wrong_password_fails_clearly_without_retry_storm(
    kamailio: Kamailio, engine: SipEngine, events: EventLog
) -> None:
    engine.configure_account(account(kamailio, retry_min_s=0.2, retry_max_s=0.5), "not-the-password")
    failed = events.wait(RegistrationChanged, lambda e: e.state is RegistrationState.FAILED)
    assert failed.code in (401, 403)
    assert "wrong username or password" in failed.reason
    time.sleep(2.0)  # several retry periods: nothing more may be sent
    assert kamailio.count_requests("REGISTER", "1001") <= 2
    assert RegistrationState.RETRYING not in states(events)
    assert states(events).count(RegistrationState.FAILED) == 1


def test_registrar_outage_retries_and_recovers_by_itself(
    kamailio: Kamailio, engine: SipEngine, events: EventLog
) -> None:
    settings = account(
        kamailio, transport=Transport.TCP, register_expires_s=4, retry_min_s=0.3, retry_max_s=1.0
    )
    engine.configure_account(settings, "1001pw")
    events.registered()
    kamailio.stop()
    retrying = events.wait(RegistrationChanged, lambda e: e.state is RegistrationState.RETRYING, timeout=15)
    assert retrying.retry_in_s is not None and 0 < retrying.retry_in_s <= 1.0
    events.clear()
    kamailio.start()
    events.registered(timeout=15)  # no command from us: the engine came back on its own


def test_registrar_down_from_the_start_is_retried(tmp_path, engine: SipEngine, events: EventLog) -> None:
    kam = Kamailio(tmp_path / "late")
    engine.configure_account(
        account(kam, transport=Transport.TCP, retry_min_s=0.2, retry_max_s=0.5), "1001pw"
    )
    events.wait(RegistrationChanged, lambda e: e.state is RegistrationState.RETRYING)
    kam.start()
    try:
        events.registered(timeout=10)
        engine.stop()
    finally:
        kam.stop()
