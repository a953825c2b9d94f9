"""The SIP engine: the only module that imports pjsua2.

One owner thread creates the pjsua2 library (``threadCnt=0``, ``mainThreadOnly=False``) and
loops: run queued commands, run due timers, ``libHandleEvents(5 ms)``. Every pjsua2 callback
therefore runs on that thread, and ``_assert_owner_thread()`` checks it. Public methods only put
closures on the queue, so they are thread-safe and never block; results come back as the plain
events of ``softphone.sip.events`` through ``on_event`` (called on the owner thread).
"""

from __future__ import annotations

import functools
import gc
import heapq
import itertools
import logging
import queue
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pjsua2 as pj

from softphone.sip import headers as sip_headers
from softphone.sip.backoff import Backoff, failure_reason, is_retryable
from softphone.sip.call_outcome import EndFacts, call_outcome
from softphone.sip.events import (
    CallDirection,
    CallState,
    CallStateChanged,
    DtmfMethod,
    DtmfReceived,
    EngineError,
    IncomingCall,
    RegistrationChanged,
    RegistrationState,
    SipAccountSettings,
    SipEvent,
    SrtpMode,
    TransferProgress,
    Transport,
)

log = logging.getLogger(__name__)
pj_log = logging.getLogger("softphone.sip.pjsua")

_LOOP_TIMEOUT_MS = 5
_INFO_DTMF_GAP_S = 0.15
_DTMF_DIGITS = re.compile(r"^[0-9*#A-Da-d]+$")
_PJ_TRANSPORT = {
    Transport.UDP: pj.PJSIP_TRANSPORT_UDP,
    Transport.TCP: pj.PJSIP_TRANSPORT_TCP,
    Transport.TLS: pj.PJSIP_TRANSPORT_TLS,
}
_SRTP = {
    SrtpMode.OFF: pj.PJMEDIA_SRTP_DISABLED,
    SrtpMode.OPTIONAL: pj.PJMEDIA_SRTP_OPTIONAL,
    SrtpMode.MANDATORY: pj.PJMEDIA_SRTP_MANDATORY,
}
_PJ_LOG_LEVELS = {0: logging.CRITICAL, 1: logging.ERROR, 2: logging.WARNING, 3: logging.INFO}


class _LogWriter(pj.LogWriter):  # type: ignore[misc]
    """Routes pjsua log lines into Python logging."""

    def write(self, entry: Any) -> None:
        pj_log.log(_PJ_LOG_LEVELS.get(entry.level, logging.DEBUG), "%s", entry.msg.rstrip())


@dataclass(eq=False)
class _CallRecord:
    call_id: int
    direction: CallDirection
    remote_number: str = ""
    remote_uri: str = ""
    dialled_number: str = ""
    state: CallState = CallState.DIALING
    local_hold: bool = False
    remote_hold: bool = False
    muted: bool = False
    connected_at: float | None = None
    status_code: int = 0
    reason: str = ""
    facts: EndFacts = field(default_factory=lambda: EndFacts(CallDirection.OUTBOUND))
    auto_answer_timer: int | None = None
    pj_call: Any = None


class _PjAccount(pj.Account):  # type: ignore[misc]
    def __init__(self, engine: SipEngine) -> None:
        super().__init__()
        self._engine = engine

    def onRegState(self, prm: Any) -> None:
        self._engine._on_reg_state(prm.code, prm.reason, prm.expiration)

    def onIncomingCall(self, prm: Any) -> None:
        self._engine._on_incoming_call(self, prm.callId, prm.rdata.wholeMsg)


class _PjCall(pj.Call):  # type: ignore[misc]
    def __init__(self, acc: Any, engine: SipEngine, record: _CallRecord, pj_id: int = -1) -> None:
        super().__init__(acc, pj_id)
        self._engine = engine
        self.record = record
        record.pj_call = self

    def onCallState(self, prm: Any) -> None:
        self._engine._on_call_state(self)

    def onCallMediaState(self, prm: Any) -> None:
        self._engine._on_call_media_state(self)

    def onDtmfDigit(self, prm: Any) -> None:
        if prm.method != pj.PJSUA_DTMF_METHOD_SIP_INFO:
            self._engine._emit(DtmfReceived(self.record.call_id, prm.digit))

    def onDtmfEvent(self, prm: Any) -> None:
        if prm.method == pj.PJSUA_DTMF_METHOD_SIP_INFO:
            self._engine._emit(DtmfReceived(self.record.call_id, prm.digit))

    def onCallTransferRequest(self, prm: Any) -> None:
        self._engine._on_transfer_request(self, prm)

    def onCallTransferStatus(self, prm: Any) -> None:
        self._engine._on_transfer_status(self, prm)

    def onCallReplaced(self, prm: Any) -> None:
        self._engine._on_call_replaced(self, prm)


class SipEngine:
    """Thread-safe facade over pjsua2; see docs/ARCHITECTURE.md for the contract."""

    def __init__(
        self,
        on_event: Callable[[SipEvent], None],
        *,
        log_level: int = 1,
        user_agent: str = "softphone",
    ) -> None:
        self._on_event = on_event
        self._log_level = log_level
        self._user_agent = user_agent
        self._queue: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._owner_ident: int | None = None
        self._running = False
        self._started = threading.Event()
        self._start_error: BaseException | None = None
        self._ids = itertools.count(1)
        self._ids_lock = threading.Lock()
        self._timers: list[tuple[float, int, Callable[[], None]]] = []
        self._timer_seq = itertools.count(1)
        self._cancelled_timers: set[int] = set()
        self._port: int | None = None
        # Owner-thread state below.
        self._ep: Any = None
        self._log_writer: Any = None
        self._acc: Any = None
        self._settings: SipAccountSettings | None = None
        self._transports: dict[Transport, tuple[int, int]] = {}
        self._calls: dict[int, _CallRecord] = {}
        self._graveyard: list[Any] = []
        self._backoff = Backoff(1.0, 60.0)
        self._retry_timer: int | None = None
        self._want_registered = False
        self._registered = False
        self._dnd = False

    # ----- lifecycle (any thread) -----
    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("SipEngine already started")
        self._started.clear()
        self._start_error = None
        self._thread = threading.Thread(target=self._run, name="sip-owner", daemon=True)
        self._thread.start()
        if not self._started.wait(timeout=15):
            raise RuntimeError("pjsua2 did not start within 15 s")
        if self._start_error is not None:
            self._thread.join(timeout=5)
            self._thread = None
            raise RuntimeError(f"pjsua2 failed to start: {self._start_error}") from self._start_error

    def stop(self, timeout_s: float = 10) -> None:
        thread = self._thread
        if thread is None:
            return
        self._queue.put(self._request_stop)
        thread.join(timeout=timeout_s)
        if thread.is_alive():
            log.error("SIP owner thread did not stop within %.1f s", timeout_s)
        self._thread = None

    def _submit(self, fn: Callable[[], None], call_id: int | None = None) -> None:
        if self._thread is None or not self._running:
            self._emit(EngineError("SIP engine is not running", call_id))
            return
        self._queue.put(fn)

    # ----- public commands (any thread) -----
    def configure_account(self, settings: SipAccountSettings, password: str) -> None:
        self._submit(lambda: self._do_configure(settings, password))

    def unregister(self) -> None:
        self._submit(self._do_unregister)

    def make_call(self, target: str, headers: dict[str, str] | None = None) -> int:
        with self._ids_lock:
            call_id = next(self._ids)
        self._submit(lambda: self._do_make_call(call_id, target, dict(headers or {})), call_id)
        return call_id

    def answer(self, call_id: int) -> None:
        self._submit(lambda: self._with_call(call_id, self._do_answer), call_id)

    def reject(self, call_id: int, busy: bool = False) -> None:
        self._submit(lambda: self._with_call(call_id, lambda r: self._do_reject(r, busy)), call_id)

    def hangup(self, call_id: int) -> None:
        self._submit(lambda: self._with_call(call_id, self._do_hangup), call_id)

    def hold(self, call_id: int) -> None:
        self._submit(lambda: self._with_call(call_id, lambda r: self._do_hold(r, True)), call_id)

    def resume(self, call_id: int) -> None:
        self._submit(lambda: self._with_call(call_id, lambda r: self._do_hold(r, False)), call_id)

    def set_mute(self, call_id: int, muted: bool) -> None:
        self._submit(lambda: self._with_call(call_id, lambda r: self._do_mute(r, muted)), call_id)

    def send_dtmf(self, call_id: int, digits: str) -> None:
        self._submit(lambda: self._with_call(call_id, lambda r: self._do_dtmf(r, digits)), call_id)

    def blind_transfer(self, call_id: int, target: str) -> None:
        self._submit(lambda: self._with_call(call_id, lambda r: self._do_blind(r, target)), call_id)

    def attended_transfer(self, call_id: int, consult_call_id: int) -> None:
        self._submit(
            lambda: self._with_call(call_id, lambda r: self._do_attended(r, consult_call_id)), call_id
        )

    def set_do_not_disturb(self, enabled: bool) -> None:
        self._submit(lambda: setattr(self, "_dnd", enabled))

    def handle_ip_change(self) -> None:
        self._submit(self._do_ip_change)

    def hangup_all(self) -> None:
        self._submit(self._do_hangup_all)

    def local_sip_port(self) -> int | None:
        return self._port

    # ----- owner thread -----
    def _assert_owner_thread(self) -> None:
        assert threading.get_ident() == self._owner_ident, "pjsua2 touched outside its owner thread"

    def _emit(self, event: SipEvent) -> None:
        try:
            self._on_event(event)
        except Exception:
            log.exception("on_event handler failed for %s", type(event).__name__)

    def _run(self) -> None:
        self._owner_ident = threading.get_ident()
        try:
            self._lib_start()
        except BaseException as exc:  # reported to start()'s caller
            self._start_error = exc
            self._started.set()
            self._lib_destroy()
            return
        self._running = True
        self._started.set()
        try:
            while self._running:
                self._drain_commands()
                self._run_due_timers()
                self._ep.libHandleEvents(_LOOP_TIMEOUT_MS)
                self._graveyard.clear()
        finally:
            self._running = False
            self._shutdown()

    def _lib_start(self) -> None:
        self._assert_owner_thread()
        ep = pj.Endpoint()
        self._ep = ep
        ep.libCreate()
        cfg = pj.EpConfig()
        cfg.uaConfig.threadCnt = 0
        cfg.uaConfig.mainThreadOnly = False
        cfg.uaConfig.userAgent = self._user_agent
        cfg.logConfig.level = self._log_level
        cfg.logConfig.consoleLevel = self._log_level
        self._log_writer = _LogWriter()
        cfg.logConfig.writer = self._log_writer
        cfg.logConfig.decor = 0
        cfg.medConfig.noVad = True
        ep.libInit(cfg)
        ep.libStart()
        ep.audDevManager().setNullDev()

    def _drain_commands(self) -> None:
        for _ in range(100):  # bounded so timers and pjsip events are never starved
            try:
                fn = self._queue.get_nowait()
            except queue.Empty:
                return
            try:
                fn()
            except Exception as exc:
                log.exception("SIP command failed")
                self._emit(EngineError(f"SIP command failed: {exc}"))

    def _request_stop(self) -> None:
        self._running = False

    def _schedule(self, delay_s: float, fn: Callable[[], None]) -> int:
        seq = next(self._timer_seq)
        heapq.heappush(self._timers, (time.monotonic() + delay_s, seq, fn))
        return seq

    def _cancel_timer(self, seq: int | None) -> None:
        if seq is not None:
            self._cancelled_timers.add(seq)

    def _run_due_timers(self) -> None:
        now = time.monotonic()
        while self._timers and self._timers[0][0] <= now:
            _, seq, fn = heapq.heappop(self._timers)
            if seq in self._cancelled_timers:
                self._cancelled_timers.discard(seq)
                continue
            try:
                fn()
            except Exception as exc:
                log.exception("SIP timer failed")
                self._emit(EngineError(f"SIP timer failed: {exc}"))

    def _shutdown(self) -> None:
        self._assert_owner_thread()
        if self._ep is None:
            return
        try:
            self._ep.hangupAllCalls()
            deadline = time.monotonic() + 1.0
            while self._calls and time.monotonic() < deadline:
                self._ep.libHandleEvents(10)
            self._ep.audDevManager().setNoDev()
        except Exception:
            log.exception("error while hanging up calls at shutdown")
        self._unregister_before_exit()
        for record in self._calls.values():
            record.pj_call = None
        self._calls.clear()
        self._graveyard.clear()
        self._timers.clear()
        gc.collect()
        if self._acc is not None:
            try:
                self._acc.shutdown()
            except Exception:
                log.exception("account shutdown failed")
            self._acc = None
        self._lib_destroy()

    def _unregister_before_exit(self) -> None:
        """Send the un-REGISTER ourselves and wait (bounded) for its answer, so that libDestroy
        need not wait for network responses (which costs a fixed second otherwise)."""
        if self._acc is None or not self._registered:
            return
        self._want_registered = False
        try:
            self._acc.setRegistration(False)
        except pj.Error:
            return
        deadline = time.monotonic() + 1.0
        while self._registered and time.monotonic() < deadline:
            self._ep.libHandleEvents(10)

    def _lib_destroy(self) -> None:
        if self._ep is not None:
            try:
                self._ep.libDestroy(pj.PJSUA_DESTROY_NO_RX_MSG)
            except Exception:
                log.exception("libDestroy failed")
        self._ep = None
        self._transports.clear()
        self._port = None
        gc.collect()

    # ----- registration -----
    def _ensure_transport(self, settings: SipAccountSettings) -> int:
        existing = self._transports.get(settings.transport)
        if existing is not None and settings.local_port in (0, existing[1]):
            return existing[0]
        if existing is not None:
            self._ep.transportClose(existing[0])
        tcfg = pj.TransportConfig()
        tcfg.port = settings.local_port
        tcfg.boundAddress = settings.bind_address  # "" = all local addresses
        if settings.transport is Transport.TLS:
            tcfg.tlsConfig.method = pj.PJSIP_TLSV1_2_METHOD
            tcfg.tlsConfig.verifyServer = settings.tls_verify_server
            if settings.tls_ca_file:
                tcfg.tlsConfig.CaListFile = settings.tls_ca_file
        tid = self._ep.transportCreate(_PJ_TRANSPORT[settings.transport], tcfg)
        port = int(self._ep.transportGetInfo(tid).localName.rsplit(":", 1)[1])
        self._transports[settings.transport] = (tid, port)
        self._port = port
        return int(tid)

    def _do_configure(self, settings: SipAccountSettings, password: str) -> None:
        self._assert_owner_thread()
        self._drop_account()
        self._settings = settings
        self._backoff = Backoff(settings.retry_min_s, max(settings.retry_min_s, settings.retry_max_s))
        for name, prio in settings.codec_priorities:
            try:
                self._ep.codecSetPriority(name, prio)
            except pj.Error:
                log.warning("codec %s not available", name)
        if settings.stun_servers:
            servers = pj.StringVector()
            for server in settings.stun_servers:
                servers.append(server)
            self._ep.natUpdateStunServers(servers, False)
        tid = self._ensure_transport(settings)
        acfg = pj.AccountConfig()
        host = settings.domain if settings.port == 5060 else f"{settings.domain}:{settings.port}"
        user_uri = f"sip:{settings.username}@{host}"
        acfg.idUri = f'"{settings.display_name}" <{user_uri}>' if settings.display_name else user_uri
        acfg.sipConfig.transportId = tid
        acfg.regConfig.registerOnAdd = settings.register
        if settings.register:
            acfg.regConfig.registrarUri = settings.registrar or self._server_uri(settings)
            acfg.regConfig.timeoutSec = settings.register_expires_s
            acfg.regConfig.delayBeforeRefreshSec = max(1, min(5, settings.register_expires_s // 2))
            acfg.regConfig.retryIntervalSec = 0  # we run our own backoff (backoff.py)
        auth_user = settings.auth_username or settings.username
        acfg.sipConfig.authCreds.append(pj.AuthCredInfo("digest", "*", auth_user, 0, password))
        if settings.outbound_proxy:
            acfg.sipConfig.proxies.append(settings.outbound_proxy)
        acfg.natConfig.iceEnabled = settings.ice_enabled
        if not settings.stun_servers:
            acfg.natConfig.sipStunUse = pj.PJSUA_STUN_USE_DISABLED
            acfg.natConfig.mediaStunUse = pj.PJSUA_STUN_USE_DISABLED
        acfg.mediaConfig.srtpUse = _SRTP[settings.srtp]
        acfg.mediaConfig.transportConfig.boundAddress = settings.bind_address
        acfg.mediaConfig.srtpSecureSignaling = 0
        acc = _PjAccount(self)
        self._want_registered = settings.register
        if settings.register:
            self._emit(RegistrationChanged(RegistrationState.REGISTERING))
        acc.create(acfg, True)
        self._acc = acc
        log.info(
            "account %s configured over %s",
            sip_headers.mask_number(settings.username),
            settings.transport.value,
        )

    @staticmethod
    def _server_uri(settings: SipAccountSettings) -> str:
        host = settings.domain if settings.port == 5060 else f"{settings.domain}:{settings.port}"
        suffix = "" if settings.transport is Transport.UDP else f";transport={settings.transport.value}"
        return f"sip:{host}{suffix}"

    def _drop_account(self) -> None:
        self._cancel_timer(self._retry_timer)
        self._retry_timer = None
        self._want_registered = False
        if self._acc is not None:
            acc, self._acc = self._acc, None
            self._registered = False
            acc.shutdown()

    def _do_unregister(self) -> None:
        self._assert_owner_thread()
        self._cancel_timer(self._retry_timer)
        self._retry_timer = None
        self._want_registered = False
        if self._acc is not None:
            try:
                self._acc.setRegistration(False)
            except pj.Error as exc:  # not registered at the moment
                log.info("unregister: %s", exc.info())
                self._emit(RegistrationChanged(RegistrationState.UNREGISTERED))

    def _on_reg_state(self, code: int, reason: str, expiration: int) -> None:
        self._assert_owner_thread()
        self._registered = 200 <= code < 300 and expiration > 0
        if 200 <= code < 300:
            if expiration > 0 and self._want_registered:
                self._backoff.reset()
                self._emit(RegistrationChanged(RegistrationState.REGISTERED, code, reason))
            else:
                self._emit(RegistrationChanged(RegistrationState.UNREGISTERED, code, reason))
            return
        if not self._want_registered:
            self._emit(RegistrationChanged(RegistrationState.UNREGISTERED, code, reason))
            return
        if is_retryable(code):
            delay = self._backoff.next_delay()
            log.info(
                "registration failed (%s %s), retry %d in %.1f s", code, reason, self._backoff.attempt, delay
            )
            self._cancel_timer(self._retry_timer)
            self._retry_timer = self._schedule(delay, self._retry_register)
            self._emit(
                RegistrationChanged(
                    RegistrationState.RETRYING, code, failure_reason(code, reason), retry_in_s=delay
                )
            )
        else:
            self._want_registered = False
            log.warning("registration refused: %s %s (not retrying)", code, reason)
            self._emit(RegistrationChanged(RegistrationState.FAILED, code, failure_reason(code, reason)))

    def _retry_register(self) -> None:
        self._retry_timer = None
        if self._acc is None or not self._want_registered:
            return
        try:
            self._acc.setRegistration(True)
        except pj.Error as exc:
            self._on_reg_state(503, f"cannot send REGISTER: {exc.info()}", 0)

    def _do_ip_change(self) -> None:
        self._assert_owner_thread()
        self._ep.handleIpChange(pj.IpChangeParam())

    # ----- calls -----
    def _with_call(self, call_id: int, fn: Callable[[_CallRecord], None]) -> None:
        self._assert_owner_thread()
        record = self._calls.get(call_id)
        if record is None or record.pj_call is None:
            self._emit(EngineError(f"no such call: {call_id}", call_id))
            return
        try:
            fn(record)
        except pj.Error as exc:
            self._emit(EngineError(f"SIP error: {exc.info()}", call_id))

    def _target_uri(self, target: str) -> str:
        target = target.strip()
        if target.startswith(("sip:", "sips:", "tel:")) or "<" in target:
            return target
        settings = self._settings
        if settings is None:
            raise ValueError("no account configured")
        if "@" in target:
            return f"sip:{target}"
        host = settings.domain if settings.port == 5060 else f"{settings.domain}:{settings.port}"
        suffix = "" if settings.transport is Transport.UDP else f";transport={settings.transport.value}"
        return f"sip:{target}@{host}{suffix}"

    def _new_record(self, call_id: int, direction: CallDirection, state: CallState) -> _CallRecord:
        record = _CallRecord(call_id, direction, state=state, facts=EndFacts(direction))
        self._calls[call_id] = record
        return record

    def _do_make_call(self, call_id: int, target: str, extra: dict[str, str]) -> None:
        self._assert_owner_thread()
        record = self._new_record(call_id, CallDirection.OUTBOUND, CallState.DIALING)
        try:
            if self._acc is None:
                raise ValueError("no account configured")
            uri = self._target_uri(target)
            record.remote_uri = uri
            record.remote_number = sip_headers.user_part(uri) or target
            call = _PjCall(self._acc, self, record)
            prm = pj.CallOpParam(True)
            for name, value in extra.items():
                hdr = pj.SipHeader()
                hdr.hName, hdr.hValue = name, value
                prm.txOption.headers.append(hdr)
            log.info("call %d: dialling %s", call_id, sip_headers.mask_number(record.remote_number))
            self._emit_state(record)
            call.makeCall(uri, prm)
        except (pj.Error, ValueError) as exc:
            message = exc.info() if isinstance(exc, pj.Error) else str(exc)
            self._emit(EngineError(f"cannot call: {message}", call_id))
            record.state = CallState.ENDED
            record.status_code = 500
            self._finish(record)

    def _on_incoming_call(self, acc: Any, pj_id: int, whole_msg: str) -> None:
        self._assert_owner_thread()
        with self._ids_lock:
            call_id = next(self._ids)
        record = self._new_record(call_id, CallDirection.INBOUND, CallState.RINGING_IN)
        call = _PjCall(acc, self, record, pj_id)
        start_line, hdrs = sip_headers.parse_headers(whole_msg)
        from_value = (hdrs.get("from") or ("",))[0]
        to_value = (hdrs.get("to") or ("",))[0]
        record.remote_uri = sip_headers.uri_of(from_value)
        record.remote_number = sip_headers.user_part(from_value)
        record.dialled_number = sip_headers.user_part(to_value) or sip_headers.user_part(
            sip_headers.request_uri(start_line)
        )
        log.info("call %d: incoming from %s", call_id, sip_headers.mask_number(record.remote_number))
        prm = pj.CallOpParam()
        if self._dnd:
            record.facts.dnd_rejected = True
            prm.statusCode = 486
            call.answer(prm)
            return
        prm.statusCode = 180
        call.answer(prm)
        delay = sip_headers.auto_answer_delay(hdrs)
        if delay is not None and not (self._settings and self._settings.auto_answer_enabled):
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
        self._emit_state(record)
        if delay is not None:
            record.auto_answer_timer = self._schedule(
                delay, lambda: self._with_call(call_id, self._auto_answer)
            )

    def _auto_answer(self, record: _CallRecord) -> None:
        record.auto_answer_timer = None
        if record.state is CallState.RINGING_IN:
            self._do_answer(record)

    def _do_answer(self, record: _CallRecord) -> None:
        if record.direction is not CallDirection.INBOUND or record.state is not CallState.RINGING_IN:
            self._emit(EngineError("call is not ringing", record.call_id))
            return
        self._cancel_timer(record.auto_answer_timer)
        for other in self._calls.values():  # second line: park the current conversation
            if other is not record and other.state is CallState.ACTIVE and not other.local_hold:
                self._do_hold(other, True)
        prm = pj.CallOpParam()
        prm.statusCode = 200
        record.pj_call.answer(prm)

    def _do_reject(self, record: _CallRecord, busy: bool) -> None:
        if record.direction is not CallDirection.INBOUND or record.connected_at is not None:
            self._emit(EngineError("only a ringing incoming call can be rejected", record.call_id))
            return
        record.facts.rejected_here = True
        prm = pj.CallOpParam()
        prm.statusCode = 486 if busy else 603
        record.pj_call.hangup(prm)

    def _do_hangup(self, record: _CallRecord) -> None:
        if record.direction is CallDirection.OUTBOUND and record.connected_at is None:
            record.facts.cancelled_here = True
        elif record.direction is CallDirection.INBOUND and record.connected_at is None:
            record.facts.rejected_here = True
        record.pj_call.hangup(pj.CallOpParam())

    def _do_hangup_all(self) -> None:
        for record in list(self._calls.values()):
            if record.pj_call is not None and record.state is not CallState.ENDED:
                self._with_call(record.call_id, self._do_hangup)

    def _do_hold(self, record: _CallRecord, hold: bool) -> None:
        if record.state is not CallState.ACTIVE:
            self._emit(EngineError("call is not connected", record.call_id))
            return
        if hold == record.local_hold:
            return
        prm = pj.CallOpParam(True)
        if hold:
            record.pj_call.setHold(prm)
        else:
            prm.opt.flag = pj.PJSUA_CALL_UNHOLD
            record.pj_call.reinvite(prm)
        record.local_hold = hold
        self._emit_state(record)

    def _do_mute(self, record: _CallRecord, muted: bool) -> None:
        record.muted = muted
        self._apply_mute(record)
        self._emit_state(record)

    def _apply_mute(self, record: _CallRecord) -> None:
        try:
            media = record.pj_call.getAudioMedia(-1)
        except pj.Error:
            return  # no audio yet; applied when media comes up
        media.adjustTxLevel(0.0 if record.muted else 1.0)

    def _do_dtmf(self, record: _CallRecord, digits: str) -> None:
        if not _DTMF_DIGITS.match(digits):
            self._emit(EngineError(f"invalid DTMF digits: {digits!r}", record.call_id))
            return
        settings = self._settings
        if settings is not None and settings.dtmf_method is DtmfMethod.SIP_INFO:
            # One INFO per digit, spaced: pjsua would send them all at once, and a proxy with
            # several workers reorders them, so the far end drops the late ones (seen with Kamailio).
            for index, digit in enumerate(digits):
                self._schedule(
                    index * _INFO_DTMF_GAP_S,
                    functools.partial(
                        self._with_call, record.call_id, functools.partial(self._send_info, digit=digit)
                    ),
                )
            return
        prm = pj.CallSendDtmfParam()
        prm.digits = digits
        prm.method = pj.PJSUA_DTMF_METHOD_RFC2833
        record.pj_call.sendDtmf(prm)

    @staticmethod
    def _send_info(record: _CallRecord, *, digit: str) -> None:
        prm = pj.CallSendDtmfParam()
        prm.digits = digit
        prm.method = pj.PJSUA_DTMF_METHOD_SIP_INFO
        record.pj_call.sendDtmf(prm)

    def _do_blind(self, record: _CallRecord, target: str) -> None:
        record.pj_call.xfer(self._target_uri(target), pj.CallOpParam(True))

    def _do_attended(self, record: _CallRecord, consult_call_id: int) -> None:
        consult = self._calls.get(consult_call_id)
        if consult is None or consult.pj_call is None:
            self._emit(EngineError(f"no such consult call: {consult_call_id}", record.call_id))
            return
        record.pj_call.xferReplaces(consult.pj_call, pj.CallOpParam(True))
        consult.facts.transferred = True

    # ----- call callbacks -----
    def _on_call_state(self, call: _PjCall) -> None:
        self._assert_owner_thread()
        record = call.record
        info = call.getInfo()
        record.status_code, record.reason = info.lastStatusCode, info.lastReason
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
        self._emit_state(record)

    def _finish(self, record: _CallRecord) -> None:
        self._cancel_timer(record.auto_answer_timer)
        record.facts.status_code = record.status_code
        outcome = call_outcome(record.facts)
        log.info("call %d ended: %s (%s)", record.call_id, outcome.value, record.status_code)
        self._calls.pop(record.call_id, None)
        if record.pj_call is not None:
            self._graveyard.append(record.pj_call)  # freed after the callback returns
            record.pj_call = None
        self._emit_state(record, outcome)

    def _on_call_media_state(self, call: _PjCall) -> None:
        self._assert_owner_thread()
        record = call.record
        info = call.getInfo()
        remote_hold = False
        for index, media in enumerate(info.media):
            if media.type != pj.PJMEDIA_TYPE_AUDIO:
                continue
            remote_hold = media.status == pj.PJSUA_CALL_MEDIA_REMOTE_HOLD
            if media.status in (pj.PJSUA_CALL_MEDIA_ACTIVE, pj.PJSUA_CALL_MEDIA_REMOTE_HOLD):
                audio = call.getAudioMedia(index)
                manager = self._ep.audDevManager()
                audio.startTransmit(manager.getPlaybackDevMedia())
                manager.getCaptureDevMedia().startTransmit(audio)
                audio.adjustTxLevel(0.0 if record.muted else 1.0)
        if remote_hold != record.remote_hold:
            record.remote_hold = remote_hold
            self._emit_state(record)

    def _on_transfer_request(self, call: _PjCall, prm: Any) -> None:
        self._assert_owner_thread()
        log.info(
            "call %d: transfer requested to %s", call.record.call_id, sip_headers.mask_number(prm.dstUri)
        )
        with self._ids_lock:
            call_id = next(self._ids)
        record = self._new_record(call_id, CallDirection.OUTBOUND, CallState.DIALING)
        record.remote_uri = sip_headers.uri_of(prm.dstUri)
        record.remote_number = sip_headers.user_part(prm.dstUri)
        prm.newCall = _PjCall(self._acc, self, record)
        call.record.facts.transferred = True
        self._emit_state(record)

    def _on_transfer_status(self, call: _PjCall, prm: Any) -> None:
        self._assert_owner_thread()
        succeeded = bool(prm.finalNotify) and 200 <= prm.statusCode < 300
        self._emit(
            TransferProgress(
                call.record.call_id, prm.statusCode, prm.reason, bool(prm.finalNotify), succeeded
            )
        )
        if succeeded:
            call.record.facts.transferred = True
            prm.cont = False
            call.hangup(pj.CallOpParam())

    def _on_call_replaced(self, old: _PjCall, prm: Any) -> None:
        self._assert_owner_thread()
        with self._ids_lock:
            call_id = next(self._ids)
        record = self._new_record(call_id, CallDirection.INBOUND, CallState.CONNECTING)
        record.remote_uri, record.remote_number = old.record.remote_uri, old.record.remote_number
        prm.newCall = _PjCall(self._acc, self, record, prm.newCallId)
        old.record.facts.transferred = True
        self._emit(
            IncomingCall(
                call_id, record.remote_uri, record.remote_number, "", "", replaces_call_id=old.record.call_id
            )
        )

    def _emit_state(self, record: _CallRecord, outcome: Any = None) -> None:
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
