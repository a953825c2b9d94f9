"""Operator edits: the local row changes at once and the CRM write is queued in the same transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pydantic
import pytest
from sqlalchemy import select, text

from softphone.crm import schemas as s
from softphone.store import local_writes as lw
from softphone.store import outbox
from softphone.store.customers import (
    customer_card,
    find_customer_by_phone,
    upsert_orders_from_crm,
    upsert_tasks_from_crm,
)
from softphone.store.db import Store
from softphone.store.models import (
    Disposition,
    Interaction,
    Order,
    OutboundTask,
    OutboxEntry,
    ReferenceData,
)

from .conftest import T0, crm_order


def _entries(store: Store) -> list[tuple[str, str, dict[str, object]]]:
    with store.read_session() as session:
        rows = session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq))
        return [(e.entity_type, e.operation, e.payload) for e in rows]


def test_created_customer_is_shown_at_once_and_queued_with_a_client_id(store: Store) -> None:
    data = s.CustomerCreate(name="Ольга Ким", phones=[s.CustomerPhone(e164="+79161112233")], tags=["new"])
    local_id = lw.create_customer(store, data)
    with store.read_session() as session:
        card = find_customer_by_phone(session, "+79161112233")
        assert card is not None and card.id == local_id and card.crm_id is None and card.tags == ("new",)
    [(entity, op, payload)] = _entries(store)
    assert (entity, op, payload["name"]) == ("customer", "create", "Ольга Ким")
    assert str(payload["id"]).startswith("cus-")


def test_update_customer_sends_only_the_changed_fields_with_the_known_version(store: Store) -> None:
    local_id = lw.create_customer(store, s.CustomerCreate(name="Ольга"))
    lw.update_customer(store, local_id, s.CustomerUpdate(notes="звонить после 18:00", email=None))
    with store.read_session() as session:
        card = customer_card(session, local_id)
        assert card is not None and card.notes == "звонить после 18:00"
        entries = session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)).all()
        assert entries[1].payload == {"notes": "звонить после 18:00", "email": None}
        assert entries[1].entity_crm_id == entries[0].payload["id"]  # resolves to the queued create


def test_failure_mid_transaction_saves_neither_the_change_nor_the_outbox_entry(store: Store) -> None:
    local_id = lw.create_customer(store, s.CustomerCreate(name="Было"))
    with store.engine.begin() as conn:  # the outbox write fails (as on a full disk)
        conn.execute(
            text("CREATE TRIGGER boom BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk full'); END")
        )
    with pytest.raises(Exception, match="disk full"):
        lw.update_customer(store, local_id, s.CustomerUpdate(name="Стало"))
    with store.read_session() as session:
        card = customer_card(session, local_id)
        assert card is not None and card.name == "Было"
    assert len(_entries(store)) == 1


def test_invalid_input_is_refused_before_anything_is_written(store: Store) -> None:
    with pytest.raises(pydantic.ValidationError):
        lw.create_customer(store, s.CustomerCreate(name="x", email="not-an-email"))
    with pytest.raises(lw.LocalWriteError, match="not in the local store"):
        lw.update_customer(store, 999, s.CustomerUpdate(name="x"))
    with pytest.raises(lw.LocalWriteError, match="nothing to change"):
        lw.update_customer(store, 1, s.CustomerUpdate())
    assert _entries(store) == []


def _order(store: Store, status: str = "new") -> int:
    with store.session() as session, session.begin():
        upsert_orders_from_crm(session, [crm_order("o1", "c1", version=4, status=status)])
        return session.scalar(select(Order.id)) or 0


def test_edit_order_changes_items_and_totals_locally_and_queues_an_if_match_update(store: Store) -> None:
    order_id = _order(store)
    items = [s.OrderItemIn(product_id="p2", qty=2, price=Decimal("10.00"), sku="S2", name="Кружка")]
    lw.edit_order(
        store,
        order_id,
        s.OrderUpdate(items=items, payment=s.PaymentIn(method="cash"), discount=Decimal("5.00")),
    )
    with store.read_session() as session:
        order = session.get(Order, order_id)
        assert order is not None
        assert [(i.sku, i.qty) for i in order.items] == [("S2", 2)]
        assert (order.items_total, order.total, order.payment_method) == (
            Decimal("20.00"),
            Decimal("15.00"),
            "cash",
        )
        entry = session.scalars(select(OutboxEntry)).one()
        assert (entry.operation, entry.base_version, entry.entity_crm_id) == ("update", 4, "o1")
        assert entry.payload["discount"] == "5.00"


def test_shipped_order_cannot_be_edited_and_status_must_follow_the_rules(store: Store) -> None:
    order_id = _order(store, status="shipped")
    item = s.OrderItemIn(product_id="p1", qty=1, price=Decimal(1), sku="a", name="b")
    with pytest.raises(lw.LocalWriteError, match="can no longer be edited"):
        lw.edit_order(store, order_id, s.OrderUpdate(items=[item]))
    with pytest.raises(lw.LocalWriteError, match="cannot change status from shipped to cancelled"):
        lw.cancel_order(store, order_id, "передумал")
    lw.change_order_status(store, order_id, "delivered")
    assert [op for _e, op, _p in _entries(store)] == ["update"]


def test_discount_is_held_to_the_order_rules_before_anything_is_queued(store: Store) -> None:
    order_id = _order(store)  # one item at 100.50
    with pytest.raises(lw.LocalWriteError, match="cannot exceed the items total"):
        lw.edit_order(store, order_id, s.OrderUpdate(discount=Decimal("100.51")))
    lw.edit_order(store, order_id, s.OrderUpdate(discount=Decimal("60.00")))  # no limit synced yet
    with store.session() as session, session.begin():  # a sync brings the operator's limit
        session.add(ReferenceData(key="operator", body={"id": "op1", "compensation_limit": "50.00"}))
    with pytest.raises(lw.LocalWriteError, match=r"compensation limit of 50\.00"):
        lw.edit_order(store, order_id, s.OrderUpdate(discount=Decimal("50.01")))
    with store.read_session() as session:
        order = session.get(Order, order_id)
        assert order is not None and (order.discount, order.total) == (Decimal("60.00"), Decimal("40.50"))
    assert [op for _e, op, _p in _entries(store)] == ["update"]


def test_cancel_order_is_local_at_once_and_queued(store: Store) -> None:
    order_id = _order(store)
    lw.cancel_order(store, order_id, "клиент передумал")
    with store.read_session() as session:
        order = session.get(Order, order_id)
        assert order is not None and (order.status, order.cancel_reason) == ("cancelled", "клиент передумал")
    assert _entries(store) == [("order", "cancel", {"reason": "клиент передумал"})]


def test_script_answers_draft_then_log_call_queues_one_interaction(store: Store) -> None:
    customer_id = lw.create_customer(store, s.CustomerCreate(name="Клиент"))
    draft = lw.save_script_answers(store, customer_id, "s1", {"reason": "доставка"})
    assert lw.save_script_answers(store, customer_id, "s1", {"rating": "5"}, interaction_id=draft) == draft
    assert [op for _e, op, _p in _entries(store)] == ["create"]  # drafts are not sent
    with store.session() as session, session.begin():
        session.add(Disposition(crm_id="resolved", label="Решено", requires_note=True))
    started = T0 + dt.timedelta(hours=1)
    with pytest.raises(lw.LocalWriteError, match="needs a note"):
        lw.log_call(store, customer_id, started, disposition="resolved", interaction_id=draft)
    logged = lw.log_call(
        store,
        customer_id,
        started,
        direction="inbound",
        disposition="resolved",
        notes="ок",
        talk_s=42,
        interaction_id=draft,
    )
    assert logged == draft
    (_e, op, payload) = _entries(store)[-1]
    assert op == "create" and payload["script_answers"] == {"reason": "доставка", "rating": "5"}
    assert payload["customer_id"] == _entries(store)[0][2]["id"] and payload["talk_s"] == 42
    with store.read_session() as session:
        row = session.get(Interaction, draft)
        assert row is not None and not row.is_draft and row.disposition == "resolved"
    with pytest.raises(lw.LocalWriteError, match="already logged"):
        lw.save_script_answers(store, customer_id, "s1", {"x": "y"}, interaction_id=draft)


def test_claim_and_complete_task(store: Store) -> None:
    task = {
        "id": "t1",
        "kind": "callback",
        "status": "open",
        "customer_id": "c1",
        "phone": "+79161234567",
        "title": "Перезвонить",
        "due_at": T0.isoformat(),
        "version": 1,
        "updated_at": T0.isoformat(),
    }
    with store.session() as session, session.begin():
        upsert_tasks_from_crm(session, [task])
        task_id = session.scalar(select(OutboundTask.id)) or 0
    lw.claim_task(store, task_id, "op1")
    with pytest.raises(lw.LocalWriteError, match="only an open task"):
        lw.claim_task(store, task_id, "op2")
    lw.complete_task(store, task_id, "reached", "договорились")
    with store.read_session() as session:
        row = session.get(OutboundTask, task_id)
        assert row is not None and (row.status, row.claimed_by, row.result) == ("done", "op1", "reached")
        assert [e.operation for e in outbox.next_deliverable(session, 10)] == ["claim"]
    assert _entries(store)[1] == ("task", "complete", {"result": "reached", "note": "договорились"})


def test_call_logged_for_an_offline_customer_waits_for_the_customer_create(store: Store) -> None:
    customer_id = lw.create_customer(store, s.CustomerCreate(name="Офлайн"))
    lw.log_call(store, customer_id, T0, notes="первый звонок")
    with store.read_session() as session:
        (first,) = outbox.next_deliverable(session, 10)  # the interaction must not go before its customer
        assert (first.entity_type, first.operation) == ("customer", "create")
    with store.session() as session, session.begin():
        outbox.mark_delivered(session, first.id, {**first.payload, "version": 1, "phones": []})
    with store.read_session() as session:
        (second,) = outbox.next_deliverable(session, 10)
        assert (second.entity_type, second.payload["customer_id"]) == ("interaction", first.payload["id"])
        card = customer_card(session, customer_id)
        assert card is not None and card.crm_id == first.payload["id"] and card.version == 1


def test_feed_copy_of_an_offline_create_is_adopted_not_duplicated(store: Store) -> None:
    from softphone.store.customers import upsert_customers_from_crm

    from .conftest import crm_customer

    customer_id = lw.create_customer(
        store, s.CustomerCreate(name="Новая", phones=[s.CustomerPhone(e164="+79160000009")])
    )
    [(_e, _op, payload)] = _entries(store)
    proposed = str(payload["id"])
    with store.session() as session, session.begin():  # the feed brings it before the delivery reply
        upsert_customers_from_crm(session, [crm_customer(proposed, "Новая", ["+79160000009"], version=1)])
    with store.session() as session, session.begin():
        entry = session.scalars(select(OutboxEntry)).one()
        outbox.mark_delivered(session, entry.id, {"id": proposed, "version": 1})
    with store.read_session() as session:
        from softphone.store.customers import find_customers_by_phone

        assert find_customers_by_phone(session, "+79160000009") == [customer_id]


def test_delivery_reply_brings_the_server_computed_order_totals(store: Store) -> None:
    order_id = _order(store)
    lw.edit_order(store, order_id, s.OrderUpdate(discount=Decimal("50.00")))
    server = crm_order("o1", "c1", version=5).model_dump(mode="json")
    server["totals"] = {
        "items_total": "100.50",
        "delivery_cost": "300.00",
        "discount": "50.00",
        "total": "350.50",
    }
    with store.session() as session, session.begin():
        entry = session.scalars(select(OutboxEntry)).one()
        outbox.mark_delivered(session, entry.id, server)
    with store.read_session() as session:
        order = session.get(Order, order_id)
        assert order is not None and (order.total, order.delivery_cost, order.version) == (
            Decimal("350.50"),
            Decimal("300.00"),
            5,
        )
