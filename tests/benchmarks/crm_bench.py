"""CRM client benchmark on the app's own CRM link and loop: prints ``name value`` lines.

The client is wired as the app wires it: ``softphone.crm_link.CrmLink`` (transport, sync with its
writer processes, outbox delivery) on the local store, running on the loop the window uses (asyncio
on Qt through ``qasync.QEventLoop``, a ``QApplication``, the app's worker-thread pool, its 1 ms GIL
hand-over and its frozen start-up objects), against the reference CRM server as a separate process.

- ``phone_lookup_p95_ms`` (store file in the OS page cache) and ``phone_lookup_cold_p95_ms`` (its
  pages dropped first): from ``tests/benchmarks/phone_lookup_bench.measure()``, the store's own
  benchmark, when present.
- ``initial_sync_s``: from starting the link on a fresh store to its first sync done (status online)
  of the reference server's ``--seed large`` data (100,000 customers, 200,000 orders), every page
  validated; ``sync_loop_max_stall_ms``: the longest the loop was blocked meanwhile (a ticker task
  scheduled every 5 ms; on a busy machine the OS's own scheduling delays count too);
  ``sync_loop_max_busy_ms``: the most CPU time the loop's thread spent between two ticks (how long
  the app's own work held the loop, whatever the machine's load).
- ``outbox_writes_per_s``: delivery rate of 2,000 queued customer/order updates (20 rounds of 50
  customers and 50 orders: each entity's updates go in order), from their commit to the last
  delivered, by the link's own delivery loop.

Run: ``python tests/benchmarks/run.py crm`` (or ``python -m tests.benchmarks.crm_bench``).
``CRM_BENCH_SCALE`` scales the seed, ``CRM_BENCH_WRITES`` the outbox writes.
"""

from __future__ import annotations

import asyncio
import gc
import importlib
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

TICK_S = 0.005
WAIT_S = 900.0


class StallMeter:
    """A task that sleeps TICK_S in a loop and records how late each wake-up was, and how much of the
    loop thread's own CPU time went by meanwhile (the part of a stall our code spends on the loop;
    the rest is the thread waiting to be scheduled, e.g. on a busy machine)."""

    def __init__(self) -> None:
        self.max_stall_s = 0.0
        self.max_busy_s = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _tick(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            before, busy = loop.time(), time.thread_time()
            await asyncio.sleep(TICK_S)
            self.max_stall_s = max(self.max_stall_s, loop.time() - before - TICK_S)
            self.max_busy_s = max(self.max_busy_s, time.thread_time() - busy)

    def start(self) -> None:
        self._task = asyncio.create_task(self._tick())

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()


class BenchSecrets:
    """The keyring as the link reads it, holding the reference server's token."""

    def __init__(self, base_url: str, token: str) -> None:
        from softphone.settings.secrets import SecretStore

        self._saved = {SecretStore.crm_key(base_url): token}

    def get(self, key: str) -> str | None:
        return self._saved.get(key)


def phone_lookup() -> None:
    try:
        module = importlib.import_module("tests.benchmarks.phone_lookup_bench")
    except ImportError:
        print("phone_lookup_p95_ms n/a")
        return
    result = module.measure()
    for name in ("phone_lookup_p95_ms", "phone_lookup_cold_p95_ms"):
        if name in result:
            print(f"{name} {float(result[name]):.3f}")


async def until(predicate: Any, what: str, timeout_s: float = WAIT_S) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"benchmark: timed out waiting for {what}")
        await asyncio.sleep(0.01)


async def link_figures(base_url: str, token: str, store_path: Path, writes: int) -> None:
    from softphone.app import WORKER_THREADS
    from softphone.crm.link_status import LinkState, LinkStatus
    from softphone.crm_link import CrmLink
    from softphone.settings.schema import Crm
    from softphone.store.db import open_store
    from tests.helpers.crm_client_scenario import queue_updates

    loop = asyncio.get_running_loop()
    loop.set_default_executor(ThreadPoolExecutor(max_workers=WORKER_THREADS, thread_name_prefix="io-worker"))
    store = open_store(store_path)
    tasks: set[asyncio.Task[Any]] = set()

    def keep_task(coro: Any, name: str) -> asyncio.Task[Any]:
        task = asyncio.ensure_future(coro)
        task.set_name(name)
        tasks.add(task)
        return task

    status = LinkStatus()
    link = CrmLink(status, store, BenchSecrets(base_url, token), keep_task)  # type: ignore[arg-type]
    gc.freeze()  # as the app does after start-up
    meter = StallMeter()
    meter.start()
    try:
        started = time.perf_counter()
        link.start(
            base_url,
            embedded_dir=None,
            timeout_s=Crm.timeout_s.default,
            ca_file="",
            sync_interval_s=Crm.sync_interval_s.default,
        )
        await until(lambda: status.snapshot.last_sync_at is not None, "the first sync")
        elapsed = time.perf_counter() - started
        meter.stop()
        assert status.snapshot.state is LinkState.ONLINE, status.snapshot
        print(f"initial_sync_s {elapsed:.2f}")
        print(f"initial_sync_entities {status.snapshot.sync_done}")
        print(f"sync_loop_max_stall_ms {meter.max_stall_s * 1000:.1f}")
        print(f"sync_loop_max_busy_ms {meter.max_busy_s * 1000:.1f}")

        assert link.delivery is not None
        rounds = 20
        per_kind = max(1, writes // rounds // 2)
        delivered_before = link.delivery.stats.delivered
        committed: list[float] = []
        store.on_outbox_written(lambda: committed.append(time.perf_counter()))
        await asyncio.to_thread(queue_updates, store, per_kind, per_kind, rounds)
        started = committed[0]  # delivery starts at the commit of the queued updates
        queued = rounds * per_kind * 2
        await until(lambda: link.delivery.stats.delivered - delivered_before >= queued, "delivery")  # type: ignore[union-attr]
        elapsed = time.perf_counter() - started
        print(f"outbox_writes_per_s {queued / elapsed:.1f}")
    finally:
        meter.stop()
        await link.stop()
        store.close()


def sync_and_delivery(workdir: Path, scale: float, writes: int) -> None:
    import qasync
    from PySide6.QtWidgets import QApplication

    from tests.helpers.crm_server import running_crm_server

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    crm_dir = workdir / "crm"
    crm_dir.mkdir()
    extra = ("--scale", str(scale)) if scale != 1.0 else ()
    with running_crm_server(crm_dir, seed="large", extra_args=extra) as crm:
        app = QApplication.instance() or QApplication(sys.argv[:1])
        with asyncio.Runner(loop_factory=qasync.QEventLoop) as runner:
            runner.run(link_figures(crm.base_url, crm.token, workdir / "client.db", writes))
        del app


def main() -> None:
    from softphone.sip.owner_loop import prefer_prompt_thread_switches

    prefer_prompt_thread_switches()  # as the app does (softphone/app.py)
    phone_lookup()
    scale = float(os.environ.get("CRM_BENCH_SCALE", "1.0"))
    writes = int(os.environ.get("CRM_BENCH_WRITES", "2000"))
    with tempfile.TemporaryDirectory(prefix="crm-bench-") as tmp:
        sync_and_delivery(Path(tmp), scale, writes)


if __name__ == "__main__":
    main()
