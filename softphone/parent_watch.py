"""Child processes started by the app (embedded CRM, demo callers) end when the app is gone.

A killed app cannot stop its children, so each child watches its parent: when the parent PID it
was started by is no longer its parent, the child ends itself. Polling ``os.getppid()`` works the
same on Linux and Windows without native calls.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


def exit_when_parent_dies(
    parent_pid: int, on_orphaned: Callable[[], None], poll_s: float = 1.0
) -> threading.Thread:
    """Start a daemon thread that calls ``on_orphaned`` once ``parent_pid`` stops being our parent."""

    def watch() -> None:
        stop = threading.Event()
        while not stop.wait(poll_s):
            if os.getppid() != parent_pid:
                log.warning("parent process %d is gone: exiting", parent_pid)
                on_orphaned()
                return

    thread = threading.Thread(target=watch, name="parent-watch", daemon=True)
    thread.start()
    return thread


def hard_exit() -> None:
    """End this process now (the parent is gone; nothing here is worth a slow shutdown)."""
    os._exit(3)
