"""Media options of the account, checked in what a real far end received: SRTP (SDES) in the SDP
offer and its failure when the far end cannot do it, DTMF sent as SIP INFO requests rather than
RFC 2833 events, and the codec order of the offer following ``codec_priorities``."""

from __future__ import annotations

import time
from typing import Any

import pytest

from softphone.sip.engine import SipEngine
from softphone.sip.events import (
    CallOutcome,
    CallState,
    CallStateChanged,
    DtmfMethod,
    EngineError,
    SipAccountSettings,
    SrtpMode,
)
from softphone.sip.pjsua2_loader import LOADED
from tests.helpers.kamailio import Kamailio
from tests.helpers.sip_peer import SipPeer

from .conftest import EventLog, account

pytestmark = pytest.mark.sip

_DEFAULT_CODECS = SipAccountSettings(username="", domain="").codec_priorities


# --------------------------------------------------------------------------- SDP reading
def sdp_of(message: str) -> str:
    """The body of a raw SIP message (the SDP offer of an INVITE)."""
    return message.replace("\r\n", "\n").partition("\n\n")[2]


def audio_line(sdp: str) -> list[str]:
    """The ``m=audio`` line split into port, protocol and payload types."""
    for line in sdp.splitlines():
        if line.startswith("m=audio "):
            return line[len("m=audio ") :].split()
    raise AssertionError(f"no m=audio line in {sdp!r}")


def offered_codecs(sdp: str) -> list[str]:
    """The audio codecs of an offer in payload order, named as pjsua names them (``PCMA/8000``);
    telephone-event (RFC 2833) is left out."""
    rtpmap: dict[str, str] = {}
    for line in sdp.splitlines():
        if line.startswith("a=rtpmap:"):
            payload, _, encoding = line[len("a=rtpmap:") :].partition(" ")
            rtpmap[payload] = "/".join(encoding.split("/")[:2])
    names = []
    for payload in audio_line(sdp)[2:]:
        name = rtpmap[payload]
        if name.startswith("telephone-event/"):
            continue
        name = "G722/16000" if name == "G722/8000" else name  # RFC 3551 keeps G.722 at 8000
        names.append("opus/48000/2" if name == "opus/48000" else name)  # RFC 7587: always 2 channels
    return names


def expected_order(priorities: tuple[tuple[str, int], ...]) -> list[str]:
    """The codecs offered, best first; Opus only where the pjsua2 build has it (ours, not the wheel)."""
    return [
        name
        for name, prio in sorted(priorities, key=lambda item: -item[1])
        if prio > 0 and (LOADED.is_own_build or not name.startswith("opus/"))
    ]


# --------------------------------------------------------------------------- helpers
def peer(peer_factory: Any, kamailio: Kamailio, srtp: str | None = None) -> SipPeer:
    bob: SipPeer = peer_factory("bob")
    bob.register("1002", kamailio.port, srtp=srtp)
    return bob


def configure(engine: SipEngine, events: EventLog, kamailio: Kamailio, **overrides: Any) -> None:
    engine.configure_account(account(kamailio, **overrides), "1001pw")
    events.registered()


def call_and_take_offer(engine: SipEngine, bob: SipPeer) -> tuple[int, dict[str, Any]]:
    """The engine calls bob; returns our call id and bob's ``incoming`` event (the INVITE)."""
    call_id = engine.make_call(bob.user)
    return call_id, bob.wait("incoming")


def connected(engine: SipEngine, events: EventLog, bob: SipPeer) -> tuple[int, int, str]:
    """Engine calls bob, both ends connect; returns (our id, bob's id, the SDP bob was offered)."""
    call_id, incoming = call_and_take_offer(engine, bob)
    events.state(call_id, CallState.ACTIVE)
    bob.wait("state", id=incoming["id"], state="CONFIRMED")
    return call_id, incoming["id"], sdp_of(incoming["msg"])


def hang_up(engine: SipEngine, events: EventLog, call_id: int) -> None:
    engine.hangup(call_id)
    assert events.state(call_id, CallState.ENDED).outcome is CallOutcome.ANSWERED


# --------------------------------------------------------------------------- SRTP
def test_mandatory_srtp_offers_savp_with_crypto_and_connects(
    kamailio: Kamailio, engine: SipEngine, events: EventLog, peer_factory
) -> None:
    configure(engine, events, kamailio, srtp=SrtpMode.MANDATORY)
    bob = peer(peer_factory, kamailio, srtp="optional")
    call_id, peer_call, sdp = connected(engine, events, bob)
    assert audio_line(sdp)[1] == "RTP/SAVP"
    assert any(line.startswith("a=crypto:") for line in sdp.splitlines())
    bob.wait("media", id=peer_call, status="active")
    hang_up(engine, events, call_id)


def test_mandatory_srtp_to_a_peer_without_srtp_fails_with_488(
    kamailio: Kamailio, engine: SipEngine, events: EventLog, peer_factory
) -> None:
    configure(engine, events, kamailio, srtp=SrtpMode.MANDATORY)
    bob = peer(peer_factory, kamailio, srtp="off")
    call_id = engine.make_call(bob.user)
    ended = events.state(call_id, CallState.ENDED)
    assert ended.status_code == 488
    assert "Not Acceptable" in ended.reason
    assert ended.outcome is CallOutcome.FAILED
    assert ended.connected_at is None
    states = [e.state for e in events.of(CallStateChanged) if e.call_id == call_id]
    assert CallState.ACTIVE not in states and CallState.CONNECTING not in states
    assert bob.events("state", state="CONFIRMED") == []


@pytest.mark.parametrize(("srtp", "crypto"), [(SrtpMode.OFF, False), (SrtpMode.OPTIONAL, True)])
def test_srtp_off_or_optional_offers_plain_avp(
    kamailio: Kamailio, engine: SipEngine, events: EventLog, peer_factory, srtp: SrtpMode, crypto: bool
) -> None:
    """OFF: plain RTP/AVP and no keys. OPTIONAL: RTP/AVP too (a far end without SRTP still
    accepts it) but with a=crypto, so a far end that can do SRTP uses it."""
    configure(engine, events, kamailio, srtp=srtp)
    bob = peer(peer_factory, kamailio, srtp="optional")
    call_id, _, sdp = connected(engine, events, bob)
    assert audio_line(sdp)[1] == "RTP/AVP"
    assert any(line.startswith("a=crypto:") for line in sdp.splitlines()) is crypto
    hang_up(engine, events, call_id)


# --------------------------------------------------------------------------- DTMF on the wire
@pytest.mark.parametrize(("method", "infos"), [(DtmfMethod.SIP_INFO, "159#"), (DtmfMethod.RFC2833, "")])
def test_dtmf_method_decides_between_info_requests_and_rfc2833(
    kamailio: Kamailio, engine: SipEngine, events: EventLog, peer_factory, method: DtmfMethod, infos: str
) -> None:
    configure(engine, events, kamailio, dtmf_method=method)
    bob = peer(peer_factory, kamailio)
    call_id, peer_call, _ = connected(engine, events, bob)
    engine.send_dtmf(call_id, "159#")
    wire = "info" if method is DtmfMethod.SIP_INFO else "rfc2833"
    digits = [bob.wait("dtmf", id=peer_call, method=wire)["digit"] for _ in range(4)]
    assert "".join(digits) == "159#"
    signals = []
    for _ in infos:
        info = bob.wait("info", id=peer_call)
        assert info["content_type"] == "application/dtmf-relay"
        fields = dict(line.split("=", 1) for line in info["body"].split() if "=" in line)
        signals.append(fields["Signal"])
    assert "".join(signals) == infos
    time.sleep(0.5)  # a duplicated digit, or one sent the other way too, would arrive within this window
    assert bob.events("dtmf") == [] and bob.events("info") == []
    assert not events.of(EngineError)
    hang_up(engine, events, call_id)


# --------------------------------------------------------------------------- codec order
def test_offer_lists_codecs_in_the_default_priority_order(
    registered_engine: SipEngine, events: EventLog, kamailio: Kamailio, peer_factory
) -> None:
    bob = peer(peer_factory, kamailio)
    call_id, _, sdp = connected(registered_engine, events, bob)
    codecs = offered_codecs(sdp)
    assert codecs == expected_order(_DEFAULT_CODECS)
    opus = ["opus/48000/2"] if LOADED.is_own_build else []
    assert codecs[: len(opus) + 3] == [*opus, "G722/16000", "PCMA/8000", "PCMU/8000"]
    assert [name for name in codecs if name.startswith("speex/")] == codecs[-3:]
    hang_up(registered_engine, events, call_id)


CUSTOM_CODECS = (
    ("PCMU/8000", 255),
    ("speex/16000", 250),
    ("PCMA/8000", 240),
    ("G722/16000", 0),  # 0 = never offered
)


def test_custom_codec_priorities_change_the_offer(
    kamailio: Kamailio, engine: SipEngine, events: EventLog, peer_factory
) -> None:
    configure(engine, events, kamailio, codec_priorities=CUSTOM_CODECS)
    bob = peer(peer_factory, kamailio)
    call_id, _, sdp = connected(engine, events, bob)
    codecs = offered_codecs(sdp)
    assert codecs[:3] == ["PCMU/8000", "speex/16000", "PCMA/8000"]
    assert "G722/16000" not in codecs
    hang_up(engine, events, call_id)


def test_reconfigured_codec_priorities_replace_the_earlier_ones(
    registered_engine: SipEngine, events: EventLog, kamailio: Kamailio, peer_factory
) -> None:
    """Codec priorities are global to pjsua: a new account whose list leaves a codec out must not
    inherit that codec's priority from the account configured before it."""
    bob = peer(peer_factory, kamailio)
    events.clear()
    configure(registered_engine, events, kamailio, codec_priorities=(("PCMU/8000", 255), ("PCMA/8000", 254)))
    call_id, _, sdp = connected(registered_engine, events, bob)
    codecs = offered_codecs(sdp)
    assert codecs[:2] == ["PCMU/8000", "PCMA/8000"]
    # the rest keep pjsua's own defaults, under which speex/16000 comes first; G722 lost its 255
    assert codecs[2] == "speex/16000"
    hang_up(registered_engine, events, call_id)
