"""200 calls through the whole stack while the GUI thread and another Python thread are busy.

The real engine (pjsua2 on its owner thread) talks to a pjsua2 peer through Kamailio; the main
window drives every call through the bridge and reacts to the queued signals, exactly as the
operator's clicks would. Meanwhile a timer makes the GUI thread do 5 ms of work every 10 ms and a
second Python thread keeps the GIL busy. Every call must end on both sides, every event must be
handled on the GUI thread, and nothing may crash or hang.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from PySide6.QtCore import QThread, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from softphone.sip.events import CallOutcome, CallState, CallStateChanged
from softphone.ui.main_window import MainWindow
from tests.helpers.kamailio import Kamailio
from tests.helpers.load import busy_gui_timer, gil_hog
from tests.helpers.sip_peer import SipPeer

pytestmark = pytest.mark.sip

CALLS = 200
# pjlib returns a closed socket's ioqueue slot only 500 ms later, and the wheel's select() ioqueue has
# 64 slots and asserts when they run out (two per call: RTP, RTCP): calls start at most every 40 ms.
MIN_CALL_SPACING_MS = 40


class CallDriver:
    """Dials the next call when the previous one ended; even calls are cancelled while ringing,
    odd ones hung up once connected. Runs entirely on the GUI thread, off the bridge's signals."""

    def __init__(self, window: MainWindow, target: str) -> None:
        self.window = window
        self.target = target
        self.limit = CALLS
        self.dialled: list[int] = []
        self.outcomes: dict[int, CallOutcome | None] = {}
        self.off_gui_thread_events = 0
        self.errors: list[object] = []
        self._last_dial = 0.0
        window.bridge.call_state_changed.connect(self._on_state)
        window.bridge.engine_error_raised.connect(self.errors.append)

    @property
    def done(self) -> bool:
        return len(self.outcomes) >= self.limit

    def dial_next(self) -> None:
        wait_ms = MIN_CALL_SPACING_MS - int((time.monotonic() - self._last_dial) * 1000)
        if wait_ms > 0:
            QTimer.singleShot(wait_ms, self.dial_next)
            return
        self._last_dial = time.monotonic()
        call_id = self.window.bridge.dial(self.target)
        assert call_id is not None
        self.dialled.append(call_id)

    def _on_state(self, event: CallStateChanged) -> None:
        if QThread.currentThread() is not QApplication.instance().thread():  # type: ignore[union-attr]
            self.off_gui_thread_events += 1
        if not self.dialled or event.call_id != self.dialled[-1]:
            return
        n = len(self.dialled)
        if event.state is CallState.ENDED:
            if event.call_id not in self.outcomes:
                self.outcomes[event.call_id] = event.outcome
                if not self.done:
                    self.dial_next()
        elif (n % 2 == 0 and event.state is CallState.RINGING_OUT) or (
            n % 2 == 1 and event.state is CallState.ACTIVE
        ):
            self.window.bridge.hangup(event.call_id)


def test_200_calls_through_the_window_with_a_busy_gui_and_a_gil_hog(
    qtbot: QtBot,
    sip_window: MainWindow,
    kamailio: Kamailio,
    peer_factory: Callable[[str], SipPeer],
    app_thread_switching: None,
) -> None:
    bob = peer_factory("bob")
    bob.register("1002", kamailio.port)
    bob.cmd("policy", incoming="answer", delay=0.05)  # rings first, so a CANCEL has a window

    gui_load = busy_gui_timer()  # 5 ms of every 10 ms
    driver = CallDriver(sip_window, "1002")
    gui_load.start()
    try:
        with gil_hog():
            driver.dial_next()
            qtbot.waitUntil(lambda: driver.done, timeout=300_000)
    finally:
        gui_load.stop()

    assert len(set(driver.dialled)) == CALLS
    outcomes = list(driver.outcomes.values())
    assert set(outcomes) <= {CallOutcome.ANSWERED, CallOutcome.CANCELLED}
    assert outcomes.count(CallOutcome.ANSWERED) >= CALLS // 2  # the odd ones were connected first
    assert driver.off_gui_thread_events == 0
    assert driver.errors == []
    # the peer saw every call end, and the window holds no live line
    disconnected = 0
    for _ in range(CALLS):
        try:
            bob.wait("state", timeout=10 if disconnected == 0 else 2, state="DISCONNECTED")
        except TimeoutError:
            break
        disconnected += 1
    assert disconnected == CALLS
    assert sip_window.lines.live_lines() == []
    # and the engine still works: one more call connects
    driver.outcomes.clear()
    driver.dialled.clear()
    driver.limit = 1
    bob.cmd("policy", incoming="answer", delay=0)
    driver.dial_next()
    qtbot.waitUntil(lambda: driver.done, timeout=20_000)
    assert list(driver.outcomes.values()) == [CallOutcome.ANSWERED]
