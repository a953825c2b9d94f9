"""The note a script step's callback or escalation carries: what the operator would otherwise type.

``step_note(script, step_id)`` is the step's own reason from the script (its title and its text, the
variables filled with the call's values) and the operator's answer at that step (or the answer that
led to it, when the step only says something). The wrap-up form shows it pre-filled and editable,
and it goes with the callback / escalation. Qt-free; plain data.
"""

from __future__ import annotations

from softphone.workspace.scripts.context import plain_text
from softphone.workspace.scripts.desk import CallScript
from softphone.workspace.scripts.graph import Step

MAX_NOTE_CHARS = 2000  # well inside the contract's limits for a task's or an escalation's note


def step_note(script: CallScript | None, step_id: str) -> str:
    """ "<title>: <text>" and, on the next line, "→ <answer>"; "" when the step is not known."""
    run = script.run if script is not None else None
    if run is None or step_id not in run.graph.steps:
        return ""
    step = run.graph.step(step_id)
    values = script.context.values if script is not None and script.context is not None else {}
    text = " ".join(plain_text(step.text, values).split())
    reason = f"{step.title}: {text}" if step.title and text else (step.title or text)
    answer = _answer(script, step)
    note = f"{reason}\n→ {answer}" if answer else reason
    return note[:MAX_NOTE_CHARS]


def _answer(script: CallScript | None, step: Step) -> str:
    run = script.run if script is not None else None
    if run is None:
        return ""
    given = run.given(step.id)
    if given is None:
        key = step.save_as or (step.id if step.kind == "question" else None)
        given = run.answers.get(key) if key is not None else None
    if given is None and step.kind == "say":  # it asks nothing: the answer on the way to it says why
        path = run.path
        at = path.index(step.id) if step.id in path else 0
        given = run.given(path[at - 1]) if at > 0 else None  # the step it was reached from
    return given or ""
