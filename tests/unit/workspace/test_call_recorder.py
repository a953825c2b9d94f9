"""Call history rows: SIP event sequences folded by ``CallSessions``, written by the recorder
on the real store worker (``StoreJobs``) into a real SQLite store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from softphone.sip.events import (
    CallDirection,
    CallOutcome,
    CallState,
    CallStateChanged,
    DtmfReceived,
    IncomingCall,
    RegistrationChanged,
    RegistrationState,
    SipEvent,
)
from softphone.store.call_history import CallHistoryRepository
from softphone.store.db import Store, open_store
from softphone.store.jobs import StoreJobs
from softphone.workspace.call_recorder import CallHistoryRecorder
from softphone.workspace.sessions import CallSessions

START = 1_767_000_000.0


class FakeClock:
    """Time under the test's control (events carry no timestamps of their own)."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now


class Recording:
    """Sessions + recorder wired as the composition root does, with the real store worker."""

    def __init__(self, store: Store, clock: FakeClock) -> None:
        self.jobs = StoreJobs(deliver=lambda fn: fn())  # results are handed back on the worker here
        self.sessions = CallSessions(clock=clock)
        self.written: list[int] = []
        self.recorder = CallHistoryRecorder(
            CallHistoryRepository(store), self.jobs, region="RU", on_recorded=self.written.extend
        )
        self.sessions.subscribe(self.recorder.on_session_change)

    def on_sip_event(self, event: SipEvent) -> list[int]:
        """Feed one event; returns the row ids it wrote (after the worker finished)."""
        before = len(self.written)
        self.sessions.apply(event)
        self.jobs.submit(lambda: None).result(timeout=10)  # the worker runs jobs in order
        return self.written[before:]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "store.db")
    yield opened
    opened.close()


def _state(
    call_id: int, state: CallState, direction: CallDirection = CallDirection.INBOUND, **kw: object
) -> CallStateChanged:
    return CallStateChanged(
        call_id=call_id, direction=direction, state=state, remote_number="84951234567", **kw
    )  # type: ignore[arg-type]


def test_answered_inbound_call_is_recorded_with_times_and_duration(store: Store) -> None:
    clock = FakeClock()
    recorder = Recording(store, clock)
    incoming = IncomingCall(
        call_id=1,
        remote_uri="sip:84951234567@127.0.0.1",
        remote_number="84951234567",
        remote_display_name="Иван",
        dialled_number="74957778899",
    )
    assert recorder.on_sip_event(incoming) == []
    assert recorder.on_sip_event(_state(1, CallState.RINGING_IN)) == []
    clock.now += 5
    recorder.on_sip_event(_state(1, CallState.ACTIVE, connected_at=clock.now))
    recorder.on_sip_event(DtmfReceived(call_id=1, digit="5"))
    clock.now += 65.5
    row_id = recorder.on_sip_event(_state(1, CallState.ENDED, outcome=CallOutcome.ANSWERED, status_code=200))
    assert len(row_id) == 1
    (call,) = CallHistoryRepository(store).recent(10)
    assert (call.direction, call.number, call.number_e164) == ("inbound", "+74951234567", "+74951234567")
    assert (call.remote_display_name, call.dialled_number, call.outcome) == (
        "Иван",
        "74957778899",
        "answered",
    )
    assert call.started_at == dt.datetime.fromtimestamp(START, dt.UTC)
    assert call.answered_at == dt.datetime.fromtimestamp(START + 5, dt.UTC)
    assert call.ended_at == dt.datetime.fromtimestamp(START + 70.5, dt.UTC)
    assert call.duration_s == 65.5


def test_missed_busy_and_interleaved_calls_each_get_one_row(store: Store) -> None:
    clock = FakeClock()
    recorder = Recording(store, clock)
    out = CallDirection.OUTBOUND
    recorder.on_sip_event(_state(1, CallState.RINGING_IN))
    clock.now += 1
    recorder.on_sip_event(_state(2, CallState.DIALING, direction=out))
    clock.now += 3
    recorder.on_sip_event(RegistrationChanged(state=RegistrationState.REGISTERED))
    recorder.on_sip_event(
        _state(
            2, CallState.ENDED, direction=out, outcome=CallOutcome.BUSY, status_code=486, reason="Busy Here"
        )
    )
    clock.now += 10
    recorder.on_sip_event(_state(1, CallState.ENDED, outcome=CallOutcome.MISSED))
    recent = CallHistoryRepository(store).recent(10)
    assert [(c.direction, c.outcome, c.duration_s, c.answered_at) for c in recent] == [
        ("outbound", "busy", 0.0, None),
        ("inbound", "missed", 0.0, None),
    ]
    assert recent[0].status_code == 486 and recent[0].reason == "Busy Here"
    assert len(CallHistoryRepository(store).for_number("+74951234567")) == 2


def test_extension_numbers_are_kept_as_received(store: Store) -> None:
    recorder = Recording(store, FakeClock())
    ended = CallStateChanged(
        call_id=9,
        direction=CallDirection.OUTBOUND,
        state=CallState.ENDED,
        remote_number="101",
        outcome=CallOutcome.NO_ANSWER,
    )
    recorder.on_sip_event(ended)
    (call,) = CallHistoryRepository(store).recent(1)
    assert (call.number, call.number_e164, call.outcome) == ("101", None, "no_answer")


def test_a_failed_write_is_kept_and_saved_with_the_next_call(tmp_path: Path) -> None:
    store = open_store(tmp_path / "store.db")
    try:
        recorder = Recording(store, FakeClock())
        with store.engine.begin() as conn:
            conn.exec_driver_sql(
                "CREATE TRIGGER full BEFORE INSERT ON call_history"
                " BEGIN SELECT RAISE(ABORT, 'disk full'); END"
            )
        assert recorder.on_sip_event(_state(1, CallState.ENDED, outcome=CallOutcome.MISSED)) == []
        assert recorder.recorder.unsaved_count == 1
        with store.engine.begin() as conn:
            conn.exec_driver_sql("DROP TRIGGER full")
        assert len(recorder.on_sip_event(_state(2, CallState.ENDED, outcome=CallOutcome.CANCELLED))) == 2
        assert recorder.recorder.unsaved_count == 0
        assert sorted(c.outcome for c in CallHistoryRepository(store).recent(10)) == ["cancelled", "missed"]
    finally:
        store.close()


def _incoming(call_id: int, display_name: str) -> IncomingCall:
    return IncomingCall(
        call_id=call_id,
        remote_uri="sip:84951234567@127.0.0.1",
        remote_number="84951234567",
        remote_display_name=display_name,
        dialled_number="74957778899",
    )


def test_a_display_name_with_bytes_that_are_not_utf8_is_saved_with_replacement(store: Store) -> None:
    recorder = Recording(store, FakeClock())
    bad = b"\xff\xfeBad \xd0\x98".decode("utf-8", "surrogateescape")  # as SWIG hands such bytes over
    recorder.on_sip_event(_incoming(1, bad))
    assert len(recorder.on_sip_event(_state(1, CallState.ENDED, outcome=CallOutcome.MISSED))) == 1
    recorder.on_sip_event(_incoming(2, "Иван"))
    assert len(recorder.on_sip_event(_state(2, CallState.ENDED, outcome=CallOutcome.MISSED))) == 1
    names = sorted(c.remote_display_name for c in CallHistoryRepository(store).recent(10))
    assert names == sorted(["\ufffd\ufffdBad И", "Иван"])


def test_a_row_the_store_always_refuses_is_dropped_after_bounded_tries_and_never_blocks_others(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    recorder = Recording(store, FakeClock())
    with store.engine.begin() as conn:
        conn.exec_driver_sql(
            "CREATE TRIGGER poison BEFORE INSERT ON call_history WHEN NEW.remote_display_name = 'Poison'"
            " BEGIN SELECT RAISE(ABORT, 'refused'); END"
        )
    recorder.on_sip_event(_incoming(1, "Poison"))
    assert recorder.on_sip_event(_state(1, CallState.ENDED, outcome=CallOutcome.MISSED)) == []
    for call_id in range(2, 6):  # every later call is saved at once, the poison row is tried again
        recorder.on_sip_event(_incoming(call_id, f"Caller {call_id}"))
        assert len(recorder.on_sip_event(_state(call_id, CallState.ENDED, outcome=CallOutcome.MISSED))) == 1
    assert recorder.recorder.unsaved_count == 0  # given up on
    assert len(CallHistoryRepository(store).recent(10)) == 4
    assert "dropped after 3 tries" in caplog.text


def test_a_call_keeps_its_quality_in_the_history_and_a_silent_one_none(store: Store) -> None:
    from softphone.sip.events import CallQualitySampled

    clock = FakeClock()
    recorder = Recording(store, clock)
    recorder.on_sip_event(_state(1, CallState.ACTIVE, connected_at=clock.now))
    for step, (packets, lost) in enumerate(((75, 0), (150, 0), (190, 10)), start=1):
        recorder.on_sip_event(CallQualitySampled(1, "PCMA", packets, lost, 2.0, 3.0, 40.0, 30.0, 1.5 * step))
    recorder.on_sip_event(_state(1, CallState.ENDED, outcome=CallOutcome.ANSWERED))
    recorder.on_sip_event(_state(2, CallState.ENDED, outcome=CallOutcome.BUSY))  # never talked
    busy, answered = CallHistoryRepository(store).recent(10)
    assert answered.outcome == "answered" and busy.outcome == "busy"
    assert answered.loss_pct == 5.0 and answered.jitter_ms == 3.0 and answered.rtt_ms == 40.0
    assert answered.mos is not None and 3.0 < answered.mos < 4.45
    assert (busy.mos, busy.jitter_ms, busy.loss_pct, busy.rtt_ms) == (None, None, None, None)
