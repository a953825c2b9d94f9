"""Order rules, the same for the client, the local store and the reference CRM server.

- Totals: ``items_total`` is the sum of price x qty; ``total`` = items + delivery - discount, never
  below zero (``order_totals``).
- Statuses move along ``ORDER_TRANSITIONS`` only (``transition_problem``); items, delivery and the
  discount can change only while the order is ``new`` or ``confirmed`` (``edit_problem``); only a
  delivered order can be returned (``RETURNABLE_STATUSES``).
- A discount is at most the items total and at most the operator's compensation limit
  (``discount_problem``).

Each check returns ``None`` or a plain sentence for the operator; the caller decides how to refuse
(a 422 on the server, ``LocalWriteError`` in the store). Inputs are plain values or anything with
``price`` and ``qty`` (a wire model, a table row), so any CRM adapter can use them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, Protocol

OrderStatus = Literal["new", "confirmed", "packed", "shipped", "delivered", "returned", "cancelled"]

ORDER_TRANSITIONS: Mapping[str, tuple[OrderStatus, ...]] = {
    "new": ("confirmed", "cancelled"),
    "confirmed": ("packed", "cancelled"),
    "packed": ("shipped", "cancelled"),
    "shipped": ("delivered",),
    "delivered": ("returned",),
    "returned": (),
    "cancelled": (),
}
EDITABLE_ORDER_STATUSES: tuple[OrderStatus, ...] = ("new", "confirmed")
EDITABLE_FIELDS = frozenset({"items", "delivery", "discount"})
RETURNABLE_STATUSES: tuple[OrderStatus, ...] = ("delivered", "returned")
ZERO = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class DraftItem:
    """One line for a new order: the product's CRM id, quantity and unit price (an abandoned cart's
    line, a line the operator picked)."""

    product_id: str
    qty: int
    price: Decimal


class PricedLine(Protocol):
    """An order line as far as money goes."""

    @property
    def price(self) -> Decimal: ...

    @property
    def qty(self) -> int: ...


@dataclass(frozen=True, slots=True)
class OrderTotals:
    items_total: Decimal
    delivery_cost: Decimal
    discount: Decimal
    total: Decimal


def order_totals(
    lines: Iterable[PricedLine], delivery_cost: Decimal | None = None, discount: Decimal | None = None
) -> OrderTotals:
    """The order's money: items total, delivery, discount and what the customer pays."""
    items_total = sum((line.price * line.qty for line in lines), ZERO)
    delivery = delivery_cost if delivery_cost is not None else ZERO
    off = discount if discount is not None else ZERO
    return OrderTotals(
        items_total=items_total,
        delivery_cost=delivery,
        discount=off,
        total=max(ZERO, items_total + delivery - off),
    )


def transition_problem(current: str, target: str) -> str | None:
    """Why an order that is ``current`` cannot become ``target``; ``None`` when it can (or is already)."""
    if target == current:
        return None
    allowed = ORDER_TRANSITIONS.get(current, ())
    if target in allowed:
        return None
    hint = ", ".join(allowed) if allowed else "none"
    return f"cannot change status from {current} to {target} (allowed: {hint})"


def edit_problem(status: str, changed: Collection[str]) -> dict[str, str]:
    """Per changed field, why it cannot change while the order is ``status`` (empty when all can)."""
    if status in EDITABLE_ORDER_STATUSES:
        return {}
    blocked = sorted(EDITABLE_FIELDS & set(changed))
    return {name: f"cannot change {name} of an order that is {status}" for name in blocked}


def discount_problem(
    discount: Decimal, items_total: Decimal, compensation_limit: Decimal | None
) -> str | None:
    """Why ``discount`` is not allowed; ``compensation_limit`` ``None`` means not known here."""
    if discount > items_total:
        return "cannot exceed the items total"
    if compensation_limit is not None and discount > compensation_limit:
        return f"exceeds your compensation limit of {compensation_limit} RUB"
    return None
