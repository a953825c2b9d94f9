"""Order rules of the reference CRM server: totals, delivery, statuses, cancel, returns, discounts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import httpx

from softphone.crm import schemas as s


def _order_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "customer_id": "C-DEMO-3",
        "store_id": "S-MSK",
        "items": [{"product_id": "P0001", "qty": 2}, {"product_id": "P0004", "qty": 1, "price": "1000.00"}],
        "delivery": {
            "service_id": "DS-OWN",
            "method": "courier",
            "address": {
                "city": "Москва",
                "street": "ул. Мира",
                "house": "5",
                "flat": "12",
                "postcode": "129090",
            },
        },
        "payment": {"method": "cash"},
    }
    body.update(overrides)
    return body


def _create(api: httpx.Client, **overrides: Any) -> s.Order:
    response = api.post("/orders", json=_order_body(**overrides))
    assert response.status_code == 201, response.text
    return s.Order.model_validate(response.json())


def _patch(api: httpx.Client, order: s.Order, body: dict[str, Any]) -> httpx.Response:
    return api.patch(f"/orders/{order.id}", json=body, headers={"If-Match": str(order.version)})


def test_new_order_gets_catalogue_data_and_server_computed_totals(api: httpx.Client) -> None:
    product = s.Product.model_validate(api.get("/products/P0001").json())
    order = _create(api, discount="100.00")
    assert order.status == "new"
    assert order.items[0].name == product.name and order.items[0].price == product.price
    assert order.delivery is not None and order.delivery.cost == Decimal("300.00")  # the method's price
    expected_items = product.price * 2 + Decimal("1000.00")
    assert order.totals.items_total == expected_items
    assert order.totals.total == expected_items + Decimal("300.00") - Decimal("100.00")
    raw = api.get(f"/orders/{order.id}").json()
    assert raw["totals"]["discount"] == "100.00"  # money travels as a decimal string


def test_orders_listed_by_customer(api: httpx.Client) -> None:
    page = api.get("/orders", params={"customer_id": "C-DEMO-1"}).json()
    assert {"O-DEMO-1", "O-DEMO-2"} <= {o["id"] for o in page["items"]}
    assert all(o["customer_id"] == "C-DEMO-1" for o in page["items"])


def test_invalid_order_reports_every_bad_field(api: httpx.Client) -> None:
    body = _order_body(
        customer_id="C-NOPE",
        items=[{"product_id": "P-NOPE", "qty": 1}],
        delivery={"service_id": "DS-POST", "method": "post"},
        payment={"method": "bitcoin"},
    )
    response = api.post("/orders", json=body)
    assert response.status_code == 422
    fields = response.json()["error"]["fields"]
    assert {"customer_id", "items.0.product_id", "delivery.address", "payment.method"} <= set(fields)


def test_discount_above_operator_compensation_limit_is_refused(api: httpx.Client) -> None:
    limit = Decimal(api.get("/me").json()["compensation_limit"])
    response = api.post("/orders", json=_order_body(discount=str(limit + 1)))
    assert response.status_code == 422
    assert "compensation limit" in response.json()["error"]["fields"]["discount"]


def test_delivery_slot_fills_date_and_window(api: httpx.Client) -> None:
    day = (dt.datetime.now(dt.UTC) + dt.timedelta(days=2)).date().isoformat()
    slots = [
        s.DeliverySlot.model_validate(x)
        for x in api.get(
            "/delivery-slots", params={"service_id": "DS-OWN", "date": day, "city": "Москва"}
        ).json()
    ]
    assert len(slots) == 3
    assert (
        api.get("/delivery-slots", params={"service_id": "DS-OWN", "date": day, "city": "Тюмень"}).json()
        == []
    )
    body = _order_body()
    body["delivery"]["slot_id"] = slots[1].id
    order = _create(api, delivery=body["delivery"])
    assert order.delivery is not None
    assert (order.delivery.date, order.delivery.time_from, order.delivery.time_to) == (
        slots[1].date,
        slots[1].time_from,
        slots[1].time_to,
    )
    body["delivery"]["slot_id"] = "DS-OWN.1999-01-01.10"
    assert api.post("/orders", json=body).status_code == 422


def test_status_follows_allowed_transitions(api: httpx.Client) -> None:
    statuses = {x["code"]: x["transitions"] for x in api.get("/order-statuses").json()}
    assert statuses["new"] == ["confirmed", "cancelled"]
    order = _create(api)
    skipped = _patch(api, order, {"status": "shipped"})
    assert skipped.status_code == 422
    assert "status" in skipped.json()["error"]["fields"]
    assert api.get(f"/orders/{order.id}").json()["status"] == "new"
    for target in ("confirmed", "packed", "shipped", "delivered"):
        response = _patch(api, order, {"status": target})
        assert response.status_code == 200, response.text
        order = s.Order.model_validate(response.json())
        assert order.status == target
    assert _patch(api, order, {"status": "cancelled"}).status_code == 422


def test_items_cannot_change_once_packed(api: httpx.Client) -> None:
    order = _create(api)
    order = s.Order.model_validate(_patch(api, order, {"status": "confirmed"}).json())
    changed = _patch(api, order, {"items": [{"product_id": "P0002", "qty": 1}]})
    assert changed.status_code == 200
    order = s.Order.model_validate(changed.json())
    assert [i.product_id for i in order.items] == ["P0002"]
    assert order.totals.items_total == order.items[0].price
    order = s.Order.model_validate(_patch(api, order, {"status": "packed"}).json())
    refused = _patch(api, order, {"items": [{"product_id": "P0003", "qty": 1}]})
    assert refused.status_code == 422
    assert "items" in refused.json()["error"]["fields"]


def test_stale_order_update_is_412_with_current_order(api: httpx.Client) -> None:
    order = _create(api)
    assert _patch(api, order, {"comment": "звонить после обеда"}).status_code == 200
    stale = _patch(api, order, {"comment": "другое"})
    assert stale.status_code == 412
    conflict = s.OrderConflict.model_validate(stale.json())
    assert conflict.current.comment == "звонить после обеда"
    assert conflict.current.version == order.version + 1


def test_cancel_with_reason_and_not_after_shipping(api: httpx.Client) -> None:
    order = _create(api)
    cancelled = api.post(f"/orders/{order.id}/cancel", json={"reason": "Клиент передумал"})
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    assert cancelled.json()["cancel_reason"] == "Клиент передумал"
    assert api.post(f"/orders/{order.id}/cancel", json={"reason": ""}).status_code == 422
    shipped = _create(api)
    for target in ("confirmed", "packed", "shipped"):
        shipped = s.Order.model_validate(_patch(api, shipped, {"status": target}).json())
    refused = api.post(f"/orders/{shipped.id}/cancel", json={"reason": "поздно"})
    assert refused.status_code == 422
    assert api.get(f"/orders/{shipped.id}").json()["status"] == "shipped"


def test_returns_of_delivered_orders(api: httpx.Client) -> None:
    order = _create(api)
    early = api.post(
        f"/orders/{order.id}/returns", json={"items": [{"product_id": "P0001", "qty": 1}], "reason": "брак"}
    )
    assert early.status_code == 422
    for target in ("confirmed", "packed", "shipped", "delivered"):
        order = s.Order.model_validate(_patch(api, order, {"status": target}).json())
    partial = api.post(
        f"/orders/{order.id}/returns", json={"items": [{"product_id": "P0001", "qty": 1}], "reason": "брак"}
    )
    assert partial.status_code == 200
    after = s.Order.model_validate(partial.json())
    assert after.status == "delivered"
    assert after.returns[0].amount == order.items[0].price
    too_many = api.post(
        f"/orders/{order.id}/returns", json={"items": [{"product_id": "P0001", "qty": 2}], "reason": "x"}
    )
    assert too_many.status_code == 422
    rest = [{"product_id": "P0001", "qty": 1}, {"product_id": "P0004", "qty": 1}]
    final = s.Order.model_validate(
        api.post(f"/orders/{order.id}/returns", json={"items": rest, "reason": "не подошло"}).json()
    )
    assert final.status == "returned"
    assert len(final.returns) == 2
