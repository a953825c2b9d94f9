"""Products for order-editor tests and benchmarks: the reference CRM's generated catalogue (names,
SKUs, stock per warehouse, supplier availability), written to a local store as a sync would."""

from __future__ import annotations

import datetime as dt

from softphone.crm_server.seed import Generator
from softphone.store.crm_upserts import upsert_products_from_crm
from softphone.store.db import Store

CHUNK = 5_000


def seed_products(store: Store, count: int) -> list[dict[str, object]]:
    products = Generator(dt.datetime(2026, 1, 10, tzinfo=dt.UTC), count).products
    for start in range(0, len(products), CHUNK):
        with store.session() as session, session.begin():
            upsert_products_from_crm(session, products[start : start + CHUNK])
    return products
