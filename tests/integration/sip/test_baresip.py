"""Interoperability with an independent SIP stack: Debian baresip calls the engine."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from softphone.sip.engine import SipEngine
from softphone.sip.events import CallOutcome, CallState
from tests.helpers.kamailio import Kamailio
from tests.helpers.sip_baresip import running_baresip

from .conftest import EventLog

pytestmark = [pytest.mark.sip, pytest.mark.skipif(shutil.which("baresip") is None, reason="needs baresip")]


def test_baresip_calls_the_engine_through_kamailio(
    registered_engine: SipEngine, events: EventLog, kamailio: Kamailio, tmp_path: Path
) -> None:
    dial = f"/dial sip:1001@127.0.0.1:{kamailio.port}"
    with running_baresip(tmp_path / "baresip", "1004", kamailio.port, (dial,)) as baresip:
        incoming = events.incoming(timeout=15)
        assert incoming.remote_number == "1004"
        assert "baresip" in " ".join(incoming.headers.get("user-agent", ())).lower()
        registered_engine.answer(incoming.call_id)
        active = events.state(incoming.call_id, CallState.ACTIVE)
        assert active.connected_at is not None
        assert baresip.wait_for("Call established"), "".join(baresip.output)
        registered_engine.hangup(incoming.call_id)
        assert events.state(incoming.call_id, CallState.ENDED).outcome is CallOutcome.ANSWERED
        assert baresip.wait_for("session closed"), "".join(baresip.output[-20:])  # our BYE arrived
