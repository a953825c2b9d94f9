"""SIP benchmarks (printed, never asserted): ``python tests/benchmarks/run.py sip``.

- start_to_registered_ms: process spawn -> REGISTERED at Kamailio (median of 5 fresh processes).
- invite_to_gui_p95_ms: the peer's time.time() just before it sends the INVITE -> the IncomingCall
  slot running on a Qt GUI thread that is busy 5 ms of every 10 ms (p95 of 100 calls; includes
  the Kamailio hop).
- idle_cpu_percent / idle_rss_mb: this process, registered and idle for 60 s.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from softphone.sip.engine import SipEngine  # noqa: E402
from softphone.sip.events import (  # noqa: E402
    CallState,
    CallStateChanged,
    IncomingCall,
    RegistrationChanged,
    RegistrationState,
    SipAccountSettings,
    SipEvent,
)
from softphone.sip.owner_loop import prefer_prompt_thread_switches  # noqa: E402
from tests.helpers.kamailio import Kamailio  # noqa: E402
from tests.helpers.load import busy_gui_timer  # noqa: E402
from tests.helpers.sip_peer import SipPeer  # noqa: E402

IDLE_S = int(os.environ.get("SIP_BENCH_IDLE_S", "60"))
CALLS = 100
# pjlib frees a closed socket's ioqueue slot only 500 ms later and the wheel's select() ioqueue has 64
# slots (its assertion aborts the process when they run out): back-to-back calls faster than about 30
# per 500 ms exhaust the peer's slots, two per call (RTP + RTCP). A short pause keeps the peer alive and
# does not touch the figure measured (INVITE arrival to the GUI thread).
PAUSE_BETWEEN_CALLS_S = 0.03


def start_to_registered_ms(port: int) -> float:
    probe = ROOT / "tests" / "benchmarks" / "sip_register_probe.py"
    samples = []
    for _ in range(5):
        t0 = time.time()
        out = subprocess.run(
            [sys.executable, str(probe), str(port)], capture_output=True, text=True, timeout=60, cwd=ROOT
        )
        line = [x for x in out.stdout.splitlines() if x.startswith("registered ")]
        if out.returncode == 0 and line:
            samples.append((float(line[0].split()[1]) - t0) * 1000)
    return statistics.median(samples) if samples else float("nan")


def gui_latency_and_idle(kam: Kamailio) -> tuple[float, float, float]:
    from PySide6.QtCore import QCoreApplication, QObject, Signal

    prefer_prompt_thread_switches()  # as the app does (softphone/app.py)
    app = QCoreApplication.instance() or QCoreApplication([])

    class Bridge(QObject):
        event_received = Signal(object)

    bridge = Bridge()
    latencies: list[float] = []
    sent: dict[int, float] = {}
    state: dict[str, Any] = {"registered": False, "active": set(), "ended": 0, "incoming": []}

    def on_gui(event: SipEvent) -> None:  # runs on the GUI thread
        now = time.time()
        if isinstance(event, IncomingCall):
            state["incoming"].append((event.call_id, now))
        elif isinstance(event, RegistrationChanged) and event.state is RegistrationState.REGISTERED:
            state["registered"] = True
        elif isinstance(event, CallStateChanged) and event.state is CallState.ENDED:
            state["ended"] += 1

    bridge.event_received.connect(on_gui)
    busy = busy_gui_timer()  # 5 ms of every 10 ms
    busy.start()
    engine = SipEngine(bridge.event_received.emit)  # emitted on the owner thread -> queued to GUI

    def pump_until(pred: Any, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            app.processEvents()
            if pred():
                return True
            time.sleep(0.001)
        return False

    engine.start()
    peer = SipPeer("bench", kam.run_dir)  # its pjsua log: peer-bench.log next to Kamailio's
    try:
        engine.configure_account(
            SipAccountSettings(username="1001", domain="127.0.0.1", port=kam.port), "1001pw"
        )
        pump_until(lambda: state["registered"], 10)
        peer.register("1002", kam.port)
        peer.cmd("policy", incoming="ring")
        for n in range(CALLS):
            ack = peer.cmd("call", uri=f"sip:1001@127.0.0.1:{kam.port}")
            sent[n] = ack["sent_at"]
            if not pump_until(lambda n=n: len(state["incoming"]) > n, 10):
                break
            call_id, seen = state["incoming"][n]
            latencies.append((seen - sent[n]) * 1000)
            engine.reject(call_id, busy=True)
            pump_until(lambda n=n: state["ended"] > n, 10)
            pump_until(lambda: False, PAUSE_BETWEEN_CALLS_S)
        busy.stop()
        # idle phase: registered, nothing happening
        proc = psutil.Process()
        proc.cpu_percent(None)
        time.sleep(IDLE_S)  # the GUI would be idle too; only the SIP owner thread runs
        cpu = proc.cpu_percent(None)
        rss = proc.memory_info().rss / 1e6
    finally:
        peer.close()
        engine.stop()
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))] if latencies else float("nan")
    return p95, cpu, rss


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        kam = Kamailio(Path(tmp))
        kam.start()
        try:
            print(f"start_to_registered_ms {start_to_registered_ms(kam.port):.1f}", flush=True)
            p95, cpu, rss = gui_latency_and_idle(kam)
            print(f"invite_to_gui_p95_ms {p95:.1f}")
            print(f"idle_cpu_percent {cpu:.2f}")
            print(f"idle_rss_mb {rss:.1f}", flush=True)
        finally:
            kam.stop()


if __name__ == "__main__":
    main()
