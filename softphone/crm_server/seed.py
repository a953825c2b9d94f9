"""Seeding of the reference CRM database with realistic Russian data.

Sizes (``scale`` multiplies every generated count): ``demo`` = 200 customers, 400 orders;
``large`` = 100,000 customers, 200,000 orders (built as JSON documents and written with
``executemany`` in one transaction; a few seconds). Counts include the fixed records below. Seeding
is deterministic (fixed random seed) apart from timestamps, which are relative to "now"; an already
seeded database is left as it is.

Fixed records present in every seed (tests and the demo rely on them):

=============  =========================================  ============================================
id             who                                        phones
=============  =========================================  ============================================
C-DEMO-1       Иванова Анна Сергеевна (VIP, Москва)       +79161234567 (mobile)
C-DEMO-2       Петров Сергей Николаевич (Санкт-Петербург) +79031112233 (mobile), +74957654321 (home)
C-DEMO-3       Смирнова Ольга Викторовна (no orders)      +78121234567 (work)
C-DEMO-4       Петрова Елена Андреевна                    +74957654321 (home, shared with C-DEMO-2)
=============  =========================================  ============================================

Orders: O-DEMO-1 (C-DEMO-1, ``new``, 2 lines), O-DEMO-2 (C-DEMO-1, ``delivered``), O-DEMO-3
(C-DEMO-2, ``confirmed``). Interactions I-DEMO-1..4 (C-DEMO-1: a call, an e-mail, a chat, a note)
and I-DEMO-5 (C-DEMO-2: a call), within the last month. Tasks: T-DEMO-1 (open order_confirmation
of O-DEMO-1), T-DEMO-2 (callback to C-DEMO-2, claimed by another operator). Products P0001..P0064
at least; stores S-MSK (dialled +74952223344, +78001002030), S-SPB (+78123334455), S-KIDS
(+74957778899).
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
from typing import Any

from softphone.crm_server import names_ru as ru
from softphone.crm_server import seed_reference as ref
from softphone.crm_server.db import ENTITY_TABLES, Database, index_columns, to_json

SIZES: dict[str, dict[str, int]] = {
    "demo": {"customers": 200, "orders": 400, "products": 64, "interactions": 300, "tasks": 30},
    "large": {
        "customers": 100_000,
        "orders": 200_000,
        "products": 2_000,
        "interactions": 50_000,
        "tasks": 2_000,
    },
}
ORDER_STATUSES = (
    ("new", 8),
    ("confirmed", 8),
    ("packed", 5),
    ("shipped", 10),
    ("delivered", 55),
    ("returned", 4),
    ("cancelled", 10),
)
BATCH = 5_000
DEMO_ADDRESS = {
    "city": "Москва",
    "street": "ул. Ленина",
    "house": "10",
    "flat": "25",
    "postcode": "101000",
    "comment": "Код домофона 25В",
}
SPB_ADDRESS = {
    "city": "Санкт-Петербург",
    "street": "Невский пр.",
    "house": "28",
    "flat": "7",
    "postcode": "191186",
    "comment": None,
}


def iso(ts: dt.datetime) -> str:
    return ts.strftime("%Y-%m-%dT%H:%M:%SZ")


def money(kopecks: int) -> str:
    return f"{kopecks // 100}.{kopecks % 100:02d}"


class Generator:
    """Builds entity documents in the API's JSON form (as :mod:`softphone.crm.schemas` dumps them)."""

    def __init__(self, now: dt.datetime, n_products: int) -> None:
        self.rng = random.Random(20240601)
        self.now = now
        self.products = [self.product(i) for i in range(n_products)]
        self.services = {s["id"]: s for s in ref.DELIVERY_SERVICES}

    def ago(self, max_days: float) -> dt.datetime:
        return self.now - dt.timedelta(seconds=self.rng.uniform(60, max_days * 86400))

    def product(self, i: int) -> dict[str, Any]:
        kind, base, brands = ru.GOODS[i % len(ru.GOODS)]
        brand = brands[(i // len(ru.GOODS)) % len(brands)]
        model = 10 + i // (len(ru.GOODS) * len(brands))
        rng = self.rng
        price = (base * (80 + (i * 37) % 60) // 100) // 100 * 100 + 90
        stock = [
            {"warehouse_id": wid, "warehouse_name": wname, "qty": rng.choice((0, 0, 1, 3, 7, 12, 40))}
            for wid, wname in ru.WAREHOUSES
            if rng.random() < 0.8
        ]
        return {
            "id": f"P{i + 1:04d}",
            "sku": f"{kind.lower().translate(ru.TRANSLIT)[:3].upper()}-{i + 1:05d}",
            "name": f"{kind} {brand} {model}",
            "price": money(max(price, 490) * 100),
            "description": f"{kind} {brand}, модель {model}. Гарантия 1 год.",
            "stock": stock,
            "supplier": {
                "supplier": rng.choice(ru.SUPPLIERS),
                "available": rng.random() < 0.85,
                "lead_time_days": rng.choice((1, 2, 3, 5, 7, 14)),
            },
            "version": 1,
            "updated_at": iso(self.now),
        }

    def person(self) -> tuple[str, str, str]:
        rng = self.rng
        female = rng.random() < 0.55
        stem, suffix = rng.choice(ru.PATRONYMIC_STEMS)
        last = rng.choice(ru.LAST_NAMES) + ("а" if female else "")
        first = rng.choice(ru.FEMALE_FIRST if female else ru.MALE_FIRST)
        patronymic = stem + suffix + ("на" if female else "ич")
        return last, first, patronymic

    def address(self) -> dict[str, Any]:
        rng = self.rng
        city, postcode, _area = ru.CITIES[0] if rng.random() < 0.35 else rng.choice(ru.CITIES)
        house = str(rng.randint(1, 150)) + rng.choice(("", "", "", "к2", "с1", "А"))
        return {
            "city": city,
            "street": rng.choice(ru.STREETS),
            "house": house,
            "flat": str(rng.randint(1, 300)) if rng.random() < 0.85 else None,
            "postcode": (postcode + "".join(str(rng.randint(0, 9)) for _ in range(6)))[:6],
            "comment": rng.choice(ru.ADDRESS_COMMENTS),
        }

    def customer(self, i: int, taken: set[str]) -> dict[str, Any]:
        rng = self.rng
        last, first, patronymic = self.person()
        mobile = f"+79{(i * 104_729 + 12_345_678) % 1_000_000_000:09d}"
        while mobile in taken:
            mobile = f"+79{rng.randrange(1_000_000_000):09d}"
        phones = [{"e164": mobile, "kind": "mobile"}]
        if rng.random() < 0.2:
            area = rng.choice(ru.CITIES)[2]
            phones.append({"e164": f"+7{area}{rng.randrange(10_000_000):07d}", "kind": "home"})
        email = None
        if rng.random() < 0.6:
            login = f"{first.lower().translate(ru.TRANSLIT)[:1]}.{last.lower().translate(ru.TRANSLIT)}{i}"
            email = f"{login}@{rng.choice(ru.EMAIL_DOMAINS)}"
        created = self.ago(720)
        return {
            "id": f"C{i:06d}",
            "name": f"{last} {first} {patronymic}",
            "phones": phones,
            "email": email,
            "addresses": [self.address() for _ in range(rng.choice((0, 1, 1, 1, 2)))],
            "tags": rng.sample(ru.TAGS, rng.choice((0, 0, 0, 1, 2))),
            "notes": rng.choice(ru.CUSTOMER_NOTES),
            "version": 1,
            "created_at": iso(created),
            "updated_at": iso(created),
        }

    def order(
        self, order_id: str, customer: dict[str, Any], status: str | None = None, *, fixed: bool = False
    ) -> dict[str, Any]:
        rng = self.rng
        lines = []
        for product in rng.sample(self.products, 2 if fixed else rng.choice((1, 1, 2, 2, 3, 4))):
            price_k = int(product["price"].replace(".", ""))
            lines.append(
                {
                    "product_id": product["id"],
                    "sku": product["sku"],
                    "name": product["name"],
                    "qty": rng.choice((1, 1, 1, 2, 3)),
                    "price": product["price"],
                    "_k": price_k,
                }
            )
        items_k = sum(line.pop("_k") * line["qty"] for line in lines)
        service = self.services[rng.choice(("DS-CDEK", "DS-CDEK", "DS-BOXBERRY", "DS-OWN", "DS-POST"))]
        method = rng.choice(service["methods"])
        if fixed:
            created = self.now - (dt.timedelta(days=10) if status == "delivered" else dt.timedelta(hours=2))
        else:
            created = self.ago(180)
        day = (created + dt.timedelta(days=rng.randint(1, 4))).date()
        address = customer["addresses"][0] if customer["addresses"] else self.address()
        delivery = {
            "service_id": service["id"],
            "method": method["code"],
            "address": address if method["needs_address"] else None,
            "slot_id": None,
            "date": day.isoformat(),
            "time_from": "10:00:00",
            "time_to": "18:00:00",
            "cost": method["cost"],
        }
        delivery_k = int(method["cost"].replace(".", ""))
        if status is None:
            status = rng.choices([s for s, _ in ORDER_STATUSES], [w for _, w in ORDER_STATUSES])[0]
        discount_k = rng.choice((0, 0, 0, 0, 10_000, 50_000)) if items_k > 100_000 else 0
        pay_method = rng.choice(ref.PAYMENT_METHODS)
        paid = pay_method["online"] or status in ("delivered", "returned")
        returns = []
        if status == "returned":
            returns = [
                {
                    "id": f"R{order_id[1:]}",
                    "items": [{"product_id": x["product_id"], "qty": x["qty"]} for x in lines],
                    "reason": rng.choice(("Не подошёл", "Брак", "Передумал")),
                    "amount": money(items_k),
                    "created_at": iso(created + dt.timedelta(days=7)),
                }
            ]
        return {
            "id": order_id,
            "customer_id": customer["id"],
            "store_id": rng.choice(ref.STORES)["id"],
            "status": status,
            "items": lines,
            "delivery": delivery,
            "payment": {
                "method": pay_method["code"],
                "status": "refunded" if status == "returned" else ("paid" if paid else "pending"),
            },
            "totals": {
                "items_total": money(items_k),
                "delivery_cost": money(delivery_k),
                "discount": money(discount_k),
                "total": money(items_k + delivery_k - discount_k),
            },
            "comment": rng.choice(("", "", "", "Позвонить за час до доставки", "Подарочная упаковка")),
            "cancel_reason": rng.choice(("Передумал", "Нашёл дешевле", "Долгая доставка"))
            if status == "cancelled"
            else None,
            "returns": returns,
            "version": 1,
            "created_at": iso(created),
            "updated_at": iso(created),
        }

    def interaction(self, i: int, customer: dict[str, Any]) -> dict[str, Any]:
        rng = self.rng
        channel = rng.choice(("call", "call", "call", "email", "chat", "messenger", "note"))
        started = self.ago(365)
        talk = rng.randint(20, 600) if channel == "call" else 0
        return {
            "id": f"I{i:07d}",
            "customer_id": customer["id"],
            "channel": channel,
            "direction": None if channel == "note" else rng.choice(("inbound", "inbound", "outbound")),
            "disposition": rng.choice(ref.DISPOSITIONS)["code"],
            "notes": rng.choice(("", "Уточнил сроки доставки", "Спрашивала про гарантию", "Просил скидку")),
            "talk_s": talk,
            "hold_s": rng.choice((0, 0, 15, 40)) if talk else 0,
            "acw_s": rng.randint(5, 60) if talk else 0,
            "script_id": None,
            "script_answers": {},
            "order_id": None,
            "task_id": None,
            "operator_id": rng.choice((ref.OPERATOR_ID, ref.OTHER_OPERATOR_ID)),
            "started_at": iso(started),
            "created_at": iso(started),
        }

    def cart(self, task_id: str) -> list[dict[str, Any]]:
        """An abandoned cart's lines; its own random stream, so the rest of the seed stays as it was."""
        rng = random.Random(task_id)
        return [
            {
                "product_id": p["id"],
                "sku": p["sku"],
                "name": p["name"],
                "qty": rng.choice((1, 1, 2)),
                "price": p["price"],
            }
            for p in rng.sample(self.products, rng.choice((1, 2, 3)))
        ]

    def task(
        self, task_id: str, kind: str, customer: dict[str, Any], order_id: str | None, status: str = "open"
    ) -> dict[str, Any]:
        rng = self.rng
        claimed = status != "open"
        return {
            "id": task_id,
            "kind": kind,
            "status": status,
            "customer_id": customer["id"],
            "order_id": order_id,
            "phone": customer["phones"][0]["e164"],
            "title": ref.TASK_TITLES[kind],
            "priority": rng.choice((0, 0, 1, 2)),
            "due_at": iso(self.now + dt.timedelta(minutes=rng.randint(-600, 2880))),
            "claimed_by": ref.OTHER_OPERATOR_ID if claimed else None,
            "claimed_at": iso(self.now - dt.timedelta(minutes=5)) if claimed else None,
            "result": "feedback_positive" if status == "done" else None,
            "result_note": "" if status == "done" else None,
            "cart_items": self.cart(task_id) if kind == "abandoned_cart" else [],
            "version": 1,
            "updated_at": iso(self.now),
        }


def fixed_customers(gen: Generator) -> list[dict[str, Any]]:
    stamp = iso(gen.now - dt.timedelta(days=400))
    base = {"tags": [], "notes": "", "version": 1, "created_at": stamp, "updated_at": stamp, "email": None}
    return [
        {
            **base,
            "id": "C-DEMO-1",
            "name": "Иванова Анна Сергеевна",
            "phones": [{"e164": "+79161234567", "kind": "mobile"}],
            "email": "anna.ivanova@mail.ru",
            "addresses": [DEMO_ADDRESS],
            "tags": ["VIP"],
            "notes": "Предпочитает звонки после 12:00",
        },
        {
            **base,
            "id": "C-DEMO-2",
            "name": "Петров Сергей Николаевич",
            "addresses": [SPB_ADDRESS],
            "phones": [{"e164": "+79031112233", "kind": "mobile"}, {"e164": "+74957654321", "kind": "home"}],
        },
        {
            **base,
            "id": "C-DEMO-3",
            "name": "Смирнова Ольга Викторовна",
            "addresses": [],
            "phones": [{"e164": "+78121234567", "kind": "work"}],
        },
        {
            **base,
            "id": "C-DEMO-4",
            "name": "Петрова Елена Андреевна",
            "addresses": [SPB_ADDRESS],
            "phones": [{"e164": "+74957654321", "kind": "home"}],
        },
    ]


def fixed_interactions(gen: Generator) -> list[dict[str, Any]]:
    """A short, readable history of the demo customers (newest first on their timelines)."""

    def one(n: int, customer: str, days_ago: float, channel: str, **fields: Any) -> dict[str, Any]:
        at = iso(gen.now - dt.timedelta(days=days_ago))
        talk = fields.pop("talk_s", 0)
        return {
            "id": f"I-DEMO-{n}",
            "customer_id": customer,
            "channel": channel,
            "direction": fields.pop("direction", None),
            "disposition": fields.pop("disposition", None),
            "notes": fields.pop("notes", ""),
            "talk_s": talk,
            "hold_s": 0,
            "acw_s": 20 if talk else 0,
            "script_id": None,
            "script_answers": {},
            "order_id": fields.pop("order_id", None),
            "task_id": None,
            "operator_id": ref.OPERATOR_ID,
            "started_at": at,
            "created_at": at,
        }

    return [
        one(1, "C-DEMO-1", 9, "call", direction="inbound", disposition="consultation", talk_s=184,
            notes="Спрашивала про сроки доставки заказа", order_id="O-DEMO-2"),
        one(2, "C-DEMO-1", 6, "email", direction="outbound", notes="Отправили чек и гарантийный талон"),
        one(3, "C-DEMO-1", 3, "chat", direction="inbound", disposition="feedback_positive",
            notes="Похвалила курьера"),
        one(4, "C-DEMO-1", 1, "note", notes="Просит звонить после 12:00"),
        one(5, "C-DEMO-2", 4, "call", direction="outbound", disposition="order_confirmed", talk_s=95,
            order_id="O-DEMO-3"),
    ]  # fmt: skip


def _insert(conn: sqlite3.Connection, etype: str, docs: list[dict[str, Any]]) -> None:
    table, cols = ENTITY_TABLES[etype]
    sql = f"INSERT INTO {table} (id, {', '.join(cols)}, data) VALUES ({', '.join('?' * (len(cols) + 2))})"
    for start in range(0, len(docs), BATCH):
        chunk = docs[start : start + BATCH]
        conn.executemany(
            sql,
            [(d["id"], *index_columns(etype, d).values(), to_json(d)) for d in chunk],
        )
        if etype == "customer":
            conn.executemany(
                "INSERT OR IGNORE INTO customer_phones (e164, customer_id) VALUES (?, ?)",
                [(p["e164"], d["id"]) for d in chunk for p in d["phones"]],
            )


def seed(db: Database, kind: str, scale: float = 1.0, now: dt.datetime | None = None) -> dict[str, int]:
    """Fill an empty database; returns the generated counts (empty when it was already seeded)."""
    if kind == "none":
        return {}
    if kind not in SIZES:
        raise ValueError(f"unknown seed {kind!r}; use demo, large or none")
    if db.scalar("SELECT value FROM meta WHERE key = 'seed'", ()) is not None:
        return {}
    sizes = {key: max(1, round(n * scale)) for key, n in SIZES[kind].items()}
    sizes["products"] = max(sizes["products"], 64)
    gen = Generator(now or dt.datetime.now(dt.UTC), sizes["products"])
    customers = fixed_customers(gen)
    taken = {p["e164"] for c in customers for p in c["phones"]}
    customers += [gen.customer(i, taken) for i in range(1, max(0, sizes["customers"] - len(customers)) + 1)]
    demo1, demo2 = customers[0], customers[1]
    orders = [
        gen.order("O-DEMO-1", demo1, "new", fixed=True),
        gen.order("O-DEMO-2", demo1, "delivered", fixed=True),
        gen.order("O-DEMO-3", demo2, "confirmed", fixed=True),
    ]
    orders += [gen.order(f"O{i:07d}", gen.rng.choice(customers)) for i in range(1, sizes["orders"] - 2)]
    interactions = [
        gen.interaction(i, gen.rng.choice(customers)) for i in range(1, sizes["interactions"] + 1)
    ] + fixed_interactions(gen)
    tasks = [
        gen.task("T-DEMO-1", "order_confirmation", demo1, "O-DEMO-1"),
        gen.task("T-DEMO-2", "callback", demo2, None, status="claimed"),
    ]
    kinds = list(ref.TASK_TITLES)
    by_id = {c["id"]: c for c in customers}
    for i in range(1, max(0, sizes["tasks"] - 2) + 1):
        order = gen.rng.choice(orders)
        task_kind = kinds[i % len(kinds)]
        status = gen.rng.choices(("open", "claimed", "done"), (7, 1, 2))[0]
        order_id = None if task_kind == "new_registration" else order["id"]
        tasks.append(gen.task(f"T{i:06d}", task_kind, by_id[order["customer_id"]], order_id, status))
    with db.transaction() as conn:
        for rkind, data in (
            ("operator", ref.OPERATOR),
            ("stores", ref.STORES),
            ("delivery_services", ref.DELIVERY_SERVICES),
            ("slot_rules", ref.SLOT_RULES),
            ("payment_methods", ref.PAYMENT_METHODS),
            ("dispositions", ref.DISPOSITIONS),
        ):
            db.put_ref(conn, rkind, data)
        scripts = [{**sc, "updated_at": iso(gen.now)} for sc in ref.SCRIPTS]
        for etype, docs in (
            ("product", gen.products),
            ("script", scripts),
            ("customer", customers),
            ("order", orders),
            ("task", tasks),
        ):
            _insert(conn, etype, docs)
            table = "customers" if etype == "customer" else etype + "s"
            conn.execute(
                f"INSERT INTO changes (entity_type, entity_id, op) "
                f"SELECT '{etype}', id, 'upsert' FROM {table} ORDER BY id"
            )
        conn.executemany(
            "INSERT INTO interactions (id, customer_id, started_at, data) VALUES (?, ?, ?, ?)",
            [(d["id"], d["customer_id"], d["started_at"], to_json(d)) for d in interactions],
        )
        conn.execute("INSERT INTO meta (key, value) VALUES ('seed', ?)", (kind,))
    return {
        "customers": len(customers),
        "orders": len(orders),
        "products": len(gen.products),
        "interactions": len(interactions),
        "tasks": len(tasks),
        "scripts": len(scripts),
    }
