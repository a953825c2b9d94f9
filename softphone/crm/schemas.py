"""Pydantic v2 models of the central CRM API v1, shared by the reference server and the client.

This module is the single source of truth of the contract; ``resources/openapi/crm-v1.json`` is
generated from the server built on it.

Conventions
-----------
* Base path ``/api/v1`` (:data:`API_PREFIX`), ``Authorization: Bearer <token>`` on every call.
* Money is a :class:`~decimal.Decimal` in roubles with two decimals, serialized as a JSON *string*
  (``"1290.00"``); send strings (a JSON number with at most two decimals is tolerated).
* Timestamps are timezone-aware and normalised to UTC, serialized ISO-8601 (``2026-01-02T10:00:00Z``).
* Phones are E.164 (``+74951234567``).
* Ids are strings. Creates accept an optional client-generated ``id`` (so an offline client can
  refer to the entity before it is delivered); the server generates one otherwise.
* Every write accepts ``Idempotency-Key``; a repeat returns the first stored response.
* ``PATCH`` of customers and orders requires ``If-Match: <version>`` (428 without it); a stale
  version gives 412 with a :class:`CustomerConflict` / :class:`OrderConflict` body carrying the
  current entity.
* Errors: ``{"error": {"code": ..., "message": ..., "fields": {field: message}}}`` (:class:`ErrorBody`).
  Field names in ``fields`` are dotted paths inside the body or the query (``items.0.qty``, ``phone``).
* ``GET /changes?since=&limit=`` is a compacted feed: every entity appears once, at the sequence
  number of its latest change; paging with ``since=next_cursor`` until ``has_more`` is false yields
  every entity changed after ``since`` exactly once, in increasing ``seq`` order.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from softphone.domain import scripts as script_rules
from softphone.domain.orders import OrderStatus as OrderStatus  # the wire carries the domain's statuses

API_PREFIX = "/api/v1"
API_VERSION = "1"
IDEMPOTENCY_HEADER = "Idempotency-Key"
MAX_CHANGES_PAGE = 5000
MAX_PAGE = 200
SCRIPT_GRAPH_ERROR = "script_graph"  # the validation error type of a script that cannot be used
MAX_SCRIPT_STEPS = 500  # visited steps kept with an interaction


def _money_to_str(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01")))


def _to_utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC)


_MONEY_PATTERN = r"^-?[0-9]{1,12}(\.[0-9]{1,2})?$"
Money = Annotated[
    Decimal,
    Field(max_digits=14, decimal_places=2, allow_inf_nan=False),
    PlainSerializer(_money_to_str, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "pattern": _MONEY_PATTERN, "examples": ["1290.00"]}),
]
NonNegativeMoney = Annotated[
    Money,
    Field(ge=0),
    WithJsonSchema({"type": "string", "pattern": _MONEY_PATTERN.replace("-?", ""), "examples": ["1290.00"]}),
]
UtcDatetime = Annotated[AwareDatetime, AfterValidator(_to_utc)]
# A wall-clock time in the delivery city, without an offset ("10:00:00"); JSON Schema's "time"
# format would demand an offset, so the pattern is spelled out.
LocalTime = Annotated[
    dt.time,
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$",
            "examples": ["10:00:00"],
        }
    ),
]
E164 = Annotated[str, Field(pattern=r"^\+[1-9][0-9]{6,14}$", examples=["+74951234567"])]
EntityId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]
Code = Annotated[str, Field(min_length=1, max_length=64)]
ShortText = Annotated[str, Field(max_length=500)]
LongText = Annotated[str, Field(max_length=10_000)]
Name = Annotated[str, Field(max_length=200)]
Seconds = Annotated[int, Field(ge=0, le=86_400)]
Tag = Annotated[str, Field(min_length=1, max_length=50)]
Email = Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=200)]
Colour = Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$", examples=["#e53935"])]
DEFAULT_STORE_COLOUR = "#607d8b"

ZERO = Decimal("0.00")


class ResponseModel(BaseModel):
    """Server output: unknown fields are ignored so newer servers stay readable by older clients."""

    model_config = ConfigDict(extra="ignore")


class RequestModel(BaseModel):
    """Client input: unknown fields are rejected (422) so typos are not silently lost."""

    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------- errors
class ErrorDetail(ResponseModel):
    code: str
    message: str
    fields: dict[str, str] = Field(default_factory=dict)


class ErrorBody(ResponseModel):
    error: ErrorDetail


# ---------------------------------------------------------------- operator, stores, reference data
class NotReadyReason(ResponseModel):
    code: Code
    label: str


class AfterCallWorkPolicy(ResponseModel):
    """After each call the operator is in after-call work (wrap-up): ``optional`` (Ready at any
    time), ``mandatory`` (Ready only once wrapped up; ``manual`` is its older name) or ``timed``
    (back to Ready by itself after ``seconds``, Ready earlier by hand)."""

    mode: Literal["timed", "manual", "optional", "mandatory"]
    seconds: Seconds = 0


class Operator(ResponseModel):
    id: EntityId
    name: str
    sip_extension: str
    store_ids: list[EntityId]
    compensation_limit: NonNegativeMoney
    not_ready_reasons: list[NotReadyReason]
    after_call_work: AfterCallWorkPolicy
    # The operator's role sees customers' phones, e-mail and addresses masked on the card; the full
    # values are shown on request (``POST /customers/{id}/reveal``, which the CRM records).
    personal_data_masked: bool = False


class Store(ResponseModel):
    id: EntityId
    name: str
    phone_numbers: list[E164]
    colour: Colour = DEFAULT_STORE_COLOUR  # the shop's logo colour, shown on the call and the card
    record_calls: bool = False  # the shop allows its calls to be recorded (with recording.enabled)


class DeliveryMethod(ResponseModel):
    code: Code
    name: str
    cost: NonNegativeMoney
    needs_address: bool = True


class DeliveryService(ResponseModel):
    id: EntityId
    name: str
    methods: list[DeliveryMethod]


class DeliverySlot(ResponseModel):
    id: EntityId
    service_id: EntityId
    date: dt.date
    time_from: LocalTime
    time_to: LocalTime
    capacity_left: int = Field(ge=0)


class PaymentMethod(ResponseModel):
    code: Code
    name: str
    online: bool = False


class Disposition(ResponseModel):
    code: Code
    label: str
    requires_note: bool = False
    resolved: bool = False  # the customer's question was settled (first-contact resolution)


# ---------------------------------------------------------------- customers
PhoneKind = Literal["mobile", "home", "work", "other"]


class CustomerPhone(BaseModel):
    model_config = ConfigDict(extra="forbid")
    e164: E164
    kind: PhoneKind = "mobile"


class CustomerPhoneAsStored(ResponseModel):
    """A customer's phone as the CRM holds it: E.164 by contract, but CRMs also keep what people typed
    (an extension, two numbers, a name after the number). The client finds the numbers in it."""

    model_config = ConfigDict(extra="ignore", from_attributes=True)  # a ``CustomerPhone`` fits too
    e164: Annotated[str, Field(min_length=1, max_length=100)]
    kind: PhoneKind = "mobile"


class Address(BaseModel):
    model_config = ConfigDict(extra="forbid")
    city: str = Field(min_length=1, max_length=100)
    street: str = Field(min_length=1, max_length=200)
    house: str = Field(min_length=1, max_length=20)
    flat: str | None = Field(default=None, max_length=20)
    postcode: str | None = Field(default=None, pattern=r"^[0-9]{6}$")
    comment: str | None = Field(default=None, max_length=500)


class Customer(ResponseModel):
    id: EntityId
    name: Name
    phones: list[CustomerPhoneAsStored]
    email: Annotated[str, Field(max_length=200)] | None = None
    addresses: list[Address] = Field(default_factory=list)
    tags: list[Tag] = Field(default_factory=list)
    notes: LongText = ""
    version: int = Field(ge=1)
    created_at: UtcDatetime
    updated_at: UtcDatetime


class CustomerCreate(RequestModel):
    id: EntityId | None = None
    name: str = Field(min_length=1, max_length=200)
    phones: list[CustomerPhone] = Field(default_factory=list, max_length=10)
    email: Email | None = None
    addresses: list[Address] = Field(default_factory=list, max_length=20)
    tags: list[Tag] = Field(default_factory=list, max_length=50)
    notes: LongText = ""


class CustomerUpdate(RequestModel):
    """PATCH body: only the fields present are changed; lists are replaced whole."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    phones: list[CustomerPhone] | None = Field(default=None, max_length=10)
    email: Email | None = None
    addresses: list[Address] | None = Field(default=None, max_length=20)
    tags: list[Tag] | None = Field(default=None, max_length=50)
    notes: LongText | None = None


class CustomerContacts(ResponseModel):
    """A customer's personal data in full, as ``POST /customers/{id}/reveal`` answers it to an
    operator whose role sees it masked (every reveal is recorded by the CRM)."""

    customer_id: EntityId
    phones: list[CustomerPhoneAsStored]
    email: Annotated[str, Field(max_length=200)] | None = None
    addresses: list[Address] = Field(default_factory=list)
    revealed_at: UtcDatetime


class CustomerConflict(ResponseModel):
    error: ErrorDetail
    current: Customer


# ---------------------------------------------------------------- interactions
Channel = Literal["call", "email", "chat", "messenger", "note"]
Direction = Literal["inbound", "outbound"]
# The share of the script's required steps the call went through (1.0: all of them), with the
# steps visited in order (``script_steps``); both empty when no script was used.
ScriptCompliance = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
StepId = Annotated[str, Field(min_length=1, max_length=64)]


class InteractionCreate(RequestModel):
    id: EntityId | None = None
    customer_id: EntityId
    channel: Channel = "call"
    direction: Direction | None = None
    disposition: Code | None = None
    notes: LongText = ""
    talk_s: Seconds = 0
    hold_s: Seconds = 0
    acw_s: Seconds = 0
    script_id: EntityId | None = None
    script_answers: dict[Annotated[str, Field(max_length=64)], ShortText] = Field(default_factory=dict)
    script_compliance: ScriptCompliance | None = None
    script_steps: list[StepId] = Field(default_factory=list, max_length=MAX_SCRIPT_STEPS)
    order_id: EntityId | None = None
    task_id: EntityId | None = None
    started_at: UtcDatetime


class Interaction(ResponseModel):
    id: EntityId
    customer_id: EntityId
    channel: Channel
    direction: Direction | None = None
    disposition: str | None = None
    notes: LongText = ""
    talk_s: int = 0
    hold_s: int = 0
    acw_s: int = 0
    script_id: str | None = None
    script_answers: dict[str, ShortText] = Field(default_factory=dict)
    script_compliance: ScriptCompliance | None = None
    script_steps: list[str] = Field(default_factory=list)
    order_id: str | None = None
    task_id: str | None = None
    operator_id: str | None = None
    started_at: UtcDatetime
    created_at: UtcDatetime
    self_rating: int | None = Field(default=None, ge=1, le=5)  # the operator's own rating of the call
    self_review_note: LongText = ""
    has_recording: bool = False  # a recording was uploaded (``PUT /interactions/{id}/recording``)


class InteractionReview(RequestModel):
    """The operator's self-review of a call: a rating of 1-5 and notes (``PATCH /interactions/{id}``)."""

    self_rating: int = Field(ge=1, le=5)
    self_review_note: LongText = ""


RECORDING_MEDIA_TYPES = ("audio/ogg", "audio/flac")
MAX_RECORDING_BYTES = 64 * 1024 * 1024  # a PUT of a call recording larger than this is refused (413)


class RecordingInfo(ResponseModel):
    """A call recording held by the CRM for an interaction."""

    interaction_id: EntityId
    media_type: str
    size: int = Field(ge=0)
    received_at: UtcDatetime


# ---------------------------------------------------------------- products
class StockLevel(ResponseModel):
    warehouse_id: EntityId
    warehouse_name: str
    qty: int = Field(ge=0)


class SupplierAvailability(ResponseModel):
    supplier: str
    available: bool
    lead_time_days: int = Field(ge=0)


class Product(ResponseModel):
    id: EntityId
    sku: Code
    name: Annotated[str, Field(max_length=300)]
    price: NonNegativeMoney
    description: LongText = ""
    stock: list[StockLevel] = Field(default_factory=list)
    supplier: SupplierAvailability | None = None
    version: int = Field(ge=1)
    updated_at: UtcDatetime


# ---------------------------------------------------------------- orders
PaymentStatus = Literal["pending", "paid", "refunded", "failed"]
# Statuses and their transitions are domain rules: ``softphone.domain.orders``.
ORDER_STATUS_LABELS: dict[str, str] = {
    "new": "Новый",
    "confirmed": "Подтверждён",
    "packed": "Собран",
    "shipped": "Отгружен",
    "delivered": "Доставлен",
    "returned": "Возврат",
    "cancelled": "Отменён",
}


class OrderStatusInfo(ResponseModel):
    code: OrderStatus
    label: str
    transitions: list[OrderStatus]


class OrderItemIn(RequestModel):
    """An order line as sent by the client; sku, name and price default to the catalogue's."""

    product_id: EntityId
    qty: int = Field(ge=1, le=10_000)
    price: NonNegativeMoney | None = None
    sku: str | None = Field(default=None, max_length=64)
    name: str | None = Field(default=None, max_length=300)


class OrderItem(ResponseModel):
    product_id: EntityId
    sku: Code
    name: Annotated[str, Field(max_length=300)]
    qty: int = Field(ge=1)
    price: NonNegativeMoney


class DeliveryIn(RequestModel):
    """Delivery as sent by the client; ``cost`` defaults to the service method's price."""

    service_id: EntityId
    method: Code
    address: Address | None = None
    slot_id: EntityId | None = None
    date: dt.date | None = None
    time_from: LocalTime | None = None
    time_to: LocalTime | None = None
    cost: NonNegativeMoney | None = None


class Delivery(ResponseModel):
    service_id: EntityId
    method: str
    address: Address | None = None
    slot_id: str | None = None
    date: dt.date | None = None
    time_from: LocalTime | None = None
    time_to: LocalTime | None = None
    cost: NonNegativeMoney


class PaymentIn(RequestModel):
    method: Code
    status: PaymentStatus = "pending"


class Payment(ResponseModel):
    method: str
    status: PaymentStatus


class OrderTotals(ResponseModel):
    items_total: Money
    delivery_cost: Money
    discount: Money
    total: Money


class ReturnItem(BaseModel):
    model_config = ConfigDict(extra="forbid")
    product_id: EntityId
    qty: int = Field(ge=1, le=10_000)


class OrderReturnCreate(RequestModel):
    items: list[ReturnItem] = Field(min_length=1, max_length=200)
    reason: str = Field(min_length=1, max_length=1000)


class OrderReturn(ResponseModel):
    id: EntityId
    items: list[ReturnItem]
    reason: Annotated[str, Field(max_length=1000)]
    amount: NonNegativeMoney
    created_at: UtcDatetime


class Order(ResponseModel):
    id: EntityId
    customer_id: EntityId
    store_id: EntityId
    status: OrderStatus
    items: list[OrderItem]
    delivery: Delivery | None = None
    payment: Payment
    totals: OrderTotals
    comment: LongText = ""
    cancel_reason: Annotated[str, Field(max_length=1000)] | None = None
    returns: list[OrderReturn] = Field(default_factory=list)
    version: int = Field(ge=1)
    created_at: UtcDatetime
    updated_at: UtcDatetime


class OrderCreate(RequestModel):
    id: EntityId | None = None
    customer_id: EntityId
    store_id: EntityId
    items: list[OrderItemIn] = Field(min_length=1, max_length=200)
    delivery: DeliveryIn | None = None
    payment: PaymentIn
    discount: NonNegativeMoney = ZERO
    comment: LongText = ""


class OrderUpdate(RequestModel):
    """PATCH body. Items, delivery and discount may change only while the order is new or confirmed;
    ``status`` must be an allowed transition (see ``GET /order-statuses``)."""

    items: list[OrderItemIn] | None = Field(default=None, min_length=1, max_length=200)
    delivery: DeliveryIn | None = None
    payment: PaymentIn | None = None
    discount: NonNegativeMoney | None = None
    comment: LongText | None = None
    status: OrderStatus | None = None
    cancel_reason: str | None = Field(default=None, min_length=1, max_length=1000)


class OrderCancel(RequestModel):
    reason: str = Field(min_length=1, max_length=1000)


class OrderConflict(ResponseModel):
    error: ErrorDetail
    current: Order


# ---------------------------------------------------------------- scripts
NodeKind = Literal["say", "question", "choice", "end"]
AnswerKind = Literal["text", "rating", "yes_no"]
StepAction = Literal["open_order", "schedule_callback", "escalate"]


class ScriptOption(ResponseModel):
    label: Annotated[str, Field(max_length=200)]
    next: StepId


class ScriptNode(ResponseModel):
    """One step. ``text`` (and an option's ``label``) may contain variables from
    ``softphone.domain.scripts.VARIABLES`` (``{customer.first_name}``, ``{order.number}``...);
    ``save_as`` names the answer key stored in the interaction's ``script_answers`` (for a choice,
    the chosen answer's label). ``required`` marks a step the operator must go through (script
    compliance is the share of required steps visited); ``answer`` is what a question captures
    (free text, a rating 1-5, yes/no); ``action`` is what the step offers to do (open the order,
    schedule a callback, escalate); ``title`` is a short name for the step list."""

    id: StepId
    kind: NodeKind
    text: Annotated[str, Field(max_length=4000)]
    options: list[ScriptOption] = Field(default_factory=list)
    next: StepId | None = None
    save_as: Annotated[str, Field(min_length=1, max_length=64)] | None = None
    title: Annotated[str, Field(max_length=200)] = ""
    required: bool = False
    answer: AnswerKind | None = None
    action: StepAction | None = None


class Script(ResponseModel):
    """A call script: a graph of steps from ``start_node``, checked by
    ``softphone.domain.scripts.script_problems`` (no dangling branch, no loop without an end, no
    unknown variable). ``store_ids`` (empty: every store) and ``direction`` (none: both) say which
    calls it is for; the client picks the default for a call from them and the ``call_type``."""

    id: EntityId
    version: int = Field(ge=1)
    call_type: Code
    title: Annotated[str, Field(max_length=300)]
    start_node: StepId
    nodes: dict[str, ScriptNode]
    store_ids: list[EntityId] = Field(default_factory=list)
    direction: Direction | None = None
    updated_at: UtcDatetime

    @model_validator(mode="after")
    def _check_graph(self) -> Script:
        graph = {key: node.model_dump() for key, node in self.nodes.items()}
        problems = script_rules.script_problems(self.start_node, graph)
        if problems:
            # the message names steps and variables only (no customer data): safe to show and log
            detail = {"problems": script_rules.describe_problems(problems)}
            raise PydanticCustomError(SCRIPT_GRAPH_ERROR, "script refused: {problems}", detail)
        return self


# ---------------------------------------------------------------- outbound tasks
TaskKind = Literal[
    "order_confirmation", "delivery_feedback", "abandoned_cart", "new_registration", "callback"
]
TaskStatus = Literal["open", "claimed", "done"]


class Task(ResponseModel):
    id: EntityId
    kind: TaskKind
    status: TaskStatus
    customer_id: EntityId
    order_id: str | None = None
    phone: E164
    title: ShortText
    priority: int = 0
    due_at: UtcDatetime
    claimed_by: str | None = None
    claimed_at: UtcDatetime | None = None
    result: str | None = None
    result_note: LongText | None = None
    # an abandoned cart's items (product, qty, price when left): ready to become an order
    cart_items: list[OrderItem] = Field(default_factory=list, max_length=200)
    version: int = Field(ge=1)
    updated_at: UtcDatetime


class TaskComplete(RequestModel):
    result: Code
    note: LongText = ""


class CallbackCreate(RequestModel):
    """``POST /tasks``: a callback the operator promised; for the operator (created claimed by
    them) or for the queue (open, anyone may take it)."""

    id: EntityId | None = None
    kind: Literal["callback"] = "callback"
    customer_id: EntityId
    phone: E164
    due_at: UtcDatetime
    note: LongText = ""
    for_queue: bool = False
    order_id: EntityId | None = None
    priority: int = Field(default=0, ge=0, le=10)


# ---------------------------------------------------------------- agent state and escalation
AgentStateName = Literal["ready", "not_ready", "on_call", "after_call_work", "break"]


class AgentStateUpdate(RequestModel):
    """``PUT /me/state``: the operator's state since ``since``; ``reason`` is a not-ready reason code
    (``Operator.not_ready_reasons``), only with ``not_ready``."""

    state: AgentStateName
    reason: Code | None = None
    since: UtcDatetime


class AgentState(ResponseModel):
    operator_id: EntityId
    state: AgentStateName
    reason: str | None = None
    since: UtcDatetime
    updated_at: UtcDatetime


EscalationPriority = Literal["low", "normal", "high", "urgent"]


class EscalationCreate(RequestModel):
    """``POST /escalations``: hand a customer's problem to a technical specialist."""

    id: EntityId | None = None
    customer_id: EntityId
    priority: EscalationPriority = "normal"
    note: Annotated[str, Field(min_length=1, max_length=10_000)]
    order_id: EntityId | None = None
    interaction_id: EntityId | None = None


class Escalation(ResponseModel):
    id: EntityId
    customer_id: EntityId
    priority: EscalationPriority
    note: LongText
    order_id: str | None = None
    interaction_id: str | None = None
    status: Literal["open", "taken", "closed"] = "open"
    operator_id: str | None = None
    created_at: UtcDatetime


# ---------------------------------------------------------------- pagination and the changes feed
T = TypeVar("T")


class Page(ResponseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


EntityType = Literal["customer", "order", "product", "script", "task"]
ENTITY_MODELS: dict[str, type[ResponseModel]] = {
    "customer": Customer,
    "order": Order,
    "product": Product,
    "script": Script,
    "task": Task,
}


class ChangeItem(ResponseModel):
    seq: int = Field(ge=1)
    entity_type: EntityType
    entity_id: EntityId
    op: Literal["upsert", "delete"]
    data: dict[str, Any] | None = None

    def parse_data(self) -> ResponseModel | None:
        """The entity as its model (``None`` for deletes)."""
        if self.data is None:
            return None
        return ENTITY_MODELS[self.entity_type].model_validate(self.data)


class ChangesPage(ResponseModel):
    items: list[ChangeItem]
    next_cursor: int = Field(ge=0)
    has_more: bool


class Health(ResponseModel):
    status: Literal["ok"]
    api_version: str
