"""The demo's simulated customers, started the way ``softphone --demo`` starts them, against a real
engine configured with the demo operator account: a customer calls in while the operator calls
customers who answer, are busy or do not pick up, and no RTP port is ever taken twice."""

from __future__ import annotations

import logging
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from softphone.child_process import stop_child
from softphone.demo.launch import DemoPorts, caller_command, operator_account
from softphone.sip.engine import SipEngine
from softphone.sip.events import CallOutcome, CallState, RegistrationChanged, RegistrationState
from tests.helpers.orphans import bound_to_test_process
from tests.integration.sip.conftest import EventLog


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[tuple[SipEngine, EventLog, Path]]:
    ports = DemoPorts.pick()
    events = EventLog()
    events._taken = set()
    engine = SipEngine(events, log_level=3)  # pjsua's bind errors are level 1: visible here
    engine.start()
    engine.configure_account(operator_account(ports), "")
    out = tmp_path / "caller.log"
    extra = ["--first-call-after", "0.5", "--interval", "3600", "--answer-after", "0.5", "--talk", "30"]
    with out.open("wb") as sink:
        process = subprocess.Popen(
            bound_to_test_process(caller_command(ports, "", *extra)), stdout=sink, stderr=subprocess.STDOUT
        )
    try:
        yield engine, events, out
    finally:
        stop_child(process, grace_s=15)
        engine.stop()


def test_operator_calls_reach_customers_who_answer_or_are_busy(demo, caplog) -> None:
    engine, events, caller_log = demo
    caplog.set_level(logging.DEBUG)
    direct = events.wait(RegistrationChanged)
    assert direct.state is RegistrationState.DIRECT
    assert direct.host.startswith("127.0.0.1:")

    incoming = events.incoming(timeout=20)  # a customer calls the operator
    engine.answer(incoming.call_id)
    events.state(incoming.call_id, CallState.ACTIVE)

    engine.hold(incoming.call_id)  # second line while the customer's call holds its RTP ports
    answering = engine.make_call("+79161234567")
    events.state(answering, CallState.RINGING_OUT, timeout=10)
    events.state(answering, CallState.ACTIVE, timeout=15)
    engine.hangup(answering)
    assert events.state(answering, CallState.ENDED).outcome is CallOutcome.ANSWERED

    busy = engine.make_call("+79161234560")
    assert events.state(busy, CallState.ENDED, timeout=15).outcome is CallOutcome.BUSY

    silent = engine.make_call("+79161234569")
    events.state(silent, CallState.RINGING_OUT, timeout=10)
    engine.hangup(silent)  # the operator gives up: nobody ever picked up
    assert events.state(silent, CallState.ENDED).outcome is CallOutcome.CANCELLED
    engine.hangup(incoming.call_id)
    events.state(incoming.call_id, CallState.ENDED)

    logs = caplog.text + caller_log.read_text(errors="replace")
    assert "Address already in use" not in logs
    assert "bind()" not in logs
