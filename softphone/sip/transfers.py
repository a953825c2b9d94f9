"""Transfers seen from pjsua2's callbacks: the progress of a transfer we asked for, and a REFER the
far end sends us.

Our transfer ends our leg once the target answered: a NOTIFY whose sipfrag says 2xx, final or not.
Some phones' final NOTIFY never arrives as such (linphone's ``Subscription-State:
terminated;reason=reason=noresource`` is dropped by pjsip as malformed): once the far end accepted
the REFER, our leg ends after ``TRANSFER_REPORT_WAIT_S`` at the latest, reported as transferred
with status 202 (accepted, no final report).

A REFER from the far end asks us to call someone with the operator's account (toll fraud when a
caller may choose). It is refused (603) unless the account's ``remote_transfer_pattern`` matches
the target's number in full; either way ``RemoteTransferRequested`` tells the operator.

Runs on the SIP owner thread, on records of ``softphone.sip.calls``.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from softphone.domain.masking import mask_phone
from softphone.sip import headers as sip_headers
from softphone.sip.events import (
    ACCEPTED_UNCONFIRMED,
    CallDirection,
    CallState,
    RemoteTransferRequested,
    SipEvent,
    TransferProgress,
)
from softphone.sip.owner_loop import OwnerLoop
from softphone.sip.pj_objects import PjCall, PjContext
from softphone.sip.pjsua2_loader import pj

if TYPE_CHECKING:
    from softphone.sip.calls import CallRecord, Calls

log = logging.getLogger("softphone.sip.engine")  # one logger for all of the engine

TRANSFER_REPORT_WAIT_S = 30.0  # after the REFER was accepted, our leg ends by then at the latest
_REFUSED = 603


def remote_transfer_allowed(pattern: str, number: str) -> bool:
    """Whether ``number`` matches the allowed pattern in full; "" or a broken pattern allows none."""
    if not pattern or not number:
        return False
    try:
        return re.fullmatch(pattern, number) is not None
    except re.error:
        log.warning("remote transfer pattern is not a valid regular expression: refusing")
        return False


class Transfers:
    def __init__(
        self, loop: OwnerLoop, ctx: PjContext, calls: Calls, emit: Callable[[SipEvent], None]
    ) -> None:
        self._loop = loop
        self._ctx = ctx
        self._calls = calls
        self._emit = emit

    # ----- a transfer we asked for -----
    def on_transfer_status(self, call: PjCall, prm: Any) -> None:
        """The REFER's answer or a NOTIFY about it (pjsua reports the REFER's 2xx as 100 Accepted)."""
        self._loop.assert_owner_thread()
        record = call.record
        code, final = int(prm.statusCode), bool(prm.finalNotify)
        answered = 200 <= code < 300
        if not answered and not final and record.transfer_timer is None:
            record.transfer_timer = self._loop.schedule(
                TRANSFER_REPORT_WAIT_S,
                functools.partial(self._calls.with_call, record.call_id, self._no_final_report),
            )
        reason = sip_headers.clean_text(prm.reason)
        self._emit(TransferProgress(record.call_id, code, reason, final or answered, answered))
        if answered:
            prm.cont = False
            self._leave(record)
        elif final:
            self._loop.cancel_timer(record.transfer_timer)
            record.transfer_timer = None

    def _no_final_report(self, record: CallRecord) -> None:
        record.transfer_timer = None
        if record.state is CallState.ENDED:
            return
        log.info("call %d: transfer accepted, no final report: ending our leg", record.call_id)
        self._emit(
            TransferProgress(record.call_id, ACCEPTED_UNCONFIRMED, "Accepted, no final report", True, True)
        )
        self._leave(record)

    def _leave(self, record: CallRecord) -> None:
        self._loop.cancel_timer(record.transfer_timer)
        record.transfer_timer = None
        record.facts.transferred = True
        if record.pj_call is not None:
            record.pj_call.hangup(pj.CallOpParam())

    # ----- a REFER from the far end -----
    def on_transfer_request(self, call: PjCall, prm: Any) -> None:
        """The far end asked us (REFER) to call someone else: refused unless the pattern allows it;
        an allowed one is a new outgoing call."""
        self._loop.assert_owner_thread()
        target = sip_headers.clean_text(prm.dstUri)
        number = sip_headers.user_part(target)
        settings = self._ctx.settings
        pattern = settings.remote_transfer_pattern if settings is not None else ""
        allowed = remote_transfer_allowed(pattern, number)
        self._emit(RemoteTransferRequested(call.record.call_id, number, allowed))
        if not allowed:
            log.warning(
                "call %d: transfer requested by the far end to %s refused",
                call.record.call_id,
                mask_phone(number),
            )
            prm.statusCode = _REFUSED
            return
        log.info("call %d: transfer requested to %s", call.record.call_id, mask_phone(number))
        record = self._calls.new_record(self._calls.next_call_id(), CallDirection.OUTBOUND, CallState.DIALING)
        record.remote_uri = sip_headers.uri_of(target)
        record.remote_number = number
        prm.newCall = PjCall(self._ctx.account, self._calls, record)
        call.record.facts.transferred = True
        self._calls.emit_state(record)
