"""Customer look-ups for the workspace: screen-pop by phone, search by name, the customer card.

Public API:

- ``find_customer_by_phone(session, e164) -> CustomerCard | None``: one indexed look-up on
  ``customer_phones.e164`` plus small indexed reads (phones, addresses, tags, last orders); well under a
  millisecond at a million customers. When several customers share the number, the most recently
  updated one is returned; ``find_customers_by_phone`` gives all of their ids.
- ``customer_card(session, customer_id) -> CustomerCard | None``
- ``search_customers(session, text, limit=20, region="RU") -> list[CustomerSummary]``: by a phone
  (any format; ``region`` is the ``ui.default_region`` setting) or by the beginning of the name
  (case-insensitive, ``ё`` = ``е``), using the ``name_key`` index.
- ``find_store_by_number(session, dialled, region="RU") -> StoreInfo | None``: which store an
  incoming call is for.
- The CRM upserts (``upsert_customers_from_crm`` ...) live in ``crm_upserts`` and are re-exported here.

Cards are frozen dataclasses, detached from the session: safe to hand to the GUI thread.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from softphone.domain.phones import DEFAULT_REGION, normalize_phone
from softphone.store.coltypes import KOPECKS
from softphone.store.crm_upserts import (
    delete_from_crm,
    name_key,
    upsert_customers_from_crm,
    upsert_orders_from_crm,
    upsert_products_from_crm,
    upsert_scripts_from_crm,
    upsert_tasks_from_crm,
)
from softphone.store.models import (
    Customer,
    CustomerPhone,
    StoreBranch,
    StoreNumber,
)

__all__ = [
    "AddressInfo",
    "CustomerCard",
    "CustomerSummary",
    "OrderSummary",
    "PhoneInfo",
    "StoreInfo",
    "customer_card",
    "delete_from_crm",
    "find_customer_by_phone",
    "find_customers_by_phone",
    "find_store_by_number",
    "search_customers",
    "upsert_customers_from_crm",
    "upsert_orders_from_crm",
    "upsert_products_from_crm",
    "upsert_scripts_from_crm",
    "upsert_tasks_from_crm",
]
RECENT_ORDERS = 5
CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class PhoneInfo:
    """A phone on the card: ``e164`` is None when the CRM's text holds no number (show ``as_written``)."""

    e164: str | None
    kind: str
    extension: str | None = None
    as_written: str | None = None  # the CRM's text, when it was not plain E.164


@dataclass(frozen=True, slots=True)
class AddressInfo:
    city: str
    street: str
    house: str
    flat: str | None
    postcode: str | None
    comment: str | None

    def one_line(self) -> str:
        flat = f", кв. {self.flat}" if self.flat else ""
        return f"{self.city}, {self.street}, {self.house}{flat}"


@dataclass(frozen=True, slots=True)
class OrderSummary:
    id: int
    crm_id: str | None
    status: str
    total: Decimal
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class CustomerCard:
    id: int
    crm_id: str | None
    version: int | None
    name: str
    email: str | None
    notes: str
    phones: tuple[PhoneInfo, ...]
    addresses: tuple[AddressInfo, ...]
    tags: tuple[str, ...]
    recent_orders: tuple[OrderSummary, ...]
    updated_at: dt.datetime


@dataclass(frozen=True, slots=True)
class CustomerSummary:
    id: int
    crm_id: str | None
    name: str
    phone: str | None


@dataclass(frozen=True, slots=True)
class StoreInfo:
    id: int
    crm_id: str | None
    name: str


def find_customers_by_phone(session: Session, e164: str) -> list[int]:
    """Ids of every customer with this number, most recently updated first."""
    return [row[0] for row in _cursor(session).execute(_IDS_BY_PHONE, (e164,))]


def find_customer_by_phone(session: Session, e164: str) -> CustomerCard | None:
    """The card of the customer with this E.164 number (screen-pop), or ``None``."""
    row = _cursor(session).execute(_CARD_BY_PHONE, (e164,)).fetchone()
    return _card(row) if row is not None else None


def customer_card(session: Session, customer_id: int) -> CustomerCard | None:
    row = _cursor(session).execute(_CARD_BY_ID, (customer_id,)).fetchone()
    return _card(row) if row is not None else None


def _cursor(session: Session) -> Any:
    """The session's own DBAPI connection (its transaction): a screen-pop is one SQLite statement, and
    SQLAlchemy's statement and result machinery around it cost more than the statement itself."""
    return session.connection().connection.cursor()


# The whole card in ONE statement (the customer row found through the e164 index, its children
# gathered with correlated json_group_array sub-selects on their indexes): the screen-pop costs one
# round trip into SQLite instead of six.
_CARD_SELECT = f"""
SELECT c.id, c.crm_id, c.version, c.name, c.email, c.notes, c.updated_at,
  (SELECT json_group_array(json_array(e164, kind, extension, as_written)) FROM
     (SELECT * FROM customer_phones WHERE customer_id = c.id ORDER BY position)),
  (SELECT json_group_array(json_array(city, street, house, flat, postcode, comment)) FROM
     (SELECT * FROM customer_addresses WHERE customer_id = c.id ORDER BY position)),
  (SELECT json_group_array(tag) FROM (SELECT tag FROM customer_tags WHERE customer_id = c.id ORDER BY tag)),
  (SELECT json_group_array(json_array(id, crm_id, status, total, created_at)) FROM
     (SELECT id, crm_id, status, total, created_at FROM orders WHERE customer_id = c.id
      ORDER BY created_at DESC LIMIT {RECENT_ORDERS}))
"""
_CARD_BY_PHONE = (
    _CARD_SELECT
    + """FROM customer_phones p JOIN customers c ON c.id = p.customer_id
WHERE p.e164 = ? ORDER BY c.updated_at DESC, c.id DESC LIMIT 1"""
)
_CARD_BY_ID = _CARD_SELECT + "FROM customers c WHERE c.id = ?"
_IDS_BY_PHONE = """SELECT c.id FROM customer_phones p JOIN customers c ON c.id = p.customer_id
WHERE p.e164 = ? ORDER BY c.updated_at DESC, c.id DESC"""


def _stored_time(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)


def _card(row: Any) -> CustomerCard:
    phones, addresses, tags, orders = (json.loads(v) for v in row[7:11])
    return CustomerCard(
        id=row[0],
        crm_id=row[1],
        version=row[2],
        name=row[3],
        email=row[4],
        notes=row[5],
        phones=tuple(PhoneInfo(*p) for p in phones),
        addresses=tuple(AddressInfo(*a) for a in addresses),
        tags=tuple(tags),
        recent_orders=tuple(
            OrderSummary(o[0], o[1], o[2], (Decimal(o[3]) / KOPECKS).quantize(CENT), _stored_time(o[4]))
            for o in orders
        ),
        updated_at=_stored_time(row[6]),
    )


def search_customers(
    session: Session, text: str, limit: int = 20, region: str = DEFAULT_REGION
) -> list[CustomerSummary]:
    """Customers whose phone is ``text`` or whose name starts with ``text``; name order."""
    e164 = normalize_phone(text, region)
    where: ColumnElement[bool]
    if e164 is not None:
        ids = find_customers_by_phone(session, e164)[:limit]
        where = Customer.id.in_(ids)
    else:
        key = name_key(text)
        if not key:
            return []
        # A prefix range on the index; U+10FFFF sorts after every character a name can contain.
        where = (Customer.name_key >= key) & (Customer.name_key < key + "\U0010ffff")
    first_phone = (
        select(CustomerPhone.e164)
        .where(CustomerPhone.customer_id == Customer.id, CustomerPhone.e164.is_not(None))
        .order_by(CustomerPhone.position)
        .limit(1)
        .scalar_subquery()
    )
    query = (
        select(Customer.id, Customer.crm_id, Customer.name, first_phone)
        .where(where)
        .order_by(Customer.name_key, Customer.id)
        .limit(limit)
    )
    return [CustomerSummary(*r) for r in session.execute(query)]


def find_store_by_number(session: Session, dialled: str, region: str = DEFAULT_REGION) -> StoreInfo | None:
    """The store whose number was dialled (``dialled`` in any format), or ``None``."""
    e164 = normalize_phone(dialled, region)
    if e164 is None:
        return None
    row = session.execute(
        select(StoreBranch.id, StoreBranch.crm_id, StoreBranch.name)
        .join(StoreNumber, StoreNumber.store_id == StoreBranch.id)
        .where(StoreNumber.e164 == e164)
    ).one_or_none()
    return StoreInfo(*row) if row is not None else None
