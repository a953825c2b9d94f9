"""SipBridge: events from the engine's thread arrive as typed signals on the GUI thread; commands go out."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QThread
from pytestqt.qtbot import QtBot

from softphone.sip.events import (
    CallDirection,
    CallState,
    CallStateChanged,
    DtmfReceived,
    EngineError,
    IncomingCall,
    RegistrationChanged,
    RegistrationState,
    TransferProgress,
)
from softphone.ui.sip_bridge import SipBridge

from .conftest import RecordingEngine


def test_events_posted_from_another_thread_arrive_in_order_on_the_gui_thread(qtbot: QtBot) -> None:
    bridge = SipBridge()
    received: list[tuple[str, Any, bool]] = []
    gui = QThread.currentThread()
    for name in (
        "registration_changed",
        "incoming_call_arrived",
        "call_state_changed",
        "transfer_progressed",
        "dtmf_received",
        "engine_error_raised",
    ):
        getattr(bridge, name).connect(
            lambda ev, n=name: received.append((n, ev, QThread.currentThread() is gui))
        )
    events = [
        RegistrationChanged(RegistrationState.REGISTERED, 200, "OK"),
        IncomingCall(1, "sip:200@x", "200", "Bob", "100"),
        CallStateChanged(1, CallDirection.INBOUND, CallState.RINGING_IN, "200"),
        TransferProgress(1, 200, "OK", True, True),
        DtmfReceived(1, "5"),
        EngineError("boom", 1),
    ]
    posting = threading.Thread(target=lambda: [bridge.post_event(e) for e in events])
    posting.start()
    posting.join(5)
    qtbot.waitUntil(lambda: len(received) == len(events), timeout=5000)
    assert [ev for _, ev, _ in received] == events
    assert [n for n, _, _ in received] == [
        "registration_changed",
        "incoming_call_arrived",
        "call_state_changed",
        "transfer_progressed",
        "dtmf_received",
        "engine_error_raised",
    ]
    assert all(on_gui for _, _, on_gui in received)


def test_with_engine_wires_on_event_and_forwards_commands(qtbot: QtBot) -> None:
    made: dict[str, Any] = {}

    class Engine(RecordingEngine):
        def __init__(self, on_event: Any) -> None:
            super().__init__()
            made["on_event"] = on_event

    bridge, engine = SipBridge.with_engine(Engine)
    assert bridge.engine is engine
    assert made["on_event"] == bridge.post_event
    call_id = bridge.dial("+74951234567")
    bridge.hold(call_id)
    bridge.set_mute(call_id, True)
    bridge.send_dtmf(call_id, "1#")
    bridge.blind_transfer(call_id, "101")
    bridge.set_do_not_disturb(True)
    assert engine.commands == [
        ("make_call", "+74951234567"),
        ("hold", call_id),
        ("set_mute", call_id, True),
        ("send_dtmf", call_id, "1#"),
        ("blind_transfer", call_id, "101"),
        ("set_do_not_disturb", True),
    ]


def test_command_without_engine_or_failing_engine_reports_an_error_not_an_exception(qtbot: QtBot) -> None:
    bridge = SipBridge()
    with qtbot.waitSignal(bridge.engine_error_raised, timeout=1000) as blocker:
        assert bridge.dial("101") is None
    assert "no SIP engine" in blocker.args[0].message

    class Broken(RecordingEngine):
        def hangup(self, call_id: int) -> None:
            raise RuntimeError("owner thread is gone")

    bridge.attach(Broken())
    with qtbot.waitSignal(bridge.engine_error_raised, timeout=1000) as blocker:
        bridge.hangup(7)
    assert blocker.args[0].call_id == 7
    assert "owner thread is gone" in blocker.args[0].message


def test_many_events_from_two_threads_all_arrive_in_per_thread_order(qtbot: QtBot) -> None:
    bridge = SipBridge()
    got: list[DtmfReceived] = []
    bridge.dtmf_received.connect(got.append)
    per_thread = 1000

    def post(call_id: int) -> None:
        for n in range(per_thread):
            bridge.post_event(DtmfReceived(call_id, str(n % 10)))

    threads = [threading.Thread(target=post, args=(cid,)) for cid in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    qtbot.waitUntil(lambda: len(got) == 2 * per_thread, timeout=10_000)
    for cid in (1, 2):
        assert [e.digit for e in got if e.call_id == cid] == [str(n % 10) for n in range(per_thread)]
