"""Call quality measured on real calls whose media crosses a lossy, jittery relay on loopback.

The softphone's engine (1001, registered at Kamailio) calls a pjsua2 peer (1002) that takes PCMU
only. Both ends bind their media to 127.0.0.1; Kamailio (``media_relay=True``) rewrites each SDP
to a face of ``tests/helpers/rtp_relay.MediaRelay``, so all RTP and RTCP cross the relay, with
the loss and jitter each call sets. The
engine's own quality samples (``CallQualitySampled``, every 1.5 s) are folded as the app folds them
(``workspace.call_quality``): the estimated MOS follows the E-model - about 4.3 on a clean PCMU
call, noticeably lower with 5 % loss, under the 3.6 warning with 15 %, and lower with jitter, whose
delay enters through the jitter buffer and the round trip.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from softphone.domain.emodel import POOR_MOS, estimate
from softphone.sip.engine import SipEngine
from softphone.sip.events import CallQualitySampled, CallState
from softphone.workspace.call_quality import CallQuality, QualityReading
from tests.helpers.kamailio import Kamailio
from tests.helpers.rtp_relay import PORTS, Impairment, MediaRelay, free_ports

from .conftest import EventLog, account

pytestmark = pytest.mark.sip

SAMPLES = 6  # 9 s of call: the 10 s live window is then all under the relay's conditions
ONLY_PCMU = {"PCMU/8000": 255, "PCMA/8000": 0, "G722/16000": 0, "speex/8000": 0, "speex/16000": 0,
             "speex/32000": 0, "GSM/8000": 0, "iLBC/8000": 0, "opus/48000/2": 0}  # fmt: skip


@pytest.fixture
def relayed_kamailio(tmp_path: Path) -> Iterator[Kamailio]:
    kam = Kamailio(tmp_path / "kamailio", media_relay=True)
    kam.start()
    yield kam
    kam.stop()


def measured_call(engine: SipEngine, events: EventLog, bob) -> QualityReading:  # type: ignore[no-untyped-def]
    """One call to bob, who answers; its quality after ``SAMPLES`` samples."""
    call_id = engine.make_call("1002")
    events.state(call_id, CallState.ACTIVE, timeout=15)
    quality = CallQuality()
    seen = 0
    deadline = time.monotonic() + 30
    while seen < SAMPLES and time.monotonic() < deadline:
        samples = [e for e in events.of(CallQualitySampled) if e.call_id == call_id]
        for sample in samples[seen:]:
            quality.fold(sample)
        seen = len(samples)
        time.sleep(0.2)
    engine.hangup(call_id)
    events.state(call_id, CallState.ENDED)
    bob.wait("state", state="DISCONNECTED")
    assert seen >= SAMPLES, f"only {seen} quality samples"
    assert quality.reading is not None
    return quality.reading


def test_mos_falls_with_loss_and_jitter_as_the_e_model_says(
    relayed_kamailio: Kamailio, engine: SipEngine, events: EventLog, peer_factory
) -> None:
    kamailio = relayed_kamailio
    caller_port = free_ports()
    callee_port = free_ports(start=caller_port + PORTS)
    relay = MediaRelay(caller_port, callee_port)
    settings = account(kamailio, bind_address="127.0.0.1", rtp_port=caller_port, rtp_port_range=PORTS)
    engine.configure_account(settings, "1001pw")
    events.registered(timeout=15)
    bob = peer_factory("bob", no_vad=True)
    try:
        bob.register("1002", kamailio.port, rtp_port=callee_port, rtp_ports=PORTS)
        bob.cmd("codecs", priorities=ONLY_PCMU)
        readings: dict[str, QualityReading] = {}
        for name, impairment in (
            ("clean", Impairment()),
            ("5% loss", Impairment(loss=0.05)),
            ("15% loss", Impairment(loss=0.15)),
            ("jitter 150 ms", Impairment(jitter_ms=150)),
        ):
            relay.set(impairment)
            readings[name] = measured_call(engine, events, bob)
    finally:
        relay.close()
    assert relay.forwarded > 1000 and relay.dropped > 0  # the media crossed the relay

    clean, lossy, very_lossy, jittery = readings.values()
    assert all(r.codec == "PCMU" for r in readings.values())
    # clean: no loss on a short path: G.711's ~4.4 less a little delay
    assert clean.loss_pct == 0 and clean.mos > 4.2 and not clean.poor
    # the loss measured is the relay's, and the MOS is what the E-model gives for it
    assert 2.5 < lossy.loss_pct < 8 and 10 < very_lossy.loss_pct < 20
    for reading in (lossy, very_lossy):
        expected = estimate("PCMU", reading.loss_pct, 1.0, reading.one_way_delay_ms).mos
        assert reading.mos == pytest.approx(expected, abs=0.15)
    assert clean.mos > lossy.mos > very_lossy.mos
    assert clean.mos - lossy.mos > 0.2  # 5 % loss is noticeably worse
    assert very_lossy.poor and very_lossy.mos < POOR_MOS  # the operator is warned
    # jitter: seen as jitter, and its delay (jitter buffer, round trip) costs MOS
    assert jittery.jitter_ms > 10 * max(clean.jitter_ms, 1.0)
    assert jittery.one_way_delay_ms > clean.one_way_delay_ms + 40
    assert jittery.mos < clean.mos
