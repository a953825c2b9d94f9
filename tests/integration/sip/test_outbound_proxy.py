"""An outbound proxy set on the account carries every request: a second Kamailio in front of the
registrar (forward-only) sees the REGISTER and the INVITE, and the call works end to end."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from softphone.sip.engine import SipEngine
from softphone.sip.events import CallOutcome, CallState, RegistrationChanged, RegistrationState
from tests.helpers.kamailio import Kamailio

from .conftest import EventLog, account


@pytest.fixture
def proxy(tmp_path: Path) -> Iterator[Kamailio]:
    kam = Kamailio(tmp_path / "proxy", auth=False, forward_only=True)
    kam.start()
    yield kam
    kam.stop()


def test_register_and_call_go_through_the_outbound_proxy(
    kamailio: Kamailio, proxy: Kamailio, engine: SipEngine, events: EventLog, peer_factory
) -> None:
    settings = account(kamailio, outbound_proxy=f"sip:127.0.0.1:{proxy.port};lr")
    engine.configure_account(settings, "1001pw")
    events.registered()
    assert proxy.count_requests("REGISTER", from_user="1001") >= 1  # first via the proxy...
    assert kamailio.count_requests("REGISTER", from_user="1001") >= 1  # ...then at the registrar

    bob = peer_factory("bob")
    bob.register("1002", kamailio.port)
    call_id = engine.make_call("1002")
    bob.wait("incoming")
    events.state(call_id, CallState.ACTIVE)
    assert proxy.count_requests("INVITE", from_user="1001") == 1
    bob.wait("state", state="CONFIRMED")
    engine.hangup(call_id)
    assert events.state(call_id, CallState.ENDED).outcome is CallOutcome.ANSWERED
    bob.wait("state", state="DISCONNECTED")


def test_proxy_on_another_transport_is_refused_plainly_and_nothing_crashes(
    kamailio: Kamailio, proxy: Kamailio, engine: SipEngine, events: EventLog
) -> None:
    settings = account(kamailio, outbound_proxy=f"sip:127.0.0.1:{proxy.port};lr;transport=tcp")
    engine.configure_account(settings, "1001pw")
    failed = events.wait(RegistrationChanged, lambda e: e.state is RegistrationState.FAILED)
    assert "needs TCP but the account uses UDP" in failed.reason
    assert proxy.count_requests("REGISTER") == 0 and kamailio.count_requests("REGISTER") == 0
    engine.stop()  # pjsua used to abort the process here (pj_mutex_lock assertion)
