"""Reads of the outbound task list and the CRM's answer to a claim, for the task board.

- ``read_task_list(session, operator_id, also=(), now=None, limit=TASK_LIST_LIMIT) -> TaskList``: the
  tasks the operator works on - open ones (the queue) and those claimed by this operator, plus the
  ids in ``also`` whatever their state (a task someone else took meanwhile stays on the list, shown
  as such) - ordered by due time, then priority (higher first), with the customer's name and the
  result codes (dispositions) an outcome is picked from.
- ``apply_claimed(store, task)``: the CRM's answer to a claim, written over the local row (unless
  an outbox write of the task waits: that one is newer).
- ``task_kind(session, task_id)``: the kind of a task (the script desk picks the call type by it).

Runs on the store worker, never on the GUI thread. Qt-free.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from softphone.crm import schemas as s
from softphone.store import crm_upserts
from softphone.store.db import Store
from softphone.store.models import Customer, Disposition, OutboundTask, ReferenceData

TASK_LIST_LIMIT = 300  # an operator's working list; the queue beyond it comes as tasks get done


@dataclass(frozen=True, slots=True)
class CartLine:
    """One line of an abandoned cart."""

    product_id: str
    name: str
    qty: int
    price: Decimal


@dataclass(frozen=True, slots=True)
class TaskRow:
    """One task as the list shows it."""

    id: int
    crm_id: str | None
    kind: str
    status: str  # open / claimed / done
    title: str
    phone: str
    priority: int
    due_at: dt.datetime  # UTC
    customer_id: int | None  # the local customer, None until the feed brought it
    customer_crm_id: str
    customer_name: str
    order_crm_id: str | None
    claimed_by: str | None
    mine: bool  # claimed by this operator
    overdue: bool
    result: str | None = None
    cart: tuple[CartLine, ...] = ()


@dataclass(frozen=True, slots=True)
class Outcome:
    """A result a task can be completed with (a CRM disposition)."""

    code: str
    label: str
    requires_note: bool


@dataclass(frozen=True, slots=True)
class TaskList:
    rows: tuple[TaskRow, ...]
    outcomes: tuple[Outcome, ...]
    operator_id: str | None


def operator_id(session: Session) -> str | None:
    """This operator's CRM id, from the last sync (``GET /me``)."""
    operator = session.get(ReferenceData, "operator")
    value = operator.body.get("id") if operator is not None else None
    return str(value) if value else None


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def _cart(items: list[dict[str, Any]] | None) -> tuple[CartLine, ...]:
    lines = [s.OrderItem.model_validate(item) for item in items or ()]
    return tuple(CartLine(i.product_id, i.name, i.qty, i.price) for i in lines)


def read_task_list(
    session: Session,
    also: Iterable[int] = (),
    now: dt.datetime | None = None,
    limit: int = TASK_LIST_LIMIT,
) -> TaskList:
    me = operator_id(session)
    now = now or dt.datetime.now(dt.UTC)
    wanted = [OutboundTask.status == "open"]
    if me is not None:
        wanted.append(and_(OutboundTask.status == "claimed", OutboundTask.claimed_by == me))
    kept = list(also)
    if kept:
        wanted.append(OutboundTask.id.in_(kept))
    query = (
        select(OutboundTask, Customer.id, Customer.name)
        .outerjoin(Customer, Customer.crm_id == OutboundTask.customer_crm_id)
        .where(or_(*wanted))
        .order_by(OutboundTask.due_at, OutboundTask.priority.desc(), OutboundTask.id)
        .limit(limit)
    )
    rows = tuple(
        TaskRow(
            id=task.id,
            crm_id=task.crm_id,
            kind=task.kind,
            status=task.status,
            title=task.title,
            phone=task.phone,
            priority=task.priority,
            due_at=_utc(task.due_at),
            customer_id=customer_id,
            customer_crm_id=task.customer_crm_id,
            customer_name=name or "",
            order_crm_id=task.order_crm_id,
            claimed_by=task.claimed_by,
            mine=task.status != "open" and me is not None and task.claimed_by == me,
            overdue=task.status != "done" and _utc(task.due_at) < now,
            result=task.result,
            cart=_cart(task.cart_items),
        )
        for task, customer_id, name in session.execute(query)
    )
    outcomes = tuple(
        Outcome(d.crm_id or "", d.label, d.requires_note)
        for d in session.scalars(select(Disposition).order_by(Disposition.id))
        if d.crm_id
    )
    return TaskList(rows, outcomes, me)


def apply_claimed(store: Store, task: s.Task) -> None:
    with store.session() as session, session.begin():
        crm_upserts.upsert_tasks_from_crm(session, [task], respect_outbox=True)


def task_kind(session: Session, task_id: int) -> str | None:
    return session.scalar(select(OutboundTask.kind).where(OutboundTask.id == task_id))
