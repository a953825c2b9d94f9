"""The pjsua2 subclasses of the SIP engine and the live pjsua2 objects its parts share.

pjsua2 reports through virtual methods (``onRegState``, ``onCallState``...). The subclasses here only
forward each callback, with plain arguments, to the part that owns the matter: registration
(``softphone.sip.registration``) or calls (``softphone.sip.calls``). All of it runs on the owner
thread (``softphone.sip.owner_loop``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from softphone.sip.events import SipAccountSettings
from softphone.sip.pjsua2_loader import pj

if TYPE_CHECKING:
    from softphone.sip.calls import CallRecord

pj_log = logging.getLogger("softphone.sip.pjsua")

_REQUEST_PENDING = 491
_PJ_LOG_LEVELS = {0: logging.CRITICAL, 1: logging.ERROR, 2: logging.WARNING, 3: logging.INFO}


@dataclass(eq=False)
class PjContext:
    """The Endpoint, the current Account and that account's settings (owner thread only)."""

    ep: Any = None
    account: Any = None
    settings: SipAccountSettings | None = None


class RegistrationEvents(Protocol):
    def on_reg_state(self, code: int, reason: str, expiration: int) -> None: ...

    def on_tls_rejected(self, remote: str, messages: list[str]) -> None: ...


class IncomingCalls(Protocol):
    def on_incoming_call(self, acc: Any, pj_id: int, whole_msg: str, source: str) -> None: ...


class CallEvents(Protocol):
    def on_call_state(self, call: PjCall) -> None: ...

    def on_call_media_state(self, call: PjCall) -> None: ...

    def on_dtmf(self, call: PjCall, digit: str) -> None: ...

    def on_transfer_request(self, call: PjCall, prm: Any) -> None: ...

    def on_transfer_status(self, call: PjCall, prm: Any) -> None: ...

    def on_call_replaced(self, old: PjCall, prm: Any) -> None: ...

    def on_reinvite_glare(self, call: PjCall) -> None: ...


class PjLogWriter(pj.LogWriter):  # type: ignore[misc]
    """Routes pjsua log lines into Python logging."""

    def write(self, entry: Any) -> None:
        pj_log.log(_PJ_LOG_LEVELS.get(entry.level, logging.DEBUG), "%s", entry.msg.rstrip())


class PjEndpoint(pj.Endpoint):  # type: ignore[misc]
    def __init__(self, registration: RegistrationEvents) -> None:
        super().__init__()
        self._registration = registration

    def onTransportState(self, prm: Any) -> None:
        tls = prm.tlsInfo
        if (
            prm.state == pj.PJSIP_TP_STATE_DISCONNECTED
            and not tls.isEmpty()
            and tls.verifyStatus != pj.PJ_SSL_CERT_ESUCCESS
        ):
            self._registration.on_tls_rejected(tls.remoteAddr, list(tls.verifyMsgs))


class PjAccount(pj.Account):  # type: ignore[misc]
    def __init__(self, registration: RegistrationEvents, incoming: IncomingCalls) -> None:
        super().__init__()
        self._registration = registration
        self._incoming = incoming

    def onRegState(self, prm: Any) -> None:
        self._registration.on_reg_state(prm.code, prm.reason, prm.expiration)

    def onIncomingCall(self, prm: Any) -> None:
        self._incoming.on_incoming_call(self, prm.callId, prm.rdata.wholeMsg, prm.rdata.srcAddress)


class PjRefusedCall(pj.Call):  # type: ignore[misc]
    """An incoming call refused at once (answered 4xx from ``onIncomingCall``): pjsua sends the
    answer only after the callback, so the object must live until its DISCONNECTED (dropping it
    earlier would hang the call up with 603 instead). ``keep`` holds it until then."""

    def __init__(self, acc: Any, pj_id: int, keep: set[Any]) -> None:
        super().__init__(acc, pj_id)
        self._keep = keep
        keep.add(self)

    def onCallState(self, prm: Any) -> None:
        if self.getInfo().state == pj.PJSIP_INV_STATE_DISCONNECTED:
            self._keep.discard(self)


class PjCall(pj.Call):  # type: ignore[misc]
    def __init__(self, acc: Any, events: CallEvents, record: CallRecord, pj_id: int = -1) -> None:
        super().__init__(acc, pj_id)
        self._events = events
        self.record = record
        record.pj_call = self

    def onCallState(self, prm: Any) -> None:
        try:
            self._events.on_call_state(self)
        except Exception:  # SWIG would print it and keep the traceback, and this object with it
            pj_log.exception("call state callback failed")

    def onCallMediaState(self, prm: Any) -> None:
        self._events.on_call_media_state(self)

    def onDtmfDigit(self, prm: Any) -> None:
        if prm.method != pj.PJSUA_DTMF_METHOD_SIP_INFO:
            self._events.on_dtmf(self, prm.digit)

    def onDtmfEvent(self, prm: Any) -> None:
        if prm.method == pj.PJSUA_DTMF_METHOD_SIP_INFO:
            self._events.on_dtmf(self, prm.digit)

    def onCallTransferRequest(self, prm: Any) -> None:
        self._events.on_transfer_request(self, prm)

    def onCallTransferStatus(self, prm: Any) -> None:
        self._events.on_transfer_status(self, prm)

    def onCallReplaced(self, prm: Any) -> None:
        self._events.on_call_replaced(self, prm)

    def onCallTsxState(self, prm: Any) -> None:
        """Only a 491 (request pending) to our re-INVITE matters: both ends re-INVITEd at once."""
        event = prm.e
        if event.type != pj.PJSIP_EVENT_TSX_STATE:
            return
        tsx = event.body.tsxState.tsx
        if (
            tsx.statusCode == _REQUEST_PENDING
            and tsx.role == pj.PJSIP_ROLE_UAC
            and tsx.method == "INVITE"
            and tsx.state == pj.PJSIP_TSX_STATE_COMPLETED
        ):
            self._events.on_reinvite_glare(self)
