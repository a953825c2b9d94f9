"""The SIP engine: the thread-safe facade over pjsua2 that the rest of the app talks to.

One owner thread (``softphone.sip.owner_loop``) creates the pjsua2 library (``threadCnt=0``,
``mainThreadOnly=False``) and loops: run queued commands, run due timers, ``libHandleEvents`` (at most
50 ms during calls, 1 s when idle, never past the owner loop's next timer; pjsip's own timers and every
packet end the wait at once). A command submitted from another thread ends the wait too: the engine
sends one byte to a UDP transport of its own on 127.0.0.1 (pjsip drops such a runt packet unlogged).
The null audio device, whose clock thread ticks every 20 ms, runs only while a call exists, and there
is no media worker thread (``medConfig.hasIoqueue=False``, ``threadCnt=0``): RTP is read by the same
``libHandleEvents``.
Every pjsua2 callback therefore runs on that thread, and ``assert_owner_thread()`` checks it. Public
methods only put closures on the queue, so they are thread-safe and never block; results come back
as the plain events of ``softphone.sip.events`` through ``on_event`` (called on the owner thread).

This module owns the library's life (start, the shutdown order of PLATFORM-FACTS) and hands the
work to its parts: ``registration`` (account, REGISTER), ``calls`` (call records and states) and
``midcall`` (mute, DTMF, transfers); ``pj_objects`` holds the pjsua2 subclasses. Only modules of
``softphone.sip`` import pjsua2.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import math
import socket
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from softphone.sip.audio_port import MediaRoutes, encode_opus_at_bridge_rate
from softphone.sip.call_stats import QualitySampler
from softphone.sip.calls import CallRecord, Calls
from softphone.sip.events import EngineError, SipAccountSettings, SipEvent
from softphone.sip.midcall import MidCall
from softphone.sip.owner_loop import OwnerLoop
from softphone.sip.pj_objects import PjContext, PjEndpoint, PjLogWriter
from softphone.sip.pjsua2_loader import LOADED, pj
from softphone.sip.registration import Registration

if TYPE_CHECKING:
    from softphone.audio.bridge import AudioBridge

log = logging.getLogger(__name__)

# During calls: RTP packets (50 a second each way), commands (the wake-up transport) and pjsip or
# owner timers end the wait anyway; the bound only paces the call-quality sampling and the recorder
# check when no packet comes (held calls). It was 5 ms: ~200 idle turns of this loop a second.
_LOOP_TIMEOUT_MS = 50
_IDLE_TIMEOUT_MS = 1000  # no call: few wake-ups (idle CPU); packets, pjsip timers, commands end it early
_WAKE_ADDRESS = "127.0.0.1"


class SipEngine:
    """Thread-safe facade over pjsua2; see docs/ARCHITECTURE.md for the contract."""

    def __init__(
        self,
        on_event: Callable[[SipEvent], None],
        *,
        log_level: int = 1,
        user_agent: str = "softphone",
        audio: AudioBridge | None = None,
    ) -> None:
        self._on_event = on_event
        self._log_level = log_level
        self._user_agent = user_agent
        self._loop = OwnerLoop("sip-owner", lambda message: self._emit(EngineError(message)), self._wake)
        self._wake_socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._wake_transport: int | None = None
        self._wake_target: tuple[str, int] | None = None
        self._audio_clock = False
        self._ctx = PjContext()  # owner-thread state shared by the parts below
        self._log_writer: PjLogWriter | None = None
        self._routes = MediaRoutes(audio)  # calls' audio to the Qt bridge (or the null device)
        self._calls = Calls(self._loop, self._ctx, self._emit, self._routes)
        self._registration = Registration(self._loop, self._ctx, self._emit, incoming=self._calls)
        self._midcall = MidCall(self._loop, self._ctx, self._calls, self._emit)
        self._quality = QualitySampler(self._calls, self._emit)

    # ----- lifecycle (any thread) -----
    def start(self) -> None:
        self._loop.start(setup=self._lib_start, poll=self._poll, teardown=self._shutdown)

    def stop(self, timeout_s: float = 10) -> None:
        self._loop.stop(timeout_s)

    def _submit(self, fn: Callable[[], None], call_id: int | None = None) -> None:
        if not self._loop.submit(fn):
            self._emit(EngineError("SIP engine is not running", call_id))

    # ----- public commands (any thread) -----
    def configure_account(self, settings: SipAccountSettings, password: str) -> None:
        def configure() -> None:
            self._calls.source_filter.configure(settings)
            self._registration.configure(settings, password)

        self._submit(configure)

    def unregister(self) -> None:
        self._submit(self._registration.unregister)

    def make_call(self, target: str, headers: dict[str, str] | None = None) -> int:
        call_id = self._calls.next_call_id()
        self._submit(lambda: self._calls.make_call(call_id, target, dict(headers or {})), call_id)
        return call_id

    def answer(self, call_id: int) -> None:
        self._on_call(call_id, self._calls.answer)

    def reject(self, call_id: int, busy: bool = False, status_code: int | None = None) -> None:
        """Refuse a ringing incoming call: 486 Busy Here when ``busy``, else 603 Decline, or any
        ``status_code`` given (e.g. 480 for a callee who did not pick up)."""
        self._on_call(call_id, lambda r: self._calls.reject(r, busy, status_code))

    def hangup(self, call_id: int) -> None:
        self._on_call(call_id, self._calls.hangup)

    def hold(self, call_id: int) -> None:
        self._on_call(call_id, lambda r: self._calls.hold(r, True))

    def resume(self, call_id: int) -> None:
        self._on_call(call_id, lambda r: self._calls.hold(r, False))

    def set_mute(self, call_id: int, muted: bool) -> None:
        self._on_call(call_id, lambda r: self._midcall.mute(r, muted))

    def send_dtmf(self, call_id: int, digits: str) -> None:
        self._on_call(call_id, lambda r: self._midcall.dtmf(r, digits))

    def blind_transfer(self, call_id: int, target: str) -> None:
        self._on_call(call_id, lambda r: self._midcall.blind_transfer(r, target))

    def attended_transfer(self, call_id: int, consult_call_id: int) -> None:
        self._on_call(call_id, lambda r: self._midcall.attended_transfer(r, consult_call_id))

    def record_call(self, call_id: int, wav_path: str) -> None:
        """Record both sides of the call, mixed, into ``wav_path`` until it ends (or
        ``stop_recording``); ``CallRecordingChanged`` says when it started and stopped."""
        self._on_call(call_id, lambda r: self._calls.start_recording(r, wav_path))

    def stop_recording(self, call_id: int) -> None:
        self._submit(lambda: self._calls.recorders.stop(call_id), call_id)

    def set_do_not_disturb(self, enabled: bool) -> None:
        """Takes effect at once, not via the queue: a call whose INVITE is already on its way must
        not slip through while the command waits behind pjsip's event poll. Only the owner thread
        reads the flag, and a bool assignment is atomic."""
        self._calls.dnd = enabled

    def handle_ip_change(self) -> None:
        def restart() -> None:
            self._registration.handle_ip_change()
            # pjsua restarts every listener, ours too, maybe on a new port: look again once it has
            self._loop.schedule(1.0, self._find_wake_target)

        self._submit(restart)

    def hangup_all(self) -> None:
        self._submit(self._calls.hangup_all)

    def local_sip_port(self) -> int | None:
        return self._registration.port

    def _on_call(self, call_id: int, fn: Callable[[CallRecord], None]) -> None:
        self._submit(lambda: self._calls.with_call(call_id, fn), call_id)

    # ----- owner thread -----
    def _emit(self, event: SipEvent) -> None:
        try:
            self._on_event(event)
        except Exception:
            log.exception("on_event handler failed for %s", type(event).__name__)

    def _lib_start(self) -> None:
        self._loop.assert_owner_thread()
        try:
            ep = PjEndpoint(self._registration)
            self._ctx.ep = ep
            ep.libCreate()
            log.info("pjsua2: %s build, pjproject %s (%s)", LOADED.kind, ep.libVersion().full, LOADED.path)
            cfg = pj.EpConfig()
            cfg.uaConfig.threadCnt = 0
            cfg.uaConfig.mainThreadOnly = False
            cfg.uaConfig.userAgent = self._user_agent
            cfg.logConfig.level = self._log_level
            cfg.logConfig.consoleLevel = self._log_level
            self._log_writer = PjLogWriter()
            cfg.logConfig.writer = self._log_writer
            cfg.logConfig.decor = 0
            cfg.medConfig.noVad = True
            # RTP sockets in pjsip's ioqueue, read by libHandleEvents here (a packet ends its wait),
            # instead of a media ioqueue whose worker thread woke every 10 ms even with no call
            cfg.medConfig.hasIoqueue = False
            cfg.medConfig.threadCnt = 0
            ep.libInit(cfg)
            ep.libStart()
            ep.audDevManager().setNoDev()  # the null device (its clock) only while a call exists
            self._audio_clock = False
            self._routes.start()
            encode_opus_at_bridge_rate(ep)
            wake = pj.TransportConfig()
            wake.port = 0
            wake.boundAddress = _WAKE_ADDRESS
            self._wake_transport = ep.transportCreate(pj.PJSIP_TRANSPORT_UDP, wake)
            self._find_wake_target()
        except BaseException:
            self._lib_destroy()
            raise

    def _poll(self, max_wait_s: float | None) -> None:
        # libHandleEvents returns as soon as a packet (a wake-up byte included) or a pjsip timer is
        # handled, so the idle timeout delays nothing; it only bounds the wait if a wake-up is lost
        live = self._calls.any_live() or self._calls.recorders.busy
        timeout_ms = _LOOP_TIMEOUT_MS if live else _IDLE_TIMEOUT_MS
        if max_wait_s is not None:
            timeout_ms = min(timeout_ms, math.ceil(max_wait_s * 1000))
        self._ctx.ep.libHandleEvents(timeout_ms)
        live = self._calls.any_live()
        if live:
            self._quality.tick()
        live = live or self._calls.recorders.busy  # a recorder closes its file as the clock turns
        if live != self._audio_clock:  # a call began or the last one ended
            manager = self._ctx.ep.audDevManager()
            if live:
                manager.setNullDev()
                self._routes.clock_started()
            else:
                manager.setNoDev()
                self._routes.clock_stopped()
            self._audio_clock = live

    def _wake(self) -> None:
        """Any thread: end a long ``libHandleEvents`` wait so that a queued command runs now."""
        target = self._wake_target
        if target is not None:
            with contextlib.suppress(OSError):
                self._wake_socket.sendto(b"\0", target)

    def _find_wake_target(self) -> None:
        if self._ctx.ep is not None and self._wake_transport is not None:
            name = self._ctx.ep.transportGetInfo(self._wake_transport).localName
            self._wake_target = (_WAKE_ADDRESS, int(name.rsplit(":", 1)[1]))

    def _shutdown(self) -> None:
        self._loop.assert_owner_thread()
        ep = self._ctx.ep
        if ep is None:
            return
        try:
            ep.hangupAllCalls()
            deadline = time.monotonic() + 1.0
            while self._calls.any_live() and time.monotonic() < deadline:
                ep.libHandleEvents(10)
        except Exception:
            log.exception("error while hanging up calls at shutdown")
        self._calls.recorders.stop_all()  # before setNoDev, like the port (ARCHITECTURE, audio path)
        try:
            ep.audDevManager().setNoDev()
            self._routes.clock_stopped()
        except Exception:
            log.exception("setNoDev failed at shutdown")
        self._routes.release()  # after setNoDev: no clock calls the bridge port any more
        self._registration.unregister_before_exit()
        self._calls.forget_all()
        self._loop.clear_timers()
        gc.collect()
        self._registration.shutdown_account()
        self._lib_destroy()

    def _lib_destroy(self) -> None:
        self._routes.release()
        if self._ctx.ep is not None:
            try:
                self._ctx.ep.libDestroy(pj.PJSUA_DESTROY_NO_RX_MSG)
            except Exception:
                log.exception("libDestroy failed")
        self._ctx.ep = None
        self._wake_target = None
        self._wake_transport = None
        self._registration.forget_transports()
        gc.collect()
