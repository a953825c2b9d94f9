"""The SIP account and its registration: transports, pjsua2 account config, REGISTER results,
the retry policy around them (``softphone.sip.backoff``) and network changes.

Runs on the SIP owner thread (``softphone.sip.owner_loop``); reports ``RegistrationChanged`` events.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable

from softphone.domain.masking import mask_phone
from softphone.sip.backoff import Backoff, failure_reason, is_retryable
from softphone.sip.events import (
    RegistrationChanged,
    RegistrationState,
    SipAccountSettings,
    SipEvent,
    SrtpMode,
    Transport,
)
from softphone.sip.owner_loop import OwnerLoop
from softphone.sip.pj_objects import IncomingCalls, PjAccount, PjContext
from softphone.sip.pjsua2_loader import pj
from softphone.sip.registration_problem import RegistrationProblem, classify, host_of

log = logging.getLogger("softphone.sip.engine")  # one logger for all of the engine

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


def server_host(settings: SipAccountSettings) -> str:
    """``domain`` or ``domain:port`` (the port only when it is not 5060)."""
    return settings.domain if settings.port == 5060 else f"{settings.domain}:{settings.port}"


def transport_param(settings: SipAccountSettings) -> str:
    """The URI parameter that selects the account's transport ("" for UDP)."""
    return "" if settings.transport is Transport.UDP else f";transport={settings.transport.value}"


class Registration:
    """The one configured account. ``ctx.account``/``ctx.settings`` are set here, used by calls."""

    def __init__(
        self,
        loop: OwnerLoop,
        ctx: PjContext,
        emit: Callable[[SipEvent], None],
        incoming: IncomingCalls,
    ) -> None:
        self._loop = loop
        self._ctx = ctx
        self._emit = emit
        self._incoming = incoming
        self.port: int | None = None  # bound SIP port; read from any thread
        self._transports: dict[Transport, tuple[int, int]] = {}
        self._backoff = Backoff(1.0, 60.0)
        self._retry_timer: int | None = None
        self._want_registered = False
        self._registered = False
        self._tls_problem: str | None = None  # why the last TLS connection was refused, if it was
        self._failed_finally = False  # FAILED was reported; stays so until the account changes
        self._codec_defaults: dict[str, int] | None = None  # pjsua's own priorities, codec id -> prio

    # ----- commands -----
    def configure(self, settings: SipAccountSettings, password: str) -> None:
        self._loop.assert_owner_thread()
        ep = self._ctx.ep
        self._drop_account()
        self._ctx.settings = settings
        self._backoff = Backoff(settings.retry_min_s, max(settings.retry_min_s, settings.retry_max_s))
        problem = route_transport_problem(settings)
        if problem is not None:
            # pjsua would only log "Unsuitable transport" and never report the account (it even
            # aborts at shutdown): refuse the configuration plainly instead
            self._failed_finally = True
            self._emit(
                RegistrationChanged(
                    RegistrationState.FAILED,
                    0,
                    problem,
                    problem=RegistrationProblem.CONFIGURATION,
                    host=registrar_host(settings),
                )
            )
            log.error("account not created: %s", problem)
            return
        self._apply_codec_priorities(settings)
        if settings.stun_servers:
            servers = pj.StringVector()
            for server in settings.stun_servers:
                servers.append(server)
            ep.natUpdateStunServers(servers, False)
        tid = self._ensure_transport(settings)
        acfg = pj.AccountConfig()
        user_uri = f"sip:{settings.username}@{server_host(settings)}"
        acfg.idUri = f'"{settings.display_name}" <{user_uri}>' if settings.display_name else user_uri
        acfg.sipConfig.transportId = tid
        acfg.regConfig.registerOnAdd = settings.register
        if settings.register:
            acfg.regConfig.registrarUri = (
                settings.registrar or f"sip:{server_host(settings)}{transport_param(settings)}"
            )
            acfg.regConfig.timeoutSec = settings.register_expires_s
            acfg.regConfig.delayBeforeRefreshSec = max(1, min(5, settings.register_expires_s // 2))
            acfg.regConfig.retryIntervalSec = 0  # we run our own backoff (backoff.py)
        auth_user = settings.auth_username or settings.username
        acfg.sipConfig.authCreds.append(pj.AuthCredInfo("digest", "*", auth_user, 0, password))
        if settings.outbound_proxy:
            acfg.sipConfig.proxies.append(settings.outbound_proxy)
        acfg.natConfig.iceEnabled = settings.ice_enabled
        if settings.transport is not Transport.UDP:
            # The Contact carries the TCP/TLS connection's source port. After an IP change the new
            # connection often differs only in that port, which pjsua ignores for private addresses
            # unless told to always rewrite: the registrar would keep the dead connection's port.
            acfg.natConfig.contactRewriteUse = 2
        if not settings.stun_servers:
            acfg.natConfig.sipStunUse = pj.PJSUA_STUN_USE_DISABLED
            acfg.natConfig.mediaStunUse = pj.PJSUA_STUN_USE_DISABLED
        acfg.mediaConfig.srtpUse = _SRTP[settings.srtp]
        acfg.mediaConfig.transportConfig.boundAddress = settings.bind_address
        acfg.mediaConfig.transportConfig.port = settings.rtp_port
        acfg.mediaConfig.transportConfig.portRange = settings.rtp_port_range
        acfg.mediaConfig.srtpSecureSignaling = 0
        # pjsua's default sends an UPDATE/re-INVITE to lock the codec after every answer with more
        # than one codec; a far end's own re-INVITE right after (a resume) then meets ours and gets
        # 491, which some phones (linphone) never retry. One codec is what the far end uses anyway.
        acfg.mediaConfig.lockCodecEnabled = False
        acc = PjAccount(self, self._incoming)
        self._want_registered = settings.register
        if settings.register:
            self._emit(RegistrationChanged(RegistrationState.REGISTERING))
        acc.create(acfg, True)
        self._ctx.account = acc
        if not settings.register:  # nothing to wait for: calls go straight to and from this address
            local = settings.bind_address or "0.0.0.0"
            self._emit(RegistrationChanged(RegistrationState.DIRECT, host=f"{local}:{self.port}"))
        log.info(
            "account %s configured over %s",
            mask_phone(settings.username),
            settings.transport.value,
        )

    def unregister(self) -> None:
        self._loop.assert_owner_thread()
        self._stop_trying()
        if self._ctx.account is not None:
            try:
                self._ctx.account.setRegistration(False)
            except pj.Error as exc:  # not registered at the moment
                log.info("unregister: %s", exc.info())
                self._emit(RegistrationChanged(RegistrationState.UNREGISTERED))

    def handle_ip_change(self) -> None:
        self._loop.assert_owner_thread()
        log.info("network changed: restarting transports and re-registering")
        self._ctx.ep.handleIpChange(pj.IpChangeParam())

    # ----- shutdown (owner thread, from the engine's teardown) -----
    def unregister_before_exit(self) -> None:
        """Send the un-REGISTER ourselves and wait (bounded) for its answer, so that libDestroy
        need not wait for network responses (which costs a fixed second otherwise)."""
        acc = self._ctx.account
        if acc is None or not self._registered:
            return
        self._want_registered = False
        try:
            acc.setRegistration(False)
        except pj.Error:
            return
        deadline = time.monotonic() + 1.0
        while self._registered and time.monotonic() < deadline:
            self._ctx.ep.libHandleEvents(10)

    def shutdown_account(self) -> None:
        if self._ctx.account is not None:
            try:
                self._ctx.account.shutdown()
            except Exception:
                log.exception("account shutdown failed")
            self._ctx.account = None

    def forget_transports(self) -> None:
        """The library is gone, and its transports and codec table with it."""
        self._transports.clear()
        self.port = None
        self._codec_defaults = None

    # ----- pjsua2 callbacks -----
    def on_tls_rejected(self, remote: str, messages: list[str]) -> None:
        """pjsip dropped a TLS connection because the server's certificate failed verification."""
        self._loop.assert_owner_thread()
        details = "; ".join(messages) or "verification failed"
        log.warning("TLS: certificate of %s rejected: %s", remote, details)
        self._tls_problem = (
            f"TLS: the server certificate of {remote} was rejected ({details}); "
            "check the CA certificate file and the server address"
        )

    def on_reg_state(self, code: int, reason: str, expiration: int) -> None:
        self._loop.assert_owner_thread()
        tls_problem, self._tls_problem = self._tls_problem, None
        was_registered = self._registered
        self._registered = 200 <= code < 300 and expiration > 0
        if not self._want_registered:
            self._on_unwanted_reg_state(code, reason)
            return
        if 200 <= code < 300:
            if expiration > 0:
                self._backoff.reset()
                if not was_registered:  # not at every refresh
                    log.info("registered (%s, expires in %d s)", code, expiration)
                self._emit(RegistrationChanged(RegistrationState.REGISTERED, code, reason))
            else:
                self._emit(RegistrationChanged(RegistrationState.UNREGISTERED, code, reason))
            return
        problem = classify(code, reason, tls_rejected=tls_problem is not None)
        if tls_problem is not None:  # retrying cannot make an untrusted certificate trusted
            self._fail_registration(code, tls_problem, problem)
        elif is_retryable(code):
            delay = self._backoff.next_delay()
            log.info(
                "registration failed (%s %s), retry %d in %.1f s", code, reason, self._backoff.attempt, delay
            )
            self._loop.cancel_timer(self._retry_timer)
            self._retry_timer = self._loop.schedule(delay, self._retry_register)
            self._emit(
                RegistrationChanged(
                    RegistrationState.RETRYING,
                    code,
                    failure_reason(code, reason),
                    retry_in_s=delay,
                    problem=problem,
                    host=self._server_host(),
                )
            )
        else:
            self._fail_registration(code, failure_reason(code, reason), problem)

    # ----- internals -----
    def _ensure_transport(self, settings: SipAccountSettings) -> int:
        ep = self._ctx.ep
        existing = self._transports.get(settings.transport)
        if existing is not None and settings.local_port in (0, existing[1]):
            return existing[0]
        if existing is not None:
            ep.transportClose(existing[0])
        tcfg = pj.TransportConfig()
        tcfg.port = settings.local_port
        tcfg.boundAddress = settings.bind_address  # "" = all local addresses
        if settings.transport is Transport.TLS:
            tcfg.tlsConfig.method = pj.PJSIP_TLSV1_2_METHOD
            tcfg.tlsConfig.verifyServer = settings.tls_verify_server
            if settings.tls_ca_file:
                tcfg.tlsConfig.CaListFile = settings.tls_ca_file
        tid = ep.transportCreate(_PJ_TRANSPORT[settings.transport], tcfg)
        port = int(ep.transportGetInfo(tid).localName.rsplit(":", 1)[1])
        self._transports[settings.transport] = (tid, port)
        self.port = port
        return int(tid)

    def _apply_codec_priorities(self, settings: SipAccountSettings) -> None:
        """Codec priorities are global to the library: start from pjsua's defaults each time, so a
        codec this account leaves out does not keep the priority an earlier account gave it."""
        ep = self._ctx.ep
        if self._codec_defaults is None:
            self._codec_defaults = {info.codecId: info.priority for info in ep.codecEnum2()}
        for codec_id, prio in self._codec_defaults.items():
            ep.codecSetPriority(codec_id, prio)
        for name, prio in settings.codec_priorities:
            try:
                ep.codecSetPriority(name, prio)
            except pj.Error:
                log.warning("codec %s not available", name)

    def _stop_trying(self) -> None:
        """No retry pending and none wanted; a reported FAILED no longer holds."""
        self._loop.cancel_timer(self._retry_timer)
        self._retry_timer = None
        self._want_registered = False
        self._failed_finally = False

    def _drop_account(self) -> None:
        self._stop_trying()
        if self._ctx.account is not None:
            acc, self._ctx.account = self._ctx.account, None
            self._registered = False
            acc.shutdown()

    def _fail_registration(self, code: int, reason: str, problem: RegistrationProblem) -> None:
        """Final failure: stop trying until the operator changes the account (FAILED)."""
        self._want_registered = False
        self._failed_finally = True
        log.warning("registration failed: %s (not retrying)", reason)
        self._emit(
            RegistrationChanged(
                RegistrationState.FAILED, code, reason, problem=problem, host=self._server_host()
            )
        )

    def _server_host(self) -> str:
        settings = self._ctx.settings
        return registrar_host(settings) if settings is not None else ""

    def _on_unwanted_reg_state(self, code: int, reason: str) -> None:
        """A registration result while we want to be unregistered: the answer to our un-REGISTER,
        or pjsua's own re-REGISTER, which ``handleIpChange`` sends for every account, even one the
        operator took offline or one that failed for good."""
        if self._registered:
            log.info("registered although not wanted (after an IP change?): unregistering again")
            try:
                self._ctx.account.setRegistration(False)
            except pj.Error as exc:
                log.warning("cannot undo the registration: %s", exc.info())
            return
        if self._failed_finally:
            log.info("registration attempt while failed: %s %s (state stays failed)", code, reason)
            return
        self._emit(RegistrationChanged(RegistrationState.UNREGISTERED, code, reason))

    def _retry_register(self) -> None:
        self._retry_timer = None
        if self._ctx.account is None or not self._want_registered:
            return
        try:
            self._ctx.account.setRegistration(True)
        except pj.Error as exc:
            self.on_reg_state(503, f"cannot send REGISTER: {exc.info()}", 0)


def registrar_host(settings: SipAccountSettings) -> str:
    """The host the REGISTER goes to, as the operator typed it (for "Server X not found")."""
    return host_of(settings.registrar) if settings.registrar else settings.domain


def route_transport_problem(settings: SipAccountSettings) -> str | None:
    """Why the outbound proxy or registrar URI cannot be reached over the account's transport.

    The account has one transport; a URI that asks for another (``;transport=tcp``, or ``sips:``
    for TLS) would leave the REGISTER unsendable."""
    for what, uri in (("outbound proxy", settings.outbound_proxy), ("registrar", settings.registrar)):
        if not uri:
            continue
        lowered = uri.lower()
        match = re.search(r";transport=([a-z]+)", lowered)
        wanted = "tls" if lowered.startswith("sips:") else (match.group(1) if match else None)
        if wanted is not None and wanted != settings.transport.value:
            return (
                f"The {what} {uri} needs {wanted.upper()} but the account uses "
                f"{settings.transport.value.upper()}: set the SIP transport to {wanted.upper()} "
                f"or remove the transport from the {what} address"
            )
    return None
