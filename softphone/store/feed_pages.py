"""A validated changes-feed page as the store's rows (``prepare_page``), and writing it with its cursor.

``prepare_page`` needs no database: the sync writer builds one page's rows while another page is
being written (``sync_worker``), so the write itself (``write_page``, inside the caller's write
transaction) is only SQLite work: the upserts in a fixed order (customers before the orders that
refer to them), the deletes, the quarantine (a record applied valid leaves it, the page's bad records
enter it) and the feed cursor the page leads to, all in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from softphone.crm.bad_changes import BadChange
from softphone.crm.feed import TypedChange
from softphone.store import crm_upserts, quarantine
from softphone.store.crm_rows import ENTITY_ROWS, Rows
from softphone.store.models import SyncState

FEED = "crm"
UPSERT_ORDER = ("customer", "product", "script", "order", "task")


@dataclass(frozen=True)
class PreparedPage:
    """A page's rows in ``UPSERT_ORDER``, its deletes, the records it brings (type, id), its bad records."""

    rows: list[Rows]
    deletes: dict[str, list[str]]
    seen: list[tuple[str, str]]
    bad: Sequence[BadChange]

    @property
    def empty(self) -> bool:
        return not self.seen and not self.bad


def prepare_page(items: Sequence[TypedChange], bad: Sequence[BadChange] = ()) -> PreparedPage:
    upserts: dict[str, list[Any]] = defaultdict(list)
    deletes: dict[str, list[str]] = defaultdict(list)
    for item in items:
        if item.op == "delete" or item.data is None:
            deletes[item.entity_type].append(item.entity_id)
        else:
            upserts[item.entity_type].append(item.data)
    rows = [ENTITY_ROWS[t](upserts[t]) for t in UPSERT_ORDER if upserts.get(t)]
    return PreparedPage(rows, dict(deletes), [(i.entity_type, i.entity_id) for i in items], bad)


def write_page(session: Session, page: PreparedPage, cursor: int, synced_at: dt.datetime) -> None:
    for rows in page.rows:
        crm_upserts.write_rows(session, rows)
    for entity_type, crm_ids in page.deletes.items():
        crm_upserts.delete_from_crm(session, entity_type, crm_ids)
    quarantine.forget(session, page.seen)
    quarantine.record(session, page.bad, cursor, synced_at)
    save_cursor(session, cursor, synced_at)


def stored_cursor(session: Session) -> int | None:
    row = session.get(SyncState, FEED)
    return None if row is None else row.cursor


def save_cursor(session: Session, cursor: int, synced_at: dt.datetime) -> None:
    row = session.get(SyncState, FEED)
    if row is None:
        row = SyncState(name=FEED)
        session.add(row)
    row.cursor = cursor
    row.last_success_at = synced_at
    row.last_attempt_at = synced_at
    row.last_error = None
