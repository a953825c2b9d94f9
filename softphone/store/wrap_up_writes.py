"""The wrap-up's writes, each one transaction = the local change + its outbox entry (``outbox``).

- ``keep_call_draft``: at hang-up, the call's interaction is kept as a DRAFT with its times and script
  answers until the operator wraps up (``local_writes.log_call(..., interaction_id=draft)`` then
  completes it and queues it for the CRM); a draft an app killed mid-wrap-up left behind is logged at
  the next start (``interaction_log.complete_drafts``) with the times kept here.
- ``schedule_callback``: a callback task (``CallbackCreate``) for this operator or the queue.
- ``escalate``: an escalation to a technical specialist (``EscalationCreate``).
- ``dispositions``: the CRM's call results as the last sync brought them.
Bad input raises ``pydantic.ValidationError`` / ``LocalWriteError`` and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from softphone.crm import schemas as s
from softphone.store import outbox
from softphone.store.db import Store
from softphone.store.local_writes import LocalWriteError, crm_ref, new_crm_id
from softphone.store.models import Customer, CustomerPhone, Disposition, Escalation, Interaction, OutboundTask


@dataclass(frozen=True, slots=True)
class DispositionChoice:
    code: str
    label: str
    requires_note: bool
    resolved: bool


def dispositions(store: Store) -> list[DispositionChoice]:
    with store.read_session() as session:
        rows = session.scalars(select(Disposition).order_by(Disposition.id)).all()
        return [
            DispositionChoice(r.crm_id or "", r.label, r.requires_note, r.resolved) for r in rows if r.crm_id
        ]


def keep_call_draft(
    store: Store,
    customer_id: int,
    started_at: dt.datetime,
    *,
    direction: str,
    talk_s: int,
    hold_s: int,
    interaction_id: int | None = None,
    call_history_id: int | None = None,
) -> int:
    """Put the call's times (and its call-history row, when written) on its draft interaction
    (creating one when the script kept none)."""
    with store.session() as session, session.begin():
        row = session.get(Interaction, interaction_id) if interaction_id is not None else None
        if row is None or not row.is_draft:
            row = Interaction(customer_id=customer_id, is_draft=True, started_at=started_at)
            session.add(row)
        row.customer_id = customer_id
        row.started_at = started_at
        row.direction = direction
        row.talk_s, row.hold_s = talk_s, hold_s
        if call_history_id is not None:
            row.call_history_id = call_history_id
        session.flush()
        return row.id


def _customer_phone(customer: Customer) -> str:
    phones: list[CustomerPhone] = list(customer.phones)
    number = next((p.e164 for p in phones if p.e164), None)
    if number is None:
        raise LocalWriteError("the customer has no phone number to call back")
    return number


def schedule_callback(
    store: Store,
    customer_id: int,
    due_at: dt.datetime,
    note: str,
    *,
    for_queue: bool,
    operator_id: str | None = None,
    order_crm_id: str | None = None,
) -> int:
    """A callback task for this operator (claimed by them) or the queue; returns its local id."""
    with store.session() as session, session.begin():
        customer = session.get(Customer, customer_id)
        if customer is None:
            raise LocalWriteError(f"customer {customer_id} is not in the local store")
        customer_ref, customer_create = crm_ref(session, "customer", customer_id)
        data = s.CallbackCreate(
            id=new_crm_id("cb"),
            customer_id=customer_ref,
            phone=_customer_phone(customer),
            due_at=due_at,
            note=note,
            for_queue=for_queue,
            order_id=order_crm_id,
        )
        task = OutboundTask(
            kind="callback",
            status="open" if for_queue else "claimed",
            customer_crm_id=customer_ref,
            order_crm_id=order_crm_id,
            phone=data.phone,
            title=(note.splitlines()[0][:200] if note.strip() else "Callback"),
            due_at=data.due_at,
            claimed_by=None if for_queue else operator_id,
            result_note=note or None,
        )
        session.add(task)
        session.flush()
        outbox.enqueue(
            session, "task", task.id, "create", data.model_dump(mode="json"), depends_on=customer_create
        )
        return task.id


def escalate(
    store: Store, customer_id: int, priority: str, note: str, *, order_crm_id: str | None = None
) -> int:
    """An escalation to a technical specialist; returns its local id."""
    with store.session() as session, session.begin():
        customer_ref, customer_create = crm_ref(session, "customer", customer_id)
        data = s.EscalationCreate(
            id=new_crm_id("esc"),
            customer_id=customer_ref,
            priority=priority,  # type: ignore[arg-type]
            note=note,
            order_id=order_crm_id,
        )
        row = Escalation(
            customer_id=customer_id, priority=data.priority, note=data.note, order_crm_id=order_crm_id
        )
        session.add(row)
        session.flush()
        outbox.enqueue(
            session, "escalation", row.id, "create", data.model_dump(mode="json"), depends_on=customer_create
        )
        return row.id
