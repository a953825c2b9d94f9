"""The whole app as the operator runs it: start, work, stop, twenty times in a row, all exit 0.

Each run is ``python -m softphone --demo``: the embedded CRM and the demo caller child processes,
the pjsua2 engine on its owner thread, the qasync loop and the main window (offscreen). A run that
is killed leaves no child processes behind.
"""

from __future__ import annotations

import os
import re
import signal
import time
from pathlib import Path

import pytest

from tests.helpers.app_process import pid_alive, run_app, start_app

CYCLES = 20
CHILD_PIDS = r"embedded CRM at \S+ \(pid (\d+)\)[\s\S]*demo caller started \(pid (\d+)\)"


def _child_pids(out: str) -> list[int]:
    match = re.search(CHILD_PIDS, out)
    assert match, out[-3000:]
    return [int(match.group(1)), int(match.group(2))]


def _wait_gone(pids: list[int], timeout_s: float = 15.0) -> list[int]:
    deadline = time.monotonic() + timeout_s
    alive = pids
    while alive and time.monotonic() < deadline:
        alive = [p for p in alive if pid_alive(p)]
        time.sleep(0.1)
    return alive


@pytest.mark.slow
def test_twenty_start_stop_cycles_all_exit_zero(tmp_path: Path) -> None:
    for cycle in range(CYCLES):
        code, out = run_app(tmp_path, "--demo", "--exit-after", "1", "--data-dir", str(tmp_path / "data"))
        assert code == 0, f"cycle {cycle}: exit {code}\n{out[-4000:]}"
        assert "softphone stopped" in out, f"cycle {cycle}:\n{out[-4000:]}"
        assert "Traceback" not in out, f"cycle {cycle}:\n{out[-4000:]}"
        assert _wait_gone(_child_pids(out)) == [], f"cycle {cycle}: child processes outlived the app"


def test_the_first_sync_fills_the_store_and_survives_a_restart(tmp_path: Path) -> None:
    data = tmp_path / "data"
    code, out = run_app(tmp_path, "--demo", "--exit-after", "3", "--data-dir", str(data))
    assert code == 0, out[-4000:]
    assert re.search(r"CRM full sync: \d+ changes applied", out), out[-4000:]
    code, out = run_app(tmp_path, "--demo", "--exit-after", "3", "--data-dir", str(data))
    assert code == 0, out[-4000:]
    assert re.search(r"CRM incremental sync", out), out[-4000:]  # the cursor survived the restart
    assert "CRM full sync" not in out


def test_sigterm_stops_the_app_cleanly(tmp_path: Path) -> None:
    run = start_app(tmp_path, "--demo", "--data-dir", str(tmp_path / "data"))
    run.wait_for(r"softphone \S+ started in")
    # the collector, off during start-up (its pauses stopped the audio path), is on again
    run.wait_for(r"cycle collector on, [1-9]\d{4,} start-up objects frozen")
    pids = _child_pids(run.wait_for(CHILD_PIDS).string)
    assert run.stop() == 0
    assert "softphone stopped" in run.text()
    assert _wait_gone(pids) == []


def test_a_killed_app_leaves_no_child_processes(tmp_path: Path) -> None:
    run = start_app(tmp_path, "--demo", "--data-dir", str(tmp_path / "data"))
    pids = _child_pids(run.wait_for(CHILD_PIDS).string)
    os.kill(run.process.pid, signal.SIGKILL)
    run.process.wait(timeout=10)
    assert _wait_gone(pids) == [], "the embedded CRM or the demo caller outlived a killed app"
