"""What a script step asked the wrap-up to do: a callback or an escalation, with its note. Qt-free.

A step's action during the call (``outbound.script_actions``) does not write a callback with an
empty note any more: it leaves a ``ScriptRequest`` on the call (``ScriptRequests`` attached to the
``CallSession``). When the call's wrap-up begins, each request gets its note from the script
(``scripts.notes.step_note``: the step's reason and the operator's answer, as the run ended); the
wrap-up form shows it pre-filled and editable, the operator sends it (Schedule / Escalate) or it is
sent when the wrap-up is finished, by whatever way, with the note as it then reads. Sent once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from softphone.workspace.call_session import CallSession
from softphone.workspace.scripts.desk import CallScript
from softphone.workspace.scripts.notes import step_note

CALLBACK = "callback"
ESCALATION = "escalation"
KINDS = (CALLBACK, ESCALATION)
MAX_REQUESTS = 20  # per call; a step clicked again and again asks once per kind and step anyway


@dataclass(eq=False)
class ScriptRequest:
    kind: str  # CALLBACK or ESCALATION
    customer_id: int
    step_id: str
    due_at: dt.datetime | None = None  # callbacks: when (the form can move it)
    priority: str = "normal"  # escalations
    note: str = ""  # filled when the wrap-up begins; the form edits it
    sent: bool = False


@dataclass(eq=False)
class ScriptRequests:
    """The requests of one call (``session.attached(ScriptRequests)``)."""

    items: list[ScriptRequest] = field(default_factory=list)


def add_request(session: CallSession, request: ScriptRequest) -> ScriptRequest:
    """Keep ``request`` on the call; the same step asking the same thing again is one request."""
    if request.kind not in KINDS:
        raise ValueError(f"unknown script request {request.kind!r}")
    held = session.attached(ScriptRequests)
    if held is None:
        held = ScriptRequests()
        session.attach(held)
    for known in held.items:
        if known.kind == request.kind and known.step_id == request.step_id and not known.sent:
            known.due_at, known.priority = request.due_at or known.due_at, request.priority
            return known
    if len(held.items) < MAX_REQUESTS:
        held.items.append(request)
    return request


def requests_with_notes(session: CallSession) -> list[ScriptRequest]:
    """The call's requests not sent yet, each with its note from the script as the run ended."""
    held = session.attached(ScriptRequests)
    if held is None:
        return []
    script = session.attached(CallScript)
    found = [r for r in held.items if not r.sent]
    for request in found:
        if not request.note:
            request.note = step_note(script, request.step_id)
    return found
