"""Fixtures for SIP integration tests: a Kamailio registrar with digest auth, the engine under
test with a recorder of its events, and pjsua2 peer processes (``peer_factory``)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pytest

from softphone.sip.engine import SipEngine
from softphone.sip.events import (
    CallState,
    CallStateChanged,
    IncomingCall,
    RegistrationChanged,
    RegistrationState,
    SipAccountSettings,
    SipEvent,
    Transport,
)
from tests.helpers.kamailio import Kamailio, kamailio_fixture  # noqa: F401 - re-exported fixture
from tests.helpers.sip_peer import peer_factory  # noqa: F401 - re-exported fixture

E = TypeVar("E")


class EventLog:
    """Collects engine events and lets the test wait for them; ``off_thread`` names the events that
    came on another thread than the engine's owner thread (its contract: none)."""

    def __init__(self) -> None:
        self.events: list[SipEvent] = []
        self.off_thread: list[str] = []
        self._cond = threading.Condition()

    def __call__(self, event: SipEvent) -> None:
        thread = threading.current_thread().name
        with self._cond:
            if thread != "sip-owner":
                self.off_thread.append(f"{type(event).__name__} on {thread}")
            self.events.append(event)
            self._cond.notify_all()

    def wait(self, kind: type[E], pred: Callable[[E], bool] = lambda e: True, timeout: float = 10) -> E:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for event in self.events:
                    if isinstance(event, kind) and pred(event):
                        return event
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(
                        f"no {kind.__name__} matching within {timeout} s; got {self.events[-10:]}"
                    )
                self._cond.wait(remaining)

    def of(self, kind: type[E]) -> list[E]:
        with self._cond:
            return [e for e in self.events if isinstance(e, kind)]

    def clear(self) -> None:
        with self._cond:
            self.events.clear()

    def state(self, call_id: int, state: CallState, timeout: float = 10) -> CallStateChanged:
        return self.wait(CallStateChanged, lambda e: e.call_id == call_id and e.state is state, timeout)

    def incoming(self, timeout: float = 10) -> IncomingCall:
        """The first IncomingCall not yet taken."""
        event = self.wait(IncomingCall, lambda e: e.call_id not in self._taken, timeout)
        self._taken.add(event.call_id)
        return event

    _taken: set[int]

    def registered(self, timeout: float = 10) -> RegistrationChanged:
        return self.wait(RegistrationChanged, lambda e: e.state is RegistrationState.REGISTERED, timeout)


def account(kam: Kamailio, user: str = "1001", **overrides: Any) -> SipAccountSettings:
    base: dict[str, Any] = {
        "username": user,
        "domain": "127.0.0.1",
        "port": kam.port,
        "transport": Transport.UDP,
    }
    base.update(overrides)
    return SipAccountSettings(**base)


@pytest.fixture
def events() -> Iterator[EventLog]:
    log = EventLog()
    log._taken = set()
    yield log
    assert log.off_thread == [], "engine events must come on its owner thread"


@pytest.fixture
def engine(events: EventLog) -> Iterator[SipEngine]:
    eng = SipEngine(events)
    eng.start()
    yield eng
    eng.stop()


@pytest.fixture
def registered_engine(kamailio: Kamailio, engine: SipEngine, events: EventLog) -> SipEngine:
    # kamailio first: it must outlive the engine so the un-REGISTER at stop gets an answer
    engine.configure_account(account(kamailio), "1001pw")
    events.registered()
    return engine
