"""A sync writer process: validates changes-feed pages and writes them to the local store.

``python -m softphone.store.sync_worker STORE_PATH``, started and ended by the app's
``crm.writer_processes.ProcessPageWriter`` (``command(store_path)``); it talks over its stdin and
stdout (``crm.writer_wire``) and exits at the end of its stdin, i.e. when the app closes it or is
gone. For each ``page`` it validates the body (``feed.parse_changes``: bad records set aside) and
answers ``valid`` with the cursor and counts; on ``write`` it applies the page with its cursor in one
transaction (``StoreSyncTarget.apply_page``) and answers ``written``.

It runs at a lower priority than the app (``NICE``): it is background work, and on a two-core
desktop the window and a call's audio must not wait for it. Its connection commits with
``synchronous=NORMAL``: a sync page lost to a power cut is lost together with its cursor and is read
again, and the operator's own edits, committed by the app with ``synchronous=FULL``, still reach the
disk whole (their commit syncs the write-ahead log, which holds everything written before them).
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import os
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import event

from softphone.crm.errors import CrmProtocolError
from softphone.crm.feed import TypedChangesPage, parse_changes
from softphone.crm.page_writers import report_of
from softphone.crm.writer_wire import WireClosed, read_message, write_message
from softphone.store.crm_target import StoreSyncTarget
from softphone.store.db import open_store

log = logging.getLogger("softphone.store.sync_worker")
NICE = 10
BELOW_NORMAL_PRIORITY_CLASS = 0x4000


def command(store_path: Path) -> list[str]:
    """The command line of a sync writer process for the store at ``store_path``."""
    return [sys.executable, "-m", "softphone.store.sync_worker", str(store_path)]


def yield_to_the_app() -> None:
    """Run below the app's priority: on a two-core desktop the window and the call's audio come first."""
    if hasattr(os, "nice"):
        os.nice(NICE)
    elif sys.platform == "win32":
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        kernel32.SetPriorityClass(kernel32.GetCurrentProcess(), BELOW_NORMAL_PRIORITY_CLASS)


def _tune(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def serve(store_path: Path, stdin: Any, stdout: Any) -> None:
    """Answer the app's messages until the end of ``stdin``."""
    store = open_store(store_path)
    store.engine.dispose()  # every connection from here on is tuned
    event.listen(store.engine, "connect", _tune)
    target = StoreSyncTarget(store)
    # Validating a page makes a hundred thousand objects at once, freed by reference counting: the
    # collector's scans of them while they are made cost as much as the validation. It runs between
    # pages instead, when little is alive.
    gc.freeze()
    gc.disable()
    pages: dict[int, tuple[int, TypedChangesPage]] = {}
    try:
        while True:
            try:
                header, body = read_message(stdin)
            except WireClosed:
                return
            op, page_id = header.get("op"), int(header.get("id", -1))
            if op == "page":
                pages.pop(page_id, None)
                try:
                    page = parse_changes(body)
                except CrmProtocolError as exc:
                    write_message(stdout, {"op": "invalid", "id": page_id, "error": str(exc)})
                    continue
                del body
                pages[page_id] = (int(header["since"]), page)
                write_message(stdout, _valid(page_id, page))
            elif op == "write":
                since, page = pages.pop(page_id)
                try:
                    fresh = target.apply_page(page, since, dt.datetime.now(dt.UTC))
                except Exception as exc:  # the store's message may quote values (personal data): its kind
                    error = f"saving CRM changes after cursor {since} to the local store failed"
                    error = f"{error} ({type(exc).__name__})"
                    log.error("%s", error)
                    write_message(stdout, {"op": "failed", "id": page_id, "error": error})
                    continue
                write_message(stdout, {"op": "written", "id": page_id, "fresh": fresh})
                del page
                gc.collect()
            elif op == "drop":
                pages.pop(page_id, None)
    finally:
        store.close()


def _valid(page_id: Any, page: TypedChangesPage) -> dict[str, Any]:
    report = report_of(page)
    return {
        "op": "valid",
        "id": page_id,
        "next_cursor": report.next_cursor,
        "has_more": report.has_more,
        "counts": report.counts,
        "bad": [[b.entity_type, b.entity_id, b.error] for b in report.bad],
    }


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.WARNING, format="sync writer: %(levelname)s %(name)s: %(message)s")
    if len(argv) != 1:
        print("usage: python -m softphone.store.sync_worker STORE_PATH", file=sys.stderr)
        return 2
    yield_to_the_app()
    try:
        serve(Path(argv[0]), sys.stdin.buffer, sys.stdout.buffer)
    except (BrokenPipeError, KeyboardInterrupt):  # the app is gone
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
