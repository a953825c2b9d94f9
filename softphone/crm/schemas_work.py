"""CRM API v1 models of the operator's work: call scripts, outbound tasks and callbacks, the operator's
state, escalations."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from softphone.crm.schemas_base import (
    E164,
    SCRIPT_GRAPH_ERROR,
    Code,
    EntityId,
    LongText,
    RequestModel,
    ResponseModel,
    ShortText,
    UtcDatetime,
)
from softphone.crm.schemas_customers import Direction, StepId
from softphone.crm.schemas_orders import OrderItem
from softphone.domain import scripts as script_rules

__all__ = [
    "AgentState",
    "AgentStateName",
    "AgentStateUpdate",
    "AnswerKind",
    "CallbackCreate",
    "Escalation",
    "EscalationCreate",
    "EscalationPriority",
    "NodeKind",
    "Script",
    "ScriptNode",
    "ScriptOption",
    "StepAction",
    "Task",
    "TaskComplete",
    "TaskKind",
    "TaskStatus",
]

# ---------------------------------------------------------------- scripts
NodeKind = Literal["say", "question", "choice", "end"]
AnswerKind = Literal["text", "rating", "yes_no"]
StepAction = Literal["open_order", "schedule_callback", "escalate"]


class ScriptOption(ResponseModel):
    label: Annotated[str, Field(max_length=200)]
    next: StepId


class ScriptNode(ResponseModel):
    """One step. ``text`` (and an option's ``label``) may contain variables from
    ``softphone.domain.scripts.VARIABLES`` (``{customer.first_name}``, ``{order.number}``...);
    ``save_as`` names the answer key stored in the interaction's ``script_answers`` (for a choice,
    the chosen answer's label). ``required`` marks a step the operator must go through (script
    compliance is the share of required steps visited); ``answer`` is what a question captures
    (free text, a rating 1-5, yes/no); ``action`` is what the step offers to do (open the order,
    schedule a callback, escalate); ``title`` is a short name for the step list."""

    id: StepId
    kind: NodeKind
    text: Annotated[str, Field(max_length=4000)]
    options: list[ScriptOption] = Field(default_factory=list)
    next: StepId | None = None
    save_as: Annotated[str, Field(min_length=1, max_length=64)] | None = None
    title: Annotated[str, Field(max_length=200)] = ""
    required: bool = False
    answer: AnswerKind | None = None
    action: StepAction | None = None


class Script(ResponseModel):
    """A call script: a graph of steps from ``start_node``, checked by
    ``softphone.domain.scripts.script_problems`` (no dangling branch, no loop without an end, no
    unknown variable). ``store_ids`` (empty: every store) and ``direction`` (none: both) say which
    calls it is for; the client picks the default for a call from them and the ``call_type``."""

    id: EntityId
    version: int = Field(ge=1)
    call_type: Code
    title: Annotated[str, Field(max_length=300)]
    start_node: StepId
    nodes: dict[str, ScriptNode]
    store_ids: list[EntityId] = Field(default_factory=list)
    direction: Direction | None = None
    updated_at: UtcDatetime

    @model_validator(mode="after")
    def _check_graph(self) -> Script:
        graph = {key: node.model_dump() for key, node in self.nodes.items()}
        problems = script_rules.script_problems(self.start_node, graph)
        if problems:
            # the message names steps and variables only (no customer data): safe to show and log
            detail = {"problems": script_rules.describe_problems(problems)}
            raise PydanticCustomError(SCRIPT_GRAPH_ERROR, "script refused: {problems}", detail)
        return self


# ---------------------------------------------------------------- outbound tasks
TaskKind = Literal[
    "order_confirmation", "delivery_feedback", "abandoned_cart", "new_registration", "callback"
]
TaskStatus = Literal["open", "claimed", "done"]


class Task(ResponseModel):
    id: EntityId
    kind: TaskKind
    status: TaskStatus
    customer_id: EntityId
    order_id: str | None = None
    phone: E164
    title: ShortText
    priority: int = 0
    due_at: UtcDatetime
    claimed_by: str | None = None
    claimed_at: UtcDatetime | None = None
    result: str | None = None
    result_note: LongText | None = None
    # an abandoned cart's items (product, qty, price when left): ready to become an order
    cart_items: list[OrderItem] = Field(default_factory=list, max_length=200)
    version: int = Field(ge=1)
    updated_at: UtcDatetime


class TaskComplete(RequestModel):
    result: Code
    note: LongText = ""


class CallbackCreate(RequestModel):
    """``POST /tasks``: a callback the operator promised; for the operator (created claimed by
    them) or for the queue (open, anyone may take it)."""

    id: EntityId | None = None
    kind: Literal["callback"] = "callback"
    customer_id: EntityId
    phone: E164
    due_at: UtcDatetime
    note: LongText = ""
    for_queue: bool = False
    order_id: EntityId | None = None
    priority: int = Field(default=0, ge=0, le=10)


# ---------------------------------------------------------------- agent state and escalation
AgentStateName = Literal["ready", "not_ready", "on_call", "after_call_work", "break"]


class AgentStateUpdate(RequestModel):
    """``PUT /me/state``: the operator's state since ``since``; ``reason`` is a not-ready reason code
    (``Operator.not_ready_reasons``), only with ``not_ready``."""

    state: AgentStateName
    reason: Code | None = None
    since: UtcDatetime


class AgentState(ResponseModel):
    operator_id: EntityId
    state: AgentStateName
    reason: str | None = None
    since: UtcDatetime
    updated_at: UtcDatetime


EscalationPriority = Literal["low", "normal", "high", "urgent"]


class EscalationCreate(RequestModel):
    """``POST /escalations``: hand a customer's problem to a technical specialist."""

    id: EntityId | None = None
    customer_id: EntityId
    priority: EscalationPriority = "normal"
    note: Annotated[str, Field(min_length=1, max_length=10_000)]
    order_id: EntityId | None = None
    interaction_id: EntityId | None = None


class Escalation(ResponseModel):
    id: EntityId
    customer_id: EntityId
    priority: EscalationPriority
    note: LongText
    order_id: str | None = None
    interaction_id: str | None = None
    status: Literal["open", "taken", "closed"] = "open"
    operator_id: str | None = None
    created_at: UtcDatetime
