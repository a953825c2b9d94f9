"""Fixtures of the store tests: a real store file per test and CRM entity factories."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from softphone.crm import schemas as s
from softphone.store.db import Store, open_store

T0 = dt.datetime(2026, 1, 10, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "store.db")
    yield opened
    opened.close()


def crm_customer(cid: str, name: str, phones: list[str], version: int = 1, **extra: Any) -> s.Customer:
    return s.Customer(
        id=cid,
        name=name,
        phones=[s.CustomerPhone(e164=p, kind="mobile" if i == 0 else "home") for i, p in enumerate(phones)],
        version=version,
        created_at=T0,
        updated_at=T0 + dt.timedelta(minutes=version),
        **extra,
    )


def crm_order(oid: str, customer_id: str, version: int = 1, status: str = "new", qty: int = 1) -> s.Order:
    price = Decimal("100.50")
    return s.Order.model_validate(
        {
            "id": oid,
            "customer_id": customer_id,
            "store_id": "st1",
            "status": status,
            "items": [{"product_id": "p1", "sku": "SKU-1", "name": "Чайник", "qty": qty, "price": price}],
            "payment": {"method": "card", "status": "pending"},
            "totals": {
                "items_total": price * qty,
                "delivery_cost": Decimal("0"),
                "discount": Decimal("0"),
                "total": price * qty,
            },
            "version": version,
            "created_at": T0,
            "updated_at": T0,
        }
    )
