"""The engine's bridge port on a real call (Qt-free): what the far end sends reaches the playback
ring, what the microphone ring holds reaches the far end, and mute silences it at the source."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Self

import numpy as np
import pytest

from softphone.audio.bridge import AudioBridge
from softphone.audio.frames import FRAME_BYTES, SAMPLE_RATE
from softphone.sip.engine import SipEngine
from softphone.sip.events import CallState
from softphone.thread_state import current_thread_state_id
from tests.helpers.background import BackgroundLoop, Metronome
from tests.helpers.kamailio import Kamailio
from tests.helpers.pipewire import dominant_frequency, loud_part, read_wav, rms_dbfs, tone, write_wav
from tests.helpers.sip_peer import SipPeer
from tests.integration.audio.conftest import account
from tests.integration.sip.conftest import EventLog

pytestmark = pytest.mark.sip


class FakeSoundCard(BackgroundLoop):
    """Stands in for Qt's streams on a thread of its own: drains the playback ring into a list and
    feeds the capture ring from a signal, both at real time in 10 ms steps."""

    def __init__(self, bridge: AudioBridge) -> None:
        super().__init__("fake-sound-card")
        self.bridge = bridge
        self.played = bytearray()
        self.feed: np.ndarray = np.zeros(0, dtype=np.int16)
        self._position = 0
        self._clock = Metronome(0.010)

    def __enter__(self) -> Self:
        self.bridge.streams_started()
        return super().__enter__()

    def step(self) -> float:
        step = FRAME_BYTES // 2
        self.played += self.bridge.read_playback(step)
        chunk = self.feed[self._position // 2 : (self._position + step) // 2]
        data = chunk.tobytes() if len(chunk) else bytes(step)
        self.bridge.write_capture(data.ljust(step, b"\0"))
        self._position += step
        return self._clock.wait_s()

    def played_samples(self) -> np.ndarray:
        return np.frombuffer(bytes(self.played), dtype="<i2")


@pytest.fixture
def bridge() -> AudioBridge:
    return AudioBridge()


@pytest.fixture
def bridged_engine(kamailio: Kamailio, events: EventLog, bridge: AudioBridge) -> Iterator[SipEngine]:
    engine = SipEngine(events, audio=bridge)
    engine.start()
    engine.configure_account(account(kamailio), "1001pw")
    events.registered()
    yield engine
    engine.stop()


def answered_call(engine: SipEngine, events: EventLog, peer: SipPeer, port: int) -> tuple[int, int]:
    peer.cmd("policy", incoming="answer")
    peer_call = int(peer.cmd("call", uri=f"sip:1001@127.0.0.1:{port}")["id"])
    call_id = events.incoming().call_id
    engine.answer(call_id)
    events.state(call_id, CallState.ACTIVE)
    peer.wait("media", id=peer_call, status="active")
    return call_id, peer_call


def test_far_end_tone_reaches_the_playback_ring_and_the_microphone_reaches_the_far_end(
    bridged_engine: SipEngine,
    events: EventLog,
    bridge: AudioBridge,
    kamailio: Kamailio,
    peer_factory: Callable[[str], SipPeer],
    tmp_path: Path,
) -> None:
    bob = peer_factory("bob")
    bob.register("1002", kamailio.port)
    call_id, peer_call = answered_call(bridged_engine, events, bob, kamailio.port)
    with FakeSoundCard(bridge) as card:
        card.feed = tone(1200, 3.0)
        bob.cmd("play", id=peer_call, wav=str(write_wav(tmp_path / "far.wav", tone(700, 3.0))))
        bob.cmd("record", id=peer_call, wav=str(tmp_path / "heard.wav"))
        time.sleep(2.0)
        bob.cmd("stop_media", id=peer_call)
        bridged_engine.set_mute(call_id, True)
        events.wait(type(events.state(call_id, CallState.ACTIVE)), lambda e: e.call_id == call_id and e.muted)
        time.sleep(0.3)
        bob.cmd("record", id=peer_call, wav=str(tmp_path / "muted.wav"))
        time.sleep(1.0)
        bob.cmd("stop_media", id=peer_call)
    played = loud_part(card.played_samples(), SAMPLE_RATE)
    assert len(played) > SAMPLE_RATE, "the far end's tone did not reach the playback ring"
    assert abs(dominant_frequency(played, SAMPLE_RATE) - 700) < 15
    heard, rate = read_wav(tmp_path / "heard.wav")
    heard = loud_part(heard, rate)
    assert len(heard) > rate, "the microphone did not reach the far end"
    assert abs(dominant_frequency(heard, rate) - 1200) < 15
    muted, rate = read_wav(tmp_path / "muted.wav")
    assert bridge.source_muted
    # muted at the source: only the codec's idle noise reaches the far end (once measured -59 dBFS),
    # not the 1200 Hz tone (about -10 dBFS)
    assert rms_dbfs(muted[rate // 10 :]) < -50
    bridged_engine.hangup(call_id)
    events.state(call_id, CallState.ENDED)
    assert not bridge.source_muted  # no call is talked on: the source is open again
    assert bridge.frames_played > 50 and bridge.frames_captured > 50


class StateRecordingBridge(AudioBridge):
    """Notes, for each frame pjmedia's clock thread asks for, that thread and its Python state."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[int, int]] = []

    def capture_frame(self) -> bytearray:
        self.seen.append((threading.get_ident(), current_thread_state_id()))
        return super().capture_frame()


def test_the_clock_thread_keeps_one_python_state_per_call_and_a_second_call_gets_a_new_one(
    kamailio: Kamailio, events: EventLog, peer_factory: Callable[[str], SipPeer]
) -> None:
    bridge = StateRecordingBridge()
    engine = SipEngine(events, audio=bridge)
    engine.start()
    try:
        engine.configure_account(account(kamailio), "1001pw")
        events.registered()
        bob = peer_factory("bob")
        bob.register("1002", kamailio.port)
        per_call: list[set[tuple[int, int]]] = []
        for _ in range(2):
            bridge.seen.clear()
            call_id, _ = answered_call(engine, events, bob, kamailio.port)
            time.sleep(0.5)
            engine.hangup(call_id)
            events.state(call_id, CallState.ENDED)
            assert len(bridge.seen) > 10, "no frames asked for"
            per_call.append(set(bridge.seen))
        # one state for all of a call's frames (SWIG made one per callback before), and the clock
        # thread of the second call (a new thread: setNoDev ended the first) got its own
        assert [len(states) for states in per_call] == [1, 1]
        assert per_call[0] != per_call[1]
    finally:
        engine.stop()
