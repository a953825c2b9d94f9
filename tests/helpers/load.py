"""Artificial load for the stress tests and benchmarks: another Python thread that keeps the GIL
busy, and a Qt timer that keeps the GUI thread busy part of every interval."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator

from PySide6.QtCore import QTimer


def burn_cpu(seconds: float) -> None:
    """Pure-Python work (holding the GIL) for ``seconds``."""
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        pass


@contextlib.contextmanager
def gil_hog() -> Iterator[None]:
    """A thread computing in Python for as long as the block runs."""
    stop = threading.Event()

    def hog() -> None:
        x = 0
        while not stop.is_set():
            x = (x * 31 + 7) % 1_000_003

    thread = threading.Thread(target=hog, name="gil-hog", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)


def busy_gui_timer(work_s: float = 0.005, every_ms: int = 10) -> QTimer:
    """A timer (not started) that makes the thread it runs on work ``work_s`` every ``every_ms``."""
    timer = QTimer()
    timer.setInterval(every_ms)
    timer.timeout.connect(lambda: burn_cpu(work_s))
    return timer
