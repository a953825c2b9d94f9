"""Script benchmark on the app as operators run it (printed, never asserted): ``run.py workspace``.

- script_step_p95_ms: an answer of the call script clicked to the next step painted, p95 over 100
  clicks (goal <= 16, one frame at 60 Hz). ``python -m softphone`` runs with its main window on
  Xvfb, registered at Kamailio and synced with the reference CRM (see ``app_under_bench.py``); a
  pjsua2 peer calls in, the operator's key (Ctrl+Return, through xdotool) answers, and the bench
  clicks the script's first answer with xdotool's real mouse clicks at the point the panel says
  it is (a typed answer first where the step asks for one), call after call. The app writes
  ``clicked`` when the button gets the mouse release and ``painted`` when the next step's text
  is painted (``SOFTPHONE_TRACE_SCRIPT``, ``softphone/ui/diagnostics.py``); the figure is their
  difference, the app's own time from click to screen.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.benchmarks.app_under_bench import CRM_SYNCED, REGISTERED, USER, BenchSetup, bench_setup  # noqa: E402
from tests.helpers.sip_peer import SipPeer  # noqa: E402

CLICKS = int(os.environ.get("SCRIPT_BENCH_CLICKS", "100"))
CALLER = "79161234567"  # a customer of the seeded CRM
PAUSE_S = 0.25  # between clicks, as a (very fast) operator
MAX_CALLS = 40


@dataclass(frozen=True)
class Paint:
    step: str
    at: float
    kind: str  # button / text / none
    x: int
    y: int
    field_x: int
    field_y: int


def read_trace(path: Path) -> tuple[list[float], list[Paint]]:
    clicks: list[float] = []
    paints: list[Paint] = []
    for line in path.read_text().splitlines() if path.exists() else []:
        parts = line.split()
        if parts[0] == "clicked":
            clicks.append(float(parts[1]))
        elif parts[0] == "painted" and parts[5] != "none":
            paints.append(
                Paint(parts[1], float(parts[2]), parts[5], *map(int, (parts[3], parts[4], *parts[6:8])))
            )
        elif parts[0] == "painted":
            paints.append(Paint(parts[1], float(parts[2]), "none", 0, 0, 0, 0))
    return clicks, paints


def samples(trace: Path) -> list[float]:
    """Each paint after a click: paint time - the click's time (ms)."""
    events = [("c", t) for t in read_trace(trace)[0]] + [("p", p.at) for p in read_trace(trace)[1]]
    found, clicked = [], None
    for kind, at in sorted(events, key=lambda e: e[1]):
        if kind == "c":
            clicked = at
        elif clicked is not None:
            found.append((at - clicked) * 1000)
            clicked = None
    return found


def wait_paints(trace: Path, count: int, timeout_s: float = 10) -> list[Paint]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        paints = read_trace(trace)[1]
        if len(paints) >= count:
            return paints
        time.sleep(0.01)
    raise RuntimeError(f"no script step painted within {timeout_s} s ({count} expected)")


def xdo(display: str, *args: str) -> None:
    subprocess.run(["xdotool", *args], env={**os.environ, "DISPLAY": display}, check=True, timeout=10)


def walk(setup: BenchSetup, home: Path) -> list[float]:
    trace = home / "script-trace.txt"
    trace.unlink(missing_ok=True)
    run = setup.start(home, SOFTPHONE_TRACE_SCRIPT=str(trace))
    peer = SipPeer("bench-caller", setup.run_dir)
    try:
        run.wait_for(REGISTERED)
        run.wait_for(r"CRM (full|incremental) sync: \d+ changes applied")
        peer.register(CALLER, setup.kamailio.port)
        time.sleep(2)  # the window's first paints
        for _ in range(MAX_CALLS):
            if len(samples(trace)) >= CLICKS:
                break
            seen = len(read_trace(trace)[1])
            call = peer.cmd("call", uri=f"sip:{USER}@127.0.0.1:{setup.kamailio.port}")
            paint = wait_paints(trace, seen + 1)[-1]  # the script's first step, while it rings
            xdo(setup.display, "key", "ctrl+Return")
            peer.wait("state", id=call["id"], state="CONFIRMED", timeout=10)
            while paint.kind != "none" and len(samples(trace)) < CLICKS:
                time.sleep(PAUSE_S)
                seen = len(read_trace(trace)[1])
                if paint.kind == "text":
                    xdo(setup.display, "mousemove", str(paint.field_x), str(paint.field_y), "click", "1")
                    xdo(setup.display, "type", "--delay", "0", "x")
                xdo(setup.display, "mousemove", str(paint.x), str(paint.y), "click", "1")
                paint = wait_paints(trace, seen + 1)[-1]
            peer.cmd("hangup", id=call["id"])
            peer.wait("state", id=call["id"], state="DISCONNECTED", timeout=10)
            time.sleep(1.0)
    finally:
        peer.close()
        run.stop()
    return samples(trace)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, bench_setup(Path(tmp)) as setup:
        home = setup.home("operator")
        first = setup.start(home)  # the first day: the store is created and filled from the CRM
        try:
            first.wait_for(REGISTERED)
            first.wait_for(CRM_SYNCED)
        finally:
            first.stop()
        found = sorted(walk(setup, home))
        p95 = found[int(0.95 * (len(found) - 1))] if found else float("nan")
        if found:
            print(f"# {len(found)} clicks, median {statistics.median(found):.1f} ms", file=sys.stderr)
        print(f"script_step_p95_ms {p95:.1f}", flush=True)


if __name__ == "__main__":
    main()
