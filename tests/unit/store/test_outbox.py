"""The durable outbox: order per entity, independence of entities, conflicts, rejections, retries."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from softphone.store import outbox
from softphone.store.customers import customer_card, upsert_customers_from_crm
from softphone.store.db import Store, open_store
from softphone.store.models import Customer, OutboxEntry

from .conftest import crm_customer


def _two_customers(store: Store) -> tuple[int, int]:
    with store.session() as session, session.begin():
        upsert_customers_from_crm(
            session,
            [crm_customer("a", "Алла", ["+79160000001"]), crm_customer("b", "Борис", ["+79160000002"])],
        )
        ids = {crm_id: local_id for crm_id, local_id in session.execute(select(Customer.crm_id, Customer.id))}
    return ids["a"], ids["b"]


def _enqueue(store: Store, local_id: int, name: str, version: int | None = 1) -> int:
    with store.session() as session, session.begin():
        return outbox.enqueue(
            session, "customer", local_id, "update", {"name": name}, base_version=version
        ).id


def _deliverable(store: Store) -> list[tuple[int, str]]:
    with store.read_session() as session:
        return [(e.entity_local_id, e.payload["name"]) for e in outbox.next_deliverable(session, 10)]


def _deliver(store: Store, entry_id: int, version: int) -> None:
    with store.session() as session, session.begin():
        outbox.mark_delivered(session, entry_id, {"version": version})


def test_entries_go_in_order_per_entity_and_entities_do_not_wait_for_each_other(store: Store) -> None:
    a, b = _two_customers(store)
    for local_id, name in [(a, "a1"), (b, "b1"), (a, "a2"), (a, "a3"), (b, "b2")]:
        _enqueue(store, local_id, name)
    delivered: list[str] = []
    for _round in range(10):
        with store.read_session() as session:
            batch = outbox.next_deliverable(session, 10)
        if not batch:
            break
        assert len({e.entity_local_id for e in batch}) == len(batch)  # one in flight per entity
        for entry in batch:
            delivered.append(entry.payload["name"])
            _deliver(store, entry.id, 2)
    assert [n for n in delivered if n.startswith("a")] == ["a1", "a2", "a3"]
    assert [n for n in delivered if n.startswith("b")] == ["b1", "b2"]
    assert delivered[:2] == ["a1", "b1"]
    with store.read_session() as session:
        assert outbox.counts(session)["delivered"] == 5


def test_each_entry_has_a_unique_idempotency_key_and_increasing_seq(store: Store) -> None:
    a, _b = _two_customers(store)
    ids = [_enqueue(store, a, f"n{i}") for i in range(5)]
    with store.read_session() as session:
        entries = [session.get(OutboxEntry, i) for i in ids]
    seqs = [e.seq for e in entries if e]
    assert seqs == sorted(seqs) and len(set(seqs)) == 5
    keys = {e.idempotency_key for e in entries if e}
    assert len(keys) == 5 and all(uuid.UUID(k).version == 4 for k in keys)


def test_a_delivered_update_rebases_the_entitys_later_entries_on_the_new_version(store: Store) -> None:
    a, _b = _two_customers(store)
    first, second = _enqueue(store, a, "x", 1), _enqueue(store, a, "y", 1)
    _deliver(store, first, 2)
    with store.read_session() as session:
        later = session.get(OutboxEntry, second)
        row = session.get(Customer, a)
        assert later is not None and later.base_version == 2
        assert row is not None and row.version == 2


def test_conflict_blocks_the_entity_until_resolved_with_mine(store: Store) -> None:
    a, b = _two_customers(store)
    first, _second = _enqueue(store, a, "mine1"), _enqueue(store, a, "mine2")
    _enqueue(store, b, "b1")
    server = crm_customer("a", "Алла (CRM)", ["+79160000001"], version=7).model_dump(mode="json")
    with store.session() as session, session.begin():
        old_key = session.get(OutboxEntry, first).idempotency_key  # type: ignore[union-attr]
        outbox.mark_conflict(session, first, server)
    assert _deliverable(store) == [(b, "b1")]  # a is blocked, b goes on
    with store.read_session() as session:
        entry = session.get(OutboxEntry, first)
        assert entry is not None and entry.payload == {"name": "mine1"}
        assert entry.server_version_json is not None and entry.server_version_json["name"] == "Алла (CRM)"
        assert outbox.counts(session)["conflict"] == 1
    with store.session() as session, session.begin():
        outbox.resolve_conflict(session, first, "mine", merged_payload={"name": "merged"})
    with store.read_session() as session:
        entry = session.get(OutboxEntry, first)
        assert entry is not None and entry.status == "pending" and entry.base_version == 7
        assert entry.idempotency_key != old_key and entry.payload == {"name": "merged"}
    assert (a, "merged") in _deliverable(store)


def test_conflict_resolved_with_theirs_applies_the_server_version_locally(store: Store) -> None:
    a, _b = _two_customers(store)
    first, second = _enqueue(store, a, "mine"), _enqueue(store, a, "later")
    server = crm_customer("a", "Алла (CRM)", ["+79169999999"], version=7).model_dump(mode="json")
    with store.session() as session, session.begin():
        outbox.mark_conflict(session, first, server)
        outbox.resolve_conflict(session, first, "theirs")
    with store.read_session() as session:
        card = customer_card(session, a)
        assert card is not None and card.name == "Алла (CRM)" and card.version == 7
        assert [p.e164 for p in card.phones] == ["+79169999999"]
        dropped = session.get(OutboxEntry, first)
        assert dropped is not None and dropped.status == "dismissed" and dropped.payload == {"name": "mine"}
        later = session.get(OutboxEntry, second)
        assert later is not None and later.base_version == 7
    assert _deliverable(store) == [(a, "later")]


def test_rejected_entries_are_kept_block_their_entity_and_can_be_corrected(tmp_path: Path) -> None:
    store = open_store(tmp_path / "store.db")
    a, _b = _two_customers(store)
    first, _second = _enqueue(store, a, "bad"), _enqueue(store, a, "next")
    with store.session() as session, session.begin():
        outbox.mark_rejected(session, first, "validation failed", {"email": "not an email"})
    store.close()
    store = open_store(tmp_path / "store.db")  # survives a restart
    try:
        assert _deliverable(store) == []
        with store.read_session() as session:
            (entry,) = outbox.open_entries(session)
            assert entry.reject_reason == "validation failed" and entry.field_errors == {
                "email": "not an email"
            }
        with store.session() as session, session.begin():
            outbox.resolve_rejected(session, first, {"name": "fixed"})
        assert _deliverable(store) == [(a, "fixed")]
    finally:
        store.close()


def test_dismissing_a_rejected_create_dismisses_what_depended_on_it_but_keeps_all(store: Store) -> None:
    with store.session() as session, session.begin():
        row = Customer(name="Новый", name_key="новый")
        session.add(row)
        session.flush()
        create = outbox.enqueue(session, "customer", row.id, "create", {"id": "cus-1", "name": "Новый"})
        update = outbox.enqueue(session, "customer", row.id, "update", {"name": "Новый 2"})
        assert update.entity_crm_id == "cus-1"
        outbox.mark_rejected(session, create.id, "duplicate", {})
        outbox.resolve_rejected(session, create.id)
    with store.read_session() as session:
        assert outbox.counts(session) == {
            "pending": 0,
            "conflict": 0,
            "rejected": 0,
            "delivered": 0,
            "dismissed": 2,
        }


def test_delivered_create_records_the_crm_id_for_later_entries(store: Store) -> None:
    with store.session() as session, session.begin():
        row = Customer(name="Новый", name_key="новый")
        session.add(row)
        session.flush()
        create = outbox.enqueue(session, "customer", row.id, "create", {"name": "Новый"})
        update = outbox.enqueue(session, "customer", row.id, "update", {"name": "Новый 2"})
        assert update.entity_crm_id is None and update.base_version is None
        outbox.mark_delivered(session, create.id, {"id": "srv-42", "version": 1})
        outbox.mark_delivered(session, create.id, {"id": "srv-42", "version": 1})  # repeat: no-op
        assert row.crm_id == "srv-42" and row.version == 1
        assert update.entity_crm_id == "srv-42" and update.base_version == 1


def test_retry_waits_until_the_next_attempt_time(store: Store) -> None:
    a, _b = _two_customers(store)
    entry_id = _enqueue(store, a, "x")
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5)
    with store.session() as session, session.begin():
        outbox.mark_retry(session, entry_id, "503 Service Unavailable", later)
    with store.read_session() as session:
        assert outbox.next_deliverable(session, 10) == []
        (due,) = outbox.next_deliverable(session, 10, now=later + dt.timedelta(seconds=1))
        assert due.attempts == 1 and due.last_error == "503 Service Unavailable"


def test_bad_requests_are_refused_with_a_clear_error(store: Store) -> None:
    a, _b = _two_customers(store)
    with store.session() as session, session.begin():
        with pytest.raises(outbox.OutboxError, match="unknown outbox operation"):
            outbox.enqueue(session, "customer", a, "explode", {})
        with pytest.raises(outbox.OutboxError, match="not JSON"):
            outbox.enqueue(session, "customer", a, "update", {"when": dt.datetime.now(dt.UTC)})
        with pytest.raises(outbox.OutboxError, match="expected pending"):
            entry = outbox.enqueue(session, "customer", a, "update", {"name": "z"})
            outbox.mark_rejected(session, entry.id, "no", {})
            outbox.mark_conflict(session, entry.id, {})
        with pytest.raises(outbox.OutboxError, match="'mine' or 'theirs'"):
            other = outbox.enqueue(session, "customer", a, "update", {"name": "w"})
            outbox.mark_conflict(session, other.id, {"version": 3})
            outbox.resolve_conflict(session, other.id, "both")  # type: ignore[arg-type]


def test_pruning_removes_only_old_delivered_entries(store: Store) -> None:
    a, b = _two_customers(store)
    done, kept = _enqueue(store, a, "done"), _enqueue(store, b, "rejected")
    _deliver(store, done, 2)
    with store.session() as session, session.begin():
        outbox.mark_rejected(session, kept, "no", {})
        future = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
        assert outbox.prune_delivered(session, older_than=future) == 1
        assert outbox.counts(session) == {
            "pending": 0,
            "conflict": 0,
            "rejected": 1,
            "delivered": 0,
            "dismissed": 0,
        }
        later = outbox.enqueue(session, "customer", a, "update", {"name": "after prune"})
        rejected = session.get(OutboxEntry, kept)
        assert rejected is not None and later.seq > rejected.seq  # seq never goes back


def test_a_group_of_delivered_updates_is_recorded_like_one_at_a_time(store: Store) -> None:
    a, b = _two_customers(store)
    a1, a2, b1 = _enqueue(store, a, "Алла 1"), _enqueue(store, a, "Алла 2"), _enqueue(store, b, "Борис 1")
    reply_a = crm_customer("a", "Алла 1", ["+79168888888"], version=2).model_dump(mode="json")
    reply_b = crm_customer("b", "Борис 1", ["+79169999999"], version=5).model_dump(mode="json")
    with store.session() as session, session.begin():
        outbox.mark_many_delivered(session, [(a1, reply_a), (b1, reply_b)])
    with store.session() as session, session.begin():
        outbox.mark_many_delivered(session, [(b1, reply_b)])  # a repeat changes nothing
    with store.read_session() as session:
        done = {e.id: e for e in session.scalars(select(OutboxEntry))}
        assert (done[a1].status, done[b1].status, done[a2].status) == ("delivered", "delivered", "pending")
        assert done[a1].response_json == reply_a and done[a1].delivered_at is not None
        assert done[a2].base_version == 2  # queued on top of the delivered change: rebased, no conflict
        assert (session.get(Customer, a).version, session.get(Customer, b).version) == (2, 5)  # type: ignore[union-attr]
        # nothing else queued for b: the CRM's copy is applied; a keeps the operator's pending edit
        card_b, card_a = customer_card(session, b), customer_card(session, a)
        assert card_b is not None and [p.e164 for p in card_b.phones] == ["+79169999999"]
        assert card_a is not None and [p.e164 for p in card_a.phones] == ["+79160000001"]
        assert outbox.counts(session)["delivered"] == 2
