"""Hold and resume: the re-INVITEs that carry them, retried while pjsua refuses one (another
re-INVITE still open) and sent again after a random pause when it met the far end's own (491
glare, RFC 3261 14.1), so no hold or resume is left unresolved.

Runs on the SIP owner thread, on records of ``softphone.sip.calls``.
"""

from __future__ import annotations

import functools
import logging
import random
from collections.abc import Callable
from typing import TYPE_CHECKING

from softphone.sip.events import CallState, EngineError, SipEvent
from softphone.sip.owner_loop import OwnerLoop
from softphone.sip.pjsua2_loader import pj

if TYPE_CHECKING:
    from softphone.sip.calls import CallRecord, Calls

log = logging.getLogger("softphone.sip.engine")  # one logger for all of the engine

_PJ_EINVALIDOP = 70013  # pjsua's answer to a re-INVITE while another media change is still open
_HOLD_RETRY_S = 0.05
_HOLD_RETRY_MAX = 100  # 5 s; a re-INVITE normally completes within milliseconds
_GLARE_RETRY_S = (0.3, 1.5)  # a pause this long (random) before re-sending a re-INVITE that met 491


class Holds:
    def __init__(self, loop: OwnerLoop, calls: Calls, emit: Callable[[SipEvent], None]) -> None:
        self._loop = loop
        self._calls = calls
        self._emit = emit

    def hold(self, record: CallRecord, hold: bool) -> None:
        if record.state is not CallState.ACTIVE:
            self._emit(EngineError("call is not connected", record.call_id))
            return
        if hold == record.local_hold:
            return
        if record.hold_retry_timer is None:  # else the pending retry sends the latest wish
            self._send_hold(record, hold, attempt=0)
        record.local_hold = hold
        self._calls.emit_state(record)

    def _send_hold(self, record: CallRecord, hold: bool, attempt: int) -> None:
        """Send the hold/resume re-INVITE. pjsua refuses one while an earlier re-INVITE (ours or the
        far end's) is still open, e.g. resume right after hold: then try again shortly."""
        prm = pj.CallOpParam(True)
        try:
            if hold:
                record.pj_call.setHold(prm)
            else:
                prm.opt.flag = pj.PJSUA_CALL_UNHOLD
                record.pj_call.reinvite(prm)
        except pj.Error as exc:
            if exc.status != _PJ_EINVALIDOP or attempt >= _HOLD_RETRY_MAX:
                raise
            retry = functools.partial(self._retry_hold, attempt=attempt + 1)
            record.hold_retry_timer = self._loop.schedule(
                _HOLD_RETRY_S, functools.partial(self._calls.with_call, record.call_id, retry)
            )
            return
        record.sent_hold = hold

    def on_reinvite_glare(self, record: CallRecord) -> None:
        """Our re-INVITE met the far end's (491): send what the operator wants again after a random
        pause (RFC 3261 14.1), so the far end's own re-INVITE goes first and ours follows."""
        self._loop.assert_owner_thread()
        if record.state is not CallState.ACTIVE or record.hold_retry_timer is not None:
            return
        log.info(
            "call %d: re-INVITE glare (491), sending %s again",
            record.call_id,
            "hold" if record.local_hold else "resume",
        )
        record.sent_hold = not record.local_hold  # the far end did not take it
        retry = functools.partial(self._retry_hold, attempt=0)
        record.hold_retry_timer = self._loop.schedule(
            random.uniform(*_GLARE_RETRY_S), functools.partial(self._calls.with_call, record.call_id, retry)
        )

    def _retry_hold(self, record: CallRecord, *, attempt: int) -> None:
        record.hold_retry_timer = None
        if record.state is not CallState.ACTIVE or record.local_hold == record.sent_hold:
            return
        try:
            self._send_hold(record, record.local_hold, attempt)
        except pj.Error:
            record.local_hold = record.sent_hold  # gave up: report what the far end really has
            self._calls.emit_state(record)
            raise
