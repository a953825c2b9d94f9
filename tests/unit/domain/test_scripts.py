"""Script graph rules: what makes a script unusable on a call, and the default call type."""

from __future__ import annotations

from typing import Any

import pytest

from softphone.domain import scripts as rules


def _n(node_id: str, kind: str, text: str = "…", **kw: Any) -> dict[str, Any]:
    return {"id": node_id, "kind": kind, "text": text, **kw}


GOOD = {
    "a": _n("a", "say", "Здравствуйте, {customer.first_name}!", next="b"),
    "b": _n("b", "choice", "?", options=[{"label": "Да", "next": "c"}, {"label": "Нет", "next": "a"}]),
    "c": _n("c", "end", "Спасибо"),
}


def test_a_good_graph_with_a_loop_that_can_end_has_no_problems() -> None:
    assert rules.script_problems("a", GOOD) == []


@pytest.mark.parametrize(
    ("start", "nodes", "expected"),
    [
        ("zz", GOOD, "the start step 'zz' is not a step"),
        ("a", {**GOOD, "c": _n("c", "say", "x", next="nowhere")}, "points to a missing step 'nowhere'"),
        ("a", {**GOOD, "c": _n("c", "say", "x")}, "step 'c' leads nowhere"),
        ("a", {**GOOD, "a": _n("a", "say", "{customer.nmae}", next="b")}, "unknown variable {customer.nmae}"),
        (
            "a",
            {**GOOD, "b": _n("b", "choice", "?", options=[{"label": "{Order.Number}", "next": "c"}])},
            "unknown variable {Order.Number}",
        ),
        ("a", {**GOOD, "b": _n("b", "choice", "?", options=[])}, "choice step 'b' has no answers"),
        ("a", {**GOOD, "c": _n("x", "end")}, "step 'c' has the id 'x'"),
        ("a", {**GOOD, "c": _n("c", "shout")}, "unknown kind 'shout'"),
        ("a", {**GOOD, "a": _n("a", "say", next="b", answer="rating")}, "answer kind 'rating'"),
        ("a", {**GOOD, "a": _n("a", "say", next="b", action="fly")}, "unknown action 'fly'"),
        (
            "a",
            {
                **GOOD,
                "b": _n("b", "choice", "?", options=[{"label": str(i), "next": "c"} for i in range(10)]),
            },
            "10 answers (at most 9)",
        ),
    ],
)
def test_each_kind_of_fault_is_named(start: str, nodes: dict[str, Any], expected: str) -> None:
    problems = rules.script_problems(start, nodes)
    assert any(expected in p for p in problems), problems


def test_a_loop_with_no_way_out_is_refused_even_with_an_end_elsewhere() -> None:
    nodes = {
        "a": _n("a", "choice", "?", options=[{"label": "1", "next": "b"}, {"label": "2", "next": "end"}]),
        "b": _n("b", "say", next="c"),
        "c": _n("c", "say", next="b"),
        "end": _n("end", "end"),
    }
    [problem] = rules.script_problems("a", nodes)
    assert "'b', 'c' never reach an end" in problem


def test_a_script_without_an_end_is_refused() -> None:
    assert "the script has no end step" in rules.script_problems("a", {"a": _n("a", "say", next="a")})


def test_split_variables_keeps_text_around_variables() -> None:
    assert rules.split_variables("Заказ № {order.number}, {x") == [
        ("Заказ № ", False),
        ("order.number", True),
        (", {x", False),
    ]


@pytest.mark.parametrize(
    ("direction", "latest", "open_", "task", "known", "expected"),
    [
        ("inbound", None, None, None, True, rules.INBOUND_ORDER),
        ("inbound", "shipped", "shipped", None, True, rules.DELIVERY_QUESTION),
        ("inbound", "delivered", None, None, True, rules.INBOUND_ORDER),
        ("outbound", "new", "new", None, True, rules.ORDER_CONFIRMATION),
        ("outbound", "delivered", None, None, True, rules.DELIVERY_FEEDBACK),
        ("outbound", None, None, None, True, rules.NEW_REGISTRATION),
        ("outbound", None, None, None, False, rules.ORDER_CONFIRMATION),
        ("outbound", "new", "new", "abandoned_cart", True, rules.ABANDONED_CART),
        ("outbound", "cancelled", None, None, True, rules.ORDER_CONFIRMATION),
    ],
)
def test_default_call_type(
    direction: str, latest: str | None, open_: str | None, task: str | None, known: bool, expected: str
) -> None:
    assert rules.default_call_type(direction, latest, open_, task, known_customer=known) == expected
