"""GUI test fixtures: a bridge wired to a command-recording engine, and the main window.

The recording engine stands in for ``SipEngine`` only in widget-level tests, which check what
the window asks the engine to do; ``sip_window`` runs the real engine against Kamailio and pjsua2
peer processes (``test_sip_calls.py``, ``test_sip_stress.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from softphone.sip.engine import SipEngine
from softphone.sip.events import SipAccountSettings, SipEvent
from softphone.ui.main_window import MainWindow
from softphone.ui.sip_bridge import SipBridge
from tests.helpers.kamailio import Kamailio, kamailio_fixture  # noqa: F401 - re-exported fixture
from tests.helpers.pipewire import pipewire, pipewire_server  # noqa: F401 - re-exported fixtures
from tests.helpers.sip_peer import peer_factory  # noqa: F401 - re-exported fixture


class RecordingEngine:
    """Implements the engine's command surface; records every command in order."""

    def __init__(self) -> None:
        self.commands: list[tuple[Any, ...]] = []
        self._next_id = 100

    def make_call(self, target: str, headers: dict[str, str] | None = None) -> int:
        self._next_id += 1
        self.commands.append(("make_call", target))
        return self._next_id

    def __getattr__(self, name: str) -> Any:
        if name in {
            "answer",
            "reject",
            "hangup",
            "hold",
            "resume",
            "set_mute",
            "send_dtmf",
            "blind_transfer",
            "attended_transfer",
            "set_do_not_disturb",
            "hangup_all",
            "record_call",
            "stop_recording",
        }:
            return lambda *args: self.commands.append((name, *args))
        raise AttributeError(name)

    def named(self, name: str) -> list[tuple[Any, ...]]:
        return [c for c in self.commands if c[0] == name]


@dataclass
class HistoryRow:
    direction: str
    number: str
    started_at: dt.datetime
    duration_s: int
    outcome: str


class ListHistory:
    """A call-history source backed by a list (the store's repository has the same ``recent``)."""

    def __init__(self, rows: list[HistoryRow] | None = None) -> None:
        self.rows = rows or []

    def recent(self, limit: int) -> list[HistoryRow]:
        return list(reversed(self.rows))[:limit]


def deliver(qtbot: QtBot, bridge: SipBridge, *events: SipEvent) -> None:
    """Post events as the engine would and wait until the GUI thread has dispatched them all."""
    seen: list[object] = []
    bridge.event_dispatched.connect(seen.append)
    try:
        for event in events:
            bridge.post_event(event)
        qtbot.waitUntil(lambda: len(seen) >= len(events), timeout=5000)
    finally:
        bridge.event_dispatched.disconnect(seen.append)


@pytest.fixture
def engine() -> RecordingEngine:
    return RecordingEngine()


@pytest.fixture
def bridge(engine: RecordingEngine) -> SipBridge:
    b = SipBridge()
    b.attach(engine)
    return b


@pytest.fixture
def history() -> ListHistory:
    return ListHistory()


@pytest.fixture
def window(qtbot: QtBot, bridge: SipBridge, history: ListHistory) -> Iterator[MainWindow]:
    win = MainWindow(bridge, history=history)  # a tray only where the platform has one
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=3000)
    yield win
    win.close()


@pytest.fixture
def sip_window(qtbot: QtBot, kamailio: Kamailio) -> Iterator[MainWindow]:
    """The main window on a real engine registered as 1001 through Kamailio (digest auth)."""
    bridge, engine = SipBridge.with_engine(SipEngine)
    engine.start()
    window = MainWindow(bridge, use_tray=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    try:
        engine.configure_account(
            SipAccountSettings(username="1001", domain="127.0.0.1", port=kamailio.port), "1001pw"
        )
        qtbot.waitUntil(lambda: window.registration.label.text() == "Registered", timeout=10_000)
        yield window
    finally:
        engine.stop()
        window.close()
