"""Map how a call ended (SIP status, who did what) to the operator-facing ``CallOutcome``."""

from __future__ import annotations

from dataclasses import dataclass

from softphone.sip.events import CallDirection, CallOutcome


@dataclass(slots=True)
class EndFacts:
    """What the engine knows about a call when it ends."""

    direction: CallDirection
    connected: bool = False
    transferred: bool = False
    rejected_here: bool = False  # the operator rejected an incoming call
    dnd_rejected: bool = False  # rejected by do-not-disturb without ringing
    cancelled_here: bool = False  # we hung up an outgoing call before answer (CANCEL)
    status_code: int = 0


def call_outcome(facts: EndFacts) -> CallOutcome:
    code = facts.status_code
    if facts.transferred:
        return CallOutcome.TRANSFERRED
    if facts.connected:
        return CallOutcome.ANSWERED
    if facts.direction is CallDirection.INBOUND:
        if facts.rejected_here:
            return CallOutcome.DECLINED
        if facts.dnd_rejected:
            return CallOutcome.MISSED
        if code == 487:  # the caller sent CANCEL
            return CallOutcome.CANCELLED
        return CallOutcome.MISSED
    if facts.cancelled_here or code == 487:
        return CallOutcome.CANCELLED
    if code in (486, 600):
        return CallOutcome.BUSY
    if code == 603:
        return CallOutcome.DECLINED
    if code in (408, 480):
        return CallOutcome.NO_ANSWER
    return CallOutcome.FAILED
