"""The order being edited, as the operator shapes it: lines, delivery, payment, discount; its totals
by the domain rules (the same as the CRM's), the checks before a save, and the request it becomes
(``OrderCreate`` for a new order, an ``OrderUpdate`` holding only what changed for an open one).

Also the delivery address typed as one line (``parse_address``): "Москва, ул. Ленина, 5, кв. 12,
101000" -> city, street, house, flat, postcode; a clear problem when a part is missing. Qt-free.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from softphone.crm import schemas as s
from softphone.domain import orders as rules
from softphone.store.order_editing import EditorLine, OrderSnapshot

_POSTCODE = re.compile(r"^\d{6}$")
_FLAT = re.compile(r"^(?:кв\.?|квартира|apt\.?|flat|офис|оф\.?)\s*(\S+)$", re.IGNORECASE)
_HOUSE = re.compile(r"^(?:д\.?|дом|house)\s*(\S.*)$", re.IGNORECASE)


class DraftProblem(Exception):
    """Why the draft cannot be saved, in words for the operator (``field`` names the part)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class OverCompensationLimit(DraftProblem):
    """The discount is above the operator's compensation limit: refuse, offer escalation."""

    def __init__(self, discount: Decimal, limit: Decimal) -> None:
        super().__init__("discount", f"discount {discount} exceeds your compensation limit of {limit} RUB")
        self.discount, self.limit = discount, limit


def parse_address(text: str) -> s.Address:
    """One typed line -> an address; ``DraftProblem("address", ...)`` names what is missing."""
    parts = [p.strip() for p in re.split(r"[,;\n]", text) if p.strip()]
    postcode = flat = None
    rest: list[str] = []
    for part in parts:
        if _POSTCODE.match(part) and postcode is None:
            postcode = part
        elif (m := _FLAT.match(part)) and flat is None:
            flat = m.group(1)
        else:
            rest.append(part)
    if len(rest) < 3:
        raise DraftProblem("address", "an address needs a city, a street and a house")
    city, street = rest[0], rest[1]
    house = rest[2]
    if m := _HOUSE.match(house):
        house = m.group(1)
    comment = ", ".join(rest[3:]) or None
    try:
        return s.Address(city=city, street=street, house=house, flat=flat, postcode=postcode, comment=comment)
    except ValidationError as exc:
        where = ", ".join(str(e["loc"][0]) for e in exc.errors(include_input=False))
        raise DraftProblem("address", f"the address is not valid ({where})") from None


def address_text(address: s.Address) -> str:
    parts = [address.city, address.street, address.house]
    if address.flat:
        parts.append(f"кв. {address.flat}")
    if address.postcode:
        parts.append(address.postcode)
    return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class OrderDraft:
    """An order in the editor. ``base`` is the stored order it edits (``None``: a new order)."""

    customer_id: int
    store_crm_id: str | None
    lines: tuple[EditorLine, ...] = ()
    delivery: s.DeliveryIn | None = None
    payment_method: str | None = None
    discount: Decimal = rules.ZERO
    comment: str = ""
    base: OrderSnapshot | None = field(default=None, compare=False)

    @classmethod
    def of(cls, snapshot: OrderSnapshot) -> OrderDraft:
        return cls(
            customer_id=snapshot.customer_id or 0,
            store_crm_id=snapshot.store_crm_id,
            lines=snapshot.lines,
            delivery=snapshot.delivery,
            payment_method=snapshot.payment_method,
            discount=snapshot.discount,
            comment=snapshot.comment,
            base=snapshot,
        )

    @property
    def editable(self) -> bool:
        return self.base is None or self.base.status in rules.EDITABLE_ORDER_STATUSES

    def totals(self) -> rules.OrderTotals:
        cost = self.delivery.cost if self.delivery is not None else None
        return rules.order_totals(self.lines, cost, self.discount)

    # ---- changes ---------------------------------------------------------------------------------
    def with_product(self, product_id: str, sku: str, name: str, price: Decimal, qty: int = 1) -> OrderDraft:
        """Add a product (or one more of a product already in the order)."""
        for index, line in enumerate(self.lines):
            if line.product_id == product_id:
                return self.with_qty(index, line.qty + qty)
        return replace(self, lines=(*self.lines, EditorLine(product_id, sku, name, qty, price)))

    def with_qty(self, index: int, qty: int) -> OrderDraft:
        lines = list(self.lines)
        if qty <= 0:
            del lines[index]
        else:
            lines[index] = replace(lines[index], qty=min(qty, 10_000))
        return replace(self, lines=tuple(lines))

    def with_price(self, index: int, price: Decimal) -> OrderDraft:
        lines = list(self.lines)
        lines[index] = replace(lines[index], price=max(rules.ZERO, price).quantize(Decimal("0.01")))
        return replace(self, lines=tuple(lines))

    # ---- checks and requests ---------------------------------------------------------------------
    def check(self, compensation_limit: Decimal | None, needs_address: bool) -> None:
        """Raise ``DraftProblem`` (``OverCompensationLimit`` for the limit) when it cannot be saved."""
        if not self.lines:
            raise DraftProblem("items", "add at least one product")
        if self.payment_method is None:
            raise DraftProblem("payment", "choose how the customer pays")
        if self.delivery is not None and needs_address and self.delivery.address is None:
            raise DraftProblem("address", "this delivery needs an address")
        money = self.totals()
        problem = rules.discount_problem(self.discount, money.items_total, None)
        if problem is not None:
            raise DraftProblem("discount", f"the discount {problem}")
        if compensation_limit is not None and self.discount > compensation_limit:
            raise OverCompensationLimit(self.discount, compensation_limit)

    def _items(self) -> list[s.OrderItemIn]:
        return [
            s.OrderItemIn(product_id=ln.product_id, qty=ln.qty, price=ln.price, sku=ln.sku, name=ln.name)
            for ln in self.lines
        ]

    def create_request(self) -> s.OrderCreate:
        if self.store_crm_id is None:
            raise DraftProblem("store", "the shop of this order is not known yet (the CRM has not synced)")
        return s.OrderCreate(
            customer_id="pending",  # the store fills in the customer's CRM id
            store_id=self.store_crm_id,
            items=self._items(),
            delivery=self.delivery,
            payment=s.PaymentIn(method=self.payment_method or ""),
            discount=self.discount,
            comment=self.comment,
        )

    def update_request(self) -> s.OrderUpdate | None:
        """Only the fields that differ from the stored order; ``None`` when nothing changed."""
        base = self.base
        assert base is not None
        changes: dict[str, Any] = {}
        if self.lines != base.lines:
            changes["items"] = self._items()
        if self.delivery != base.delivery:
            changes["delivery"] = self.delivery
        if self.payment_method != base.payment_method and self.payment_method is not None:
            changes["payment"] = s.PaymentIn(method=self.payment_method)
        if self.discount != base.discount:
            changes["discount"] = self.discount
        if self.comment != base.comment:
            changes["comment"] = self.comment
        return s.OrderUpdate(**changes) if changes else None


def changed_fields(mine: dict[str, Any], theirs: s.Order) -> list[tuple[str, str, str]]:
    """(field, our value, the CRM's value) for each field our queued change sets, as plain text."""
    rows: list[tuple[str, str, str]] = []
    for name, value in mine.items():
        rows.append((name, _text(name, value), _text(name, _theirs(name, theirs))))
    return rows


def _theirs(name: str, order: s.Order) -> Any:
    if name == "items":
        return [i.model_dump(mode="json") for i in order.items]
    if name == "delivery":
        return order.delivery.model_dump(mode="json") if order.delivery else None
    if name == "payment":
        return order.payment.model_dump(mode="json")
    if name == "discount":
        return str(order.totals.discount)
    if name == "reason":
        return order.cancel_reason
    return getattr(order, name, None)


def _text(name: str, value: Any) -> str:
    if value is None:
        return "—"
    if name == "items" and isinstance(value, list):
        return "; ".join(f"{i.get('name') or i.get('product_id')} × {i.get('qty')}" for i in value)
    if name == "delivery" and isinstance(value, dict):
        when = " ".join(str(value.get(k) or "") for k in ("date", "time_from", "time_to")).strip()
        return f"{value.get('service_id')}/{value.get('method')} {when}".strip()
    if name == "payment" and isinstance(value, dict):
        return str(value.get("method"))
    return str(value)
