"""Plain, Qt-free events the SIP engine emits, and the settings it is configured with.

The engine calls its ``on_event`` callback with these objects on the pjsua2 owner
thread; the UI bridge re-emits them as queued Qt signals. They are frozen dataclasses
so they can cross threads safely.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from softphone.sip.registration_problem import RegistrationProblem


class Transport(enum.StrEnum):
    UDP = "udp"
    TCP = "tcp"
    TLS = "tls"


class SrtpMode(enum.StrEnum):
    OFF = "off"
    OPTIONAL = "optional"
    MANDATORY = "mandatory"


class DtmfMethod(enum.StrEnum):
    RFC2833 = "rfc2833"
    SIP_INFO = "sip_info"


class RegistrationState(enum.StrEnum):
    UNREGISTERED = "unregistered"
    REGISTERING = "registering"
    REGISTERED = "registered"
    FAILED = "failed"  # final until the operator changes something (e.g. wrong password)
    RETRYING = "retrying"  # registrar unreachable or erroring; the engine retries with backoff
    DIRECT = "direct"  # an account that does not register (demo, direct IP calls): ready for calls


class CallDirection(enum.StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class CallState(enum.StrEnum):
    DIALING = "dialing"  # INVITE sent, nothing back yet
    RINGING_OUT = "ringing_out"  # 180/183 from the far end
    RINGING_IN = "ringing_in"  # incoming call waiting for the operator
    CONNECTING = "connecting"  # answered, waiting for ACK
    ACTIVE = "active"  # confirmed, media flowing (or held, see the hold flags)
    ENDED = "ended"


class CallOutcome(enum.StrEnum):
    ANSWERED = "answered"  # was connected, then ended normally
    BUSY = "busy"  # far end said 486/600
    NO_ANSWER = "no_answer"  # 408/480 or our own ring timeout
    DECLINED = "declined"  # far end said 603, or the operator rejected an incoming call
    CANCELLED = "cancelled"  # caller gave up before answer (we sent or received CANCEL)
    MISSED = "missed"  # incoming call never answered here
    TRANSFERRED = "transferred"  # left us by blind or attended transfer
    FAILED = "failed"  # anything else (4xx/5xx/6xx, network error)


@dataclass(frozen=True, slots=True)
class SipAccountSettings:
    """Everything the engine needs to register one account. The password is passed separately."""

    username: str
    domain: str  # SIP domain / registrar host, e.g. "127.0.0.1" or "pbx.example.com"
    registrar: str = ""  # full registrar URI; derived from domain/port/transport if empty
    port: int = 5060
    transport: Transport = Transport.UDP
    auth_username: str = ""  # defaults to username
    display_name: str = ""
    outbound_proxy: str = ""  # e.g. "sip:127.0.0.1:5060;lr"
    local_port: int = 0  # 0 = any free port
    bind_address: str = ""  # "" = all interfaces; "127.0.0.1" keeps the demo on loopback
    stun_servers: tuple[str, ...] = ()
    ice_enabled: bool = False
    srtp: SrtpMode = SrtpMode.OFF
    tls_verify_server: bool = True
    tls_ca_file: str = ""
    dtmf_method: DtmfMethod = DtmfMethod.RFC2833
    register_expires_s: int = 300
    retry_min_s: float = 1.0  # first re-register attempt after a failure
    retry_max_s: float = 60.0  # backoff cap
    auto_answer_enabled: bool = False  # dialer campaigns; honoured only with the INVITE headers
    # Opus first where the pjsua2 build has it (ours; not the PyPI wheel), then G.722, G.711; speex last
    codec_priorities: tuple[tuple[str, int], ...] = (
        ("opus/48000/2", 255),
        ("G722/16000", 254),
        ("PCMA/8000", 253),
        ("PCMU/8000", 252),
        ("GSM/8000", 100),
        ("iLBC/8000", 90),
        ("speex/8000", 10),
        ("speex/16000", 9),
        ("speex/32000", 8),
    )
    register: bool = True  # False: a local account with no registrar (demo, direct IP calls)
    # First local RTP port of this account's calls (RTP on even ports, RTCP on the next one);
    # 0 = any free port. Two UAs on one machine get disjoint ranges, so neither meets the other's
    # sockets ("RTP socket bind() ... Address already in use").
    rtp_port: int = 4000
    rtp_port_range: int = 0  # how many ports from rtp_port may be used; 0 = pjsua's default (no limit)
    # A REFER from the far end (it asks us to call someone) is refused unless the target's number
    # matches this regular expression in full; "" refuses every one (toll fraud otherwise).
    remote_transfer_pattern: str = ""
    # Take requests only from the registrar and the outbound proxy (when there is one of them):
    # anyone else calling the client's port directly gets 403, so caller IDs cannot be spoofed.
    accept_only_from_servers: bool = True


@dataclass(frozen=True, slots=True)
class RegistrationChanged:
    state: RegistrationState
    code: int = 0  # last SIP status code (0 when none)
    reason: str = ""  # pjsua's full text (for details), e.g. "401 Unauthorized: wrong password?"
    retry_in_s: float | None = None  # set when state is RETRYING
    problem: RegistrationProblem | None = None  # set for FAILED/RETRYING: what the UI says in short
    host: str = ""  # the server concerned (FAILED/RETRYING), or the local address (DIRECT)


@dataclass(frozen=True, slots=True)
class IncomingCall:
    """A call is ringing here. Carries what the workspace needs for screen-pop."""

    call_id: int
    remote_uri: str
    remote_number: str  # user part of From, as received (normalise with phonenumbers in the UI/core)
    remote_display_name: str
    dialled_number: str  # Diversion / P-Called-Party-ID / To / Request-URI user (headers.called_number)
    headers: dict[str, tuple[str, ...]] = field(default_factory=dict)  # raw INVITE headers, lower-case names
    auto_answer_after_s: float | None = None  # set only when enabled AND the INVITE asked for it
    replaces_call_id: int | None = None  # this call replaces one of ours (attended transfer to us)


@dataclass(frozen=True, slots=True)
class CallStateChanged:
    """Any change of a call's visible state: sent for outgoing and incoming calls alike."""

    call_id: int
    direction: CallDirection
    state: CallState
    remote_number: str
    remote_uri: str = ""
    status_code: int = 0
    reason: str = ""
    local_hold: bool = False  # we put it on hold
    remote_hold: bool = False  # the far end put us on hold
    muted: bool = False
    connected_at: float | None = None  # time.time() when it became ACTIVE
    outcome: CallOutcome | None = None  # set when state is ENDED
    dialled_number: str = ""


# TransferProgress.status_code of a transfer the far end accepted (202) that never reported its end:
# our leg ended after a bounded wait (softphone.sip.transfers)
ACCEPTED_UNCONFIRMED = 202


@dataclass(frozen=True, slots=True)
class TransferProgress:
    call_id: int
    status_code: int  # from the NOTIFY sipfrag (100, 180, 200, 4xx...), or ACCEPTED_UNCONFIRMED
    reason: str
    final: bool
    succeeded: bool


@dataclass(frozen=True, slots=True)
class RemoteTransferRequested:
    """The far end asked us (REFER) to call ``target_number``; ``allowed`` says whether we do."""

    call_id: int
    target_number: str
    allowed: bool


@dataclass(frozen=True, slots=True)
class DtmfReceived:
    call_id: int
    digit: str


@dataclass(frozen=True, slots=True)
class CallQualitySampled:
    """The received audio stream's statistics of a connected call, sampled every few seconds
    (``softphone.sip.call_stats``). Counters run from the start of the stream."""

    call_id: int
    codec: str  # "PCMU", "G722", "opus"...
    rx_packets: int  # RTP packets received
    rx_lost: int  # packets missing in the sequence numbers
    loss_burst_packets: float  # mean length of a run of lost packets (0: nothing lost)
    jitter_ms: float  # RFC 3550 interarrival jitter, latest
    rtt_ms: float | None  # round-trip time from RTCP; None until the far end reported
    jitter_buffer_ms: float  # the jitter buffer's mean delay
    at: float  # time.monotonic() of the sample


@dataclass(frozen=True, slots=True)
class CallRecordingChanged:
    """A call's recording started (``recording``) or stopped; ``path`` is its WAV file, complete
    and closed once ``recording`` is False (``softphone.sip.call_recording``)."""

    call_id: int
    recording: bool
    path: str
    duration_s: float = 0.0  # set when it stopped


@dataclass(frozen=True, slots=True)
class EngineError:
    """A command could not be carried out (bad number, no such call, pjsua2 error)."""

    message: str
    call_id: int | None = None


SipEvent = (
    RegistrationChanged
    | IncomingCall
    | CallStateChanged
    | TransferProgress
    | RemoteTransferRequested
    | DtmfReceived
    | CallQualitySampled
    | CallRecordingChanged
    | EngineError
)
