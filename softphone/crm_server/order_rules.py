"""Order business rules of the reference CRM server: pricing, totals, delivery, status transitions.

Rules enforced (each violation is a 422 naming the field):
* items refer to catalogue products; sku/name/price default to the catalogue's;
* the delivery service and method exist; ``cost`` defaults to the method's price; a ``slot_id``
  must name an offered slot of that service and fills ``date``/``time_from``/``time_to``;
* a method that needs an address gets one;
* the payment method exists;
* the discount, totals, editable statuses and status transitions follow the domain rules
  (:mod:`softphone.domain.orders`, shared with the client's local store).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from softphone.crm import schemas as s
from softphone.crm_server.common import ApiError, ServerState, field_error
from softphone.crm_server.routes_reference import resolve_slot
from softphone.domain import orders as rules


class FieldErrors:
    """Collects field errors so one 422 reports all of them."""

    def __init__(self) -> None:
        self.fields: dict[str, str] = {}

    def add(self, field: str, message: str) -> None:
        self.fields.setdefault(field, message)

    def raise_if_any(self, message: str = "The order is invalid") -> None:
        if self.fields:
            raise ApiError(422, "validation_error", message, self.fields)


def resolve_items(state: ServerState, items: list[s.OrderItemIn], errors: FieldErrors) -> list[s.OrderItem]:
    resolved = []
    for index, item in enumerate(items):
        product = state.db.get("product", item.product_id)
        if product is None:
            errors.add(f"items.{index}.product_id", f"unknown product {item.product_id}")
            continue
        resolved.append(
            s.OrderItem(
                product_id=item.product_id,
                sku=item.sku or product["sku"],
                name=item.name or product["name"],
                qty=item.qty,
                price=item.price if item.price is not None else Decimal(product["price"]),
            )
        )
    return resolved


def resolve_delivery(state: ServerState, delivery: s.DeliveryIn, errors: FieldErrors) -> s.Delivery | None:
    services = {svc["id"]: svc for svc in state.db.get_ref("delivery_services") or []}
    service = services.get(delivery.service_id)
    if service is None:
        errors.add("delivery.service_id", f"unknown delivery service {delivery.service_id}")
        return None
    method = next((m for m in service["methods"] if m["code"] == delivery.method), None)
    if method is None:
        codes = ", ".join(m["code"] for m in service["methods"])
        errors.add("delivery.method", f"{service['name']} offers: {codes}")
        return None
    if method.get("needs_address", True) and delivery.address is None:
        errors.add("delivery.address", f"{method['name']} needs a delivery address")
    fields = delivery.model_dump(exclude={"cost"})
    if delivery.slot_id is not None:
        slot = resolve_slot(state, delivery.slot_id)
        if slot is None or slot.service_id != delivery.service_id:
            errors.add("delivery.slot_id", "no such delivery slot (it may have passed)")
        else:
            fields.update(date=slot.date, time_from=slot.time_from, time_to=slot.time_to)
    cost = delivery.cost if delivery.cost is not None else Decimal(method["cost"])
    return s.Delivery(**fields, cost=cost)


def check_payment(state: ServerState, payment: s.PaymentIn, errors: FieldErrors) -> s.Payment:
    known = {m["code"] for m in state.db.get_ref("payment_methods") or []}
    if payment.method not in known:
        errors.add("payment.method", f"unknown payment method {payment.method!r}")
    return s.Payment(method=payment.method, status=payment.status)


def totals(items: list[s.OrderItem], delivery: s.Delivery | None, discount: Decimal) -> s.OrderTotals:
    money = rules.order_totals(items, delivery.cost if delivery is not None else None, discount)
    return s.OrderTotals(
        items_total=money.items_total,
        delivery_cost=money.delivery_cost,
        discount=money.discount,
        total=money.total,
    )


def compensation_limit(state: ServerState) -> Decimal:
    operator = state.db.get_ref("operator") or {}
    return Decimal(operator.get("compensation_limit", "0"))


def check_discount(state: ServerState, discount: Decimal, items_total: Decimal, errors: FieldErrors) -> None:
    problem = rules.discount_problem(discount, items_total, compensation_limit(state))
    if problem is not None:
        errors.add("discount", problem)


def check_transition(current: str, target: str) -> None:
    problem = rules.transition_problem(current, target)
    if problem is not None:
        raise field_error("status", problem)


def apply_update(state: ServerState, current: dict[str, Any], body: s.OrderUpdate) -> dict[str, Any]:
    """The order document after applying a PATCH (not yet stored)."""
    order = s.Order.model_validate(current)
    changes = body.model_fields_set
    errors = FieldErrors()
    for name, problem in rules.edit_problem(order.status, changes).items():
        errors.add(name, problem)
    errors.raise_if_any("The order can no longer be edited")
    items = order.items
    if "items" in changes:
        if body.items is None:
            errors.add("items", "cannot be null")
        else:
            items = resolve_items(state, body.items, errors)
    delivery = order.delivery
    if "delivery" in changes:
        delivery = resolve_delivery(state, body.delivery, errors) if body.delivery is not None else None
    payment = order.payment
    if "payment" in changes:
        if body.payment is None:
            errors.add("payment", "cannot be null")
        else:
            payment = check_payment(state, body.payment, errors)
    discount = order.totals.discount
    if "discount" in changes:
        discount = body.discount if body.discount is not None else Decimal("0")
    new_totals = totals(items, delivery, discount)
    if "discount" in changes or "items" in changes:
        check_discount(state, discount, new_totals.items_total, errors)
    errors.raise_if_any()
    status = order.status
    if body.status is not None:
        check_transition(order.status, body.status)
        status = body.status
    comment = order.comment
    if "comment" in changes:
        comment = body.comment or ""
    cancel_reason = order.cancel_reason
    if status == "cancelled" and order.status != "cancelled":
        cancel_reason = body.cancel_reason or "cancelled by operator"
    return {
        **current,
        "items": items,
        "delivery": delivery,
        "payment": payment,
        "totals": new_totals,
        "status": status,
        "comment": comment,
        "cancel_reason": cancel_reason,
    }


def apply_return(
    current: dict[str, Any], body: s.OrderReturnCreate, return_id: str, now: Any
) -> dict[str, Any]:
    order = s.Order.model_validate(current)
    if order.status not in rules.RETURNABLE_STATUSES:
        raise field_error("status", f"only delivered orders can be returned (this one is {order.status})")
    ordered: dict[str, int] = {}
    prices: dict[str, Decimal] = {}
    for item in order.items:
        ordered[item.product_id] = ordered.get(item.product_id, 0) + item.qty
        prices[item.product_id] = item.price
    for ret in order.returns:
        for ritem in ret.items:
            ordered[ritem.product_id] = ordered.get(ritem.product_id, 0) - ritem.qty
    errors = FieldErrors()
    amount = Decimal("0")
    for index, ritem in enumerate(body.items):
        left = ordered.get(ritem.product_id)
        if left is None:
            errors.add(f"items.{index}.product_id", "this product is not in the order")
        elif ritem.qty > left:
            errors.add(f"items.{index}.qty", f"only {left} left to return")
        else:
            ordered[ritem.product_id] = left - ritem.qty
            amount += prices[ritem.product_id] * ritem.qty
    errors.raise_if_any("The return is invalid")
    new_return = s.OrderReturn(
        id=return_id, items=body.items, reason=body.reason, amount=amount, created_at=now
    )
    everything_back = all(qty <= 0 for qty in ordered.values())
    return {
        **current,
        "returns": [*order.returns, new_return],
        "status": "returned" if everything_back else order.status,
    }
