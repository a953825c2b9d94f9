"""Order rules shared by the client's store and the CRM: totals, statuses, edits, discounts."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from softphone.domain import orders as rules


@dataclass
class Line:
    price: Decimal
    qty: int


def test_totals_add_items_and_delivery_and_take_off_the_discount() -> None:
    money = rules.order_totals(
        [Line(Decimal("100.50"), 2), Line(Decimal("10.00"), 1)], Decimal("300.00"), Decimal("11.00")
    )
    assert (money.items_total, money.delivery_cost, money.discount, money.total) == (
        Decimal("211.00"),
        Decimal("300.00"),
        Decimal("11.00"),
        Decimal("500.00"),
    )


def test_an_empty_order_costs_nothing_and_never_less() -> None:
    assert rules.order_totals([]).total == Decimal("0.00")
    assert rules.order_totals([Line(Decimal(5), 1)], discount=Decimal(9)).total == Decimal("0.00")


def test_every_status_has_transitions_to_known_statuses_only() -> None:
    statuses = set(rules.ORDER_TRANSITIONS)
    assert all(set(nexts) <= statuses for nexts in rules.ORDER_TRANSITIONS.values())
    assert set(rules.EDITABLE_ORDER_STATUSES) <= statuses and set(rules.RETURNABLE_STATUSES) <= statuses


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        ("new", "confirmed", True),
        ("new", "new", True),
        ("packed", "cancelled", True),
        ("shipped", "cancelled", False),
        ("cancelled", "new", False),
        ("delivered", "returned", True),
    ],
)
def test_status_moves_only_along_the_allowed_transitions(current: str, target: str, allowed: bool) -> None:
    assert (rules.transition_problem(current, target) is None) is allowed


def test_a_refused_transition_names_what_is_allowed() -> None:
    assert rules.transition_problem("shipped", "cancelled") == (
        "cannot change status from shipped to cancelled (allowed: delivered)"
    )
    assert "allowed: none" in (rules.transition_problem("returned", "new") or "")


def test_items_delivery_and_discount_change_only_while_new_or_confirmed() -> None:
    assert rules.edit_problem("confirmed", {"items", "discount"}) == {}
    assert rules.edit_problem("packed", {"comment", "payment"}) == {}
    assert rules.edit_problem("packed", {"items", "delivery", "comment"}) == {
        "delivery": "cannot change delivery of an order that is packed",
        "items": "cannot change items of an order that is packed",
    }


def test_discount_is_within_the_items_total_and_the_compensation_limit() -> None:
    assert rules.discount_problem(Decimal(100), Decimal(1000), Decimal(500)) is None
    too_big = rules.discount_problem(Decimal(1001), Decimal(1000), Decimal(5000))
    assert too_big == "cannot exceed the items total"
    over_limit = rules.discount_problem(Decimal(501), Decimal(1000), Decimal(500))
    assert over_limit is not None and "compensation limit of 500" in over_limit
    assert rules.discount_problem(Decimal(900), Decimal(1000), None) is None  # limit not known here
