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
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.benchmarks.app_under_bench import (  # noqa: E402
    CRM_SYNCED,
    REGISTERED,
    USER,
    BenchSetup,
    bench_setup,
    p95,
    timed_calls,
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


def invite_to_card(bench: WorkspaceBench) -> dict[str, float]:
    trace = bench.home / "card-trace.txt"
    trace.unlink(missing_ok=True)
    run = bench.start(SOFTPHONE_TRACE_CARD=str(trace))
    peer = SipPeer("workspace-bench", bench.setup.run_dir)
    rng = random.Random(7)
    port = bench.setup.kamailio.port

    def as_a_customer(_n: int) -> dict[str, Any]:
        peer.register(phone_of(rng.randint(1, CUSTOMERS), 0), port)
        return {"headers": {"Diversion": f"<sip:{SHOP_LINE}@127.0.0.1>;reason=unconditional"}}

    try:
        run.wait_for(REGISTERED, timeout_s=120)
        run.wait_for(SYNCED, timeout_s=120)
        time.sleep(SETTLE_S)  # the window's first paints and the sync's last writes, as in sip_bench's idle
        latencies = timed_calls(
            peer,
            trace,
            uri=f"sip:{USER}@127.0.0.1:{port}",
            calls=CALLS,
            pause_s=PAUSE_BETWEEN_CALLS_S,
            timeout_s=PAINT_TIMEOUT_S,
            what="card",
            before_call=as_a_customer,
        )
    finally:
        peer.close()
        run.stop()
    if not latencies:
        return {"invite_to_card_p95_ms": float("nan")}
    return {
        "invite_to_card_p95_ms": round(p95(latencies), 1),
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
