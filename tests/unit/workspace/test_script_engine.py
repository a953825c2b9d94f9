"""The script engine over every script the reference CRM seeds, and a run's moves on a small graph."""

from __future__ import annotations

import datetime as dt
from collections import deque
from decimal import Decimal
from typing import Any

import pytest

from softphone.crm import schemas as s
from softphone.crm_server.seed_scripts import SCRIPTS
from softphone.domain import scripts as rules
from softphone.workspace.scripts.context import Piece, fill, given_names, plain_text, roubles
from softphone.workspace.scripts.graph import ScriptGraph, StepAction, graph_from_body, graph_from_script
from softphone.workspace.scripts.run import ChoiceKind, ScriptRun

NOW = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)


def seeded(doc: dict[str, Any]) -> ScriptGraph:
    return graph_from_script(s.Script.model_validate({**doc, "updated_at": NOW}))


def moves(run: ScriptRun) -> list[tuple[str, Any]]:
    """Every way forward from the run's step: numbered answers, and a typed answer for text questions."""
    found: list[tuple[str, Any]] = [("pick", c.number) for c in run.choices()]
    if run.current.kind == "question" and not found:
        found.append(("text", "ответ клиента"))
    return found


def advance(graph: ScriptGraph, path: tuple[tuple[str, Any], ...]) -> ScriptRun:
    run = ScriptRun(graph)
    for kind, value in path:
        moved = run.pick(value) if kind == "pick" else run.answer_text(value)
        assert moved, (graph.crm_id, run.current.id, kind, value)
    return run


def explore(graph: ScriptGraph) -> dict[str, tuple[tuple[str, Any], ...]]:
    """Breadth-first over the run's own moves: the shortest way to each step reached."""
    ways: dict[str, tuple[tuple[str, Any], ...]] = {graph.start: ()}
    todo = deque([graph.start])
    while todo:
        step = todo.popleft()
        run = advance(graph, ways[step])
        for move in moves(run):
            ahead = advance(graph, ways[step])
            (ahead.pick(move[1]) if move[0] == "pick" else ahead.answer_text(move[1]))
            if ahead.current.id not in ways:
                ways[ahead.current.id] = (*ways[step], move)
                todo.append(ahead.current.id)
    return ways


def test_the_seed_has_a_script_for_each_of_the_seven_call_types() -> None:
    assert {doc["call_type"] for doc in SCRIPTS} == set(rules.CALL_TYPES)
    assert len({doc["id"] for doc in SCRIPTS}) == len(SCRIPTS)
    assert any(doc["store_ids"] for doc in SCRIPTS)  # a shop's own script exists


@pytest.mark.parametrize("doc", SCRIPTS, ids=[d["id"] for d in SCRIPTS])
def test_every_seeded_script_is_usable_every_path_ends_and_all_is_reachable(doc: dict[str, Any]) -> None:
    graph = seeded(doc)
    assert rules.script_problems(doc["start_node"], doc["nodes"]) == []
    texts = [st.text for st in graph.steps.values()] + [
        o.label for st in graph.steps.values() for o in st.options
    ]
    assert {v for t in texts for v in rules.variables_in(t)} <= set(rules.VARIABLES)
    ways = explore(graph)
    assert set(ways) == set(graph.steps), "every step can be reached by answering"
    assert any(step.kind == "question" for step in graph.steps.values())
    assert any(step.kind == "choice" and len(step.options) > 1 for step in graph.steps.values())
    assert graph.required_ids
    for step_id in ways:  # from every step some answers lead to an end
        assert _can_end(graph, step_id), (doc["id"], step_id)


def _can_end(graph: ScriptGraph, step_id: str) -> bool:
    ways = explore(ScriptGraph(**{**_fields(graph), "start": step_id}))
    return any(graph.step(k).is_end for k in ways)


def _fields(graph: ScriptGraph) -> dict[str, Any]:
    return {name: getattr(graph, name) for name in graph.__slots__}  # type: ignore[attr-defined]


@pytest.mark.parametrize("doc", SCRIPTS, ids=[d["id"] for d in SCRIPTS])
def test_full_compliance_is_reachable_in_every_seeded_script(doc: dict[str, Any]) -> None:
    """Some way from the start to an end visits every required step (searching answer by answer)."""
    graph = seeded(doc)
    start = ScriptRun(graph)
    seen: set[tuple[str, frozenset[str]]] = set()
    todo: deque[tuple[tuple[str, Any], ...]] = deque([()])
    best = 0.0
    while todo and len(seen) < 20_000:
        way = todo.popleft()
        run = advance(graph, way)
        key = (run.current.id, frozenset(run.visited) & graph.required_ids)
        if key in seen:
            continue
        seen.add(key)
        if run.finished:
            best = max(best, run.compliance)
            continue
        todo.extend((*way, move) for move in moves(run))
    assert start.compliance < 1.0 and best == 1.0


def test_a_run_moves_records_answers_goes_back_and_jumps() -> None:
    graph = seeded(next(d for d in SCRIPTS if d["id"] == "SCR-COMPLAINT"))
    run = ScriptRun(graph)
    assert run.current.id == "greet" and [c.kind for c in run.choices()] == [ChoiceKind.NEXT]
    assert run.pick(1) and run.current.id == "what"
    assert run.choices() == [] and not run.text_allowed("   ")  # a required text question needs words
    assert not run.answer_text("  ") and run.current.id == "what"
    assert run.answer_text("  Чайник   течёт  ") and run.current.id == "kind"
    assert run.pick(1) and run.current.id == "defect"  # "Брак или поломка"
    assert [c.kind for c in run.choices()] == [ChoiceKind.YES, ChoiceKind.NO]
    assert run.pick(1) and run.current.id == "offer"
    assert run.answers == {
        "complaint": "Чайник течёт",
        "complaint_kind": "Брак или поломка",
        "has_photo": "yes",
    }
    assert run.back() and run.current.id == "defect"
    assert run.given("defect") == "yes" and run.choices()[0].chosen  # the answer given is shown
    assert run.back() and run.current.id == "kind"
    assert "has_photo" not in run.answers  # a step gone back past loses its answer
    assert run.jump("satisfied") and run.current.action is None
    assert [c.label for c in run.choices()] == ["1", "2", "3", "4", "5"]
    assert run.pick(4) and run.current.is_end and run.finished
    assert run.answers["satisfaction"] == "4"
    assert not run.pick(1)  # an end step offers nothing
    assert set(run.visited) == {"greet", "what", "kind", "defect", "offer", "satisfied", "end"}
    # required: greet, what, kind, offer, end -> all visited
    assert run.compliance == 1.0 and run.required_left == ()
    assert graph.step("escalate").action is StepAction.ESCALATE


def test_compliance_counts_required_steps_visited() -> None:
    graph = seeded(next(d for d in SCRIPTS if d["id"] == "SCR-CONFIRM"))
    run = ScriptRun(graph)
    required = sorted(graph.required_ids)
    assert required == ["confirm", "delivery", "greet", "items"]
    assert run.compliance == 0.25
    run.pick(1)  # greet -> can_talk
    run.pick(2)  # "Нет, перезвонить позже" -> callback
    assert run.answer_text("завтра после 18") and run.current.id == "end_callback"
    assert run.compliance == 0.25 and run.answers == {"callback_time": "завтра после 18"}
    assert run.required_left == ("items", "confirm", "delivery")


def test_an_optional_text_question_may_be_skipped() -> None:
    graph = seeded(next(d for d in SCRIPTS if d["id"] == "SCR-INBOUND"))
    run = ScriptRun(graph)
    run.pick(1)
    run.pick(2)  # new customer -> name (optional)
    assert run.current.id == "name" and run.answer_text("") and run.current.id == "what"
    assert "customer_name" not in run.answers


def test_variables_are_filled_or_visibly_missing() -> None:
    values = {"customer.first_name": "Анна", "order.total": roubles(Decimal("12990.00"))}
    pieces = fill("{customer.first_name}, сумма {order.total}, доставка {delivery.date}.", values)
    assert pieces == [
        Piece("Анна", "customer.first_name"),
        Piece(", сумма "),
        Piece("12\u00a0990\u00a0₽", "order.total"),
        Piece(", доставка "),
        Piece("", "delivery.date", missing=True),
        Piece("."),
    ]
    assert plain_text("{store.name}!", {}) == "[store.name]!"
    assert roubles(Decimal("1290.50")) == "1\u00a0290,50\u00a0₽"


@pytest.mark.parametrize(
    ("name", "first", "polite"),
    [
        ("Иванова Анна Сергеевна", "Анна", "Анна Сергеевна"),
        ("Анна Сергеевна", "Анна", "Анна Сергеевна"),
        ("Петров Сергей", "Сергей", "Сергей"),
        ("Сергей Петров", "Сергей", "Сергей"),
        ("Ольга", "Ольга", "Ольга"),
        ("", "", ""),
    ],
)
def test_given_names(name: str, first: str, polite: str) -> None:
    assert given_names(name) == (first, polite)


def test_graph_from_the_store_body_round_trips_store_and_direction() -> None:
    doc = next(d for d in SCRIPTS if d["id"] == "SCR-INBOUND-KIDS")
    body = {k: doc[k] for k in ("start_node", "nodes", "store_ids", "direction")}
    graph = graph_from_body(doc["id"], 3, doc["call_type"], doc["title"], body)
    assert graph.version == 3 and graph.store_ids == {"S-KIDS"} and graph.direction == "inbound"
    assert graph.applies_to("inbound", "S-KIDS") and not graph.applies_to("inbound", "S-MSK")
    assert not graph.applies_to("outbound", "S-KIDS") and not graph.applies_to("inbound", None)
