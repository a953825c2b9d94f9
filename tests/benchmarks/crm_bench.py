"""CRM client benchmark: prints ``name value`` lines.

- ``phone_lookup_p95_ms``: from ``tests/benchmarks/phone_lookup_bench.measure()`` (the store's own
  benchmark), when present.
- ``initial_sync_s``: first full sync of the reference server's ``--seed large`` data (100,000
  customers, 200,000 orders) into a fresh store, every page validated; ``sync_loop_max_stall_ms``: the
  longest the asyncio loop was blocked meanwhile (a ticker task scheduled every 5 ms).
- ``outbox_writes_per_s``: delivery rate of 2,000 queued customer/order updates.

Run: ``python tests/benchmarks/run.py crm`` (or ``python -m tests.benchmarks.crm_bench``).
"""

from __future__ import annotations

import asyncio
import gc
import importlib
import os
import tempfile
import time
from pathlib import Path

from softphone.sip.owner_loop import prefer_prompt_thread_switches
from softphone.store.db import open_store
from tests.helpers.crm_client_kit import crm_client
from tests.helpers.crm_client_scenario import queue_updates
from tests.helpers.crm_server import running_crm_server

TICK_S = 0.005
PAGE_SIZE = int(os.environ.get("CRM_BENCH_PAGE", "500"))


class StallMeter:
    """A task that sleeps TICK_S in a loop and records how late each wake-up was."""

    def __init__(self) -> None:
        self.max_stall_s = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _tick(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            before = loop.time()
            await asyncio.sleep(TICK_S)
            self.max_stall_s = max(self.max_stall_s, loop.time() - before - TICK_S)

    def start(self) -> None:
        self._task = asyncio.create_task(self._tick())

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()


def phone_lookup() -> None:
    try:
        module = importlib.import_module("tests.benchmarks.phone_lookup_bench")
    except ImportError:
        print("phone_lookup_p95_ms n/a")
        return
    result = module.measure()
    value = result.get("phone_lookup_p95_ms") if isinstance(result, dict) else result
    print(f"phone_lookup_p95_ms {float(value):.3f}")


def sync_and_delivery(workdir: Path, scale: float, writes: int) -> None:
    crm_dir = workdir / "crm"
    crm_dir.mkdir()
    extra = ("--scale", str(scale)) if scale != 1.0 else ()
    with running_crm_server(crm_dir, seed="large", extra_args=extra) as crm:
        store = open_store(workdir / "client.db")

        async def main() -> None:
            async with crm_client(crm.base_url, crm.token, store, page_size=PAGE_SIZE) as client:
                # like the app's composition root after start-up: the long-lived start-up objects leave
                # the GC's scans, so a full collection during the sync pauses the loop far less
                gc.freeze()
                meter = StallMeter()
                meter.start()
                started = time.perf_counter()
                result = await client.sync.sync_once()
                elapsed = time.perf_counter() - started
                meter.stop()
                print(f"initial_sync_s {elapsed:.2f}")
                print(f"initial_sync_entities {result.applied}")
                print(f"sync_loop_max_stall_ms {meter.max_stall_s * 1000:.1f}")
                print(f"sync_page_size {PAGE_SIZE}")

                rounds = 20
                per_kind = max(1, writes // rounds // 2)
                queue_updates(store, n_customers=per_kind, n_orders=per_kind, rounds=rounds)
                started = time.perf_counter()
                await client.delivery.deliver_pending()
                elapsed = time.perf_counter() - started
                print(f"outbox_writes_per_s {client.delivery.stats.delivered / elapsed:.1f}")

        try:
            asyncio.run(main())
        finally:
            store.close()


def main() -> None:
    prefer_prompt_thread_switches()  # as the app does (softphone/app.py): the sync's worker threads
    phone_lookup()
    scale = float(os.environ.get("CRM_BENCH_SCALE", "1.0"))
    writes = int(os.environ.get("CRM_BENCH_WRITES", "2000"))
    with tempfile.TemporaryDirectory(prefix="crm-bench-") as tmp:
        sync_and_delivery(Path(tmp), scale, writes)


if __name__ == "__main__":
    main()
