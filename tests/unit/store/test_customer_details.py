"""What the card shows: orders (open first, delivery named), the timeline, search, the shop."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from softphone.crm import schemas as s
from softphone.crm.sync import ReferenceData
from softphone.crm_server import seed_reference as ref
from softphone.store.crm_target import StoreSyncTarget
from softphone.store.customer_details import load_details
from softphone.store.customer_refresh import store_customer_from_crm
from softphone.store.customer_search import find_customers
from softphone.store.customers import upsert_customers_from_crm, upsert_orders_from_crm
from softphone.store.db import Store
from softphone.store.local_writes import log_call, update_customer
from softphone.store.models import Customer, Interaction
from softphone.store.shops import operator_shop, personal_data_masked, shop_by_number, shop_of_customer

from .conftest import T0, crm_customer, crm_order


def reference(**operator: object) -> ReferenceData:
    return ReferenceData(
        s.Operator.model_validate({**ref.OPERATOR, **operator}),
        [s.Store.model_validate(x) for x in ref.STORES],
        [s.DeliveryService.model_validate(x) for x in ref.DELIVERY_SERVICES],
        [s.PaymentMethod.model_validate(x) for x in ref.PAYMENT_METHODS],
        [s.Disposition.model_validate(x) for x in ref.DISPOSITIONS],
    )


def delivered_order(oid: str, customer: str, days_ago: int) -> s.Order:
    order = crm_order(oid, customer, status="delivered")
    created = T0 - dt.timedelta(days=days_ago)
    return order.model_copy(
        update={
            "created_at": created,
            "updated_at": created + dt.timedelta(days=3),
            "store_id": "S-SPB",
            "delivery": s.Delivery(
                service_id="DS-CDEK",
                method="courier",
                address=s.Address(city="Москва", street="Тверская", house="1", flat="5"),
                date=(created + dt.timedelta(days=3)).date(),
                time_from=dt.time(10),
                time_to=dt.time(14),
                cost=Decimal("390.00"),
            ),
        }
    )


def seed(store: Store) -> int:
    StoreSyncTarget(store).apply_reference(reference())
    with store.session() as session, session.begin():
        upsert_customers_from_crm(
            session,
            [
                crm_customer("c1", "Иванова Анна", ["+79161234567"], email="anna@mail.ru", tags=["VIP"]),
                crm_customer("c2", "Петров Олег", ["+79031112233", "+74957654321"], email="oleg@ya.ru"),
                crm_customer("c3", "Петрова Елена", ["+74957654321"]),
            ],
        )
        new = crm_order("O-100", "c1").model_copy(update={"created_at": T0 - dt.timedelta(days=40)})
        upsert_orders_from_crm(
            session, [delivered_order("O-099", "c1", 60), new, delivered_order("O-101", "c1", 5)]
        )
        return int(session.query(Customer.id).filter(Customer.crm_id == "c1").scalar())


def test_orders_come_open_first_with_delivery_and_payment_named(store: Store) -> None:
    anna = seed(store)
    with store.read_session() as session:
        details = load_details(session, anna)
    assert details is not None
    assert [o.crm_id for o in details.orders] == ["O-100", "O-101", "O-099"]  # open, then newest
    assert details.open_order is not None and details.open_order.crm_id == "O-100"
    delivered = details.orders[1]
    assert (delivered.delivery_service, delivered.delivery_method) == ("СДЭК", "Курьер СДЭК до двери")
    assert delivered.delivery_address == "Москва, Тверская, 1, кв. 5"
    assert (delivered.delivery_from, delivered.delivery_to) == (dt.time(10), dt.time(14))
    assert delivered.items == (("Чайник", 1),)
    assert details.card.tags == ("VIP",) and not details.masked and not details.unsent_edits


def test_timeline_merges_calls_from_the_crm_local_calls_and_order_events_newest_first(store: Store) -> None:
    anna = seed(store)
    crm_call = s.Interaction(
        id="I-1",
        customer_id="c1",
        channel="call",
        direction="inbound",
        disposition="consultation",
        talk_s=95,
        notes="про доставку",
        started_at=T0 - dt.timedelta(days=2),
        created_at=T0 - dt.timedelta(days=2),
    )
    chat = crm_call.model_copy(
        update={"id": "I-2", "channel": "chat", "started_at": T0 - dt.timedelta(days=1)}
    )
    customer = crm_customer("c1", "Иванова Анна", ["+79161234567"], email="anna@mail.ru", tags=["VIP"])
    assert store_customer_from_crm(store, customer, interactions=[crm_call, chat]) == anna
    store_customer_from_crm(store, customer, interactions=[crm_call])  # asked again: no duplicate
    log_call(store, anna, T0, direction="outbound", talk_s=30)  # logged here, not yet in the CRM
    with store.read_session() as session:
        details = load_details(session, anna)
        assert session.query(Interaction).count() == 3
    assert details is not None
    entries = [(e.channel, e.order_event, e.pending) for e in details.timeline]
    assert entries[:3] == [("call", None, True), ("chat", None, False), ("call", None, False)]
    assert details.timeline[2].result == "Консультация" and details.timeline[2].talk_s == 95
    assert ("order", "placed", False) in entries and ("order", "status", False) in entries
    times = [e.at for e in details.timeline]
    assert times == sorted(times, reverse=True)


def test_a_local_edit_is_flagged_until_the_crm_has_it_and_a_refresh_does_not_undo_it(store: Store) -> None:
    anna = seed(store)
    update_customer(store, anna, s.CustomerUpdate(notes="звонить вечером"))
    store_customer_from_crm(store, crm_customer("c1", "Иванова Анна", ["+79161234567"], version=2))
    with store.read_session() as session:
        details = load_details(session, anna)
    assert details is not None and details.unsent_edits and details.card.notes == "звонить вечером"


def test_search_by_phone_name_email_and_order_number(store: Store) -> None:
    anna = seed(store)
    with store.read_session() as session:
        by_phone = find_customers(session, "8 (495) 765-43-21")
        assert sorted(h.name for h in by_phone) == ["Петров Олег", "Петрова Елена"]
        assert {h.matched_by for h in by_phone} == {"phone"}
        assert [h.name for h in find_customers(session, "петр")] == ["Петров Олег", "Петрова Елена"]
        assert [(h.name, h.matched_by) for h in find_customers(session, "Oleg@YA")] == [
            ("Петров Олег", "email")
        ]
        hit = find_customers(session, "o-10")
        assert [(h.customer_id, h.matched_by) for h in hit] == [(anna, "order")]
        assert hit[0].order_crm_id == "O-100" and hit[0].phone == "+79161234567"
        assert find_customers(session, "   ") == [] and find_customers(session, "Nobody") == []


def test_the_shop_is_the_dialled_line_then_the_customers_then_the_operators_only_one(store: Store) -> None:
    anna = seed(store)
    with store.read_session() as session:
        shop = shop_by_number(session, "+78123334455")
        assert shop is not None and (shop.name, shop.colour) == ("Дом и Сад", "#2e7d32")
        customer_shop = shop_of_customer(session, anna)  # the open order's shop is unknown here: the next
        assert customer_shop is not None and customer_shop.crm_id == "S-SPB"
        assert operator_shop(session) is None  # three shops: no guess
        assert not personal_data_masked(session)
    StoreSyncTarget(store).apply_reference(reference(store_ids=["S-KIDS"], personal_data_masked=True))
    with store.read_session() as session:
        only = operator_shop(session)
        assert only is not None and only.name == "Детский Мир Онлайн"
        assert personal_data_masked(session)
