"""A customer as the CRM answered it at screen-pop, written to the local store in one transaction.

The changes feed carries customers and orders but not interactions: the client asks the CRM for
a customer's history (``GET /customers/{id}/interactions``) when the card opens and keeps it here,
so the timeline is whole next time, offline too.

Public API:

- ``store_customer_from_crm(store, customer, orders, interactions) -> int | None``: upserts the
  customer and its orders (the sync's own upserts: a local edit the CRM has not taken yet stays) and
  the interactions; returns the customer's local id.
- ``store_interactions_from_crm(session, customer_local_id, items) -> int``: insert or update by CRM
  id; an interaction logged here whose create was delivered but whose reply was lost is adopted (it
  already carries the id the CRM shows), never duplicated. Drafts are left alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from softphone.crm import schemas as s
from softphone.store.crm_upserts import upsert_customers_from_crm, upsert_orders_from_crm
from softphone.store.db import Store
from softphone.store.models import Customer, Interaction, OutboxEntry


def store_customer_from_crm(
    store: Store,
    customer: s.Customer,
    orders: Sequence[s.Order] = (),
    interactions: Sequence[s.Interaction] = (),
) -> int | None:
    with store.session() as session, session.begin():
        upsert_customers_from_crm(session, [customer])
        if orders:
            upsert_orders_from_crm(session, list(orders))
        local_id = session.scalar(select(Customer.id).where(Customer.crm_id == customer.id))
        if local_id is not None:
            store_interactions_from_crm(session, local_id, interactions)
        return local_id


def store_interactions_from_crm(
    session: Session, customer_local_id: int, items: Sequence[s.Interaction]
) -> int:
    if not items:
        return 0
    ids = [item.id for item in items]
    known = {
        row.crm_id: row for row in session.scalars(select(Interaction).where(Interaction.crm_id.in_(ids)))
    }
    sent: dict[str | None, int] = {
        crm_id: local_id
        for crm_id, local_id in session.execute(
            select(OutboxEntry.entity_crm_id, OutboxEntry.entity_local_id).where(
                OutboxEntry.entity_type == "interaction",
                OutboxEntry.operation == "create",
                OutboxEntry.entity_crm_id.in_(ids),
            )
        )
    }
    written = 0
    for item in items:
        row = known.get(item.id)
        if row is None and item.id in sent:
            row = session.get(Interaction, sent[item.id])  # logged here: the same interaction
            if row is not None and row.crm_id is None:
                row.crm_id = item.id
        if row is None:
            row = Interaction(crm_id=item.id, customer_id=customer_local_id)
            session.add(row)
        elif row.is_draft:
            continue
        row.customer_id = customer_local_id
        row.customer_crm_id = item.customer_id
        row.channel = item.channel
        row.direction = item.direction
        row.disposition = item.disposition
        row.notes = item.notes
        row.talk_s, row.hold_s, row.acw_s = item.talk_s, item.hold_s, item.acw_s
        row.script_crm_id = item.script_id
        row.script_answers = dict(item.script_answers)
        row.order_crm_id = item.order_id
        row.task_crm_id = item.task_id
        row.started_at = item.started_at
        row.created_at = item.created_at
        written += 1
    session.flush()
    return written
