"""Ending a child process this app started: SIGTERM, a bounded wait, then SIGKILL."""

from __future__ import annotations

import subprocess
from typing import Any


def stop_child(process: subprocess.Popen[Any], grace_s: float = 10.0, kill_wait_s: float = 5.0) -> None:
    """End ``process`` (ours, by its PID): terminate, wait ``grace_s``, then kill and reap it."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=grace_s)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=kill_wait_s)
