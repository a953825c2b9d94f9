"""The local store as the CRM client sees it: ``crm.sync.SyncTarget`` and ``crm.outbox_queue.OutboxQueue``.

The dependency goes one way: the store implements the protocols the CRM client declares, and
``softphone.crm`` never imports ``softphone.store``. ``StoreSyncTarget`` applies validated
change-feed pages and reference lists, saving the feed cursor in the same transaction as the page
(``apply_page`` only when the stored cursor is the one the page follows: never twice, never out of
order; the sync writer processes of ``sync_worker`` call it too).
``StoreOutboxQueue`` hands outbox entries to ``OutboxDelivery`` as plain detached values and
records each outcome. Every method opens its own session and is meant to
run in a worker thread (``asyncio.to_thread``), never on the asyncio loop.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from softphone.crm.bad_changes import BadChange
from softphone.crm.feed import TypedChange, TypedChangesPage
from softphone.crm.outbox_queue import OutboxCounts, PendingWrite
from softphone.crm.sync import ReferenceData
from softphone.store import outbox, quarantine
from softphone.store.db import Store
from softphone.store.feed_pages import FEED, PreparedPage, prepare_page, stored_cursor, write_page
from softphone.store.models import (
    Customer,
    Disposition,
    Interaction,
    Order,
    OutboundTask,
    OutboxEntry,
    StoreBranch,
    StoreNumber,
    SyncState,
)
from softphone.store.models import ReferenceData as ReferenceRow

LOCAL_MODELS: dict[str, type[Customer | Order | Interaction | OutboundTask]] = {
    "customer": Customer,
    "order": Order,
    "interaction": Interaction,
    "task": OutboundTask,
}
LOCAL_REF_SUFFIX = "_local_id"


class StoreSyncTarget:
    """``sync.SyncTarget`` on the local store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def load_cursor(self) -> int | None:
        with self._store.read_session() as session:
            row = session.get(SyncState, FEED)
            return None if row is None else row.cursor

    def last_success_at(self) -> dt.datetime | None:
        with self._store.read_session() as session:
            row = session.get(SyncState, FEED)
            return None if row is None else row.last_success_at

    def apply_changes(
        self,
        items: Sequence[TypedChange],
        cursor: int,
        synced_at: dt.datetime,
        bad: Sequence[BadChange] = (),
    ) -> None:
        with self._store.session() as session, session.begin():
            write_page(session, prepare_page(items, bad), cursor, synced_at)

    def apply_page(self, page: TypedChangesPage, since: int, synced_at: dt.datetime) -> bool:
        """Apply ``page`` (it follows cursor ``since``) with its cursor, in one transaction, if the
        stored cursor is still ``since``; False when it already is the page's own (written before)."""
        return self.apply_prepared(prepare_page(page.items, page.bad), page.next_cursor, since, synced_at)

    def apply_prepared(self, page: PreparedPage, cursor: int, since: int, synced_at: dt.datetime) -> bool:
        """``apply_page`` of a page made into rows beforehand (``feed_pages.prepare_page``), leading to
        ``cursor``."""
        if page.empty and cursor == since:
            return True  # nothing changed: no write transaction
        with self._store.session() as session, session.begin():
            stored = stored_cursor(session)
            if stored != since and not (since == 0 and stored is None):
                if stored == cursor:
                    return False
                raise FeedPositionError(
                    f"the local store is at cursor {stored}, the page follows cursor {since}"
                )
            write_page(session, page, cursor, synced_at)
        return True

    def start_full_resync(self) -> None:
        """Forget the cursor and the quarantine: the next sync reads every entity again."""
        with self._store.session() as session, session.begin():
            quarantine.clear(session)
            row = session.get(SyncState, FEED)
            if row is not None:
                row.cursor = None

    def count_quarantined(self) -> int:
        with self._store.read_session() as session:
            return quarantine.count(session)

    def apply_reference(self, data: ReferenceData) -> None:
        now = dt.datetime.now(dt.UTC)
        with self._store.session() as session, session.begin():
            for key, body in (
                ("operator", data.operator.model_dump(mode="json")),
                ("delivery_services", {"items": [d.model_dump(mode="json") for d in data.delivery_services]}),
                ("payment_methods", {"items": [p.model_dump(mode="json") for p in data.payment_methods]}),
            ):
                session.merge(ReferenceRow(key=key, body=body, updated_at=now))
            session.execute(delete(StoreNumber))
            known = {b.crm_id: b for b in session.scalars(select(StoreBranch))}
            for shop in data.stores:
                branch = known.pop(shop.id, None) or StoreBranch(crm_id=shop.id)
                branch.name = shop.name
                branch.colour = shop.colour
                branch.record_calls = shop.record_calls
                session.add(branch)
                session.flush()
                session.add_all(
                    StoreNumber(e164=n, store_id=branch.id) for n in dict.fromkeys(shop.phone_numbers)
                )
            for stale in known.values():
                session.delete(stale)
            codes = {d.crm_id: d for d in session.scalars(select(Disposition))}
            for disp in data.dispositions:
                row = codes.pop(disp.code, None) or Disposition(crm_id=disp.code)
                row.label = disp.label
                row.requires_note = disp.requires_note
                row.resolved = disp.resolved
                session.add(row)
            for stale_disp in codes.values():
                session.delete(stale_disp)


class FeedPositionError(Exception):
    """A page does not follow the store's cursor (pages written out of order): nothing was written."""


class StoreOutboxQueue:
    """The store's outbox as seen by ``OutboxDelivery``."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def next_batch(self, limit: int, exclude: Collection[int] = ()) -> list[PendingWrite]:
        with self._store.session() as session, session.begin():
            entries = outbox.next_deliverable(session, limit, exclude=exclude)
            return [self._detach(session, e) for e in entries]

    def _detach(self, session: Session, entry: OutboxEntry) -> PendingWrite:
        crm_id = entry.entity_crm_id
        if crm_id is None and entry.operation != "create":
            crm_id = _crm_id_of(session, entry.entity_type, entry.entity_local_id)
        payload, unresolved = _resolve_local_refs(session, dict(entry.payload))
        if crm_id is None and entry.operation != "create":
            unresolved = unresolved or f"{entry.entity_type} {entry.entity_local_id} is not in the CRM yet"
        return PendingWrite(
            entry_id=entry.id,
            seq=entry.seq,
            entity_type=entry.entity_type,
            entity_local_id=entry.entity_local_id,
            entity_crm_id=crm_id,
            operation=entry.operation,
            payload=payload,
            base_version=entry.base_version,
            idempotency_key=entry.idempotency_key,
            attempts=entry.attempts,
            unresolved=unresolved,
        )

    def delivered(self, entry_id: int, response: Mapping[str, Any]) -> None:
        self.delivered_many([(entry_id, response)])

    def delivered_many(self, results: Sequence[tuple[int, Mapping[str, Any]]]) -> None:
        """Record several accepted writes in one transaction (entries of different entities)."""
        with self._store.session() as session, session.begin():
            outbox.mark_many_delivered(session, results)

    def retry(self, entry_id: int, error: str, next_attempt_at: dt.datetime) -> None:
        with self._store.session() as session, session.begin():
            outbox.mark_retry(session, entry_id, error, next_attempt_at)

    def conflict(self, entry_id: int, theirs: Mapping[str, Any]) -> None:
        with self._store.session() as session, session.begin():
            outbox.mark_conflict(session, entry_id, theirs)

    def rejected(self, entry_id: int, reason: str, field_errors: Mapping[str, str]) -> None:
        with self._store.session() as session, session.begin():
            outbox.mark_rejected(session, entry_id, reason, field_errors)

    def counts(self) -> OutboxCounts:
        with self._store.read_session() as session:
            c = outbox.counts(session)
        return OutboxCounts(pending=c["pending"], conflicts=c["conflict"], rejected=c["rejected"])


def _resolve_local_refs(session: Session, payload: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """Replace ``<type>_local_id: N`` keys by ``<type>_id: <crm id>`` (entities created here earlier)."""
    unresolved: str | None = None
    for key in [k for k in payload if k.endswith(LOCAL_REF_SUFFIX)]:
        entity_type = key[: -len(LOCAL_REF_SUFFIX)]
        local_id = payload.pop(key)
        if entity_type not in LOCAL_MODELS or not isinstance(local_id, int):
            unresolved = f"unknown local reference {key}"
            continue
        crm_id = _crm_id_of(session, entity_type, local_id)
        if crm_id is None:
            unresolved = f"{entity_type} {local_id} is not in the CRM yet"
            continue
        payload[f"{entity_type}_id"] = crm_id
    return payload, unresolved


def _crm_id_of(session: Session, entity_type: str, local_id: int) -> str | None:
    model: Any = LOCAL_MODELS.get(entity_type)
    if model is None:
        return None
    value = session.scalar(select(model.crm_id).where(model.id == local_id))
    return value if isinstance(value, str) else None
