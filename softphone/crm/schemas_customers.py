"""CRM API v1 models of customers, their interactions (calls and other contacts) and call recordings."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from softphone.crm.schemas_base import (
    E164,
    MAX_SCRIPT_STEPS,
    Code,
    Email,
    EntityId,
    ErrorDetail,
    LongText,
    Name,
    RequestModel,
    ResponseModel,
    Seconds,
    ShortText,
    Tag,
    UtcDatetime,
)

__all__ = [
    "MAX_RECORDING_BYTES",
    "RECORDING_MEDIA_TYPES",
    "Address",
    "Channel",
    "Customer",
    "CustomerConflict",
    "CustomerContacts",
    "CustomerCreate",
    "CustomerPhone",
    "CustomerPhoneAsStored",
    "CustomerUpdate",
    "Direction",
    "Interaction",
    "InteractionCreate",
    "InteractionReview",
    "PhoneKind",
    "RecordingInfo",
    "ScriptCompliance",
    "StepId",
]

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
