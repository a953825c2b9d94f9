"""Workspace benchmarks on the app as operators run it (printed, never asserted): ``run.py workspace``.

The app is ``python -m softphone`` with its main window on an X display (Xvfb), registered at a real
Kamailio, synced with the reference CRM, its local store holding 1,000,000 customers (the store of
``phone_lookup_bench``, built once and cached, copied in before the first start); see
``app_under_bench.py``. A first start, not measured, syncs the CRM's demo data into it.

- invite_to_card_p95_ms: once the app is registered, synced and settled, a pjsua2 peer, registered
  each time as another of the million customers, calls the app through Kamailio (the shop's line in
  ``Diversion``) 100 times; from just before the peer sends the INVITE to the customer's name painted
  on the card in the main window (``SOFTPHONE_TRACE_CARD``), the phone still ringing. p95; includes
  the Kamailio hop, the look-up on the store worker and the card's layout.
  ``WORKSPACE_BENCH_BUSY_GUI=1`` keeps the GUI thread busy 5 ms of every 10 ms, as
  ``invite_to_gui_p95_ms`` does.

Adding a figure: write ``def figure(bench: WorkspaceBench) -> dict[str, float]`` and append it to
``FIGURES``; every figure runs on the same prepared setup (store, Kamailio, CRM, display).
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.benchmarks.app_under_bench import (  # noqa: E402
    CRM_SYNCED,
    REGISTERED,
    USER,
    BenchSetup,
    bench_setup,
)
from tests.benchmarks.phone_lookup_bench import _build, cached_store_path, phone_of  # noqa: E402
from tests.helpers.sip_peer import SipPeer  # noqa: E402

CUSTOMERS = int(os.environ.get("WORKSPACE_BENCH_CUSTOMERS", "1000000"))
CALLS = int(os.environ.get("WORKSPACE_BENCH_CALLS", "100"))
SHOP_LINE = "+74952223344"  # the demo CRM's ТехноДом
PAUSE_BETWEEN_CALLS_S = 2.7  # as sip_bench: one call line on screen at a time
PAINT_TIMEOUT_S = 10.0
SYNCED = r"CRM (full|incremental) sync: \d+ changes applied"
SETTLE_S = 2.0


@dataclass
class WorkspaceBench:
    setup: BenchSetup
    home: Path

    def start(self, **env: str):  # type: ignore[no-untyped-def]
        if os.environ.get("WORKSPACE_BENCH_BUSY_GUI"):
            env["SOFTPHONE_BENCH_BUSY_GUI"] = "1"
        return self.setup.start(self.home, **env)


@contextlib.contextmanager
def prepared(run_dir: Path) -> Iterator[WorkspaceBench]:
    """Kamailio, the CRM and Xvfb; a home whose store holds the million customers, synced once."""
    store = cached_store_path(CUSTOMERS)
    if not store.exists():
        started = time.perf_counter()
        _build(store, CUSTOMERS)
        print(
            f"# built a store of {CUSTOMERS} customers in {time.perf_counter() - started:.0f} s", flush=True
        )
    with bench_setup(run_dir) as setup:
        home = setup.home("operator")
        (home / "data").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(store, home / "data" / "softphone.sqlite3")
        first = setup.start(home)
        try:
            first.wait_for(REGISTERED, timeout_s=120)
            first.wait_for(CRM_SYNCED, timeout_s=300)
        finally:
            first.stop()
        yield WorkspaceBench(setup, home)


def _wait_for_card(trace: Path, count: int, timeout_s: float) -> float | None:
    """Time of the ``count``-th card paint (one per call whose customer the card shows)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        lines = trace.read_text().splitlines() if trace.exists() else []
        if len(lines) >= count:
            return float(lines[count - 1].split()[2])
        time.sleep(0.002)
    return None


def invite_to_card(bench: WorkspaceBench) -> dict[str, float]:
    trace = bench.home / "card-trace.txt"
    trace.unlink(missing_ok=True)
    run = bench.start(SOFTPHONE_TRACE_CARD=str(trace))
    peer = SipPeer("workspace-bench", bench.setup.run_dir)
    rng = random.Random(7)
    latencies: list[float] = []
    try:
        run.wait_for(REGISTERED, timeout_s=120)
        run.wait_for(SYNCED, timeout_s=120)
        time.sleep(SETTLE_S)  # the window's first paints and the sync's last writes, as in sip_bench's idle
        port = bench.setup.kamailio.port
        for n in range(CALLS):
            caller = phone_of(rng.randint(1, CUSTOMERS), 0)
            peer.register(caller, port)
            ack = peer.cmd(
                "call",
                uri=f"sip:{USER}@127.0.0.1:{port}",
                headers={"Diversion": f"<sip:{SHOP_LINE}@127.0.0.1>;reason=unconditional"},
            )
            painted = _wait_for_card(trace, n + 1, PAINT_TIMEOUT_S)
            if painted is None:
                print(f"# call {n}: no card painted within {PAINT_TIMEOUT_S} s", file=sys.stderr)
                break
            latencies.append((painted - ack["sent_at"]) * 1000)
            peer.cmd("hangup", id=ack["id"])
            peer.wait("state", id=ack["id"], state="DISCONNECTED", timeout=10)
            time.sleep(PAUSE_BETWEEN_CALLS_S)
    finally:
        peer.close()
        run.stop()
    latencies.sort()
    if not latencies:
        return {"invite_to_card_p95_ms": float("nan")}
    return {
        "invite_to_card_p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))], 1),
        "invite_to_card_p50_ms": round(latencies[len(latencies) // 2], 1),
        "invite_to_card_max_ms": round(latencies[-1], 1),
        "invite_to_card_calls": len(latencies),
    }


FIGURES: list[Callable[[WorkspaceBench], dict[str, float]]] = [invite_to_card]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, prepared(Path(tmp)) as bench:
        for figure in FIGURES:
            for name, value in figure(bench).items():
                print(f"{name} {value}", flush=True)


if __name__ == "__main__":
    main()
