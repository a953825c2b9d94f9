"""Recording a real call through the Qt bridge port: both sides mixed into one file (Kamailio and
a second pjsua2 UA on loopback; the far end plays one tone, the operator's microphone another),
then compressed for storage."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import soundfile

from softphone.audio.bridge import AudioBridge
from softphone.sip.engine import SipEngine
from softphone.sip.events import CallRecordingChanged, CallState
from softphone.workspace import recordings
from tests.helpers.kamailio import Kamailio
from tests.helpers.pipewire import read_wav, tone, write_wav
from tests.helpers.sip_peer import SipPeer
from tests.integration.audio.test_bridge_port import FakeSoundCard, answered_call, bridge, bridged_engine  # noqa: F401
from tests.integration.sip.conftest import EventLog

pytestmark = pytest.mark.sip

FAR_HZ, OPERATOR_HZ = 700.0, 1200.0


def band_level(samples: np.ndarray, rate: int, hz: float) -> float:
    """Share of the spectrum's energy within 20 Hz of ``hz`` (numpy FFT, Hann window)."""
    data = samples.astype(np.float64)
    spectrum = np.abs(np.fft.rfft(data * np.hanning(len(data)))) ** 2
    freqs = np.fft.rfftfreq(len(data), 1 / rate)
    return float(spectrum[np.abs(freqs - hz) < 20].sum() / spectrum.sum())


def test_a_recorded_call_holds_both_sides_and_is_compressed(
    bridged_engine: SipEngine,  # noqa: F811
    events: EventLog,
    bridge: AudioBridge,  # noqa: F811
    kamailio: Kamailio,
    peer_factory: Callable[[str], SipPeer],
    tmp_path: Path,
) -> None:
    bob = peer_factory("bob")
    bob.register("1002", kamailio.port)
    call_id, peer_call = answered_call(bridged_engine, events, bob, kamailio.port)
    (tmp_path / "recordings").mkdir()
    wav = recordings.new_wav_path(tmp_path / "recordings")
    with FakeSoundCard(bridge) as card:
        card.feed = tone(OPERATOR_HZ, 4.0)
        bob.cmd("play", id=peer_call, wav=str(write_wav(tmp_path / "far.wav", tone(FAR_HZ, 4.0))))
        bridged_engine.record_call(call_id, str(wav))
        started = events.wait(CallRecordingChanged, lambda e: e.call_id == call_id and e.recording)
        assert started.path == str(wav) and "1002" not in wav.name
        time.sleep(2.5)
        bridged_engine.hangup(call_id)
        stopped = events.wait(CallRecordingChanged, lambda e: e.call_id == call_id and not e.recording)
        events.state(call_id, CallState.ENDED)
    samples, rate = read_wav(wav)
    seconds = len(samples) / rate
    assert 2.0 < seconds < 3.5, seconds
    assert abs(seconds - stopped.duration_s) < 0.5
    middle = samples[rate // 2 : -rate // 4]
    assert band_level(middle, rate, FAR_HZ) > 0.1, "the far end is missing from the recording"
    assert band_level(middle, rate, OPERATOR_HZ) > 0.1, "the operator is missing from the recording"

    stored = recordings.compress(wav, 42)
    assert stored.name == f"42{recordings.SUFFIX}" and not wav.exists()
    assert stored.stat().st_size < len(samples) * 2 / 4  # compressed well below the 16-bit PCM size
    decoded, decoded_rate = soundfile.read(str(stored), dtype="int16")
    assert abs(len(decoded) / decoded_rate - seconds) < 0.2
    body = decoded[decoded_rate // 2 : -decoded_rate // 4]
    assert band_level(body, decoded_rate, FAR_HZ) > 0.1 and band_level(body, decoded_rate, OPERATOR_HZ) > 0.1
