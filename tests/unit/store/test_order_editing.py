"""The order editor's store side: product search, a new order, returns, sync state and conflicts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from softphone.crm import schemas as s
from softphone.store import outbox
from softphone.store.db import Store
from softphone.store.local_writes import LocalWriteError, edit_order
from softphone.store.models import Customer, Order, OutboxEntry
from softphone.store.order_editing import (
    editor_reference,
    order_conflict,
    order_snapshot,
    search_products,
    sync_state,
)
from softphone.store.order_writes import create_order, resolve_order_conflict, return_items
from softphone.workspace.orders.draft import OrderDraft
from tests.helpers.order_products import seed_products
from tests.helpers.workspace_store import seed_workspace_store


@pytest.fixture
def seeded(store: Store) -> Store:
    seed_workspace_store(store)
    seed_products(store, 600)
    return store


def _id(store: Store, model: type[Customer] | type[Order], crm_id: str) -> int:
    with store.read_session() as session:
        return int(session.scalar(select(model.id).where(model.crm_id == crm_id)) or 0)


def test_search_finds_by_name_prefix_word_and_sku_with_stock_and_supplier(seeded: Store) -> None:
    with seeded.read_session() as session:
        by_name = search_products(session, "чайник")
        by_word = search_products(session, "bosch")
        by_sku = search_products(session, by_name[0].sku.lower())
        nothing = search_products(session, "   ")
    assert by_name and all(h.name.lower().startswith("чайник") for h in by_name)
    assert by_word and all("bosch" in h.name.lower() for h in by_word)
    assert by_sku[0].sku == by_name[0].sku
    assert nothing == ()
    hit = by_name[0]
    assert hit.stock and all(level.warehouse for level in hit.stock)
    assert hit.supplier and hit.lead_time_days is not None


def test_new_order_is_local_at_once_and_queued_with_the_customers_crm_id(seeded: Store) -> None:
    customer_id = _id(seeded, Customer, "C-1")
    with seeded.read_session() as session:
        ref = editor_reference(session, customer_id)
        hit = search_products(session, "чайник")[0]
    assert ref.addresses[0].city == "Москва" and ref.compensation_limit == Decimal("1500.00")
    draft = OrderDraft(customer_id, ref.store_crm_id, payment_method="cash")
    draft = draft.with_product(hit.crm_id, hit.sku, hit.name, hit.price).with_product(
        hit.crm_id, hit.sku, hit.name, hit.price
    )
    delivery = s.DeliveryIn(
        service_id="DS-OWN", method="courier", address=ref.addresses[0], cost=Decimal("300")
    )
    draft = OrderDraft(**{**_fields(draft), "delivery": delivery})
    order_id = create_order(seeded, customer_id, draft.create_request())
    with seeded.read_session() as session:
        snap = order_snapshot(session, order_id)
        entry = session.scalar(select(OutboxEntry).where(OutboxEntry.entity_local_id == order_id))
    assert snap is not None and snap.sync == "pending" and snap.lines[0].qty == 2
    assert entry is not None and entry.operation == "create" and entry.payload["customer_id"] == "C-1"
    assert entry.payload["store_id"] == "S-KIDS"  # the shop of the customer's open order


def _fields(draft: OrderDraft) -> dict[str, object]:
    return {name: getattr(draft, name) for name in OrderDraft.__dataclass_fields__}


def test_update_sends_only_what_changed(seeded: Store) -> None:
    order_id = _id(seeded, Order, "O-1")
    with seeded.read_session() as session:
        snap = order_snapshot(session, order_id)
    assert snap is not None
    draft = OrderDraft.of(snap).with_qty(0, 3)
    request = draft.update_request()
    assert request is not None and request.model_fields_set == {"items"}
    assert OrderDraft.of(snap).update_request() is None
    edit_order(seeded, order_id, request)
    with seeded.read_session() as session:
        order = session.get(Order, order_id)
        assert order is not None and order.items_total == Decimal("3870.00")


def test_return_of_a_delivered_order_is_held_to_what_is_left(seeded: Store) -> None:
    delivered, open_order = _id(seeded, Order, "O-2"), _id(seeded, Order, "O-1")
    with pytest.raises(LocalWriteError, match="only delivered"):
        return_items(
            seeded,
            open_order,
            s.OrderReturnCreate(items=[s.ReturnItem(product_id="P0001", qty=1)], reason="брак"),
        )
    with pytest.raises(LocalWriteError, match="left to return"):
        return_items(
            seeded,
            delivered,
            s.OrderReturnCreate(items=[s.ReturnItem(product_id="P0001", qty=3)], reason="брак"),
        )
    return_items(
        seeded, delivered, s.OrderReturnCreate(items=[s.ReturnItem(product_id="P0001", qty=1)], reason="брак")
    )
    with seeded.read_session() as session:
        snap = order_snapshot(session, delivered)
    assert snap is not None and snap.returnable == {"P0001": 1} and snap.sync == "pending"


def test_conflict_shows_both_versions_and_keeping_mine_requeues_on_the_crms_version(seeded: Store) -> None:
    order_id = _id(seeded, Order, "O-1")
    edit_order(seeded, order_id, s.OrderUpdate(discount=Decimal("100")))
    with seeded.session() as session, session.begin():
        entry = session.scalar(select(OutboxEntry).where(OutboxEntry.entity_local_id == order_id))
        assert entry is not None
        theirs = {
            "id": "O-1",
            "customer_id": "C-1",
            "store_id": "S-KIDS",
            "status": "confirmed",
            "items": [
                {"product_id": "P0001", "sku": "KET-1", "name": "Чайник", "qty": 1, "price": "1290.00"}
            ],
            "payment": {"method": "cash", "status": "pending"},
            "totals": {"items_total": "1290.00", "delivery_cost": "0", "discount": "0", "total": "1290.00"},
            "version": 7,
            "created_at": "2026-01-10T09:00:00Z",
            "updated_at": "2026-01-10T10:00:00Z",
        }
        outbox.mark_conflict(session, entry.id, theirs)
    with seeded.read_session() as session:
        assert sync_state(session, order_id) == "conflict"
        view = order_conflict(session, order_id)
    assert view is not None and view.mine == {"discount": "100.00"} and view.theirs.version == 7
    resolve_order_conflict(seeded, view.entry_id, "mine")
    with seeded.read_session() as session:
        again = session.get(OutboxEntry, view.entry_id)
        assert again is not None and again.status == "pending" and again.base_version == 7
        assert sync_state(session, order_id) == "pending"


def test_lines_added_changed_and_removed_are_stored_as_edited(seeded: Store) -> None:
    order_id = _id(seeded, Order, "O-1")
    with seeded.read_session() as session:
        snap = order_snapshot(session, order_id)
        hit = search_products(session, "bosch")[0]
    assert snap is not None
    added = OrderDraft.of(snap).with_product(hit.crm_id, hit.sku, hit.name, hit.price, 2)
    edit_order(seeded, order_id, added.update_request())  # type: ignore[arg-type]
    with seeded.read_session() as session:
        snap = order_snapshot(session, order_id)
    assert snap is not None and [(ln.product_id, ln.qty) for ln in snap.lines] == [
        ("P0001", 2),
        (hit.crm_id, 2),
    ]
    fewer = OrderDraft.of(snap).with_qty(0, 0).with_qty(0, 5)
    edit_order(seeded, order_id, fewer.update_request())  # type: ignore[arg-type]
    with seeded.read_session() as session:
        snap = order_snapshot(session, order_id)
        order = session.get(Order, order_id)
    assert snap is not None and [(ln.product_id, ln.qty) for ln in snap.lines] == [(hit.crm_id, 5)]
    assert order is not None and order.items_total == hit.price * 5
