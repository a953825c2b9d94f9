"""Artificial load for the stress tests and benchmarks: another Python thread that keeps the GIL
busy, and a Qt timer that keeps the GUI thread busy part of every interval."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

from softphone.ui.diagnostics import burn_cpu, busy_gui_timer

__all__ = ["burn_cpu", "busy_gui_timer", "gil_hog"]


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
