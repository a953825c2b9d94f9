"""The SIP owner thread: one thread that alone touches pjsua2, its command queue and its timers.

The thread runs ``setup`` once, then loops: run queued commands (a bounded batch), run due timers,
``poll(max_wait_s)`` (pjsua2's ``libHandleEvents``), until ``stop()``; ``teardown`` runs last on the
same thread. ``max_wait_s`` is the time until the next timer is due (0 while commands wait, None
without timers): the poll may sleep that long, not longer. ``submit`` and ``stop`` are safe from any
thread and never block on the owner thread's work; they call ``wake`` (if given) so that a poll
sleeping long returns at once. Timers and ``assert_owner_thread`` are for code already running on
the owner thread. No pjsua2 here.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import queue
import sys
import threading
import time
from collections.abc import Callable

log = logging.getLogger("softphone.sip.engine")  # one logger for all of the engine

_MAX_COMMANDS_PER_TURN = 100  # bounded so timers and pjsip events are never starved

# Every pjsip callback and every turn of the owner loop needs the GIL. While another Python thread
# computes (a big CRM sync, the GUI thread at work), CPython hands the GIL over only after the
# switch interval, 5 ms by default, and a call takes dozens of such hand-overs: measured with the
# GUI thread and a second thread busy, 840 ms per call at 5 ms, 170 ms at 1 ms
# (tests/gui/test_sip_stress.py).
SIP_SWITCH_INTERVAL_S = 0.001


def prefer_prompt_thread_switches() -> float:
    """Make CPython hand the GIL over every millisecond (process-wide: the composition root calls
    this once). Returns the previous interval."""
    previous = sys.getswitchinterval()
    sys.setswitchinterval(SIP_SWITCH_INTERVAL_S)
    return previous


class OwnerLoop:
    """One owner thread. ``on_failure`` gets a message when a command or a timer raised."""

    def __init__(
        self, name: str, on_failure: Callable[[str], None], wake: Callable[[], None] | None = None
    ) -> None:
        self._name = name
        self._on_failure = on_failure
        self._wake = wake
        self._queue: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._owner_ident: int | None = None
        self._running = False
        self._started = threading.Event()
        self._start_error: BaseException | None = None
        self._timers: list[tuple[float, int, Callable[[], None]]] = []
        self._timer_seq = itertools.count(1)
        self._pending_timers: set[int] = set()  # scheduled, neither run nor cancelled yet

    @property
    def running(self) -> bool:
        return self._thread is not None and self._running

    # ----- any thread -----
    def start(
        self,
        setup: Callable[[], None],
        poll: Callable[[float | None], None],
        teardown: Callable[[], None],
        timeout_s: float = 15,
    ) -> None:
        """Start the thread and wait until ``setup`` has run there; re-raise its failure.

        ``setup`` must clean up after itself when it raises: ``teardown`` runs only after a
        successful start."""
        if self._thread is not None:
            raise RuntimeError("SipEngine already started")
        self._started.clear()
        self._start_error = None
        self._thread = threading.Thread(
            target=self._run, args=(setup, poll, teardown), name=self._name, daemon=True
        )
        self._thread.start()
        if not self._started.wait(timeout=timeout_s):
            raise RuntimeError(f"pjsua2 did not start within {timeout_s:g} s")
        if self._start_error is not None:
            self._thread.join(timeout=5)
            self._thread = None
            raise RuntimeError(f"pjsua2 failed to start: {self._start_error}") from self._start_error

    def stop(self, timeout_s: float = 10) -> None:
        thread = self._thread
        if thread is None:
            return
        self._queue.put(self._request_stop)
        self._wake_poll()
        thread.join(timeout=timeout_s)
        if thread.is_alive():
            log.error("SIP owner thread did not stop within %.1f s", timeout_s)
        self._thread = None

    def submit(self, fn: Callable[[], None]) -> bool:
        """Queue ``fn`` for the owner thread; False (and nothing queued) when the loop is not running."""
        if not self.running:
            return False
        self._queue.put(fn)
        self._wake_poll()
        return True

    def _wake_poll(self) -> None:
        if self._wake is not None:
            self._wake()

    # ----- owner thread -----
    def assert_owner_thread(self) -> None:
        assert threading.get_ident() == self._owner_ident, "pjsua2 touched outside its owner thread"

    def schedule(self, delay_s: float, fn: Callable[[], None]) -> int:
        seq = next(self._timer_seq)
        heapq.heappush(self._timers, (time.monotonic() + delay_s, seq, fn))
        self._pending_timers.add(seq)
        return seq

    def cancel_timer(self, seq: int | None) -> None:
        """The timer will not run; a timer that already ran or was cancelled is left alone."""
        if seq is not None:
            self._pending_timers.discard(seq)

    def clear_timers(self) -> None:
        self._timers.clear()
        self._pending_timers.clear()

    def _run(
        self, setup: Callable[[], None], poll: Callable[[float | None], None], teardown: Callable[[], None]
    ) -> None:
        self._owner_ident = threading.get_ident()
        try:
            setup()
        except BaseException as exc:  # reported to start()'s caller
            self._start_error = exc
            self._started.set()
            return
        self._running = True
        self._started.set()
        try:
            while self._running:
                self._drain_commands()
                if not self._running:  # stop() was the command: no last (long) poll
                    break
                self._run_due_timers()
                poll(self._longest_wait_s())
        finally:
            self._running = False
            teardown()

    def _drain_commands(self) -> None:
        for _ in range(_MAX_COMMANDS_PER_TURN):
            try:
                fn = self._queue.get_nowait()
            except queue.Empty:
                return
            self._run_guarded(fn, "SIP command")

    def _request_stop(self) -> None:
        self._running = False

    def _longest_wait_s(self) -> float | None:
        if not self._queue.empty():
            return 0.0
        if not self._timers:
            return None
        return max(0.0, self._timers[0][0] - time.monotonic())

    def _run_due_timers(self) -> None:
        now = time.monotonic()
        while self._timers and self._timers[0][0] <= now:
            _, seq, fn = heapq.heappop(self._timers)
            if seq not in self._pending_timers:
                continue  # cancelled
            self._pending_timers.discard(seq)
            self._run_guarded(fn, "SIP timer")

    def _run_guarded(self, fn: Callable[[], None], what: str) -> None:
        try:
            fn()
        except Exception as exc:
            log.exception("%s failed", what)
            self._on_failure(f"{what} failed: {exc}")
