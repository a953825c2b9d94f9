"""Calls of the SIP engine: our call ids and records, placing and taking calls, answer, reject,
hang-up, hold and the pjsua2 call callbacks that turn into ``CallStateChanged`` / ``IncomingCall``.

Runs on the SIP owner thread (``softphone.sip.owner_loop``), except ``next_call_id``. Mute, DTMF
and placing transfers are in ``softphone.sip.midcall``; transfer callbacks in ``softphone.sip.transfers``.

An ended call's pjsua2 ``Call`` object goes in its DISCONNECTED callback (pjsua2's own pattern):
pjsua reuses the call's slot as soon as the callback returns, and ``Call::~Call`` hangs up whatever
call holds its slot by then, and detaches it from its own ``Call`` object (the ghost ringing call
that nothing could answer or end, seen after a burst of INVITE+CANCEL).
"""

from __future__ import annotations

import functools
import itertools
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from softphone.domain.masking import mask_phone
from softphone.sip import headers as sip_headers
from softphone.sip.audio_port import MediaRoutes
from softphone.sip.call_outcome import EndFacts, call_outcome
from softphone.sip.call_recording import CallRecorders
from softphone.sip.events import (
    CallDirection,
    CallOutcome,
    CallState,
    CallStateChanged,
    DtmfReceived,
    EngineError,
    IncomingCall,
    SipEvent,
)
from softphone.sip.hold import Holds
from softphone.sip.owner_loop import OwnerLoop
from softphone.sip.pj_objects import PjCall, PjContext, PjRefusedCall
from softphone.sip.pjsua2_loader import pj
from softphone.sip.registration import server_host, transport_param
from softphone.sip.source_filter import SourceFilter
from softphone.sip.transfers import Transfers

log = logging.getLogger("softphone.sip.engine")  # one logger for all of the engine

_HANGUP_CHECK_S = 2.0  # a hang-up not confirmed by then is sent again (at most _HANGUP_TRIES times)
_HANGUP_TRIES = 3
_DTMF_SYMBOLS = frozenset("0123456789*#ABCD")


@dataclass(eq=False)
class CallRecord:
    call_id: int
    direction: CallDirection
    remote_number: str = ""
    remote_uri: str = ""
    dialled_number: str = ""
    state: CallState = CallState.DIALING
    local_hold: bool = False  # what the operator wants
    sent_hold: bool = False  # what the far end was last asked for
    hold_retry_timer: int | None = None
    remote_hold: bool = False
    muted: bool = False
    connected_at: float | None = None
    status_code: int = 0
    reason: str = ""
    facts: EndFacts = field(default_factory=lambda: EndFacts(CallDirection.OUTBOUND))
    auto_answer_timer: int | None = None
    hangup_timer: int | None = None
    transfer_timer: int | None = None  # our transfer's bounded wait for its final report
    pj_call: Any = None


class Calls:
    """The live calls, keyed by our own call ids (small ints, not pjsua ids)."""

    def __init__(
        self,
        loop: OwnerLoop,
        ctx: PjContext,
        emit: Callable[[SipEvent], None],
        routes: MediaRoutes | None = None,
    ) -> None:
        self._loop = loop
        self.routes = routes or MediaRoutes(None)
        self._ctx = ctx
        self._emit = emit
        self._ids = itertools.count(1)
        self._ids_lock = threading.Lock()
        self._records: dict[int, CallRecord] = {}
        self.dnd = False  # do not disturb: written from any thread, read here
        self.source_filter = SourceFilter()
        self._refused: set[Any] = set()  # PjRefusedCall objects until their call has ended
        self.transfers = Transfers(loop, ctx, self, emit)
        self.holds = Holds(loop, self, emit)
        self.recorders = CallRecorders(loop, self.routes, emit)

    def next_call_id(self) -> int:
        """Any thread: ``make_call`` hands the id out before the owner thread sees the call."""
        with self._ids_lock:
            return next(self._ids)

    # ----- the table -----
    def get(self, call_id: int) -> CallRecord | None:
        return self._records.get(call_id)

    def any_live(self) -> bool:
        return bool(self._records)

    def talking(self) -> list[CallRecord]:
        """Connected calls not on hold either way: the ones whose audio flows."""
        return [
            r
            for r in self._records.values()
            if r.state is CallState.ACTIVE and r.pj_call is not None and not (r.local_hold or r.remote_hold)
        ]

    def with_call(self, call_id: int, fn: Callable[[CallRecord], None]) -> None:
        """Run ``fn`` on a live call; a missing call or a pjsua2 error becomes an ``EngineError``."""
        self._loop.assert_owner_thread()
        record = self._records.get(call_id)
        if record is None or record.pj_call is None:
            self._emit(EngineError(f"no such call: {call_id}", call_id))
            return
        try:
            fn(record)
        except pj.Error as exc:
            self._emit(EngineError(f"SIP error: {exc.info()}", call_id))

    def new_record(self, call_id: int, direction: CallDirection, state: CallState) -> CallRecord:
        record = CallRecord(call_id, direction, state=state, facts=EndFacts(direction))
        self._records[call_id] = record
        return record

    def target_uri(self, target: str) -> str:
        target = target.strip()
        if target.startswith(("sip:", "sips:", "tel:")) or "<" in target:
            return target
        settings = self._ctx.settings
        if settings is None:
            raise ValueError("no account configured")
        if "@" in target:
            return f"sip:{target}"
        return f"sip:{target}@{server_host(settings)}{transport_param(settings)}"

    def forget_all(self) -> None:
        """Shutdown: let go of every pjsua2 Call object before the library goes."""
        self.recorders.stop_all()
        for record in self._records.values():
            record.pj_call = None
        self._records.clear()
        self._refused.clear()

    # ----- commands -----
    def make_call(self, call_id: int, target: str, extra: dict[str, str]) -> None:
        self._loop.assert_owner_thread()
        record = self.new_record(call_id, CallDirection.OUTBOUND, CallState.DIALING)
        try:
            if self._ctx.account is None:
                raise ValueError("no account configured")
            uri = self.target_uri(target)
            record.remote_uri = uri
            record.remote_number = sip_headers.user_part(uri) or target
            call = PjCall(self._ctx.account, self, record)
            prm = pj.CallOpParam(True)
            for name, value in extra.items():
                hdr = pj.SipHeader()
                hdr.hName, hdr.hValue = name, value
                prm.txOption.headers.append(hdr)
            log.info("call %d: dialling %s", call_id, mask_phone(record.remote_number))
            self.emit_state(record)
            call.makeCall(uri, prm)
        except (pj.Error, ValueError) as exc:
            message = exc.info() if isinstance(exc, pj.Error) else str(exc)
            self._emit(EngineError(f"cannot call: {message}", call_id))
            record.state = CallState.ENDED
            record.status_code = 500
            self._finish(record)

    def answer(self, record: CallRecord) -> None:
        if record.direction is not CallDirection.INBOUND or record.state is not CallState.RINGING_IN:
            self._emit(EngineError("call is not ringing", record.call_id))
            return
        self._loop.cancel_timer(record.auto_answer_timer)
        for other in self._records.values():  # second line: park the current conversation
            if other is not record and other.state is CallState.ACTIVE and not other.local_hold:
                self.hold(other, True)
        prm = pj.CallOpParam()
        prm.statusCode = 200
        record.pj_call.answer(prm)

    def reject(self, record: CallRecord, busy: bool, status_code: int | None = None) -> None:
        if record.direction is not CallDirection.INBOUND or record.connected_at is not None:
            self._emit(EngineError("only a ringing incoming call can be rejected", record.call_id))
            return
        record.facts.rejected_here = True
        prm = pj.CallOpParam()
        prm.statusCode = status_code or (486 if busy else 603)
        record.pj_call.hangup(prm)

    def hangup(self, record: CallRecord) -> None:
        if record.direction is CallDirection.OUTBOUND and record.connected_at is None:
            record.facts.cancelled_here = True
        elif record.direction is CallDirection.INBOUND and record.connected_at is None:
            record.facts.rejected_here = True
        record.pj_call.hangup(pj.CallOpParam())
        self._watch_hangup(record, tries_left=_HANGUP_TRIES)

    def _watch_hangup(self, record: CallRecord, tries_left: int) -> None:
        """Seen under load: a BYE that pjsua accepted never left (the line stays up until pjsip's
        32 s timeout). If the call has not ended shortly after the hang-up, hang up again."""
        self._loop.cancel_timer(record.hangup_timer)
        record.hangup_timer = self._loop.schedule(
            _HANGUP_CHECK_S, functools.partial(self._hangup_again, record, tries_left)
        )

    def _hangup_again(self, record: CallRecord, tries_left: int) -> None:
        record.hangup_timer = None
        if record.pj_call is None or record.call_id not in self._records or tries_left <= 0:
            return
        log.warning("call %d: hang-up not confirmed yet; sending it again", record.call_id)
        try:
            record.pj_call.hangup(pj.CallOpParam())
        except pj.Error as exc:
            log.warning("call %d: second hang-up refused: %s", record.call_id, exc.info())
        self._watch_hangup(record, tries_left - 1)

    def hangup_all(self) -> None:
        for record in list(self._records.values()):
            if record.pj_call is not None and record.state is not CallState.ENDED:
                self.with_call(record.call_id, self.hangup)

    def hold(self, record: CallRecord, hold: bool) -> None:
        self.holds.hold(record, hold)

    def on_reinvite_glare(self, call: PjCall) -> None:
        self.holds.on_reinvite_glare(call.record)

    # ----- pjsua2 callbacks -----
    def on_incoming_call(self, acc: Any, pj_id: int, whole_msg: str, source: str) -> None:
        self._loop.assert_owner_thread()
        if not self.source_filter.accepts(source):
            self._refuse_stranger(acc, pj_id, source)
            return
        call_id = self.next_call_id()
        record = self.new_record(call_id, CallDirection.INBOUND, CallState.RINGING_IN)
        call = PjCall(acc, self, record, pj_id)
        start_line, hdrs = sip_headers.parse_headers(sip_headers.clean_text(whole_msg))
        from_value = (hdrs.get("from") or ("",))[0]
        record.remote_uri = sip_headers.uri_of(from_value)
        record.remote_number = sip_headers.user_part(from_value)
        record.dialled_number = sip_headers.called_number(start_line, hdrs)
        log.info("call %d: incoming from %s", call_id, mask_phone(record.remote_number))
        prm = pj.CallOpParam()
        if self.dnd:
            record.facts.dnd_rejected = True
            prm.statusCode = 486
            call.answer(prm)
            return
        prm.statusCode = 180
        call.answer(prm)
        delay = sip_headers.auto_answer_delay(hdrs)
        settings = self._ctx.settings
        if delay is not None and not (settings and settings.auto_answer_enabled):
            delay = None
        self._emit(
            IncomingCall(
                call_id,
                record.remote_uri,
                record.remote_number,
                sip_headers.display_name(from_value),
                record.dialled_number,
                hdrs,
                auto_answer_after_s=delay,
            )
        )
        self.emit_state(record)
        if delay is not None:
            record.auto_answer_timer = self._loop.schedule(
                delay, lambda: self.with_call(call_id, self._auto_answer)
            )

    def _refuse_stranger(self, acc: Any, pj_id: int, source: str) -> None:
        """403 to an INVITE that came past the registrar and the proxy (a spoofable caller ID)."""
        ip, _, port = source.rpartition(":")
        masked = ip.rsplit(".", 1)[0] + ".x" if "." in ip else "[v6]"
        log.warning("INVITE from %s:%s refused: not the registrar or the proxy", masked, port)
        prm = pj.CallOpParam()
        prm.statusCode = 403
        PjRefusedCall(acc, pj_id, self._refused).answer(prm)

    def _auto_answer(self, record: CallRecord) -> None:
        record.auto_answer_timer = None
        if record.state is CallState.RINGING_IN:
            self.answer(record)

    def on_call_state(self, call: PjCall) -> None:
        self._loop.assert_owner_thread()
        record = call.record
        info = call.getInfo()
        record.status_code, record.reason = info.lastStatusCode, sip_headers.clean_text(info.lastReason)
        state = info.state
        if state == pj.PJSIP_INV_STATE_EARLY and record.direction is CallDirection.OUTBOUND:
            record.state = CallState.RINGING_OUT
        elif state == pj.PJSIP_INV_STATE_CONNECTING:
            record.state = CallState.CONNECTING
        elif state == pj.PJSIP_INV_STATE_CONFIRMED:
            record.state = CallState.ACTIVE
            record.connected_at = record.connected_at or time.time()
            record.facts.connected = True
        elif state == pj.PJSIP_INV_STATE_DISCONNECTED:
            record.state = CallState.ENDED
            self._finish(record)
            return
        else:
            return  # CALLING / INCOMING were announced when the call was created
        self.emit_state(record)

    def _finish(self, record: CallRecord) -> None:
        self._loop.cancel_timer(record.auto_answer_timer)
        self._loop.cancel_timer(record.hold_retry_timer)
        self._loop.cancel_timer(record.hangup_timer)
        self._loop.cancel_timer(record.transfer_timer)
        record.facts.status_code = record.status_code
        outcome = call_outcome(record.facts)
        log.info("call %d ended: %s (%s)", record.call_id, outcome.value, record.status_code)
        self._records.pop(record.call_id, None)
        self.recorders.stop(record.call_id)  # the WAV is closed before the ENDED state goes out
        # the last reference to the Call object: it goes when its callback returns, before pjsua
        # may give its slot to another call (see the module docstring)
        record.pj_call = None
        self.emit_state(record, outcome)

    def on_call_media_state(self, call: PjCall) -> None:
        self._loop.assert_owner_thread()
        record = call.record
        info = call.getInfo()
        remote_hold = False
        for index, media in enumerate(info.media):
            if media.type != pj.PJMEDIA_TYPE_AUDIO:
                continue
            remote_hold = media.status == pj.PJSUA_CALL_MEDIA_REMOTE_HOLD
            if media.status in (pj.PJSUA_CALL_MEDIA_ACTIVE, pj.PJSUA_CALL_MEDIA_REMOTE_HOLD):
                audio = call.getAudioMedia(index)
                self.routes.connect(self._ctx.ep, audio)
                self.recorders.on_media(record.call_id, audio)
                audio.adjustTxLevel(0.0 if record.muted else 1.0)
        if remote_hold != record.remote_hold:
            record.remote_hold = remote_hold
            self.emit_state(record)

    def start_recording(self, record: CallRecord, path: str) -> None:
        call_audio = None
        if record.pj_call is not None and record.state is CallState.ACTIVE:
            info = record.pj_call.getInfo()  # held: its media vector dies with a temporary CallInfo
            for index, media in enumerate(info.media):
                if media.type == pj.PJMEDIA_TYPE_AUDIO and media.status in (
                    pj.PJSUA_CALL_MEDIA_ACTIVE,
                    pj.PJSUA_CALL_MEDIA_REMOTE_HOLD,
                ):
                    call_audio = record.pj_call.getAudioMedia(index)
        self.recorders.start(self._ctx.ep, record.call_id, path, call_audio)

    def on_dtmf(self, call: PjCall, digit: str) -> None:
        """A digit from the far end; anything but 0-9 * # A-D (an INFO with ``Signal=ZZZ``) is dropped."""
        digit = sip_headers.clean_text(digit).upper()
        if len(digit) != 1 or digit not in _DTMF_SYMBOLS:
            log.warning("call %d: invalid DTMF digit %r ignored", call.record.call_id, digit[:8])
            return
        self._emit(DtmfReceived(call.record.call_id, digit))

    def on_transfer_request(self, call: PjCall, prm: Any) -> None:
        self.transfers.on_transfer_request(call, prm)

    def on_transfer_status(self, call: PjCall, prm: Any) -> None:
        self.transfers.on_transfer_status(call, prm)

    def on_call_replaced(self, old: PjCall, prm: Any) -> None:
        """An attended transfer to us: a new call (INVITE with Replaces) takes over ``old``."""
        self._loop.assert_owner_thread()
        call_id = self.next_call_id()
        record = self.new_record(call_id, CallDirection.INBOUND, CallState.CONNECTING)
        record.remote_uri, record.remote_number = old.record.remote_uri, old.record.remote_number
        prm.newCall = PjCall(self._ctx.account, self, record, prm.newCallId)
        old.record.facts.transferred = True
        self._emit(
            IncomingCall(
                call_id, record.remote_uri, record.remote_number, "", "", replaces_call_id=old.record.call_id
            )
        )

    def emit_state(self, record: CallRecord, outcome: CallOutcome | None = None) -> None:
        self.routes.update_source_mute(self._records.values())
        self._emit(
            CallStateChanged(
                call_id=record.call_id,
                direction=record.direction,
                state=record.state,
                remote_number=record.remote_number,
                remote_uri=record.remote_uri,
                status_code=record.status_code,
                reason=record.reason,
                local_hold=record.local_hold,
                remote_hold=record.remote_hold,
                muted=record.muted,
                connected_at=record.connected_at,
                outcome=outcome,
                dialled_number=record.dialled_number,
            )
        )
