"""The shared CRM contract models: money, timestamps, phones, script graphs, the changes feed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, get_args

import pytest
from pydantic import ValidationError

from softphone.crm import schemas as s
from softphone.domain.orders import ORDER_TRANSITIONS


def test_money_is_sent_as_a_two_decimal_string_and_read_from_string_or_number() -> None:
    totals = s.OrderTotals(items_total="1290.5", delivery_cost=300, discount=Decimal("0"), total="1590.50")
    assert totals.model_dump(mode="json") == {
        "items_total": "1290.50",
        "delivery_cost": "300.00",
        "discount": "0.00",
        "total": "1590.50",
    }
    assert totals.items_total == Decimal("1290.50")


@pytest.mark.parametrize("bad", ["1.005", "NaN", "Infinity", "abc", "-1.00"])
def test_bad_money_is_rejected(bad: str) -> None:
    with pytest.raises(ValidationError):
        s.OrderItemIn(product_id="P1", qty=1, price=bad)


def test_timestamps_must_carry_a_zone_and_are_normalised_to_utc() -> None:
    base: dict[str, Any] = {"customer_id": "C1", "started_at": "2030-05-01T12:00:00+03:00"}
    assert s.InteractionCreate(**base).started_at == dt.datetime(2030, 5, 1, 9, tzinfo=dt.UTC)
    with pytest.raises(ValidationError):
        s.InteractionCreate(**{**base, "started_at": "2030-05-01T12:00:00"})


@pytest.mark.parametrize("phone", ["89161234567", "+7 916 123 45 67", "+0123456", "+7"])
def test_phones_must_be_e164(phone: str) -> None:
    with pytest.raises(ValidationError):
        s.CustomerPhone(e164=phone)


def test_requests_reject_unknown_fields_but_responses_ignore_them() -> None:
    with pytest.raises(ValidationError, match="nmae"):
        s.CustomerCreate.model_validate({"name": "Иван", "nmae": "typo"})
    store = s.Store.model_validate({"id": "S1", "name": "Магазин", "phone_numbers": [], "new_field": 1})
    assert store.name == "Магазин"


def _script(nodes: dict[str, Any], start: str = "a") -> dict[str, Any]:
    return {
        "id": "X",
        "version": 1,
        "call_type": "t",
        "title": "T",
        "start_node": start,
        "nodes": nodes,
        "updated_at": "2030-01-01T00:00:00Z",
    }


def test_script_graph_is_checked() -> None:
    ok = {
        "a": {"id": "a", "kind": "choice", "text": "?", "options": [{"label": "Да", "next": "b"}]},
        "b": {"id": "b", "kind": "end", "text": "Спасибо"},
    }
    assert s.Script.model_validate(_script(ok)).nodes["a"].options[0].next == "b"
    with pytest.raises(ValidationError, match="points to a missing step 'zzz'"):
        s.Script.model_validate(_script({**ok, "b": {"id": "b", "kind": "say", "text": "x", "next": "zzz"}}))
    with pytest.raises(ValidationError, match="the start step 'nope' is not a step"):
        s.Script.model_validate(_script(ok, start="nope"))
    with pytest.raises(ValidationError, match="choice step 'a' has no answers"):
        s.Script.model_validate(_script({"a": {"id": "a", "kind": "choice", "text": "?"}}))
    with pytest.raises(ValidationError, match="unknown variable"):
        s.Script.model_validate(_script({**ok, "b": {"id": "b", "kind": "end", "text": "{customer.age}"}}))
    looping = {**ok, "b": {"id": "b", "kind": "say", "text": "x", "next": "a"}}
    with pytest.raises(ValidationError, match="no end step"):
        s.Script.model_validate(_script(looping))


def test_change_item_parses_its_entity() -> None:
    data = {
        "id": "T1",
        "kind": "callback",
        "status": "open",
        "customer_id": "C1",
        "phone": "+79161234567",
        "title": "Перезвонить",
        "due_at": "2030-01-01T10:00:00Z",
        "version": 1,
        "updated_at": "2030-01-01T10:00:00Z",
    }
    item = s.ChangeItem(seq=5, entity_type="task", entity_id="T1", op="upsert", data=data)
    task = item.parse_data()
    assert isinstance(task, s.Task) and task.phone == "+79161234567"
    assert s.ChangeItem(seq=6, entity_type="task", entity_id="T1", op="delete").parse_data() is None


def test_every_order_status_has_a_label() -> None:
    assert set(ORDER_TRANSITIONS) == set(s.ORDER_STATUS_LABELS) == set(get_args(s.OrderStatus))
