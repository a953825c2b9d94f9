"""Which online shop a call is for: by the number the caller dialled, else a sensible default.

Public API (each takes a read ``Session``; results are frozen ``Shop`` values, safe across threads):

- ``shop_by_number(session, e164) -> Shop | None``: the shop whose line (``store_numbers``) was dialled.
- ``shop_by_crm_id(session, crm_id) -> Shop | None``
- ``shop_of_customer(session, customer_id) -> Shop | None``: the shop of the customer's newest open
  order, else of the newest order (an outgoing call is about the customer's shop).
- ``operator_shop(session) -> Shop | None``: the operator's shop when the CRM gives them exactly one
  (with several, guessing would make the operator greet in the wrong shop's name).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from softphone.store.models import Order, ReferenceData, StoreBranch, StoreNumber

OPEN_ORDER_STATUSES = ("new", "confirmed", "packed", "shipped")


@dataclass(frozen=True, slots=True)
class Shop:
    id: int
    crm_id: str | None
    name: str
    colour: str  # the logo colour, ``#rrggbb``
    record_calls: bool = False  # its calls may be recorded (``recording.enabled`` decides too)


_COLUMNS = (
    StoreBranch.id,
    StoreBranch.crm_id,
    StoreBranch.name,
    StoreBranch.colour,
    StoreBranch.record_calls,
)


def shop_by_number(session: Session, e164: str) -> Shop | None:
    row = session.execute(
        select(*_COLUMNS)
        .join(StoreNumber, StoreNumber.store_id == StoreBranch.id)
        .where(StoreNumber.e164 == e164)
    ).first()
    return Shop(*row) if row is not None else None


def shop_by_crm_id(session: Session, crm_id: str) -> Shop | None:
    row = session.execute(select(*_COLUMNS).where(StoreBranch.crm_id == crm_id)).first()
    return Shop(*row) if row is not None else None


def shop_of_customer(session: Session, customer_id: int) -> Shop | None:
    open_first = case((Order.status.in_(OPEN_ORDER_STATUSES), 0), else_=1)
    row = session.execute(
        select(*_COLUMNS)
        .join(Order, Order.store_crm_id == StoreBranch.crm_id)
        .where(Order.customer_id == customer_id)
        .order_by(open_first, Order.created_at.desc())
        .limit(1)
    ).first()
    return Shop(*row) if row is not None else None


def operator_shop(session: Session) -> Shop | None:
    operator = session.get(ReferenceData, "operator")
    ids = operator.body.get("store_ids") if operator is not None else None
    if not isinstance(ids, list) or len(ids) != 1 or not isinstance(ids[0], str):
        return None
    return shop_by_crm_id(session, ids[0])


def personal_data_masked(session: Session) -> bool:
    """Whether the CRM says this operator's role sees personal data masked (from the last sync)."""
    operator = session.get(ReferenceData, "operator")
    return bool(operator is not None and operator.body.get("personal_data_masked"))
