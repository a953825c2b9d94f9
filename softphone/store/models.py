"""ORM models (SQLAlchemy 2 typed) of the local store; the alembic migrations create these tables.

Every CRM entity has a local integer primary key ``id``, a ``crm_id`` (the CRM's string id; NULL until
the CRM confirms a create made here, unique when set) and ``version`` (the CRM's version, sent as
``If-Match`` on updates; NULL for local-only rows). Fields nobody queries (order returns, ...) stay in
``crm_json``, the entity's full CRM JSON. Money columns are ``Decimal`` roubles (stored as kopecks),
datetimes are aware UTC (see ``coltypes``). Phones are E.164 strings (see ``phones``).

Tables: customers (+ customer_phones with an indexed ``e164`` for screen-pop, customer_addresses,
customer_tags), stores (+ store_numbers: dialled E.164 -> store), orders (+ order_items), products
(+ product_stock), interactions, outbound_tasks, scripts, dispositions, reference_data (small CRM
lists kept as JSON), call_history, pending_recordings (a call's WAV until it is filed), outbox, sync_state,
crm_quarantine (feed records that did not validate).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from softphone.store.coltypes import Money, UtcDateTime, utc_now

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dt.datetime: UtcDateTime, Decimal: Money, dict[str, Any]: JSON}


class CrmEntity:
    """Columns shared by every entity mirrored from the CRM."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    crm_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    version: Mapped[int | None]


class Customer(CrmEntity, Base):
    __tablename__ = "customers"
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), index=True)  # casefolded, for prefix search
    email: Mapped[str | None] = mapped_column(String(200), index=True)  # customer search by e-mail
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utc_now)
    phones: Mapped[list[CustomerPhone]] = relationship(
        back_populates="customer", cascade="all, delete-orphan", order_by="CustomerPhone.position"
    )
    addresses: Mapped[list[CustomerAddress]] = relationship(
        cascade="all, delete-orphan", order_by="CustomerAddress.position"
    )
    tags: Mapped[list[CustomerTag]] = relationship(cascade="all, delete-orphan")


class CustomerPhone(Base):
    __tablename__ = "customer_phones"
    __table_args__ = (UniqueConstraint("customer_id", "e164"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    e164: Mapped[str | None] = mapped_column(String(16), index=True)  # None: no number found in it
    kind: Mapped[str] = mapped_column(String(16), default="mobile")  # mobile / home / work / other
    position: Mapped[int] = mapped_column(default=0)
    extension: Mapped[str | None] = mapped_column(String(16))
    as_written: Mapped[str | None] = mapped_column(String(100))  # the CRM's text when not plain E.164
    customer: Mapped[Customer] = relationship(back_populates="phones")


class CustomerAddress(Base):
    __tablename__ = "customer_addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    city: Mapped[str] = mapped_column(String(100))
    street: Mapped[str] = mapped_column(String(200))
    house: Mapped[str] = mapped_column(String(20))
    flat: Mapped[str | None] = mapped_column(String(20))
    postcode: Mapped[str | None] = mapped_column(String(6))
    comment: Mapped[str | None] = mapped_column(String(500))


class CustomerTag(Base):
    __tablename__ = "customer_tags"
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), primary_key=True)
    tag: Mapped[str] = mapped_column(String(50), primary_key=True)


class StoreBranch(CrmEntity, Base):
    """One of the online stores the contact center answers for."""

    __tablename__ = "stores"
    name: Mapped[str] = mapped_column(String(200))
    colour: Mapped[str] = mapped_column(String(7), default="#607d8b", server_default="#607d8b")  # #rrggbb
    record_calls: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    numbers: Mapped[list[StoreNumber]] = relationship(cascade="all, delete-orphan")


class StoreNumber(Base):
    """A dialled (DID) number identifying a store on incoming calls."""

    __tablename__ = "store_numbers"
    e164: Mapped[str] = mapped_column(String(16), primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"), index=True)


class Order(CrmEntity, Base):
    __tablename__ = "orders"
    customer_id: Mapped[int | None] = mapped_column(
        ForeignKey("customers.id", ondelete="SET NULL"), index=True
    )
    customer_crm_id: Mapped[str | None] = mapped_column(String(64), index=True)
    store_crm_id: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="new")
    payment_method: Mapped[str | None] = mapped_column(String(64))
    payment_status: Mapped[str | None] = mapped_column(String(16))
    delivery_service_id: Mapped[str | None] = mapped_column(String(64))
    delivery_method: Mapped[str | None] = mapped_column(String(64))
    delivery_address: Mapped[dict[str, Any] | None]
    delivery_slot_id: Mapped[str | None] = mapped_column(String(64))
    delivery_date: Mapped[dt.date | None] = mapped_column(Date)
    delivery_time_from: Mapped[dt.time | None] = mapped_column(Time)
    delivery_time_to: Mapped[dt.time | None] = mapped_column(Time)
    delivery_cost: Mapped[Decimal] = mapped_column(default=Decimal("0.00"))
    items_total: Mapped[Decimal] = mapped_column(default=Decimal("0.00"))
    discount: Mapped[Decimal] = mapped_column(default=Decimal("0.00"))
    total: Mapped[Decimal] = mapped_column(default=Decimal("0.00"))
    comment: Mapped[str] = mapped_column(Text, default="")
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utc_now)
    crm_json: Mapped[dict[str, Any] | None]
    items: Mapped[list[OrderItem]] = relationship(cascade="all, delete-orphan", order_by="OrderItem.position")


class OrderItem(Base):
    __tablename__ = "order_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    product_crm_id: Mapped[str] = mapped_column(String(64))
    sku: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(300))
    qty: Mapped[int]
    price: Mapped[Decimal]


class Product(CrmEntity, Base):
    __tablename__ = "products"
    sku: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(300))
    name_key: Mapped[str] = mapped_column(String(300), index=True)
    price: Mapped[Decimal]
    description: Mapped[str] = mapped_column(Text, default="")
    supplier: Mapped[str | None] = mapped_column(String(200))
    supplier_available: Mapped[bool | None] = mapped_column(Boolean)
    lead_time_days: Mapped[int | None]
    updated_at: Mapped[dt.datetime] = mapped_column(default=utc_now)
    stock: Mapped[list[ProductStock]] = relationship(cascade="all, delete-orphan")


class ProductStock(Base):
    __tablename__ = "product_stock"
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), primary_key=True)
    warehouse_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    warehouse_name: Mapped[str] = mapped_column(String(200))
    qty: Mapped[int]


class Interaction(CrmEntity, Base):
    """A logged contact (a call with its disposition, notes, times and script answers)."""

    __tablename__ = "interactions"
    customer_id: Mapped[int | None] = mapped_column(
        ForeignKey("customers.id", ondelete="SET NULL"), index=True
    )
    customer_crm_id: Mapped[str | None] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(16), default="call")
    direction: Mapped[str | None] = mapped_column(String(16))
    disposition: Mapped[str | None] = mapped_column(String(64))
    notes: Mapped[str] = mapped_column(Text, default="")
    talk_s: Mapped[int] = mapped_column(default=0)
    hold_s: Mapped[int] = mapped_column(default=0)
    acw_s: Mapped[int] = mapped_column(default=0)
    script_crm_id: Mapped[str | None] = mapped_column(String(64))
    script_answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    script_compliance: Mapped[float | None] = mapped_column(Float)  # share of required steps visited
    script_steps: Mapped[list[str]] = mapped_column(JSON, default=list)  # the steps visited, in order
    order_crm_id: Mapped[str | None] = mapped_column(String(64))
    task_crm_id: Mapped[str | None] = mapped_column(String(64))
    call_history_id: Mapped[int | None] = mapped_column(
        ForeignKey("call_history.id", ondelete="SET NULL"), index=True
    )
    is_draft: Mapped[bool] = mapped_column(default=False)  # script answers saved during the call
    recording_file: Mapped[str | None] = mapped_column(String(400))  # the stored recording (file name)
    self_rating: Mapped[int | None]  # the operator's own rating of the call, 1-5
    self_review_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    started_at: Mapped[dt.datetime]
    created_at: Mapped[dt.datetime] = mapped_column(default=utc_now)


class OutboundTask(CrmEntity, Base):
    __tablename__ = "outbound_tasks"
    __table_args__ = (Index(None, "status", "due_at"),)
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))  # open / claimed / done
    customer_crm_id: Mapped[str] = mapped_column(String(64))
    order_crm_id: Mapped[str | None] = mapped_column(String(64))
    phone: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(300))
    priority: Mapped[int] = mapped_column(default=0)
    due_at: Mapped[dt.datetime]
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[dt.datetime | None]
    result: Mapped[str | None] = mapped_column(String(64))
    result_note: Mapped[str | None] = mapped_column(Text)
    # an abandoned cart's lines as the CRM sent them (``schemas.OrderItem`` JSON)
    cart_items: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utc_now)


class Script(CrmEntity, Base):
    """A call script; ``body`` is the versioned graph (``start_node`` and ``nodes``) and which calls it
    is for (``store_ids``, ``direction``) as JSON."""

    __tablename__ = "scripts"
    call_type: Mapped[str] = mapped_column(String(64), index=True)
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[dict[str, Any]]
    updated_at: Mapped[dt.datetime] = mapped_column(default=utc_now)


class Disposition(CrmEntity, Base):
    """A call result code; ``crm_id`` is the CRM's ``code``."""

    __tablename__ = "dispositions"
    label: Mapped[str] = mapped_column(String(200))
    requires_note: Mapped[bool] = mapped_column(default=False)
    resolved: Mapped[bool] = mapped_column(default=False)  # counts for first-contact resolution


class Escalation(CrmEntity, Base):
    """A customer's problem handed to a technical specialist (wrap-up or a script step)."""

    __tablename__ = "escalations"
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id", ondelete="SET NULL"))
    priority: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    order_crm_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(default=utc_now)


class ReferenceData(Base):
    """Small CRM lists replaced whole on each full sync (operator, delivery services, payment methods)."""

    __tablename__ = "reference_data"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    body: Mapped[dict[str, Any]]
    updated_at: Mapped[dt.datetime] = mapped_column(default=utc_now)


class CallHistory(Base):
    __tablename__ = "call_history"
    id: Mapped[int] = mapped_column(primary_key=True)
    direction: Mapped[str] = mapped_column(String(16))
    number: Mapped[str] = mapped_column(String(128))  # E.164 when it parses, else as received
    number_e164: Mapped[str | None] = mapped_column(String(16), index=True)
    remote_display_name: Mapped[str] = mapped_column(String(200), default="")
    dialled_number: Mapped[str] = mapped_column(String(128), default="")
    started_at: Mapped[dt.datetime] = mapped_column(index=True)
    answered_at: Mapped[dt.datetime | None]
    ended_at: Mapped[dt.datetime]
    duration_s: Mapped[float] = mapped_column(default=0.0)  # talk time, answer to end
    outcome: Mapped[str] = mapped_column(String(16))
    status_code: Mapped[int] = mapped_column(default=0)
    reason: Mapped[str] = mapped_column(String(200), default="")
    mos: Mapped[float | None]  # mean estimated MOS (G.107 E-model) while the call talked
    jitter_ms: Mapped[float | None]
    loss_pct: Mapped[float | None]  # received packets lost over the whole call
    rtt_ms: Mapped[float | None]


class PendingRecording(Base):
    """A call's recording WAV from before it starts until it is filed (``pending_recordings``)."""

    __tablename__ = "pending_recordings"
    id: Mapped[int] = mapped_column(primary_key=True)
    wav_path: Mapped[str] = mapped_column(String(400), unique=True)
    run_id: Mapped[str] = mapped_column(String(32))  # the app run that records it
    started_at: Mapped[dt.datetime]  # the call's start (its interaction's ``started_at``)
    direction: Mapped[str] = mapped_column(String(16), default="")
    customer_id: Mapped[int | None]  # the call's customer, once screen-pop found them
    interaction_id: Mapped[int | None]  # the interaction the call was logged as, once known
    tries: Mapped[int] = mapped_column(default=0)  # recoveries that could not file it yet
    created_at: Mapped[dt.datetime] = mapped_column(default=utc_now)


class OutboxEntry(Base):
    """A CRM write waiting for (or done with) delivery; see ``outbox`` for the life cycle."""

    __tablename__ = "outbox"
    __table_args__ = (Index(None, "entity_type", "entity_local_id", "status", "seq"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(unique=True)
    idempotency_key: Mapped[str] = mapped_column(String(36), unique=True)
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_local_id: Mapped[int]
    entity_crm_id: Mapped[str | None] = mapped_column(String(64))
    depends_on_seq: Mapped[int | None]  # another entity's create this write refers to (waits for it)
    operation: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict[str, Any]]
    base_version: Mapped[int | None]
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[dt.datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    response_json: Mapped[dict[str, Any] | None]
    server_version_json: Mapped[dict[str, Any] | None]
    reject_reason: Mapped[str | None] = mapped_column(Text)
    field_errors: Mapped[dict[str, Any] | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utc_now)
    delivered_at: Mapped[dt.datetime | None]
    resolved_at: Mapped[dt.datetime | None]


class SyncState(Base):
    """Progress of the CRM sync; one row per feed (``"crm"``)."""

    __tablename__ = "sync_state"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    cursor: Mapped[int | None]
    last_success_at: Mapped[dt.datetime | None]
    last_attempt_at: Mapped[dt.datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)


class QuarantinedChange(Base):
    """A CRM changes-feed record that did not validate (see ``crm.bad_changes``): kept, shown to the
    operator, dropped when the entity arrives valid (at the latest on the next full resync)."""

    __tablename__ = "crm_quarantine"
    __table_args__ = (Index(None, "entity_type", "entity_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    entity_type: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(64))
    seq: Mapped[int | None]
    cursor: Mapped[int]  # the feed position of the page it came in
    raw: Mapped[str] = mapped_column(Text)
    error: Mapped[str] = mapped_column(Text)
    seen_at: Mapped[dt.datetime] = mapped_column(default=utc_now)
