"""The operator's edits: each one transaction = the local change (visible at once) + its outbox entry.

Public API (each takes the ``Store``, opens its own write transaction, returns local ids; input is
validated with the CRM request models first, so bad input raises ``pydantic.ValidationError`` or
``LocalWriteError`` with a clear message and NOTHING is written):

- ``create_customer(store, data: CustomerCreate) -> int``
- ``update_customer(store, customer_id, changes: CustomerUpdate)``
- ``edit_order(store, order_id, changes: OrderUpdate)`` items / delivery / payment / discount / comment
  (the order rules of ``softphone.domain.orders``: items and delivery only while the order is new or
  confirmed, a status must be an allowed transition, a discount within the items total and the
  operator's compensation limit when the last sync brought it; totals computed by the same rules)
- ``change_order_status(store, order_id, status)``, ``cancel_order(store, order_id, reason)``
- ``save_script_answers(store, customer_id, script_crm_id, answers, interaction_id=None, steps=...)
  -> int``: a DRAFT interaction kept during the call (the CRM has no interaction update, so the
  answers travel with the interaction's create); ``log_call(..., interaction_id=draft)`` completes it.
- ``log_call(store, customer_id, started_at, ...) -> int``: the interaction with disposition, notes,
  times, script answers, compliance and visited steps (a disposition that ``requires_note`` needs notes).
- ``claim_task(store, task_id, operator_id)``, ``complete_task(store, task_id, result, note="")``

Creates get a client-generated CRM id (the API accepts one), so later writes that refer to the new
entity (an interaction of a customer created offline) can be queued before the CRM has seen it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from softphone.crm import schemas as s
from softphone.domain import orders as rules
from softphone.store import outbox
from softphone.store.crm_upserts import name_key
from softphone.store.db import Store
from softphone.store.models import (
    Base,
    Customer,
    CustomerAddress,
    CustomerPhone,
    CustomerTag,
    Disposition,
    Interaction,
    Order,
    OrderItem,
    OutboundTask,
    OutboxEntry,
    Product,
    ReferenceData,
)

R = TypeVar("R", bound=Base)


class LocalWriteError(Exception):
    """An edit the operator cannot make (unknown entity, order no longer editable, ...)."""


def new_crm_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex}"


def _get(session: Session, model: type[R], local_id: int, what: str) -> R:
    row = session.get(model, local_id)
    if row is None:
        raise LocalWriteError(f"{what} {local_id} is not in the local store")
    return row


def crm_ref(session: Session, entity_type: str, local_id: int) -> tuple[str, OutboxEntry | None]:
    """The CRM id of a local entity, and the undelivered create that proposes it (``None`` if confirmed)."""
    model = outbox.ENTITY_MODELS[entity_type]
    row = _get(session, model, local_id, entity_type)
    if row.crm_id:
        return row.crm_id, None
    create = session.scalar(
        select(OutboxEntry).where(
            OutboxEntry.entity_type == entity_type,
            OutboxEntry.entity_local_id == local_id,
            OutboxEntry.operation == "create",
            OutboxEntry.entity_crm_id.is_not(None),
        )
    )
    if create is None or create.entity_crm_id is None:
        raise LocalWriteError(f"{entity_type} {local_id} has no CRM id and no queued create")
    return create.entity_crm_id, (None if create.status == outbox.DELIVERED else create)


def _set_customer_lists(customer: Customer, data: s.CustomerCreate | s.CustomerUpdate) -> None:
    if data.phones is not None:
        unique = {p.e164: p for p in data.phones}.values()
        customer.phones = [CustomerPhone(e164=p.e164, kind=p.kind, position=i) for i, p in enumerate(unique)]
    if data.addresses is not None:
        customer.addresses = [
            CustomerAddress(position=i, **a.model_dump()) for i, a in enumerate(data.addresses)
        ]
    if data.tags is not None:
        customer.tags = [CustomerTag(tag=t) for t in dict.fromkeys(data.tags)]


def create_customer(store: Store, data: s.CustomerCreate) -> int:
    data = data.model_copy(update={"id": data.id or new_crm_id("cus")})
    with store.session() as session, session.begin():
        customer = Customer(name=data.name, name_key=name_key(data.name), email=data.email, notes=data.notes)
        _set_customer_lists(customer, data)
        session.add(customer)
        session.flush()
        outbox.enqueue(session, "customer", customer.id, "create", data.model_dump(mode="json"))
        return customer.id


def update_customer(store: Store, customer_id: int, changes: s.CustomerUpdate) -> None:
    fields = changes.model_fields_set
    if not fields:
        raise LocalWriteError("nothing to change")
    with store.session() as session, session.begin():
        customer = _get(session, Customer, customer_id, "customer")
        if changes.name is not None:
            customer.name, customer.name_key = changes.name, name_key(changes.name)
        if "email" in fields:
            customer.email = changes.email
        if changes.notes is not None:
            customer.notes = changes.notes
        _set_customer_lists(customer, changes)
        customer.updated_at = dt.datetime.now(dt.UTC)
        body = changes.model_dump(mode="json", exclude_unset=True)
        outbox.enqueue(session, "customer", customer.id, "update", body, base_version=customer.version)


def _order_items(session: Session, items: list[s.OrderItemIn]) -> list[OrderItem]:
    """The order's lines; the catalogue fills what a line leaves out (one query for all of them)."""
    missing = [i.product_id for i in items if i.sku is None or i.name is None or i.price is None]
    products: dict[str, Product] = {}
    if missing:
        with session.no_autoflush:
            rows = session.scalars(select(Product).where(Product.crm_id.in_(missing)))
            products = {p.crm_id: p for p in rows if p.crm_id}
    lines = []
    for pos, item in enumerate(items):
        product = products.get(item.product_id)
        sku = item.sku or (product.sku if product else None)
        name = item.name or (product.name if product else None)
        price = item.price if item.price is not None else (product.price if product else None)
        if sku is None or name is None or price is None:
            raise LocalWriteError(f"product {item.product_id} is unknown here: give its sku, name and price")
        lines.append(
            OrderItem(
                position=pos, product_crm_id=item.product_id, sku=sku, name=name, qty=item.qty, price=price
            )
        )
    return lines


def _replace_lines(order: Order, lines: list[OrderItem]) -> None:
    """The order's lines become ``lines``, changing the rows in place: a quantity changed on one line
    of twelve is one UPDATE, not twelve DELETEs and INSERTs."""
    rows = list(order.items)
    for pos, line in enumerate(lines):
        if pos >= len(rows):
            order.items.append(line)
            continue
        row = rows[pos]
        for name in ("position", "product_crm_id", "sku", "name", "qty", "price"):
            if getattr(row, name) != getattr(line, name):
                setattr(row, name, getattr(line, name))
    del order.items[len(lines) :]


def _recompute_totals(order: Order) -> None:
    money = rules.order_totals(order.items, order.delivery_cost, order.discount)
    order.items_total, order.total = money.items_total, money.total


def _check_transition(order: Order, status: str) -> None:
    problem = rules.transition_problem(order.status, status)
    if problem is not None:
        raise LocalWriteError(problem)


def _compensation_limit(session: Session) -> Decimal | None:
    """The operator's limit from the last sync; ``None`` before one (the CRM checks it anyway)."""
    operator = session.get(ReferenceData, "operator")
    limit = operator.body.get("compensation_limit") if operator is not None else None
    return Decimal(str(limit)) if limit is not None else None


def edit_order(store: Store, order_id: int, changes: s.OrderUpdate) -> None:
    fields = changes.model_fields_set
    if not fields:
        raise LocalWriteError("nothing to change")
    with store.session() as session, session.begin():
        limit = _compensation_limit(session) if fields & {"items", "discount"} else None  # before any flush
        order = _get(session, Order, order_id, "order")
        if rules.edit_problem(order.status, fields):
            raise LocalWriteError(f"an order that is {order.status} can no longer be edited")
        if changes.items is not None:
            _replace_lines(order, _order_items(session, changes.items))
        if changes.delivery is not None:
            d = changes.delivery
            order.delivery_service_id, order.delivery_method = d.service_id, d.method
            order.delivery_address = d.address.model_dump() if d.address else None
            order.delivery_slot_id, order.delivery_date = d.slot_id, d.date
            order.delivery_time_from, order.delivery_time_to = d.time_from, d.time_to
            if d.cost is not None:
                order.delivery_cost = d.cost
        if changes.payment is not None:
            order.payment_method, order.payment_status = changes.payment.method, changes.payment.status
        if changes.discount is not None:
            order.discount = changes.discount
        if changes.comment is not None:
            order.comment = changes.comment
        if changes.status is not None:
            _check_transition(order, changes.status)
            order.status = changes.status
            if changes.status == "cancelled":
                order.cancel_reason = changes.cancel_reason
        _recompute_totals(order)
        if fields & {"items", "discount"}:
            problem = rules.discount_problem(order.discount, order.items_total, limit)
            if problem is not None:
                raise LocalWriteError(f"discount {problem}")
        order.updated_at = dt.datetime.now(dt.UTC)
        body = changes.model_dump(mode="json", exclude_unset=True)
        outbox.enqueue(session, "order", order.id, "update", body, base_version=order.version)


def change_order_status(store: Store, order_id: int, status: str) -> None:
    if status == "cancelled":
        raise LocalWriteError("use cancel_order: a cancellation needs a reason")
    edit_order(store, order_id, s.OrderUpdate(status=status))  # type: ignore[arg-type]


def cancel_order(store: Store, order_id: int, reason: str) -> None:
    body = s.OrderCancel(reason=reason)
    with store.session() as session, session.begin():
        order = _get(session, Order, order_id, "order")
        _check_transition(order, "cancelled")
        order.status, order.cancel_reason = "cancelled", body.reason
        order.updated_at = dt.datetime.now(dt.UTC)
        outbox.enqueue(session, "order", order.id, "cancel", body.model_dump(mode="json"))


def save_script_answers(
    store: Store,
    customer_id: int,
    script_crm_id: str,
    answers: Mapping[str, str],
    interaction_id: int | None = None,
    *,
    steps: Sequence[str] | None = None,
    compliance: float | None = None,
    started_at: dt.datetime | None = None,
    direction: str | None = None,
) -> int:
    """Keep the script answers given so far in a draft interaction; returns its id.

    Given ``steps`` (the script run's whole state: the steps visited and their compliance), the
    answers replace the draft's instead of adding to them, and the script (or customer) may change."""
    with store.session() as session, session.begin():
        _get(session, Customer, customer_id, "customer")
        if interaction_id is None:
            draft = Interaction(
                customer_id=customer_id, is_draft=True, started_at=started_at or dt.datetime.now(dt.UTC)
            )
            session.add(draft)
        else:
            draft = _get(session, Interaction, interaction_id, "interaction")
            if not draft.is_draft:
                raise LocalWriteError(f"interaction {interaction_id} is already logged")
        given = {str(k): str(v) for k, v in answers.items()}
        draft.script_crm_id = script_crm_id
        if steps is None:
            draft.script_answers = {**(draft.script_answers or {}), **given}
        else:
            draft.customer_id = customer_id
            draft.script_answers = given
            draft.script_steps = list(steps)
            draft.script_compliance = compliance
        if direction is not None:
            draft.direction = direction
        session.flush()
        return draft.id


def log_call(
    store: Store,
    customer_id: int,
    started_at: dt.datetime,
    *,
    direction: str | None = None,
    disposition: str | None = None,
    notes: str = "",
    talk_s: int = 0,
    hold_s: int = 0,
    acw_s: int = 0,
    script_crm_id: str | None = None,
    script_answers: Mapping[str, str] | None = None,
    order_crm_id: str | None = None,
    task_crm_id: str | None = None,
    call_history_id: int | None = None,
    interaction_id: int | None = None,
    script_compliance: float | None = None,
    script_steps: Sequence[str] | None = None,
    order_local_id: int | None = None,
) -> int:
    """Record a call's interaction (completing the draft ``interaction_id`` if given); returns its id.

    Given ``script_steps``, ``script_answers`` are the run's whole answers (the draft's are replaced);
    else they add to the draft's, and the draft's steps and compliance are kept. Without
    ``call_history_id`` the draft's link to its call-history row is kept."""
    with store.session() as session, session.begin():
        row = _get(session, Interaction, interaction_id, "interaction") if interaction_id else None
        if row is not None and not row.is_draft:
            raise LocalWriteError(f"interaction {interaction_id} is already logged")
        if script_steps is None:
            answers = {**((row.script_answers or {}) if row else {}), **(script_answers or {})}
            script_steps = list(row.script_steps or []) if row else []
            if script_compliance is None and row is not None:
                script_compliance = row.script_compliance
        else:
            answers = dict(script_answers or {})
        if disposition is not None:
            known = session.scalar(select(Disposition).where(Disposition.crm_id == disposition))
            if known is not None and known.requires_note and not notes.strip():
                raise LocalWriteError(f"the result {known.label!r} needs a note")
        customer_ref, customer_create = crm_ref(session, "customer", customer_id)
        order_create = None
        if order_local_id is not None:  # an order made during the call: sent after its create
            order_crm_id, order_create = crm_ref(session, "order", order_local_id)
        data = s.InteractionCreate(
            id=new_crm_id("int"),
            customer_id=customer_ref,
            direction=direction,  # type: ignore[arg-type]
            disposition=disposition,
            notes=notes,
            talk_s=talk_s,
            hold_s=hold_s,
            acw_s=acw_s,
            script_id=script_crm_id or (row.script_crm_id if row else None),
            script_answers=answers,
            script_compliance=script_compliance,
            script_steps=list(script_steps),
            order_id=order_crm_id,
            task_id=task_crm_id,
            started_at=started_at,
        )
        if row is None:
            row = Interaction(customer_id=customer_id, started_at=started_at)
            session.add(row)
        values: dict[str, Any] = {
            "is_draft": False,
            "customer_id": customer_id,
            "customer_crm_id": data.customer_id,
            "direction": data.direction,
            "disposition": data.disposition,
            "notes": data.notes,
            "talk_s": data.talk_s,
            "hold_s": data.hold_s,
            "acw_s": data.acw_s,
            "script_crm_id": data.script_id,
            "script_answers": dict(data.script_answers),
            "script_compliance": data.script_compliance,
            "script_steps": list(data.script_steps),
            "order_crm_id": data.order_id,
            "task_crm_id": data.task_id,
            "call_history_id": call_history_id if call_history_id is not None else row.call_history_id,
            "started_at": data.started_at,
        }
        for key, value in values.items():
            setattr(row, key, value)
        session.flush()
        body = data.model_dump(mode="json")
        depends_on = order_create or customer_create  # an order's create waits for its customer's
        outbox.enqueue(session, "interaction", row.id, "create", body, depends_on=depends_on)
        return row.id


def claim_task(store: Store, task_id: int, operator_id: str | None = None) -> None:
    with store.session() as session, session.begin():
        task = _get(session, OutboundTask, task_id, "task")
        if task.status != "open":
            raise LocalWriteError(f"the task is {task.status}, only an open task can be taken")
        task.status, task.claimed_by, task.claimed_at = "claimed", operator_id, dt.datetime.now(dt.UTC)
        outbox.enqueue(session, "task", task.id, "claim", {})


def complete_task(store: Store, task_id: int, result: str, note: str = "") -> None:
    body = s.TaskComplete(result=result, note=note)
    with store.session() as session, session.begin():
        task = _get(session, OutboundTask, task_id, "task")
        if task.status == "done":
            raise LocalWriteError("the task is already done")
        task.status, task.result, task.result_note = "done", body.result, body.note
        task.updated_at = dt.datetime.now(dt.UTC)
        outbox.enqueue(session, "task", task.id, "complete", body.model_dump(mode="json"))
