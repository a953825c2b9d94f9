"""The ground of the CRM API v1 models (see ``softphone.crm.schemas``): limits, wire types (money,
UTC times, phones, ids), the request and response bases, errors, pages, health."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Generic, Literal, TypeVar

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
)

from softphone.domain.orders import OrderStatus as OrderStatus  # the wire carries the domain's statuses

__all__ = [
    "API_PREFIX",
    "API_VERSION",
    "DEFAULT_STORE_COLOUR",
    "E164",
    "IDEMPOTENCY_HEADER",
    "MAX_CHANGES_PAGE",
    "MAX_PAGE",
    "MAX_SCRIPT_STEPS",
    "SCRIPT_GRAPH_ERROR",
    "ZERO",
    "Code",
    "Colour",
    "Email",
    "EntityId",
    "ErrorBody",
    "ErrorDetail",
    "Health",
    "LocalTime",
    "LongText",
    "Money",
    "Name",
    "NonNegativeMoney",
    "OrderStatus",
    "Page",
    "RequestModel",
    "ResponseModel",
    "Seconds",
    "ShortText",
    "Tag",
    "UtcDatetime",
]

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


# ---------------------------------------------------------------- pagination and the changes feed
T = TypeVar("T")


class Page(ResponseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


class Health(ResponseModel):
    status: Literal["ok"]
    api_version: str
