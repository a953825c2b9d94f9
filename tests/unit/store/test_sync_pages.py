"""A feed page is written with its cursor once and in order: again or out of order, nothing changes."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from softphone.crm.feed import TypedChangesPage, parse_changes
from softphone.store.crm_target import FeedPositionError, StoreSyncTarget
from softphone.store.db import Store
from softphone.store.models import Customer, CustomerPhone, SyncState

from .conftest import T0, crm_customer

NOW = dt.datetime(2026, 2, 1, tzinfo=dt.UTC)


def feed_page(first: int, count: int, has_more: bool = True) -> TypedChangesPage:
    items = [
        {
            "seq": n,
            "entity_type": "customer",
            "entity_id": f"c{n}",
            "op": "upsert",
            "data": crm_customer(f"c{n}", f"Клиент {n}", [f"+7916{n:07d}"]).model_dump(mode="json"),
        }
        for n in range(first, first + count)
    ]
    return parse_changes(
        json.dumps({"items": items, "next_cursor": first + count - 1, "has_more": has_more}).encode()
    )


def counts(store: Store) -> tuple[int, int, int | None]:
    with store.read_session() as session:
        customers = session.scalar(select(func.count()).select_from(Customer)) or 0
        phones = session.scalar(select(func.count()).select_from(CustomerPhone)) or 0
        state = session.get(SyncState, "crm")
        return customers, phones, None if state is None else state.cursor


def test_pages_are_written_once_each_in_feed_order(store: Store) -> None:
    target = StoreSyncTarget(store)
    first, second = feed_page(1, 50), feed_page(51, 50, has_more=False)
    assert target.apply_page(first, 0, NOW) is True
    assert counts(store) == (50, 50, 50)
    # the writer died after its commit and the page is written again: the store already has it
    assert target.apply_page(first, 0, NOW) is False
    assert counts(store) == (50, 50, 50)
    with pytest.raises(FeedPositionError):  # a page that does not follow the stored cursor
        target.apply_page(feed_page(200, 5), 150, NOW)
    assert counts(store) == (50, 50, 50)
    assert target.apply_page(second, 50, NOW) is True
    assert counts(store) == (100, 100, 100)
    with store.read_session() as session:
        state = session.get(SyncState, "crm")
        assert state is not None and state.last_success_at == NOW


def test_a_full_resync_starts_from_the_beginning_again(store: Store) -> None:
    target = StoreSyncTarget(store)
    target.apply_page(feed_page(1, 10), 0, NOW)
    target.start_full_resync()
    assert target.load_cursor() is None
    assert target.apply_page(feed_page(1, 10), 0, NOW + dt.timedelta(minutes=1)) is True
    assert counts(store) == (10, 10, 10)


def test_an_empty_page_at_the_cursor_writes_nothing(store: Store) -> None:
    target = StoreSyncTarget(store)
    target.apply_page(feed_page(1, 3), 0, NOW)
    empty = parse_changes(b'{"items":[],"next_cursor":3,"has_more":false}')
    assert target.apply_page(empty, 3, T0) is True
    with store.read_session() as session:
        state = session.get(SyncState, "crm")
        assert state is not None and state.last_success_at == NOW  # no write transaction
