"""Everything the customer card shows beyond ``customers.customer_card``: orders and the timeline.

Public API (read ``Session``; results are frozen values, safe to hand to the GUI thread):

- ``load_details(session, customer_id) -> CustomerDetails | None``: the card (``customer_card``),
  the customer's orders (open ones first, then newest; with delivery and payment named as the CRM's
  reference lists name them), the timeline, whether the customer has edits the CRM has not taken
  yet, and whether the operator's role sees personal data masked.
- ``customer_orders(session, customer_id, limit)``, ``timeline(session, customer_id, limit)``:
  the timeline merges logged interactions (calls, e-mail, chat, messengers, notes; drafts left out)
  with order events (placed, the current status when it moved on, returns), newest first.

Every query goes through an index on ``customer_id``: a card costs a few milliseconds at a million
customers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import case, exists, select
from sqlalchemy.orm import Session, selectinload

from softphone.store.customers import CustomerCard, customer_card
from softphone.store.models import Disposition, Interaction, Order, OutboxEntry, ReferenceData
from softphone.store.shops import OPEN_ORDER_STATUSES, personal_data_masked

ORDERS_SHOWN = 20
TIMELINE_SHOWN = 60
_OPEN_OUTBOX = ("pending", "conflict", "rejected")


@dataclass(frozen=True, slots=True)
class OrderLine:
    id: int
    crm_id: str | None
    status: str
    total: Decimal
    created_at: dt.datetime
    store_crm_id: str | None
    items: tuple[tuple[str, int], ...]  # (name, qty)
    delivery_service: str | None = None  # the service's name (its id when the CRM list lacks it)
    delivery_method: str | None = None
    delivery_date: dt.date | None = None
    delivery_from: dt.time | None = None
    delivery_to: dt.time | None = None
    delivery_address: str | None = None
    payment_method: str | None = None
    payment_status: str | None = None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ORDER_STATUSES


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    at: dt.datetime
    channel: str  # call, email, chat, messenger, note, or "order" for order events
    direction: str | None = None
    result: str | None = None  # the CRM's label of the call's disposition
    talk_s: int = 0
    notes: str = ""
    order_crm_id: str | None = None
    order_event: str | None = None  # placed / status / return
    order_status: str | None = None
    amount: Decimal | None = None
    pending: bool = False  # logged here, not in the CRM yet


@dataclass(frozen=True, slots=True)
class CustomerDetails:
    card: CustomerCard
    orders: tuple[OrderLine, ...]
    timeline: tuple[TimelineEntry, ...]
    unsent_edits: bool  # the outbox holds edits of this customer the CRM has not taken yet
    masked: bool  # the operator's role sees phones, e-mail and addresses masked

    @property
    def open_order(self) -> OrderLine | None:
        return next((o for o in self.orders if o.is_open), None)


def load_details(session: Session, customer_id: int) -> CustomerDetails | None:
    card = customer_card(session, customer_id)
    if card is None:
        return None
    orders = customer_orders(session, customer_id)
    return CustomerDetails(
        card=card,
        orders=orders,
        timeline=timeline(session, customer_id),
        unsent_edits=bool(
            session.scalar(
                select(
                    exists().where(
                        OutboxEntry.entity_type == "customer",
                        OutboxEntry.entity_local_id == customer_id,
                        OutboxEntry.status.in_(_OPEN_OUTBOX),
                    )
                )
            )
        ),
        masked=personal_data_masked(session),
    )


def _names(session: Session, key: str) -> dict[str, Any]:
    row = session.get(ReferenceData, key)
    items = row.body.get("items", []) if row is not None else []
    return {str(item.get("id") or item.get("code")): item for item in items if isinstance(item, dict)}


def address_line(address: dict[str, Any] | None) -> str | None:
    if not address:
        return None
    parts = [address.get("city"), address.get("street"), address.get("house")]
    text = ", ".join(str(p) for p in parts if p)
    if address.get("flat"):
        text += f", кв. {address['flat']}"
    return text or None


def customer_orders(session: Session, customer_id: int, limit: int = ORDERS_SHOWN) -> tuple[OrderLine, ...]:
    open_first = case((Order.status.in_(OPEN_ORDER_STATUSES), 0), else_=1)
    rows = session.scalars(
        select(Order)
        .where(Order.customer_id == customer_id)
        .options(selectinload(Order.items))
        .order_by(open_first, Order.created_at.desc(), Order.id.desc())
        .limit(limit)
    ).all()
    if not rows:
        return ()
    services, payments = _names(session, "delivery_services"), _names(session, "payment_methods")
    lines = []
    for order in rows:
        service = services.get(order.delivery_service_id or "")
        methods = {m.get("code"): m.get("name") for m in (service or {}).get("methods", [])}
        payment = payments.get(order.payment_method or "")
        lines.append(
            OrderLine(
                id=order.id,
                crm_id=order.crm_id,
                status=order.status,
                total=order.total,
                created_at=order.created_at,
                store_crm_id=order.store_crm_id,
                items=tuple((item.name, item.qty) for item in order.items),
                delivery_service=(service or {}).get("name") or order.delivery_service_id,
                delivery_method=methods.get(order.delivery_method) or order.delivery_method,
                delivery_date=order.delivery_date,
                delivery_from=order.delivery_time_from,
                delivery_to=order.delivery_time_to,
                delivery_address=address_line(order.delivery_address),
                payment_method=(payment or {}).get("name") or order.payment_method,
                payment_status=order.payment_status,
            )
        )
    return tuple(lines)


def timeline(session: Session, customer_id: int, limit: int = TIMELINE_SHOWN) -> tuple[TimelineEntry, ...]:
    """Interactions and order events of the customer, newest first."""
    labels = dict(session.execute(select(Disposition.crm_id, Disposition.label)).all())
    entries = [
        TimelineEntry(
            at=row.started_at,
            channel=row.channel,
            direction=row.direction,
            result=labels.get(row.disposition or "", row.disposition),
            talk_s=row.talk_s,
            notes=row.notes,
            order_crm_id=row.order_crm_id,
            pending=row.crm_id is None,
        )
        for row in session.scalars(
            select(Interaction)
            .where(Interaction.customer_id == customer_id, Interaction.is_draft.is_(False))
            .order_by(Interaction.started_at.desc())
            .limit(limit)
        )
    ]
    entries += _order_events(session, customer_id)
    entries.sort(key=lambda e: e.at, reverse=True)
    return tuple(entries[:limit])


def _order_events(session: Session, customer_id: int) -> list[TimelineEntry]:
    rows = session.execute(
        select(Order.crm_id, Order.status, Order.total, Order.created_at, Order.updated_at, Order.crm_json)
        .where(Order.customer_id == customer_id)
        .order_by(Order.created_at.desc())
        .limit(ORDERS_SHOWN)
    ).all()
    events: list[TimelineEntry] = []
    for crm_id, status, total, created, updated, extra in rows:
        events.append(
            TimelineEntry(created, "order", order_crm_id=crm_id, order_event="placed", amount=total)
        )
        if status != "new" and updated > created:
            events.append(
                TimelineEntry(
                    updated, "order", order_crm_id=crm_id, order_event="status", order_status=status
                )
            )
        for ret in (extra or {}).get("returns", []):
            try:
                at = dt.datetime.fromisoformat(str(ret["created_at"]).replace("Z", "+00:00"))
                amount = Decimal(str(ret.get("amount", "0")))
            except (KeyError, ValueError, ArithmeticError):
                continue
            events.append(
                TimelineEntry(at, "order", order_crm_id=crm_id, order_event="return", amount=amount)
            )
    return events
