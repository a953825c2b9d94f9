"""Everything the customer card shows beyond ``customers.customer_card``: orders and the timeline.

Public API (read ``Session``; results are frozen values, safe to hand to the GUI thread):

- ``load_details(session, customer_id) -> CustomerDetails | None``: the card (``customer_card``),
  the customer's orders (open ones first, then newest; with delivery and payment named as the CRM's
  reference lists name them), the timeline, whether the customer has edits the CRM has not taken
  yet, and whether the operator's role sees personal data masked.
- ``customer_orders(session, customer_id, limit)``, ``timeline(session, customer_id, limit)``:
  the timeline merges logged interactions (calls, e-mail, chat, messengers, notes; drafts left out)
  with order events (placed, the current status when it moved on, returns), newest first.

Every query goes through an index on ``customer_id`` and reads columns, not ORM objects (an order's
lines come as one JSON array): a card costs a few milliseconds at a million customers.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, case, exists, literal_column, select
from sqlalchemy.orm import Session

from softphone.store.customers import CustomerCard, customer_card
from softphone.store.models import Disposition, Interaction, Order, OutboxEntry, ReferenceData
from softphone.store.shops import OPEN_ORDER_STATUSES

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
    interaction_id: int | None = None  # a logged contact's local id (the call's self-review opens it)
    recorded: bool = False  # the call's recording is kept here


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
    reference = _reference(session)
    rows = _order_rows(session, customer_id, ORDERS_SHOWN)
    return CustomerDetails(
        card=card,
        orders=_order_lines(rows, reference),
        timeline=_timeline(session, customer_id, TIMELINE_SHOWN, rows),
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
        masked=bool(reference.get("operator", {}).get("personal_data_masked")),
    )


_REFERENCE_KEYS = ("operator", "delivery_services", "payment_methods")


def _reference(session: Session) -> dict[str, dict[str, Any]]:
    """The operator and the delivery / payment lists by id or code, in one read."""
    found: dict[str, dict[str, Any]] = {"operator": {}, "delivery_services": {}, "payment_methods": {}}
    for key, body in session.execute(
        select(ReferenceData.key, ReferenceData.body).where(ReferenceData.key.in_(_REFERENCE_KEYS))
    ):
        if key == "operator":
            found[key] = body
        else:
            items = body.get("items", [])
            found[key] = {str(i.get("id") or i.get("code")): i for i in items if isinstance(i, dict)}
    return found


def address_line(address: dict[str, Any] | None) -> str | None:
    if not address:
        return None
    parts = [address.get("city"), address.get("street"), address.get("house")]
    text = ", ".join(str(p) for p in parts if p)
    if address.get("flat"):
        text += f", кв. {address['flat']}"
    return text or None


# the order's lines as one JSON array (the card needs names and quantities only)
_ITEMS: ColumnElement[str] = literal_column(
    "(SELECT json_group_array(json_array(name, qty)) FROM "
    "(SELECT name, qty FROM order_items WHERE order_id = orders.id ORDER BY position))"
)


def _order_rows(session: Session, customer_id: int, limit: int) -> list[Any]:
    open_first = case((Order.status.in_(OPEN_ORDER_STATUSES), 0), else_=1)
    return list(
        session.execute(
            select(
                Order.id,
                Order.crm_id,
                Order.status,
                Order.total,
                Order.created_at,
                Order.updated_at,
                Order.store_crm_id,
                Order.delivery_service_id,
                Order.delivery_method,
                Order.delivery_date,
                Order.delivery_time_from,
                Order.delivery_time_to,
                Order.delivery_address,
                Order.payment_method,
                Order.payment_status,
                Order.crm_json,
                _ITEMS,
            )
            .where(Order.customer_id == customer_id)
            .order_by(open_first, Order.created_at.desc(), Order.id.desc())
            .limit(limit)
        )
    )


def _order_lines(rows: list[Any], reference: dict[str, dict[str, Any]]) -> tuple[OrderLine, ...]:
    services, payments = reference["delivery_services"], reference["payment_methods"]
    lines = []
    for row in rows:
        service = services.get(row.delivery_service_id or "") or {}
        methods = {m.get("code"): m.get("name") for m in service.get("methods", [])}
        payment = payments.get(row.payment_method or "") or {}
        lines.append(
            OrderLine(
                id=row.id,
                crm_id=row.crm_id,
                status=row.status,
                total=row.total,
                created_at=row.created_at,
                store_crm_id=row.store_crm_id,
                items=tuple((str(name), int(qty)) for name, qty in json.loads(row[-1] or "[]")),
                delivery_service=service.get("name") or row.delivery_service_id,
                delivery_method=methods.get(row.delivery_method) or row.delivery_method,
                delivery_date=row.delivery_date,
                delivery_from=row.delivery_time_from,
                delivery_to=row.delivery_time_to,
                delivery_address=address_line(row.delivery_address),
                payment_method=payment.get("name") or row.payment_method,
                payment_status=row.payment_status,
            )
        )
    return tuple(lines)


def customer_orders(session: Session, customer_id: int, limit: int = ORDERS_SHOWN) -> tuple[OrderLine, ...]:
    """The customer's orders, open ones first, then the newest."""
    return _order_lines(_order_rows(session, customer_id, limit), _reference(session))


def timeline(session: Session, customer_id: int, limit: int = TIMELINE_SHOWN) -> tuple[TimelineEntry, ...]:
    """Interactions and order events of the customer, newest first."""
    return _timeline(session, customer_id, limit, _order_rows(session, customer_id, ORDERS_SHOWN))


def _timeline(session: Session, customer_id: int, limit: int, orders: list[Any]) -> tuple[TimelineEntry, ...]:
    labels: dict[str | None, str] = {
        code: label for code, label in session.execute(select(Disposition.crm_id, Disposition.label))
    }
    entries = [
        TimelineEntry(
            at=row.started_at,
            channel=row.channel,
            direction=row.direction,
            result=labels.get(row.disposition, row.disposition),
            talk_s=row.talk_s,
            notes=row.notes,
            order_crm_id=row.order_crm_id,
            pending=row.crm_id is None,
            interaction_id=row.id,
            recorded=row.recording_file is not None,
        )
        for row in session.execute(
            select(
                Interaction.started_at,
                Interaction.channel,
                Interaction.direction,
                Interaction.disposition,
                Interaction.talk_s,
                Interaction.notes,
                Interaction.order_crm_id,
                Interaction.crm_id,
                Interaction.id,
                Interaction.recording_file,
            )
            .where(Interaction.customer_id == customer_id, Interaction.is_draft.is_(False))
            .order_by(Interaction.started_at.desc())
            .limit(limit)
        )
    ]
    entries += _order_events(orders)
    entries.sort(key=lambda e: e.at, reverse=True)
    return tuple(entries[:limit])


def _order_events(orders: list[Any]) -> list[TimelineEntry]:
    events: list[TimelineEntry] = []
    for row in orders:
        crm_id, created, updated = row.crm_id, row.created_at, row.updated_at
        events.append(
            TimelineEntry(created, "order", order_crm_id=crm_id, order_event="placed", amount=row.total)
        )
        if row.status != "new" and updated > created:
            events.append(
                TimelineEntry(
                    updated, "order", order_crm_id=crm_id, order_event="status", order_status=row.status
                )
            )
        for ret in (row.crm_json or {}).get("returns", []):
            try:
                at = dt.datetime.fromisoformat(str(ret["created_at"]).replace("Z", "+00:00"))
                amount = Decimal(str(ret.get("amount", "0")))
            except (KeyError, ValueError, ArithmeticError):
                continue
            events.append(
                TimelineEntry(at, "order", order_crm_id=crm_id, order_event="return", amount=amount)
            )
    return events
