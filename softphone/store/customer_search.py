"""The operator's customer search: by phone, name, e-mail or order number, in one box.

``find_customers(session, text, limit=20, region="RU") -> list[SearchHit]``:

- a phone in any common form (``8 916 123-45-67``, ``+7 (916) ...``) finds every customer with it;
- text with ``@`` finds customers whose e-mail starts with it (case-insensitive for the usual
  lower-case addresses; the ``ix_customers_email`` index);
- an order number (the CRM's order id, ``O-DEMO-1``; its beginning is enough) finds the order's
  customer;
- otherwise the beginning of the name (``customers.search_customers``: ``name_key`` index,
  ``ё`` = ``е``).

Hits say how they matched (``matched_by``) and come in that order: phone, order, e-mail, name. Every
branch is one indexed range scan, so a search stays in milliseconds at a million customers.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from softphone.domain.phones import DEFAULT_REGION, normalize_phone
from softphone.store.customers import find_customers_by_phone, search_customers
from softphone.store.models import Customer, CustomerPhone, Order

_AFTER_ALL = "\U0010ffff"  # sorts after every character a key can hold: [text, text + this) is a prefix


@dataclass(frozen=True, slots=True)
class SearchHit:
    customer_id: int
    crm_id: str | None
    name: str
    phone: str | None  # the customer's first phone (E.164)
    email: str | None
    matched_by: str  # phone / order / email / name
    order_crm_id: str | None = None  # the order that matched (``matched_by == "order"``)


def find_customers(
    session: Session, text: str, limit: int = 20, region: str = DEFAULT_REGION
) -> list[SearchHit]:
    text = " ".join(text.split())
    if not text:
        return []
    found: dict[int, tuple[str, str | None]] = {}  # customer id -> (matched by, order id)

    def add(ids: list[int], how: str, order: str | None = None) -> None:
        for customer_id in ids:
            if len(found) < limit:
                found.setdefault(customer_id, (how, order))

    e164 = normalize_phone(text, region) if "@" not in text else None
    if e164 is not None:
        add(find_customers_by_phone(session, e164), "phone")
    if " " not in text and any(ch.isdigit() for ch in text):
        for order_id, customer_id in _orders_starting(session, text, limit):
            add([customer_id], "order", order_id)
    if "@" in text:
        key = text.lower()
        add(
            list(
                session.scalars(
                    select(Customer.id)
                    .where(Customer.email >= key, Customer.email < key + _AFTER_ALL)
                    .order_by(Customer.email)
                    .limit(limit)
                )
            ),
            "email",
        )
    elif e164 is None:
        add([hit.id for hit in search_customers(session, text, limit, region)], "name")
    return _hits(session, found)


def _orders_starting(session: Session, text: str, limit: int) -> list[tuple[str, int]]:
    rows: list[tuple[str | None, int | None]] = []
    for key in dict.fromkeys((text, text.upper())):
        rows += session.execute(
            select(Order.crm_id, Order.customer_id)
            .where(Order.crm_id >= key, Order.crm_id < key + _AFTER_ALL, Order.customer_id.is_not(None))
            .order_by(Order.crm_id)
            .limit(limit)
        ).all()
    return [(order_id, customer_id) for order_id, customer_id in rows if order_id and customer_id]


def _hits(session: Session, found: dict[int, tuple[str, str | None]]) -> list[SearchHit]:
    if not found:
        return []
    first_phone = (
        select(CustomerPhone.e164)
        .where(CustomerPhone.customer_id == Customer.id, CustomerPhone.e164.is_not(None))
        .order_by(CustomerPhone.position)
        .limit(1)
        .scalar_subquery()
    )
    rows = {
        row[0]: row
        for row in session.execute(
            select(Customer.id, Customer.crm_id, Customer.name, first_phone, Customer.email).where(
                Customer.id.in_(list(found))
            )
        )
    }
    return [
        SearchHit(*rows[customer_id], matched_by=how, order_crm_id=order)  # type: ignore[misc]
        for customer_id, (how, order) in found.items()
        if customer_id in rows
    ]
