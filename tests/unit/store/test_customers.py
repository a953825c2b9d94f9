"""Screen-pop look-ups, name search and the bulk upserts the sync engine uses."""

from __future__ import annotations

from sqlalchemy import func, select

from softphone.crm import schemas as s
from softphone.store import outbox
from softphone.store.crm_upserts import delete_from_crm
from softphone.store.customers import (
    find_customer_by_phone,
    find_customers_by_phone,
    find_store_by_number,
    search_customers,
    upsert_customers_from_crm,
    upsert_orders_from_crm,
    upsert_products_from_crm,
    upsert_scripts_from_crm,
    upsert_tasks_from_crm,
)
from softphone.store.db import Store
from softphone.store.models import (
    CustomerPhone,
    Order,
    OrderItem,
    ProductStock,
    Script,
    StoreBranch,
    StoreNumber,
)

from .conftest import T0, crm_customer, crm_order


def _seed(store: Store) -> None:
    with store.session() as session, session.begin():
        upsert_customers_from_crm(
            session,
            [
                crm_customer(
                    "c1",
                    "Иванов Пётр Сергеевич",
                    ["+79161234567", "+74951112233"],
                    tags=["vip", "opt"],
                    addresses=[{"city": "Москва", "street": "Тверская", "house": "1", "flat": "5"}],
                ),
                crm_customer("c2", "Иванова Мария", ["+79990001122"]),
                crm_customer("c3", "Сидоров", ["+79035556677"]),
            ],
        )


def test_customer_is_found_by_any_of_its_phones(store: Store) -> None:
    _seed(store)
    with store.read_session() as session:
        for phone in ("+79161234567", "+74951112233"):
            card = find_customer_by_phone(session, phone)
            assert card is not None
            assert (card.crm_id, card.name) == ("c1", "Иванов Пётр Сергеевич")
            assert [p.e164 for p in card.phones] == ["+79161234567", "+74951112233"]
            assert [p.kind for p in card.phones] == ["mobile", "home"]
            assert card.tags == ("opt", "vip")
            assert card.addresses[0].one_line() == "Москва, Тверская, 1, кв. 5"
        assert find_customer_by_phone(session, "+70000000000") is None


def test_shared_phone_pops_the_most_recently_updated_customer(store: Store) -> None:
    with store.session() as session, session.begin():
        upsert_customers_from_crm(
            session,
            [
                crm_customer("old", "Старый", ["+79161234567"], version=1),
                crm_customer("new", "Новый", ["+79161234567"], version=9),
            ],
        )
    with store.read_session() as session:
        card = find_customer_by_phone(session, "+79161234567")
        assert card is not None and card.crm_id == "new"
        assert len(find_customers_by_phone(session, "+79161234567")) == 2


def test_search_by_name_prefix_case_and_yo_insensitive_and_by_phone(store: Store) -> None:
    _seed(store)
    with store.read_session() as session:
        assert [c.crm_id for c in search_customers(session, "иванов")] == ["c1", "c2"]
        assert [c.crm_id for c in search_customers(session, "ИВАНОВ ПЕТР")] == ["c1"]
        assert [c.crm_id for c in search_customers(session, "8 (903) 555-66-77")] == ["c3"]
        assert search_customers(session, "Петров") == []
        assert search_customers(session, "   ") == []


def test_upsert_updates_newer_versions_and_ignores_older_ones(store: Store) -> None:
    _seed(store)
    with store.session() as session, session.begin():
        newer = crm_customer("c1", "Иванов П.", ["+79160000000"], version=3)
        assert upsert_customers_from_crm(session, [newer]) == 1
        stale = crm_customer("c1", "Stale", ["+79161111111"], version=2)
        assert upsert_customers_from_crm(session, [stale.model_dump(mode="json")]) == 0
    with store.read_session() as session:
        card = find_customer_by_phone(session, "+79160000000")
        assert card is not None and card.name == "Иванов П." and card.version == 3
        assert find_customer_by_phone(session, "+79161234567") is None  # old phone replaced
        assert session.scalar(select(func.count()).select_from(CustomerPhone)) == 3


def test_upsert_keeps_the_operators_unsent_edit(store: Store) -> None:
    _seed(store)
    with store.session() as session, session.begin():
        local_id = find_customers_by_phone(session, "+79035556677")[0]
        outbox.enqueue(session, "customer", local_id, "update", {"name": "Сидоров (мой)"}, base_version=1)
        assert (
            upsert_customers_from_crm(session, [crm_customer("c3", "Сидоров CRM", ["+79035556677"], 2)]) == 0
        )
    with store.read_session() as session:
        card = find_customer_by_phone(session, "+79035556677")
        assert card is not None and card.name == "Сидоров"


def test_orders_link_to_customers_whichever_arrives_first(store: Store) -> None:
    with store.session() as session, session.begin():
        upsert_orders_from_crm(session, [crm_order("o1", "c9", qty=2), crm_order("o2", "c9")])
        assert session.scalar(select(Order.customer_id).where(Order.crm_id == "o1")) is None
        upsert_customers_from_crm(session, [crm_customer("c9", "Поздний", ["+79161230000"])])
    with store.read_session() as session:
        card = find_customer_by_phone(session, "+79161230000")
        assert card is not None
        assert sorted(o.crm_id or "" for o in card.recent_orders) == ["o1", "o2"]
        assert {o.total for o in card.recent_orders} == {
            crm_order("x", "c9", qty=2).totals.total,
            crm_order("x", "c9").totals.total,
        }


def test_order_upsert_replaces_items_and_delete_cascades(store: Store) -> None:
    with store.session() as session, session.begin():
        upsert_orders_from_crm(session, [crm_order("o1", "c1", qty=1)])
        upsert_orders_from_crm(session, [crm_order("o1", "c1", version=2, qty=3)])
        assert session.scalars(select(OrderItem.qty)).all() == [3]
        assert delete_from_crm(session, "order", ["o1", "missing"]) == 1
        assert session.scalar(select(func.count()).select_from(OrderItem)) == 0


def test_products_scripts_and_tasks_are_upserted(store: Store) -> None:
    product = {
        "id": "p1",
        "sku": "SKU-1",
        "name": "Чайник",
        "price": "1290.00",
        "stock": [{"warehouse_id": "w1", "warehouse_name": "Склад 1", "qty": 4}],
        "supplier": {"supplier": "ООО Поставка", "available": True, "lead_time_days": 3},
        "version": 1,
        "updated_at": T0.isoformat(),
    }
    script = {
        "id": "s1",
        "version": 2,
        "call_type": "inbound",
        "title": "Входящий",
        "start_node": "a",
        "nodes": {"a": {"id": "a", "kind": "end", "text": "Спасибо"}},
        "updated_at": T0.isoformat(),
    }
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
        assert upsert_products_from_crm(session, [product, product]) == 1
        assert upsert_scripts_from_crm(session, [script]) == 1
        assert upsert_tasks_from_crm(session, [task]) == 1
        assert session.scalars(select(ProductStock.qty)).all() == [4]
        body = session.scalar(select(Script.body))
        assert body is not None and body["start_node"] == "a" and body["nodes"]["a"]["text"] == "Спасибо"


def test_store_is_found_by_its_dialled_number_in_any_format(store: Store) -> None:
    with store.session() as session, session.begin():
        branch = StoreBranch(crm_id="st1", name="Магазин Чайников")
        session.add(branch)
        session.flush()
        session.add(StoreNumber(e164="+74957778899", store_id=branch.id))
    with store.read_session() as session:
        found = find_store_by_number(session, "8 (495) 777-88-99")
        assert found is not None and found.name == "Магазин Чайников"
        assert find_store_by_number(session, "101") is None


def test_numbers_without_a_country_code_are_read_in_the_configured_region(store: Store) -> None:
    with store.session() as session, session.begin():
        branch = StoreBranch(crm_id="st-uk", name="London shop")
        session.add(branch)
        session.flush()
        session.add(StoreNumber(e164="+442079460958", store_id=branch.id))
    with store.read_session() as session:
        found = find_store_by_number(session, "020 7946 0958", region="GB")
        assert found is not None and found.name == "London shop"
        assert find_store_by_number(session, "020 7946 0958") is None  # read as a Russian number: none


def test_phones_as_people_type_them_in_the_crm_are_found_by_screen_pop(store: Store) -> None:
    typed = ["8-912-000-11-22 доб. 12", "+7 921 222 33 44, +7 921 222 33 45", "ask at reception"]
    customers = [
        s.Customer.model_validate(
            {**crm_customer("c1", "Иванов", []).model_dump(), "phones": [{"e164": p} for p in typed]}
        ),
        s.Customer.model_validate(
            {
                **crm_customer("c2", "Татьяна", []).model_dump(),
                "phones": [{"e164": "+7 (999) 888-77-66 Татьяна"}],
            }
        ),
        s.Customer.model_validate(
            {**crm_customer("c3", "Минск", []).model_dump(), "phones": [{"e164": "375291234567"}]}
        ),
    ]
    with store.session() as session, session.begin():
        upsert_customers_from_crm(session, customers)
    with store.read_session() as session:
        for number, crm_id in (("+79120001122", "c1"), ("+79212223344", "c1"), ("+79212223345", "c1"),
                               ("+79998887766", "c2"), ("+375291234567", "c3")):  # fmt: skip
            card = find_customer_by_phone(session, number)
            assert card is not None and card.crm_id == crm_id, number
        card = find_customer_by_phone(session, "+79120001122")
        assert card is not None
        first, second, third, kept = card.phones
        assert (first.e164, first.extension, first.as_written) == ("+79120001122", "12", typed[0])
        assert (second.e164, third.e164) == ("+79212223344", "+79212223345")
        assert (kept.e164, kept.as_written) == (None, "ask at reception")  # shown on the card as written
