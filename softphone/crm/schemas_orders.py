"""CRM API v1 models of products and orders (items, delivery, payment, totals, returns)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from softphone.crm.schemas_base import (
    ZERO,
    Code,
    EntityId,
    ErrorDetail,
    LocalTime,
    LongText,
    Money,
    NonNegativeMoney,
    OrderStatus,
    RequestModel,
    ResponseModel,
    UtcDatetime,
)
from softphone.crm.schemas_customers import Address

__all__ = [
    "ORDER_STATUS_LABELS",
    "Delivery",
    "DeliveryIn",
    "Order",
    "OrderCancel",
    "OrderConflict",
    "OrderCreate",
    "OrderItem",
    "OrderItemIn",
    "OrderReturn",
    "OrderReturnCreate",
    "OrderStatusInfo",
    "OrderTotals",
    "OrderUpdate",
    "Payment",
    "PaymentIn",
    "PaymentStatus",
    "Product",
    "ReturnItem",
    "StockLevel",
    "SupplierAvailability",
]


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
