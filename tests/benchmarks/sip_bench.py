"""SIP benchmarks on the app as operators run it (printed, never asserted): ``run.py sip``.

Every figure is taken on ``python -m softphone`` with its main window on an X display (Xvfb),
registered at a real Kamailio and synced with a configured CRM (the reference server), secrets in
the (test) keyring; see ``app_under_bench.py``. The store is created by a first start that is not
measured: the figures are those of every later start, as operators start the app each day.

- start_to_registered_ms: process spawn -> the app's log line ``registered`` (median of 5 starts).
- idle_cpu_percent / idle_rss_mb: the app process and all its children, registered and CRM synced,
  then idle for 60 s (``SIP_BENCH_IDLE_S`` shortens it for trial runs); RSS at the end.
- invite_to_gui_p95_ms: a pjsua2 peer calls the app through Kamailio 100 times; the peer's
  time.time() just before it sends the INVITE -> the call line of that call painted in the main
  window (``SOFTPHONE_TRACE_PAINT``), while the GUI thread is busy 5 ms of every 10 ms
  (``SOFTPHONE_BENCH_BUSY_GUI``). p95; includes the Kamailio hop. The peer cancels each call.
- flood_pairs_survived: one burst of 500 INVITE+CANCEL pairs straight at the SIP engine's port; how
  many it handled with no abort and no call left ringing (goal 500; see ``sip_flood_bench.py``).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.benchmarks.app_under_bench import (  # noqa: E402
    CRM_SYNCED,
    REGISTERED,
    USER,
    BenchSetup,
    TreeSampler,
    bench_setup,
    log_time,
    p95,
    timed_calls,
)
from tests.benchmarks.sip_flood_bench import flood_pairs_survived  # noqa: E402
from tests.helpers.sip_peer import SipPeer  # noqa: E402

IDLE_S = float(os.environ.get("SIP_BENCH_IDLE_S", "60"))
STARTS = 5
CALLS = 100
# An ended call's line stays on screen for 2.5 s (softphone/ui/calls/call_lines.py); calls closer
# together pile ended lines up until the new line lands below the visible part of the window and is
# painted only when an old one goes. One call every ~2.7 s keeps a single line on screen, as for an
# operator taking calls one after another. (It also stays far from pjlib's socket-slot limit: closed
# sockets' ioqueue slots are freed 500 ms later, and the select() ioqueue has 64.)
PAUSE_BETWEEN_CALLS_S = 2.7


def first_start(setup: BenchSetup, home: Path) -> None:
    """Create the store and take the CRM's data once, as the first day does."""
    run = setup.start(home)
    try:
        run.wait_for(REGISTERED)
        run.wait_for(CRM_SYNCED)
    finally:
        run.stop()


def start_to_registered_ms(setup: BenchSetup, home: Path) -> float:
    samples = []
    for _ in range(STARTS):
        spawned = time.time()
        run = setup.start(home)
        try:
            stamp = run.wait_for(REGISTERED).group(1)
        finally:
            run.stop()
        samples.append((log_time(stamp) - spawned) * 1000)
    return statistics.median(samples)


def idle(setup: BenchSetup, home: Path) -> tuple[float, float]:
    """(CPU %, RSS MB) of the app's process tree, registered, synced and idle."""
    run = setup.start(home)
    try:
        run.wait_for(REGISTERED)
        run.wait_for(r"CRM (full|incremental) sync: \d+ changes applied")
        time.sleep(2)  # the window's first paints and the sync's last writes
        tree = TreeSampler(run.process.pid)
        cpu = tree.cpu_percent_over(IDLE_S)
        return cpu, tree.memory_mb()["rss"]
    finally:
        run.stop()


def invite_to_gui_p95_ms(setup: BenchSetup, home: Path) -> float:
    trace = home / "paint-trace.txt"
    trace.unlink(missing_ok=True)
    run = setup.start(home, SOFTPHONE_TRACE_PAINT=str(trace), SOFTPHONE_BENCH_BUSY_GUI="1")
    peer = SipPeer("bench", setup.run_dir)  # its pjsua log: peer-bench.log in the run directory
    try:
        run.wait_for(REGISTERED)
        port = setup.kamailio.port
        peer.register("1002", port)
        latencies = timed_calls(
            peer,
            trace,
            uri=f"sip:{USER}@127.0.0.1:{port}",
            calls=CALLS,
            pause_s=PAUSE_BETWEEN_CALLS_S,
            timeout_s=10,
            what="call line",
        )
    finally:
        peer.close()
        run.stop()
    return p95(latencies)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, bench_setup(Path(tmp)) as setup:
        home = setup.home("operator")
        first_start(setup, home)
        print(f"start_to_registered_ms {start_to_registered_ms(setup, home):.1f}", flush=True)
        cpu, rss = idle(setup, home)
        print(f"idle_cpu_percent {cpu:.2f}")
        print(f"idle_rss_mb {rss:.1f}", flush=True)
        p95 = invite_to_gui_p95_ms(setup, home)
        print(f"invite_to_gui_p95_ms {p95:.1f}", flush=True)
        print(f"flood_pairs_survived {flood_pairs_survived(setup.kamailio.port)}", flush=True)


if __name__ == "__main__":
    main()
