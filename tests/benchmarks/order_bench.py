"""Order editor benchmarks on the app as operators run it (printed, never asserted): ``run.py workspace``.

``python -m softphone`` runs with its main window on Xvfb, registered at Kamailio and synced with the
reference CRM (``app_under_bench.py``); before the measured start its local store gets 50,000 products
(the reference CRM's generated catalogue, with stock per warehouse and supplier availability). A
pjsua2 peer (a customer with an open order) calls in; the operator's keys, sent through xdotool to the
real window, answer (Ctrl+Return), open her order from the card (Ctrl+Shift+O), go to the product
search (Ctrl+P) and type product words, add the first hit (Enter) and save (Ctrl+Shift+S), again and
again. The app notes the times (``SOFTPHONE_TRACE_ORDER``, ``softphone/ui/diagnostics.py``):

- product_search_p95_ms: a keystroke in the product search (its key press in the field) to the hits
  painted for it, over 50,000 products; p95 over ``ORDER_BENCH_KEYS`` keystrokes (goal <= 50).
- order_save_p95_ms: the save key taken to the local commit of the order with its outbox entry (on
  the store worker); p95 over ``ORDER_BENCH_SAVES`` saves (goal <= 20).
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.benchmarks.app_under_bench import CRM_SYNCED, REGISTERED, USER, BenchSetup, bench_setup  # noqa: E402
from tests.helpers.sip_peer import SipPeer  # noqa: E402

PRODUCTS = 50_000
KEYS = int(os.environ.get("ORDER_BENCH_KEYS", "100"))
SAVES = int(os.environ.get("ORDER_BENCH_SAVES", "40"))
CALLER = "79161234567"  # Иванова Анна Сергеевна, open order O-DEMO-1
WORDS = ("bosch", "philips", "samsung", "xiaomi", "tefal", "lego", "redmond", "braun", "polaris", "makita")
KEY_PAUSE_S = 0.15  # between keystrokes: a fast typist, each answer painted before the next key
CHUNK = 5_000


def add_products(store_path: Path) -> None:
    """The app's store gets the CRM catalogue's 50,000 products, as a sync of that catalogue would."""
    from softphone.crm_server.seed import Generator
    from softphone.store.crm_upserts import upsert_products_from_crm
    from softphone.store.db import open_store

    products = Generator(dt.datetime.now(dt.UTC), PRODUCTS).products
    store = open_store(store_path)
    try:
        for start in range(0, len(products), CHUNK):
            with store.session() as session, session.begin():
                upsert_products_from_crm(session, products[start : start + CHUNK])
    finally:
        store.close()


def read_trace(path: Path) -> list[list[str]]:
    return [line.split() for line in path.read_text().splitlines()] if path.exists() else []


def search_samples(trace: Path) -> list[float]:
    """Each ``hits`` paint minus the last key press before it (ms)."""
    found, key = [], None
    for parts in read_trace(trace):
        if parts[0] == "key":
            key = float(parts[1])
        elif parts[0] == "hits" and key is not None:
            found.append((float(parts[1]) - key) * 1000)
            key = None
    return found


def save_samples(trace: Path) -> list[float]:
    return [(float(p[2]) - float(p[1])) * 1000 for p in read_trace(trace) if p[0] == "save"]


def xdo(display: str, *args: str) -> None:
    subprocess.run(["xdotool", *args], env={**os.environ, "DISPLAY": display}, check=True, timeout=10)


def wait_until(predicate: object, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while not predicate():  # type: ignore[operator]
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def drive(setup: BenchSetup, home: Path) -> tuple[list[float], list[float]]:
    trace = home / "order-trace.txt"
    trace.unlink(missing_ok=True)
    run = setup.start(home, SOFTPHONE_TRACE_ORDER=str(trace))
    peer = SipPeer("bench-caller", setup.run_dir)
    try:
        run.wait_for(REGISTERED)
        run.wait_for(r"CRM (full|incremental) sync: \d+ changes applied")
        peer.register(CALLER, setup.kamailio.port)
        time.sleep(2)  # the window's first paints
        call = peer.cmd("call", uri=f"sip:{USER}@127.0.0.1:{setup.kamailio.port}")
        time.sleep(1.0)  # ringing, the card on screen
        xdo(setup.display, "key", "ctrl+Return")
        peer.wait("state", id=call["id"], state="CONFIRMED", timeout=10)
        time.sleep(1.0)
        xdo(setup.display, "key", "ctrl+shift+o")  # her open order, in the editor
        time.sleep(1.5)
        word = missed = 0
        while len(search_samples(trace)) < KEYS or len(save_samples(trace)) < SAVES:
            xdo(setup.display, "key", "ctrl+p", "ctrl+a", "BackSpace")
            time.sleep(KEY_PAUSE_S * 2)
            for char in WORDS[word % len(WORDS)]:
                xdo(setup.display, "type", "--delay", "0", char)
                time.sleep(KEY_PAUSE_S)
            word += 1
            xdo(setup.display, "key", "Return")  # the first hit joins the order
            time.sleep(0.2)
            saves = len(save_samples(trace))
            xdo(setup.display, "key", "ctrl+shift+s")
            if not wait_until(lambda n=saves: len(save_samples(trace)) > n, 10):
                missed += 1  # said why in the editor (nothing changed, refused): not a sample
            time.sleep(0.5)  # its reload and delivery to the CRM
            if word > (KEYS + SAVES) * 2:
                break
        if missed:
            print(f"# {missed} saves not committed", file=sys.stderr)
        peer.cmd("hangup", id=call["id"])
        peer.wait("state", id=call["id"], state="DISCONNECTED", timeout=10)
    finally:
        peer.close()
        run.stop()
    return search_samples(trace), save_samples(trace)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[int(0.95 * (len(ordered) - 1))] if ordered else float("nan")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, bench_setup(Path(tmp)) as setup:
        home = setup.home("operator")
        first = setup.start(home)  # the first day: the store is created and filled from the CRM
        try:
            first.wait_for(REGISTERED)
            first.wait_for(CRM_SYNCED)
        finally:
            first.stop()
        add_products(home / "data" / "softphone.sqlite3")
        searches, saves = drive(setup, home)
        for name, found in (("keystrokes", searches), ("saves", saves)):
            if found:
                print(f"# {len(found)} {name}, median {statistics.median(found):.1f} ms", file=sys.stderr)
        print(f"product_search_p95_ms {p95(searches):.1f}", flush=True)
        print(f"order_save_p95_ms {p95(saves):.1f}", flush=True)


if __name__ == "__main__":
    main()
