"""CRM API v1 models of the operator and the reference data: stores, delivery, payment, dispositions."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from softphone.crm.schemas_base import (
    DEFAULT_STORE_COLOUR,
    E164,
    Code,
    Colour,
    EntityId,
    LocalTime,
    NonNegativeMoney,
    ResponseModel,
    Seconds,
)

__all__ = [
    "AfterCallWorkPolicy",
    "DeliveryMethod",
    "DeliveryService",
    "DeliverySlot",
    "Disposition",
    "NotReadyReason",
    "Operator",
    "PaymentMethod",
    "Store",
]


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
