"""Rows written as plain tuples hold exactly what SQLAlchemy would have stored, and read back the same."""

from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Date, Time
from sqlalchemy.dialects import sqlite

from softphone.crm import schemas as s
from softphone.store.bulk_rows import sql_clock, sql_date, sql_json, sql_money, sql_time
from softphone.store.coltypes import Money, UtcDateTime
from softphone.store.customers import upsert_orders_from_crm
from softphone.store.db import Store
from softphone.store.models import Order

from .conftest import T0, crm_order

DIALECT = sqlite.dialect()


def stored_by_sqlalchemy(column_type: Any, value: Any) -> Any:
    processor = column_type.dialect_impl(DIALECT).bind_processor(DIALECT)
    return value if processor is None else processor(value)


def test_values_are_stored_in_sqlalchemys_own_form() -> None:
    moscow = dt.timezone(dt.timedelta(hours=3))
    for when in (T0, T0.replace(microsecond=123456), dt.datetime(2026, 3, 1, 2, 30, tzinfo=moscow), None):
        assert sql_time(when) == stored_by_sqlalchemy(UtcDateTime(), when)
    for amount in (Decimal("1290.00"), Decimal("0"), Decimal("-5.5"), Decimal("12.345"), None):
        assert sql_money(amount) == stored_by_sqlalchemy(Money(), amount)
    assert sql_date(dt.date(2026, 7, 20)) == stored_by_sqlalchemy(Date(), dt.date(2026, 7, 20))
    for clock in (dt.time(10, 0), dt.time(18, 30, 15, 250)):
        assert sql_clock(clock) == stored_by_sqlalchemy(Time(), clock)
    for doc in (None, {"city": "Москва", "flat": None}, {"returns": [{"amount": "1.00"}]}):
        assert sql_json(doc) == stored_by_sqlalchemy(JSON(), doc)


def test_an_order_written_as_tuples_reads_back_through_the_orm(store: Store) -> None:
    data = crm_order("o1", "c1").model_dump(mode="json")
    data["delivery"] = {
        "service_id": "DS-1",
        "method": "courier",
        "address": {"city": "Москва", "street": "Тверская", "house": "1"},
        "date": "2026-07-20",
        "time_from": "10:00:00",
        "time_to": "18:00:00",
        "cost": "250.00",
    }
    data["returns"] = [
        {"id": "r1", "items": [{"product_id": "p1", "qty": 1}], "reason": "брак", "amount": "100.50",
         "created_at": "2026-01-11T10:00:00Z"}
    ]  # fmt: skip
    order = s.Order.model_validate(data)
    with store.session() as session, session.begin():
        assert upsert_orders_from_crm(session, [order, crm_order("o2", "c1")]) == 2
    with store.read_session() as session:
        row = session.query(Order).filter_by(crm_id="o1").one()
        assert row.delivery_date == dt.date(2026, 7, 20)
        assert (row.delivery_time_from, row.delivery_time_to) == (dt.time(10), dt.time(18))
        assert row.delivery_address == {**order.delivery.address.model_dump()}  # type: ignore[union-attr]
        assert (row.delivery_cost, row.total) == (order.totals.delivery_cost, order.totals.total)
        assert row.created_at == T0 and row.created_at.tzinfo is not None
        assert row.crm_json == {"returns": [r.model_dump(mode="json") for r in order.returns]}
        assert [(i.sku, i.qty, i.price) for i in row.items] == [("SKU-1", 1, Decimal("100.50"))]
    raw = sqlite3.connect(store.path)
    try:  # no delivery: JSON null, as SQLAlchemy writes None into a JSON column
        found = raw.execute("SELECT delivery_address, crm_json FROM orders WHERE crm_id = 'o2'").fetchone()
        assert found == ("null", "null")
    finally:
        raw.close()
