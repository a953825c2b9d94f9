"""A real local store with the CRM's reference data and a few customers, for workspace tests.

``seed_workspace_store(store)`` applies the reference CRM's seed lists (operator, shops with their
lines and colours, delivery, payment, dispositions) as a sync would, and writes:
C-1 Иванова Анна Сергеевна (+79161234567, VIP, an open order O-1 at S-KIDS, a delivered O-2),
C-2 Петров Сергей (+79031112233, +74957654321), C-4 Петрова Елена (+74957654321: shared with C-2).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from softphone.crm import schemas as s
from softphone.crm.sync import ReferenceData
from softphone.crm_server import seed_reference as ref
from softphone.store.crm_target import StoreSyncTarget
from softphone.store.customers import upsert_customers_from_crm, upsert_orders_from_crm
from softphone.store.db import Store

T0 = dt.datetime(2026, 1, 10, 9, 0, tzinfo=dt.UTC)


def reference(**operator: object) -> ReferenceData:
    return ReferenceData(
        s.Operator.model_validate({**ref.OPERATOR, **operator}),
        [s.Store.model_validate(x) for x in ref.STORES],
        [s.DeliveryService.model_validate(x) for x in ref.DELIVERY_SERVICES],
        [s.PaymentMethod.model_validate(x) for x in ref.PAYMENT_METHODS],
        [s.Disposition.model_validate(x) for x in ref.DISPOSITIONS],
    )


def customer(cid: str, name: str, phones: list[str], **extra: Any) -> s.Customer:
    return s.Customer(
        id=cid,
        name=name,
        phones=[s.CustomerPhone(e164=p, kind="mobile" if i == 0 else "home") for i, p in enumerate(phones)],
        version=1,
        created_at=T0,
        updated_at=T0,
        **extra,
    )


def order(oid: str, customer_id: str, status: str = "new", store_id: str = "S-MSK") -> s.Order:
    price = Decimal("1290.00")
    return s.Order.model_validate(
        {
            "id": oid,
            "customer_id": customer_id,
            "store_id": store_id,
            "status": status,
            "items": [{"product_id": "P0001", "sku": "KET-1", "name": "Чайник", "qty": 2, "price": price}],
            "payment": {"method": "cash", "status": "pending"},
            "totals": {"items_total": price * 2, "delivery_cost": "0", "discount": "0", "total": price * 2},
            "version": 1,
            "created_at": T0 if status == "new" else T0 - dt.timedelta(days=30),
            "updated_at": T0,
        }
    )


def seed_workspace_store(store: Store, **operator: object) -> None:
    StoreSyncTarget(store).apply_reference(reference(**operator))
    with store.session() as session, session.begin():
        upsert_customers_from_crm(
            session,
            [
                customer(
                    "C-1",
                    "Иванова Анна Сергеевна",
                    ["+79161234567"],
                    tags=["VIP"],
                    email="anna.ivanova@mail.ru",
                    addresses=[s.Address(city="Москва", street="ул. Ленина", house="10", flat="25")],
                ),
                customer("C-2", "Петров Сергей", ["+79031112233", "+74957654321"]),
                customer("C-4", "Петрова Елена", ["+74957654321"]),
            ],
        )
        upsert_orders_from_crm(
            session, [order("O-1", "C-1", store_id="S-KIDS"), order("O-2", "C-1", status="delivered")]
        )
