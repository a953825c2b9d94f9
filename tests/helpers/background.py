"""``BackgroundLoop``: a thread of the test's own that stands in for another clock.

Audio tests need something running beside the code under test on its own thread and timing: a sound
card draining a ring, pjmedia's clock handing over frames, a writer that lands late. A subclass says
what one turn does (``step``, returning how long to wait before the next); the loop runs from the
``with`` block's start to its end, bounded by ``limit_s`` whatever happens, and keeps what a turn
raised in ``errors`` (the test asserts on it) instead of losing it on a thread nobody joins.
"""

from __future__ import annotations

import threading
import time
from typing import Self


class BackgroundLoop:
    def __init__(self, name: str, limit_s: float = 60.0) -> None:
        self.errors: list[BaseException] = []
        self._limit_s = limit_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)

    def step(self) -> float:
        """One turn; returns the seconds to wait before the next (0: at once)."""
        raise NotImplementedError

    def _run(self) -> None:
        deadline = time.monotonic() + self._limit_s
        while not self._stop.is_set() and time.monotonic() < deadline:
            try:
                wait_s = self.step()
            except BaseException as exc:  # the test fails on it, with its traceback
                self.errors.append(exc)
                return
            if wait_s > 0:
                self._stop.wait(wait_s)


class Metronome:
    """Real-time turns every ``period_s``, late turns catching up rather than drifting."""

    def __init__(self, period_s: float) -> None:
        self.period_s = period_s
        self._next_at = time.monotonic()

    def wait_s(self) -> float:
        self._next_at += self.period_s
        return max(0.0, self._next_at - time.monotonic())
