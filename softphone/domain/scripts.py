"""Call-script rules, the same for the CRM contract, the reference server and the client's engine.

A script is a graph of steps (``nodes``) from ``start_node``; each step is a mapping with ``id``,
``kind`` (say / question / choice / end), ``text``, ``next``, ``options`` (``label`` + ``next``),
and optionally ``save_as``, ``required``, ``answer`` (text / rating / yes_no, for questions) and
``action`` (open_order / schedule_callback / escalate). ``script_problems`` says what makes a graph
unusable on a call, in plain sentences naming steps (never customer data):

- a missing start step, a step whose id differs from its key, an unknown kind, answer or action;
- a dangling branch (``next`` or an option pointing to no step), a say/question step leading
  nowhere, a choice without answers or with more than ``MAX_OPTIONS`` (keys 1-9 pick them);
- no end step, or steps that can never reach one (a loop with no way out);
- a ``{variable}`` in a text or an answer that is not in ``VARIABLES``.

Also here: the seven call types with the direction each is made for, and ``default_call_type``,
the call type a call starts with. Plain data in, plain data out: no pydantic, no SQLAlchemy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Final, Literal

NodeKind = Literal["say", "question", "choice", "end"]
AnswerKind = Literal["text", "rating", "yes_no"]
StepActionName = Literal["open_order", "schedule_callback", "escalate"]

NODE_KINDS: Final = ("say", "question", "choice", "end")
ANSWER_KINDS: Final = ("text", "rating", "yes_no")
ACTIONS: Final = ("open_order", "schedule_callback", "escalate")
MAX_OPTIONS: Final = 9
MAX_NODES: Final = 200
MAX_PROBLEMS_SHOWN: Final = 5
RATING_VALUES: Final = ("1", "2", "3", "4", "5")
YES, NO = "yes", "no"

# Variables a script text may use, with what they stand for.
VARIABLES: Final[Mapping[str, str]] = {
    "customer.name": "the customer's full name as the CRM keeps it",
    "customer.first_name": "the customer's given name",
    "customer.polite_name": "given name and patronymic when known (Анна Сергеевна), else the given name",
    "customer.phone": "the number the customer called from or was called on",
    "order.number": "the number of the customer's open order (else their latest)",
    "order.id": "the same as order.number",
    "order.total": "that order's total, in roubles",
    "order.items": "that order's items, briefly",
    "order.status": "that order's status",
    "order.payment": "that order's payment method",
    "delivery.date": "that order's delivery date",
    "delivery.time": "that order's delivery window",
    "delivery.address": "that order's delivery address",
    "delivery.method": "that order's delivery method",
    "store.name": "the shop the call is for",
    "store.phone": "the shop's phone number",
    "operator.name": "the operator's name",
}
_VARIABLE = re.compile(r"\{([^{}\s]{1,64})\}")

# The seven call types, and the direction a call of that type usually has.
INBOUND_ORDER: Final = "inbound_order"
ORDER_CONFIRMATION: Final = "order_confirmation"
DELIVERY_QUESTION: Final = "delivery_question"
COMPLAINT: Final = "complaint"  # a complaint or a return
DELIVERY_FEEDBACK: Final = "delivery_feedback"
ABANDONED_CART: Final = "abandoned_cart"
NEW_REGISTRATION: Final = "new_registration"
CALL_TYPES: Final = (
    INBOUND_ORDER,
    ORDER_CONFIRMATION,
    DELIVERY_QUESTION,
    COMPLAINT,
    DELIVERY_FEEDBACK,
    ABANDONED_CART,
    NEW_REGISTRATION,
)
INBOUND_TYPES: Final = (INBOUND_ORDER, DELIVERY_QUESTION, COMPLAINT)
OUTBOUND_TYPES: Final = (ORDER_CONFIRMATION, DELIVERY_FEEDBACK, ABANDONED_CART, NEW_REGISTRATION, COMPLAINT)
ON_THE_WAY: Final = frozenset({"confirmed", "packed", "shipped"})


def variables_in(text: str) -> list[str]:
    """The ``{variable}`` names in ``text``, in order (repeats kept)."""
    return _VARIABLE.findall(text)


def split_variables(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, is_variable) parts; a variable part is its name without braces."""
    parts: list[tuple[str, bool]] = []
    pos = 0
    for match in _VARIABLE.finditer(text):
        if match.start() > pos:
            parts.append((text[pos : match.start()], False))
        parts.append((match.group(1), True))
        pos = match.end()
    if pos < len(text):
        parts.append((text[pos:], False))
    return parts


def _targets(node: Mapping[str, Any]) -> list[str]:
    found = [str(o.get("next")) for o in node.get("options") or [] if isinstance(o, Mapping)]
    if node.get("next"):
        found.append(str(node["next"]))
    return found


def _node_problems(key: str, node: Mapping[str, Any], nodes: Mapping[str, Any]) -> list[str]:
    problems: list[str] = []
    kind = node.get("kind")
    options = [o for o in node.get("options") or [] if isinstance(o, Mapping)]
    if node.get("id") != key:
        problems.append(f"step {key!r} has the id {node.get('id')!r}")
    if kind not in NODE_KINDS:
        problems.append(f"step {key!r} has an unknown kind {kind!r}")
    if kind == "choice" and not options:
        problems.append(f"choice step {key!r} has no answers")
    if len(options) > MAX_OPTIONS:
        problems.append(f"step {key!r} has {len(options)} answers (at most {MAX_OPTIONS})")
    if kind in ("say", "question") and not node.get("next"):
        problems.append(f"step {key!r} leads nowhere (no next step)")
    if kind in ("say", "question", "end") and options:
        problems.append(f"{kind} step {key!r} has answers (only choice steps branch)")
    if kind == "end" and node.get("next"):
        problems.append(f"end step {key!r} has a next step")
    for target in _targets(node):
        if target not in nodes:
            problems.append(f"step {key!r} points to a missing step {target!r}")
    answer = node.get("answer")
    if answer is not None and (kind != "question" or answer not in ANSWER_KINDS):
        problems.append(
            f"step {key!r} has an answer kind {answer!r} (only questions: {', '.join(ANSWER_KINDS)})"
        )
    action = node.get("action")
    if action is not None and action not in ACTIONS:
        problems.append(f"step {key!r} has an unknown action {action!r}")
    texts = [str(node.get("text") or "")] + [str(o.get("label") or "") for o in options]
    for name in dict.fromkeys(v for text in texts for v in variables_in(text)):
        if name not in VARIABLES:
            problems.append(f"step {key!r} uses an unknown variable {{{name}}}")
    return problems


def _stuck(nodes: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Steps from which no end step can be reached."""
    back: dict[str, set[str]] = {key: set() for key in nodes}
    for key, node in nodes.items():
        for target in _targets(node):
            if target in back:
                back[target].add(key)
    reach = {key for key, node in nodes.items() if node.get("kind") == "end"}
    todo = list(reach)
    while todo:
        for source in back[todo.pop()]:
            if source not in reach:
                reach.add(source)
                todo.append(source)
    return [key for key in nodes if key not in reach]


def script_problems(start_node: str, nodes: Mapping[str, Any]) -> list[str]:
    """Why this graph cannot be used on a call; empty when it can."""
    if not nodes:
        return ["the script has no steps"]
    if len(nodes) > MAX_NODES:
        return [f"the script has {len(nodes)} steps (at most {MAX_NODES})"]
    problems: list[str] = []
    if start_node not in nodes:
        problems.append(f"the start step {start_node!r} is not a step of the script")
    shaped = {str(k): n for k, n in nodes.items() if isinstance(n, Mapping)}
    problems += [f"step {k!r} is not a step" for k in nodes if str(k) not in shaped]
    for key, node in shaped.items():
        problems += _node_problems(key, node, shaped)
    if not any(n.get("kind") == "end" for n in shaped.values()):
        problems.append("the script has no end step")
    else:
        stuck = _stuck(shaped)
        if stuck:
            names = ", ".join(repr(k) for k in stuck[:8]) + (" …" if len(stuck) > 8 else "")
            problems.append(f"steps {names} never reach an end (a loop with no way out)")
    return problems


def describe_problems(problems: Iterable[str]) -> str:
    found = list(problems)
    more = f" (+{len(found) - MAX_PROBLEMS_SHOWN} more)" if len(found) > MAX_PROBLEMS_SHOWN else ""
    return "; ".join(found[:MAX_PROBLEMS_SHOWN]) + more


def default_call_type(
    direction: str,
    latest_order_status: str | None,
    open_order_status: str | None,
    task_kind: str | None = None,
    known_customer: bool = True,
) -> str:
    """The call type a call starts with (the operator can switch).

    An outbound call made for a task is of the task's kind. Otherwise the customer's orders decide:
    calling in with an order on its way is most often about its delivery; calling out, a new order
    is to be confirmed, a delivered one asks for feedback, and a customer with no order yet was
    just registered. Anything else (an unknown customer too): a new order (in) or an order
    confirmation (out).
    """
    if direction == "inbound":
        return DELIVERY_QUESTION if open_order_status in ON_THE_WAY else INBOUND_ORDER
    if task_kind in CALL_TYPES:
        return str(task_kind)
    if not known_customer:
        return ORDER_CONFIRMATION
    if open_order_status == "new":
        return ORDER_CONFIRMATION
    if latest_order_status == "delivered":
        return DELIVERY_FEEDBACK
    if latest_order_status is None:
        return NEW_REGISTRATION
    return ORDER_CONFIRMATION


def direction_types(direction: str) -> tuple[str, ...]:
    """Call types in the order a call of this direction falls back to them."""
    return INBOUND_TYPES if direction == "inbound" else OUTBOUND_TYPES
