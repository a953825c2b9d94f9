"""The SIP owner thread without pjsua2: start/stop, command order, timers, failures reported."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from softphone.sip.owner_loop import OwnerLoop

WAIT_S = 5


class Recorder:
    def __init__(self) -> None:
        self.items: list[object] = []
        self.failures: list[str] = []
        self.threads: set[int] = set()
        self.torn_down = threading.Event()
        self._cond = threading.Condition()

    def add(self, item: object) -> None:
        with self._cond:
            self.items.append(item)
            self.threads.add(threading.get_ident())
            self._cond.notify_all()

    def fail(self, message: str) -> None:
        with self._cond:
            self.failures.append(message)
            self._cond.notify_all()

    def wait_for(self, count: int) -> list[object]:
        with self._cond:
            assert self._cond.wait_for(lambda: len(self.items) + len(self.failures) >= count, WAIT_S)
            return list(self.items)


@pytest.fixture
def rec() -> Recorder:
    return Recorder()


@pytest.fixture
def loop(rec: Recorder) -> Iterator[OwnerLoop]:
    owner = OwnerLoop("test-owner", rec.fail)
    owner.start(
        setup=lambda: None, poll=lambda _wait: threading.Event().wait(0.001), teardown=rec.torn_down.set
    )
    yield owner
    owner.stop(timeout_s=WAIT_S)


def test_commands_run_in_order_on_the_owner_thread(loop: OwnerLoop, rec: Recorder) -> None:
    for n in range(250):  # more than one turn's batch
        assert loop.submit(lambda n=n: rec.add(n))
    assert rec.wait_for(250) == list(range(250))
    assert len(rec.threads) == 1 and threading.get_ident() not in rec.threads


def test_timers_fire_in_due_order_and_cancelled_ones_do_not(loop: OwnerLoop, rec: Recorder) -> None:
    def schedule() -> None:
        loop.assert_owner_thread()
        loop.schedule(0.03, lambda: rec.add("late"))
        doomed = loop.schedule(0.01, lambda: rec.add("cancelled"))
        loop.schedule(0.0, lambda: rec.add("now"))
        loop.cancel_timer(doomed)
        loop.cancel_timer(None)

    loop.submit(schedule)
    assert rec.wait_for(2) == ["now", "late"]
    loop.submit(lambda: rec.add("after"))
    assert rec.wait_for(3) == ["now", "late", "after"]


def test_failing_command_and_timer_are_reported_and_the_loop_goes_on(loop: OwnerLoop, rec: Recorder) -> None:
    def boom() -> None:
        raise ValueError("bad command")

    loop.submit(boom)
    loop.submit(lambda: loop.schedule(0, lambda: 1 / 0))
    loop.submit(lambda: rec.add("still running"))
    assert rec.wait_for(3) == ["still running"]  # 1 item + 2 failures
    assert rec.failures[0] == "SIP command failed: bad command"
    assert rec.failures[1].startswith("SIP timer failed:")


def test_stop_runs_teardown_and_later_submits_are_refused(rec: Recorder) -> None:
    owner = OwnerLoop("test-owner", rec.fail)
    assert not owner.submit(lambda: None)  # not started
    owner.start(setup=lambda: None, poll=lambda _wait: None, teardown=rec.torn_down.set)
    assert owner.running
    owner.stop(timeout_s=WAIT_S)
    assert rec.torn_down.is_set()
    assert not owner.running
    assert not owner.submit(lambda: rec.add("too late"))
    owner.stop()  # twice is fine


def test_setup_failure_is_raised_to_the_starter_and_teardown_does_not_run(rec: Recorder) -> None:
    owner = OwnerLoop("test-owner", rec.fail)

    def setup() -> None:
        raise OSError("no library")

    with pytest.raises(RuntimeError, match="failed to start: no library"):
        owner.start(setup=setup, poll=lambda _wait: None, teardown=rec.torn_down.set)
    assert not rec.torn_down.is_set()
    assert not owner.running


def test_assert_owner_thread_refuses_other_threads(loop: OwnerLoop) -> None:
    with pytest.raises(AssertionError):
        loop.assert_owner_thread()


class SleepyPoll:
    """A poll that sleeps as long as it may (a minute without timers), like pjsip when nothing happens."""

    def __init__(self) -> None:
        self.woken = threading.Event()
        self.waits: list[float | None] = []

    def __call__(self, max_wait_s: float | None) -> None:
        self.waits.append(max_wait_s)
        self.woken.wait(60 if max_wait_s is None else max_wait_s)
        self.woken.clear()


def test_a_submitted_command_ends_a_long_poll_at_once(rec: Recorder) -> None:
    poll = SleepyPoll()
    owner = OwnerLoop("test-owner", rec.fail, wake=poll.woken.set)
    owner.start(setup=lambda: None, poll=poll, teardown=rec.torn_down.set)
    try:
        owner.submit(lambda: rec.add("ran"))  # without the wake-up it would wait for the minute
        assert rec.wait_for(1) == ["ran"]
    finally:
        owner.stop(timeout_s=WAIT_S)
    assert rec.torn_down.is_set()  # stop() wakes the poll too


def test_the_poll_never_sleeps_past_the_next_timer(rec: Recorder) -> None:
    poll = SleepyPoll()
    owner = OwnerLoop("test-owner", rec.fail)  # no wake-up: only the timer's deadline can end the poll
    owner.start(setup=lambda: None, poll=poll, teardown=rec.torn_down.set)
    try:
        owner.submit(lambda: owner.schedule(0.05, lambda: rec.add("timer")))
        poll.woken.set()  # (the submit itself cannot wake this loop)
        assert rec.wait_for(1) == ["timer"]
        assert any(wait is not None and wait <= 0.05 for wait in poll.waits)
    finally:
        poll.woken.set()
        owner.stop(timeout_s=1)
