"""Typed methods for every resource of the CRM API v1, returning validated ``schemas`` models.

Every reply body is validated (pydantic v2 ``TypeAdapter.validate_json`` on the raw bytes) before it is
returned, so nothing from a malformed reply can reach the store. Validation errors become
``CrmProtocolError`` naming the fields and the kind of problem, never the values (personal data).
Large pages are validated in a worker thread so the asyncio loop stays responsive. The changes feed's
typed page and its parsing live in ``feed``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError

from softphone.crm import schemas as s
from softphone.crm.errors import CrmConflict, CrmProtocolError
from softphone.crm.feed import TypedChangesPage, describe_validation_error, parse_changes
from softphone.crm.transport import CrmResponse, CrmTransport

M = TypeVar("M")
THREAD_VALIDATION_BYTES = 128 * 1024


_adapters: dict[Any, TypeAdapter[Any]] = {}


def adapter(tp: Any) -> TypeAdapter[Any]:
    found = _adapters.get(tp)
    if found is None:
        found = _adapters[tp] = TypeAdapter(tp)
    return found


def validate_bytes(tp: Any, content: bytes, what: str) -> Any:
    try:
        return adapter(tp).validate_json(content)
    except ValidationError as exc:
        raise CrmProtocolError(describe_validation_error(exc, what)) from None


async def validate_reply(tp: Any, response: CrmResponse, what: str) -> Any:
    if len(response.content) > THREAD_VALIDATION_BYTES:
        return await asyncio.to_thread(validate_bytes, tp, response.content, what)
    return validate_bytes(tp, response.content, what)


def _body(model: s.RequestModel) -> Any:
    return model.model_dump(mode="json", exclude_unset=True)


class CrmApi:
    """The CRM API v1 as typed coroutines. Writes take the Idempotency-Key of the outbox entry."""

    def __init__(self, transport: CrmTransport, prefix: str = s.API_PREFIX) -> None:
        self._t = transport
        self._prefix = prefix.rstrip("/")

    @property
    def transport(self) -> CrmTransport:
        return self._t

    async def _call(
        self,
        tp: Any,
        method: str,
        path: str,
        *,
        what: str,
        params: dict[str, Any] | None = None,
        body: Any = None,
        key: str | None = None,
        if_match: int | None = None,
        conflict_model: Any = None,
        raw_body: tuple[bytes, str] | None = None,
    ) -> Any:
        try:
            response = await self._t.request(
                method,
                self._prefix + path,
                params=params,
                json_body=body,
                idempotency_key=key,
                if_match=None if if_match is None else str(if_match),
                raw_body=raw_body,
            )
        except CrmConflict as exc:
            if conflict_model is not None and exc.current is not None:
                try:
                    exc.entity = adapter(conflict_model).validate_python(exc.current)
                except ValidationError as verr:
                    raise CrmProtocolError(describe_validation_error(verr, f"{what} conflict")) from None
            raise
        return await validate_reply(tp, response, what)

    # ------------------------------------------------------------ operator and reference data
    async def health(self) -> s.Health:
        return await self._call(s.Health, "GET", "/health", what="health")  # type: ignore[no-any-return]

    async def me(self) -> s.Operator:
        return await self._call(s.Operator, "GET", "/me", what="operator")  # type: ignore[no-any-return]

    async def stores(self) -> list[s.Store]:
        return await self._call(list[s.Store], "GET", "/stores", what="stores")  # type: ignore[no-any-return]

    async def delivery_services(self) -> list[s.DeliveryService]:
        return await self._call(  # type: ignore[no-any-return]
            list[s.DeliveryService], "GET", "/delivery-services", what="delivery services"
        )

    async def delivery_slots(
        self, service_id: str, date: dt.date, city: str | None = None
    ) -> list[s.DeliverySlot]:
        return await self._call(  # type: ignore[no-any-return]
            list[s.DeliverySlot],
            "GET",
            "/delivery-slots",
            what="delivery slots",
            params={"service_id": service_id, "date": date.isoformat(), "city": city},
        )

    async def payment_methods(self) -> list[s.PaymentMethod]:
        return await self._call(  # type: ignore[no-any-return]
            list[s.PaymentMethod], "GET", "/payment-methods", what="payment methods"
        )

    async def dispositions(self) -> list[s.Disposition]:
        return await self._call(  # type: ignore[no-any-return]
            list[s.Disposition], "GET", "/dispositions", what="dispositions"
        )

    async def order_statuses(self) -> list[s.OrderStatusInfo]:
        return await self._call(  # type: ignore[no-any-return]
            list[s.OrderStatusInfo], "GET", "/order-statuses", what="order statuses"
        )

    async def scripts(self, call_type: str | None = None) -> list[s.Script]:
        return await self._call(  # type: ignore[no-any-return]
            list[s.Script], "GET", "/scripts", what="scripts", params={"call_type": call_type}
        )

    async def get_script(self, script_id: str) -> s.Script:
        return await self._call(s.Script, "GET", f"/scripts/{script_id}", what="script")  # type: ignore[no-any-return]

    # ------------------------------------------------------------ customers
    async def search_customers(
        self, *, phone: str | None = None, q: str | None = None, limit: int = 50, offset: int = 0
    ) -> s.Page[s.Customer]:
        return await self._call(  # type: ignore[no-any-return]
            s.Page[s.Customer],
            "GET",
            "/customers",
            what="customer search",
            params={"phone": phone, "q": q, "limit": limit, "offset": offset},
        )

    async def get_customer(self, customer_id: str) -> s.Customer:
        return await self._call(  # type: ignore[no-any-return]
            s.Customer, "GET", f"/customers/{customer_id}", what="customer"
        )

    async def create_customer(self, data: s.CustomerCreate, *, key: str) -> s.Customer:
        return await self._call(  # type: ignore[no-any-return]
            s.Customer, "POST", "/customers", what="customer create", body=_body(data), key=key
        )

    async def update_customer(
        self, customer_id: str, data: s.CustomerUpdate, *, version: int, key: str
    ) -> s.Customer:
        return await self._call(  # type: ignore[no-any-return]
            s.Customer,
            "PATCH",
            f"/customers/{customer_id}",
            what="customer update",
            body=_body(data),
            key=key,
            if_match=version,
            conflict_model=s.Customer,
        )

    async def reveal_customer(self, customer_id: str) -> s.CustomerContacts:
        """The customer's personal data in full (the CRM records each reveal); a POST without an
        Idempotency-Key, so the transport does not repeat it."""
        return await self._call(  # type: ignore[no-any-return]
            s.CustomerContacts, "POST", f"/customers/{customer_id}/reveal", what="customer reveal"
        )

    async def customer_interactions(self, customer_id: str, limit: int = 50) -> list[s.Interaction]:
        page = await self._call(
            s.Page[s.Interaction],
            "GET",
            f"/customers/{customer_id}/interactions",
            what="interactions",
            params={"limit": limit},
        )
        return page.items  # type: ignore[no-any-return]

    async def create_interaction(self, data: s.InteractionCreate, *, key: str) -> s.Interaction:
        return await self._call(  # type: ignore[no-any-return]
            s.Interaction, "POST", "/interactions", what="interaction create", body=_body(data), key=key
        )

    # ------------------------------------------------------------ the operator's own work
    async def put_my_state(self, data: s.AgentStateUpdate) -> s.AgentState:
        return await self._call(  # type: ignore[no-any-return]
            s.AgentState, "PUT", "/me/state", what="operator state", body=_body(data)
        )

    async def create_callback(self, data: s.CallbackCreate, *, key: str) -> s.Task:
        return await self._call(  # type: ignore[no-any-return]
            s.Task, "POST", "/tasks", what="callback create", body=_body(data), key=key
        )

    async def create_escalation(self, data: s.EscalationCreate, *, key: str) -> s.Escalation:
        return await self._call(  # type: ignore[no-any-return]
            s.Escalation, "POST", "/escalations", what="escalation create", body=_body(data), key=key
        )

    async def review_interaction(
        self, interaction_id: str, data: s.InteractionReview, *, key: str
    ) -> s.Interaction:
        """The operator's self-review of a call (rating 1-5, notes)."""
        return await self._call(  # type: ignore[no-any-return]
            s.Interaction,
            "PATCH",
            f"/interactions/{interaction_id}",
            what="interaction review",
            body=_body(data),
            key=key,
        )

    async def put_recording(
        self, interaction_id: str, audio: bytes, media_type: str, *, key: str
    ) -> s.RecordingInfo:
        """Upload the call's recording (a repeat of the same bytes changes nothing on the CRM)."""
        return await self._call(  # type: ignore[no-any-return]
            s.RecordingInfo,
            "PUT",
            f"/interactions/{interaction_id}/recording",
            what="recording upload",
            key=key,
            raw_body=(audio, media_type),
        )

    # ------------------------------------------------------------ orders
    async def list_orders(
        self, *, customer_id: str | None = None, limit: int = 50, offset: int = 0
    ) -> s.Page[s.Order]:
        return await self._call(  # type: ignore[no-any-return]
            s.Page[s.Order],
            "GET",
            "/orders",
            what="orders",
            params={"customer_id": customer_id, "limit": limit, "offset": offset},
        )

    async def get_order(self, order_id: str) -> s.Order:
        return await self._call(s.Order, "GET", f"/orders/{order_id}", what="order")  # type: ignore[no-any-return]

    async def create_order(self, data: s.OrderCreate, *, key: str) -> s.Order:
        return await self._call(  # type: ignore[no-any-return]
            s.Order, "POST", "/orders", what="order create", body=_body(data), key=key
        )

    async def update_order(self, order_id: str, data: s.OrderUpdate, *, version: int, key: str) -> s.Order:
        return await self._call(  # type: ignore[no-any-return]
            s.Order,
            "PATCH",
            f"/orders/{order_id}",
            what="order update",
            body=_body(data),
            key=key,
            if_match=version,
            conflict_model=s.Order,
        )

    async def cancel_order(
        self, order_id: str, reason: str, *, key: str, version: int | None = None
    ) -> s.Order:
        return await self._call(  # type: ignore[no-any-return]
            s.Order,
            "POST",
            f"/orders/{order_id}/cancel",
            what="order cancel",
            body=_body(s.OrderCancel(reason=reason)),
            key=key,
            if_match=version,
            conflict_model=s.Order,
        )

    async def create_return(
        self, order_id: str, data: s.OrderReturnCreate, *, key: str, version: int | None = None
    ) -> s.Order:
        return await self._call(  # type: ignore[no-any-return]
            s.Order,
            "POST",
            f"/orders/{order_id}/returns",
            what="order return",
            body=_body(data),
            key=key,
            if_match=version,
            conflict_model=s.Order,
        )

    # ------------------------------------------------------------ products
    async def search_products(
        self, q: str | None = None, limit: int = 50, offset: int = 0
    ) -> s.Page[s.Product]:
        return await self._call(  # type: ignore[no-any-return]
            s.Page[s.Product],
            "GET",
            "/products",
            what="products",
            params={"q": q, "limit": limit, "offset": offset},
        )

    async def get_product(self, product_id: str) -> s.Product:
        return await self._call(  # type: ignore[no-any-return]
            s.Product, "GET", f"/products/{product_id}", what="product"
        )

    # ------------------------------------------------------------ outbound tasks
    async def tasks(self, status: str | None = "open", limit: int = 50, offset: int = 0) -> s.Page[s.Task]:
        return await self._call(  # type: ignore[no-any-return]
            s.Page[s.Task],
            "GET",
            "/tasks",
            what="tasks",
            params={"status": status, "limit": limit, "offset": offset},
        )

    async def claim_task(self, task_id: str, *, key: str) -> s.Task:
        return await self._call(  # type: ignore[no-any-return]
            s.Task, "POST", f"/tasks/{task_id}/claim", what="task claim", key=key
        )

    async def complete_task(self, task_id: str, data: s.TaskComplete, *, key: str) -> s.Task:
        return await self._call(  # type: ignore[no-any-return]
            s.Task, "POST", f"/tasks/{task_id}/complete", what="task complete", body=_body(data), key=key
        )

    # ------------------------------------------------------------ changes feed and counts
    async def changes(self, since: int, limit: int = s.MAX_CHANGES_PAGE) -> TypedChangesPage:
        """One validated page of the changes feed (validated in a worker thread)."""
        response = await self.changes_raw(since, limit)
        return await asyncio.to_thread(parse_changes, response.content)

    async def changes_raw(self, since: int, limit: int = s.MAX_CHANGES_PAGE) -> CrmResponse:
        """The feed page as checked bytes; validate with ``parse_changes`` (e.g. in a worker thread)."""
        return await self._t.request(
            "GET", self._prefix + "/changes", params={"since": since, "limit": limit}
        )

    async def count(self, entity_type: str) -> int:
        """How many entities of a type the CRM has (from the ``total`` of a one-item page)."""
        path = {"customer": "/customers", "order": "/orders", "product": "/products", "task": "/tasks"}
        if entity_type not in path:
            return 0
        params: dict[str, Any] = {"limit": 1, "offset": 0}
        if entity_type == "task":
            params["status"] = None
        page = await self._call(s.Page[dict[str, Any]], "GET", path[entity_type], what="count", params=params)
        return int(page.total)
