"""Local store benchmarks: screen-pop phone look-up at scale, and the sync upsert throughput.

``measure(count=1_000_000)`` builds (once; cached under the temp dir, keyed by count and schema
revision) a store with ``count`` customers (1-3 phones each, an address, tags on some, an order for
every fourth) by raw bulk inserts, then times ~2,000 random ``find_customer_by_phone`` calls (90 %
hits, 10 % misses), each with its own read session as the UI does, twice:

- ``phone_lookup_p95_ms``: with the store file in the OS page cache, as in an app that has been running
  (its sync wrote the file, its screen-pops read it); the cost of the indexed path itself.
- ``phone_lookup_cold_p95_ms``: with the file's pages dropped from the OS page cache first
  (``posix_fadvise``, Linux; this file only), as for the first calls after a reboot: about nine random
  page reads from the disk per look-up, so it measures the disk as much as the look-up.

Before, the figure mixed the two by chance: a store just built was in the page cache, one built
earlier was partly evicted by whatever ran in between. ``measure_upserts`` times the
sync engine's bulk upserts on a fresh store. ``python tests/benchmarks/phone_lookup_bench.py [count]``
prints ``name value`` lines.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from alembic.script import ScriptDirectory

from softphone.crm import schemas as s
from softphone.store.crm_upserts import upsert_customers_from_crm, upsert_orders_from_crm
from softphone.store.customers import find_customer_by_phone
from softphone.store.db import MIGRATIONS_DIR, alembic_config, open_store

BATCH = 50_000
LOOKUPS = 2_000
STAMP = "2026-01-10 09:00:00.000000"
FIRST = ["Иван", "Пётр", "Анна", "Мария", "Олег", "Ольга", "Сергей", "Елена"]
LAST = ["Иванов", "Петров", "Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев", "Козлов"]


def phone_of(customer: int, k: int) -> str:
    """Unique mobile number of the customer's k-th phone."""
    return f"+79{(customer * 3 + k) % 1_000_000_000:09d}"


def _phone_count(customer: int) -> int:
    return 1 + customer % 3


def _build(path: Path, count: int) -> None:
    tmp = path.with_suffix(".building")
    for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        leftover.unlink(missing_ok=True)
    open_store(tmp).close()  # the real schema, through the migrations
    conn = sqlite3.connect(tmp, isolation_level=None)
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("BEGIN")
    for start in range(1, count + 1, BATCH):
        ids = range(start, min(count, start + BATCH - 1) + 1)
        customers = []
        for i in ids:
            name = f"{LAST[i % 8]} {FIRST[(i // 8) % 8]} {i}"
            customers.append((i, f"c{i}", 1, name, name.casefold().replace("ё", "е"), "", STAMP, STAMP))
        conn.executemany(
            "INSERT INTO customers (id, crm_id, version, name, name_key, notes, created_at, updated_at)"
            " VALUES (?,?,?,?,?,?,?,?)",
            customers,
        )
        conn.executemany(
            "INSERT INTO customer_phones (customer_id, e164, kind, position) VALUES (?,?,?,?)",
            (
                (i, phone_of(i, k), "mobile" if k == 0 else "home", k)
                for i in ids
                for k in range(_phone_count(i))
            ),
        )
        conn.executemany(
            "INSERT INTO customer_addresses (customer_id, position, city, street, house) VALUES (?,?,?,?,?)",
            ((i, 0, "Москва", "Тверская", str(i % 200 + 1)) for i in ids),
        )
        conn.executemany(
            "INSERT INTO customer_tags (customer_id, tag) VALUES (?,?)",
            ((i, "vip") for i in ids if i % 10 == 0),
        )
        conn.executemany(
            "INSERT INTO orders (crm_id, version, customer_id, customer_crm_id, store_crm_id, status,"
            " delivery_cost, items_total, discount, total, comment, created_at, updated_at)"
            " VALUES (?,1,?,?,'st1','new',0,129000,0,129000,'',?,?)",
            ((f"o{i}", i, f"c{i}", STAMP, STAMP) for i in ids if i % 4 == 0),
        )
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    tmp.replace(path)


def cached_store_path(count: int) -> Path:
    """Keyed by count, schema head and the migrations' text (so an edited revision rebuilds too)."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    digest = hashlib.sha256()
    for script in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        digest.update(script.read_bytes())
    folder = Path(tempfile.gettempdir()) / "softphone-bench"
    folder.mkdir(exist_ok=True)
    return folder / f"phones-{count}-rev{head}-{digest.hexdigest()[:12]}.db"


def measure(count: int = 1_000_000) -> dict[str, float]:
    path = cached_store_path(count)
    figures: dict[str, float] = {}
    if not path.exists():
        started = time.perf_counter()
        _build(path, count)
        figures["phone_lookup_build_s"] = round(time.perf_counter() - started, 1)
    rng = random.Random(42)
    targets = []
    for _ in range(LOOKUPS):
        if rng.random() < 0.9:
            customer = rng.randint(1, count)
            targets.append(phone_of(customer, rng.randrange(_phone_count(customer))))
        else:
            targets.append(f"+7800{rng.randint(0, 9_999_999):07d}")  # nobody has these
    for name, prepare in (("phone_lookup", _into_page_cache), ("phone_lookup_cold", _out_of_page_cache)):
        if not prepare(path):
            continue
        timings, found = _time_lookups(path, targets)
        figures[f"{name}_p50_ms"] = round(statistics.median(timings), 3)
        figures[f"{name}_p95_ms"] = round(timings[int(len(timings) * 0.95) - 1], 3)
        figures[f"{name}_max_ms"] = round(timings[-1], 3)
        figures["phone_lookup_hit_ratio"] = round(found / len(targets), 3)
    figures["phone_lookup_customers"] = count
    return figures


def _time_lookups(path: Path, targets: list[str]) -> tuple[list[float], int]:
    store = open_store(path)
    try:
        for e164 in targets[:100]:  # warm the statement cache
            with store.read_session() as session:
                find_customer_by_phone(session, e164)
        timings = []
        found = 0
        for e164 in targets:
            t0 = time.perf_counter()
            with store.read_session() as session:
                card = find_customer_by_phone(session, e164)
            timings.append((time.perf_counter() - t0) * 1000)
            found += card is not None
    finally:
        store.close()
    timings.sort()
    return timings, found


def _into_page_cache(path: Path) -> bool:
    with path.open("rb") as file:
        while file.read(1 << 20):
            pass
    return True


def _out_of_page_cache(path: Path) -> bool:
    if not hasattr(os, "posix_fadvise"):
        return False
    for name in (path, Path(f"{path}-wal")):
        if name.exists():
            fd = os.open(name, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)
    return True


def measure_upserts(customers: int = 20_000, batch: int = 2_000) -> dict[str, float]:
    """Rows per second of the sync upserts (customers, then two orders per customer)."""
    t0 = dt.datetime(2026, 1, 10, tzinfo=dt.UTC)
    price = Decimal("1290.00")
    totals = s.OrderTotals(items_total=price, delivery_cost=Decimal(0), discount=Decimal(0), total=price)
    cust = [
        s.Customer(
            id=f"c{i}",
            name=f"Клиент {i}",
            phones=[s.CustomerPhone(e164=phone_of(i, 0)), s.CustomerPhone(e164=phone_of(i, 1), kind="home")],
            addresses=[s.Address(city="Москва", street="Тверская", house="1")],
            version=1,
            created_at=t0,
            updated_at=t0,
        )
        for i in range(customers)
    ]
    orders = [
        s.Order(
            id=f"o{i}-{k}",
            customer_id=f"c{i}",
            store_id="st1",
            status="new",
            items=[s.OrderItem(product_id="p1", sku="SKU", name="Чайник", qty=1, price=price)],
            payment=s.Payment(method="card", status="pending"),
            totals=totals,
            version=1,
            created_at=t0,
            updated_at=t0,
        )
        for i in range(customers)
        for k in range(2)
    ]
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "upserts.db")
        try:
            started = time.perf_counter()
            for i in range(0, len(cust), batch):
                with store.session() as session, session.begin():
                    upsert_customers_from_crm(session, cust[i : i + batch])
            middle = time.perf_counter()
            for i in range(0, len(orders), batch):
                with store.session() as session, session.begin():
                    upsert_orders_from_crm(session, orders[i : i + batch])
            ended = time.perf_counter()
        finally:
            store.close()
    return {
        "upsert_customers_per_s": round(len(cust) / (middle - started)),
        "upsert_orders_per_s": round(len(orders) / (ended - middle)),
    }


def measure_call_history(calls: int = 300) -> dict[str, float]:
    """Time of one ended call's row written on the GUI thread (one INSERT + a FULL-sync commit)."""
    from softphone.sip.events import CallDirection, CallOutcome, CallState, CallStateChanged
    from softphone.store.call_history import CallHistoryRecorder

    timings = []
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "history.db")
        try:
            recorder = CallHistoryRecorder(store)
            for i in range(calls):
                event = CallStateChanged(
                    call_id=i,
                    direction=CallDirection.INBOUND,
                    state=CallState.ENDED,
                    remote_number=phone_of(i, 0),
                    outcome=CallOutcome.MISSED,
                )
                t0 = time.perf_counter()
                recorder.on_sip_event(event)
                timings.append((time.perf_counter() - t0) * 1000)
        finally:
            store.close()
    timings.sort()
    return {"call_history_insert_p95_ms": round(timings[int(len(timings) * 0.95) - 1], 3)}


def main(count: int = 1_000_000) -> None:
    for name, value in {**measure(count), **measure_upserts(), **measure_call_history()}.items():
        print(f"{name} {value}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
