"""What the operator does inside a connected call: mute, DTMF (RFC 2833 or SIP INFO) and blind or
attended transfer. Hold is in ``softphone.sip.calls`` (answering a second line uses it).

Runs on the SIP owner thread, on records from ``softphone.sip.calls``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from softphone.sip.calls import CallRecord, Calls
from softphone.sip.events import DtmfMethod, EngineError, SipEvent
from softphone.sip.owner_loop import OwnerLoop
from softphone.sip.pj_objects import PjContext
from softphone.sip.pjsua2_loader import pj

_INFO_DTMF_GAP_S = 0.15
_DTMF_DIGITS = re.compile(r"^[0-9*#A-Da-d]+$")


class MidCall:
    """Mid-call commands; each takes the record of a live call (see ``Calls.with_call``)."""

    def __init__(
        self, loop: OwnerLoop, ctx: PjContext, calls: Calls, emit: Callable[[SipEvent], None]
    ) -> None:
        self._loop = loop
        self._ctx = ctx
        self._calls = calls
        self._emit = emit

    def mute(self, record: CallRecord, muted: bool) -> None:
        record.muted = muted
        self._apply_mute(record)
        self._calls.emit_state(record)

    @staticmethod
    def _apply_mute(record: CallRecord) -> None:
        try:
            media = record.pj_call.getAudioMedia(-1)
        except pj.Error:
            return  # no audio yet; applied when media comes up
        media.adjustTxLevel(0.0 if record.muted else 1.0)

    def dtmf(self, record: CallRecord, digits: str) -> None:
        if not _DTMF_DIGITS.match(digits):
            self._emit(EngineError(f"invalid DTMF digits: {digits!r}", record.call_id))
            return
        settings = self._ctx.settings
        if settings is not None and settings.dtmf_method is DtmfMethod.SIP_INFO:
            # One INFO per digit, spaced: pjsua would send them all at once, and a proxy with
            # several workers reorders them, so the far end drops the late ones (seen with Kamailio).
            for index, digit in enumerate(digits):
                self._loop.schedule(
                    index * _INFO_DTMF_GAP_S,
                    functools.partial(
                        self._calls.with_call, record.call_id, functools.partial(_send_info, digit=digit)
                    ),
                )
            return
        prm = pj.CallSendDtmfParam()
        prm.digits = digits
        prm.method = pj.PJSUA_DTMF_METHOD_RFC2833
        record.pj_call.sendDtmf(prm)

    def blind_transfer(self, record: CallRecord, target: str) -> None:
        record.pj_call.xfer(self._calls.target_uri(target), pj.CallOpParam(True))

    def attended_transfer(self, record: CallRecord, consult_call_id: int) -> None:
        consult = self._calls.get(consult_call_id)
        if consult is None or consult.pj_call is None:
            self._emit(EngineError(f"no such consult call: {consult_call_id}", record.call_id))
            return
        record.pj_call.xferReplaces(consult.pj_call, pj.CallOpParam(True))
        consult.facts.transferred = True


def _send_info(record: CallRecord, *, digit: str) -> None:
    prm = pj.CallSendDtmfParam()
    prm.digits = digit
    prm.method = pj.PJSUA_DTMF_METHOD_SIP_INFO
    record.pj_call.sendDtmf(prm)
