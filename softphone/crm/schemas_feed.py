"""CRM API v1 changes feed: a compacted page of changed entities, each parsed back into its model."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from softphone.crm.schemas_base import EntityId, ResponseModel
from softphone.crm.schemas_customers import Customer
from softphone.crm.schemas_orders import Order, Product
from softphone.crm.schemas_work import Script, Task

__all__ = ["ENTITY_MODELS", "ChangeItem", "ChangesPage", "EntityType"]

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
