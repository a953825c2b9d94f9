"""A client process killed with SIGKILL at random points while delivering: nothing lost or doubled."""

from __future__ import annotations

import random
import selectors
import subprocess
import sys
import time
from pathlib import Path

from softphone.store.db import open_store
from tests.helpers.crm_client_kit import crm_client, run
from tests.helpers.crm_client_scenario import queue_updates, verify_delivered
from tests.helpers.crm_server import running_crm_server

ROOT = Path(__file__).resolve().parents[3]
KILLS = 20


def start_worker(store_path: Path, base_url: str, token: str) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.helpers.crm_client_worker",
            "--store",
            str(store_path),
            "--base-url",
            base_url,
        ],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,  # unbuffered: every "delivered" line is seen by select() as it comes
    )
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(token.encode() + b"\n")
    proc.stdin.close()
    proc.stdin = None
    line = proc.stdout.readline()  # bounded: the worker prints it at once or exits (EOF)
    assert line.strip() == b"delivering", (line, proc.stderr.read() if proc.stderr else b"")
    return proc


def test_kill_minus_9_during_delivery_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    (tmp_path / "crm").mkdir()
    rng = random.Random(20260123)
    with running_crm_server(tmp_path / "crm", seed="demo") as crm:
        store_path = tmp_path / "client.db"
        store = open_store(store_path)

        async def setup() -> None:
            async with crm_client(crm.base_url, crm.token, store) as client:
                await client.sync.sync_once()

        run(setup())
        plan = queue_updates(store, n_customers=15, n_orders=15, rounds=10)  # 300 writes
        store.close()

        kills = 0
        for _ in range(KILLS):
            proc = start_worker(store_path, crm.base_url, crm.token)
            # kill right after a random number of deliveries, or a random moment into the next one
            if wait_for_deliveries(proc, rng.randint(0, 8), deadline_s=30):
                time.sleep(rng.uniform(0, 0.01))
            if proc.poll() is None:
                proc.kill()  # SIGKILL by PID: no cleanup, mid-request or mid-transaction
                kills += 1
            proc.wait(timeout=10)
            proc.stdout.close()  # type: ignore[union-attr]
            proc.stderr.close()  # type: ignore[union-attr]
        final = start_worker(store_path, crm.base_url, crm.token)
        out, err = final.communicate(timeout=90)
        assert final.returncode == 0, (out, err)

        store = open_store(store_path)
        assert store.integrity_check() == "ok"
        assert verify_delivered(crm.db_path, store, plan) == 300
        store.close()
    assert kills == KILLS  # every kill hit a running delivery (300 writes outlast 20 x 8)


def wait_for_deliveries(proc: subprocess.Popen[bytes], count: int, deadline_s: float) -> bool:
    """Read the worker's ``delivered`` lines until ``count`` were seen; False on exit or deadline."""
    assert proc.stdout is not None
    seen = 0
    deadline = time.monotonic() + deadline_s
    with selectors.DefaultSelector() as sel:
        sel.register(proc.stdout, selectors.EVENT_READ)
        while seen < count:
            left = deadline - time.monotonic()
            if left <= 0 or not sel.select(timeout=left):
                return False
            line = proc.stdout.readline()
            if not line:
                return False
            seen += line.strip() == b"delivered"
    return True
