"""A call script as the engine uses it: ``ScriptGraph`` of ``Step`` s, built only from a checked graph.

``graph_from_body`` reads a script as the local store keeps it (``models.Script``: the CRM's id,
version, call type, title and ``body`` JSON) through the CRM contract (``schemas.Script``, whose
validator applies ``softphone.domain.scripts.script_problems``) and raises ``ScriptRefused`` with a
plain reason when it cannot be used on a call. Frozen values: a new version is a new graph.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from softphone.crm import schemas as s


class StepAction(enum.StrEnum):
    """What a step offers to do; wired by the order editor and after-call work (issue 12)."""

    OPEN_ORDER = "open_order"
    SCHEDULE_CALLBACK = "schedule_callback"
    ESCALATE = "escalate"


class AnswerKind(enum.StrEnum):
    TEXT = "text"
    RATING = "rating"
    YES_NO = "yes_no"


class ScriptRefused(Exception):
    """A script (version) that cannot be used on a call, with the reason."""

    def __init__(self, crm_id: str, version: int | None, reason: str) -> None:
        super().__init__(f"script {crm_id} v{version}: {reason}")
        self.crm_id = crm_id
        self.version = version
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Option:
    label: str
    next: str


@dataclass(frozen=True, slots=True)
class Step:
    id: str
    kind: str  # say / question / choice / end
    text: str
    title: str = ""
    options: tuple[Option, ...] = ()
    next: str | None = None
    save_as: str | None = None
    required: bool = False
    answer: AnswerKind | None = None  # questions only (text when the script does not say)
    action: StepAction | None = None

    @property
    def is_end(self) -> bool:
        return self.kind == "end"

    @property
    def short_name(self) -> str:
        """The step list's name: the title, else the text's beginning."""
        if self.title:
            return self.title
        text = " ".join(self.text.split())
        return text if len(text) <= 48 else text[:47] + "…"


@dataclass(frozen=True, slots=True)
class ScriptGraph:
    crm_id: str
    version: int
    call_type: str
    title: str
    start: str
    steps: Mapping[str, Step]  # in the script's own order (the step list shows them so)
    store_ids: frozenset[str] = frozenset()  # empty: every store
    direction: str | None = None  # None: both directions

    def step(self, step_id: str) -> Step:
        return self.steps[step_id]

    @property
    def required_ids(self) -> frozenset[str]:
        return frozenset(k for k, step in self.steps.items() if step.required)

    def applies_to(self, direction: str, store_crm_id: str | None) -> bool:
        if self.direction is not None and self.direction != direction:
            return False
        return not self.store_ids or (store_crm_id is not None and store_crm_id in self.store_ids)


def _step(node: s.ScriptNode) -> Step:
    answer = (
        AnswerKind(node.answer) if node.answer else (AnswerKind.TEXT if node.kind == "question" else None)
    )
    return Step(
        id=node.id,
        kind=node.kind,
        text=node.text,
        title=node.title,
        options=tuple(Option(o.label, o.next) for o in node.options),
        next=node.next,
        save_as=node.save_as,
        required=node.required,
        answer=answer,
        action=StepAction(node.action) if node.action else None,
    )


def describe_refusal(exc: ValidationError) -> str:
    """The contract's complaint in words: graph problems in full, other fields by location and kind."""
    parts = []
    for error in exc.errors(include_input=False, include_url=False, include_context=False)[:5]:
        if error["type"] == s.SCRIPT_GRAPH_ERROR:
            parts.append(str(error["msg"]))
        else:
            parts.append(f"{'.'.join(str(p) for p in error['loc']) or '(script)'}: {error['type']}")
    return "; ".join(parts)


def graph_from_body(
    crm_id: str,
    version: int | None,
    call_type: str,
    title: str,
    body: Mapping[str, Any],
    updated_at: dt.datetime | None = None,
) -> ScriptGraph:
    """The graph of a stored script; ``ScriptRefused`` when it cannot be used on a call."""
    document = {
        **body,
        "id": crm_id,
        "version": version or 1,
        "call_type": call_type,
        "title": title,
        "updated_at": updated_at or dt.datetime.now(dt.UTC),
    }
    try:
        script = s.Script.model_validate(document)
    except ValidationError as exc:
        raise ScriptRefused(crm_id, version, describe_refusal(exc)) from None
    return ScriptGraph(
        crm_id=script.id,
        version=script.version,
        call_type=script.call_type,
        title=script.title,
        start=script.start_node,
        steps={key: _step(node) for key, node in script.nodes.items()},
        store_ids=frozenset(script.store_ids),
        direction=script.direction,
    )


def graph_from_script(script: s.Script) -> ScriptGraph:
    """The graph of a script as the CRM sends it (already checked by the contract)."""
    body = script.model_dump(mode="json", include={"start_node", "nodes", "store_ids", "direction"})
    return graph_from_body(script.id, script.version, script.call_type, script.title, body, script.updated_at)
