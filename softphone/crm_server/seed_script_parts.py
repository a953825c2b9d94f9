"""Building blocks of the seeded call scripts: a step, a script, the steps every script opens or closes
with (greeting, callback, farewell), the greetings, the shops with scripts of their own."""

from __future__ import annotations

from typing import Any

KIDS_STORE = "S-KIDS"
GARDEN_STORE = "S-SPB"


def node(
    node_id: str,
    kind: str,
    text: str,
    *,
    next_: str | None = None,
    options: list[tuple[str, str]] | None = None,
    save_as: str | None = None,
    required: bool = False,
    answer: str | None = None,
    action: str | None = None,
    title: str = "",
) -> dict[str, Any]:
    return {
        "id": node_id,
        "kind": kind,
        "text": text,
        "next": next_,
        "save_as": save_as,
        "options": [{"label": label, "next": target} for label, target in options or []],
        "title": title,
        "required": required,
        "answer": answer if answer else ("text" if kind == "question" else None),
        "action": action,
    }


def script(
    script_id: str,
    call_type: str,
    title: str,
    nodes: list[dict[str, Any]],
    *,
    direction: str | None,
    store_ids: list[str] | None = None,
) -> dict[str, Any]:
    return {
        "id": script_id,
        "version": 1,
        "call_type": call_type,
        "title": title,
        "start_node": nodes[0]["id"],
        "nodes": {n["id"]: n for n in nodes},
        "store_ids": store_ids or [],
        "direction": direction,
    }


GREET_IN = "Магазин «{store.name}», меня зовут {operator.name}. Здравствуйте! Чем могу помочь?"
GREET_OUT = "Здравствуйте, {customer.polite_name}! Меня зовут {operator.name}, магазин «{store.name}»."


def end(
    node_id: str, text: str, title: str, *, required: bool = False, action: str | None = None
) -> dict[str, Any]:
    """A closing step: the operator's farewell, where the script ends."""
    return node(node_id, "end", text, required=required, action=action, title=title)


def callback(text: str, then: str) -> dict[str, Any]:
    """The step that books a callback at the time the customer names, then goes to the farewell ``then``."""
    return node(
        "callback",
        "question",
        text,
        next_=then,
        save_as="callback_time",
        action="schedule_callback",
        title="Перезвонить",
    )


def greeting(text: str, then: str) -> dict[str, Any]:
    """The first step of every script: the required greeting, then ``then``."""
    return node("greet", "say", text, next_=then, required=True, title="Приветствие")
