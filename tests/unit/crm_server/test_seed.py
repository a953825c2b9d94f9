"""Seeded data matches the contract models and the documented fixed records."""

from __future__ import annotations

from pathlib import Path

from softphone.crm import schemas as s
from softphone.crm_server.db import ENTITY_TABLES, Database
from softphone.crm_server.seed import seed


def test_demo_seed_documents_all_validate_against_the_contract(tmp_path: Path) -> None:
    db = Database(tmp_path / "crm.db")
    counts = seed(db, "demo")
    assert counts["customers"] == 200 and counts["orders"] == 400
    for entity_type, (table, _cols) in ENTITY_TABLES.items():
        docs = db.query_docs(f"SELECT data FROM {table}", ())
        assert docs, entity_type
        for doc in docs:
            s.ENTITY_MODELS[entity_type].model_validate(doc)
    for doc in db.query_docs("SELECT data FROM interactions", ()):
        s.Interaction.model_validate(doc)
    s.Operator.model_validate(db.get_ref("operator"))
    for raw in db.get_ref("delivery_services"):
        s.DeliveryService.model_validate(raw)
    db.close()


def test_seeded_order_totals_add_up(tmp_path: Path) -> None:
    db = Database(tmp_path / "crm.db")
    seed(db, "demo")
    for doc in db.query_docs("SELECT data FROM orders", ()):
        order = s.Order.model_validate(doc)
        items_total = sum(i.price * i.qty for i in order.items)
        assert order.totals.items_total == items_total, order.id
        assert order.totals.total == items_total + order.totals.delivery_cost - order.totals.discount
    db.close()


def test_fixed_demo_records_and_unique_mobiles(tmp_path: Path) -> None:
    db = Database(tmp_path / "crm.db")
    seed(db, "demo")
    anna = s.Customer.model_validate(db.get("customer", "C-DEMO-1"))
    assert anna.phones[0].e164 == "+79161234567"
    shared = db.scalar("SELECT COUNT(*) FROM customer_phones WHERE e164 = '+74957654321'", ())
    assert shared == 2
    order = s.Order.model_validate(db.get("order", "O-DEMO-1"))
    assert (order.status, len(order.items), order.customer_id) == ("new", 2, "C-DEMO-1")
    mobiles = [
        p["e164"]
        for d in db.query_docs("SELECT data FROM customers", ())
        for p in d["phones"]
        if p["kind"] == "mobile"
    ]
    assert len(mobiles) == len(set(mobiles))
    db.close()


def test_seeding_twice_keeps_the_first_data(tmp_path: Path) -> None:
    db = Database(tmp_path / "crm.db")
    seed(db, "demo")
    before = db.last_seq()
    assert seed(db, "demo") == {}
    assert db.last_seq() == before
    db.close()


def test_scale_shrinks_the_large_seed(tmp_path: Path) -> None:
    db = Database(tmp_path / "crm.db")
    counts = seed(db, "large", scale=0.002)
    assert (counts["customers"], counts["orders"]) == (200, 400)
    assert db.scalar("SELECT COUNT(*) FROM changes", ()) == sum(
        counts[k] for k in ("customers", "orders", "products", "tasks", "scripts")
    )
    db.close()
