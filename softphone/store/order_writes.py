"""Order writes the editor needs beyond ``local_writes.edit_order``/``cancel_order``: a new order, a
return of delivered items, settling an order's conflict. Each is one transaction = the local change
(visible at once) + its outbox entry; bad input raises ``LocalWriteError`` / ``ValidationError``
and nothing is written.

- ``create_order(store, customer_id, data: OrderCreate) -> int``: the order with a client-made CRM id
  (the customer may itself still be on its way to the CRM: the create waits for it).
- ``return_items(store, order_id, data: OrderReturnCreate)``: only items of a delivered order, at most
  what is left to return (the server's rule, checked here first).
- ``resolve_order_conflict(store, entry_id, "mine" | "theirs")``: keep ours (re-sent on top of the
  CRM's version) or take the CRM's order.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from softphone.crm import schemas as s
from softphone.domain import orders as rules
from softphone.store import outbox
from softphone.store.db import OUTBOX_WRITTEN, Store
from softphone.store.local_writes import (
    LocalWriteError,
    _compensation_limit,
    _get,
    _order_items,
    crm_ref,
    new_crm_id,
)
from softphone.store.models import Customer, Order
from softphone.store.order_editing import _returnable


def create_order(store: Store, customer_id: int, data: s.OrderCreate) -> int:
    data = data.model_copy(update={"id": data.id or new_crm_id("ord")})
    with store.session() as session, session.begin():
        _get(session, Customer, customer_id, "customer")
        customer_ref, customer_create = crm_ref(session, "customer", customer_id)
        data = data.model_copy(update={"customer_id": customer_ref})
        items = _order_items(session, data.items)
        order = Order(
            customer_id=customer_id,
            customer_crm_id=customer_ref,
            store_crm_id=data.store_id,
            status="new",
            payment_method=data.payment.method,
            payment_status=data.payment.status,
            discount=data.discount,
            comment=data.comment,
            items=items,
        )
        if data.delivery is not None:
            d = data.delivery
            order.delivery_service_id, order.delivery_method = d.service_id, d.method
            order.delivery_address = d.address.model_dump() if d.address else None
            order.delivery_slot_id, order.delivery_date = d.slot_id, d.date
            order.delivery_time_from, order.delivery_time_to = d.time_from, d.time_to
            if d.cost is not None:
                order.delivery_cost = d.cost
        money = rules.order_totals(items, order.delivery_cost, data.discount)
        order.items_total, order.total = money.items_total, money.total
        problem = rules.discount_problem(data.discount, money.items_total, _compensation_limit(session))
        if problem is not None:
            raise LocalWriteError(f"discount {problem}")
        session.add(order)
        session.flush()
        body = data.model_dump(mode="json")
        outbox.enqueue(session, "order", order.id, "create", body, depends_on=customer_create)
        return order.id


def return_items(store: Store, order_id: int, data: s.OrderReturnCreate) -> None:
    with store.session() as session, session.begin():
        order = _get(session, Order, order_id, "order")
        if order.status not in rules.RETURNABLE_STATUSES:
            raise LocalWriteError(f"only delivered orders can be returned (this one is {order.status})")
        left = _returnable(order)
        for item in data.items:
            if item.qty > left.get(item.product_id, 0):
                raise LocalWriteError(
                    f"only {left.get(item.product_id, 0)} of {item.product_id} left to return"
                )
            left[item.product_id] -= item.qty
        if not any(left.values()):
            order.status = "returned"
        returns = list((order.crm_json or {}).get("returns", []))
        returns.append(
            {"id": None, "items": [i.model_dump(mode="json") for i in data.items], "reason": data.reason}
        )
        order.crm_json = {**(order.crm_json or {}), "returns": returns}
        order.updated_at = dt.datetime.now(dt.UTC)
        outbox.enqueue(session, "order", order.id, "return", data.model_dump(mode="json"))


def resolve_order_conflict(store: Store, entry_id: int, choice: Literal["mine", "theirs"]) -> None:
    with store.session() as session, session.begin():
        outbox.resolve_conflict(session, entry_id, choice)
        session.info[OUTBOX_WRITTEN] = True  # "mine" is queued again: wake the delivery
