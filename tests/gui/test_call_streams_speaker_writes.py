"""The sound moves on pjmedia's clock thread while ``audio-io`` switches and closes the streams.

``CallStreams.pull_capture`` (before each microphone frame) and ``write_speaker`` (after each frame
for the speaker) run on the clock thread and use the Qt streams that the ``audio-io`` thread
(``AudioIoThread``, turning its event loop every 50 ms) owns. Here a plain thread stands in for the
clock (every 20 ms: a microphone frame read and a tone frame handed over, as the bridge port does),
on a private PipeWire, while the test switches the speaker between two sinks again and again, as
hot-plugging does, and plays a tone into the microphone. What an operator would notice is checked:
no error on the clock thread, the tone playing on the sink switched to last, the microphone's tone
read by the clock, and, once the streams are closed, nothing taking the frames any more (they pile
up in the playback ring until it trims them). The lock that keeps the clock thread off a stream
being stopped guards a window of a few instructions, which this test cannot aim at.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import numpy as np
import pytest
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtMultimedia import QAudioDevice, QMediaDevices
from pytestqt.qtbot import QtBot

from softphone.audio.bridge import AudioBridge
from softphone.audio.frames import FRAME_BYTES, FRAME_MS, SAMPLE_RATE
from softphone.ui.audio.qt_devices import device_id, quiet_multimedia_logs
from softphone.ui.audio.streams import AudioIoThread, CallStreams, prefer_low_latency
from tests.helpers.background import BackgroundLoop, Metronome
from tests.helpers.pipewire import PrivatePipeWire, dominant_frequency, loud_part, tone

TONE_HZ = 700
MIC_HZ = 1200
SWITCHES = 20


class Controls(QObject):
    """The GUI side's queued signals, as ``AudioController`` sends them, and ``opened``: the
    streams' ``stream_opened`` received on the GUI thread (what the test waits for)."""

    open_streams = Signal(object, object)
    switch_output = Signal(object)
    close_streams = Signal()
    opened = Signal()


class FakeClock(BackgroundLoop):
    """A thread that, every 20 ms as pjmedia's clock thread does, reads a microphone frame (kept in
    ``heard``) and hands the bridge a tone frame for the speaker."""

    def __init__(self, bridge: AudioBridge) -> None:
        super().__init__("fake-clock")
        self._bridge = bridge
        self._frames = tone(TONE_HZ, 1.0).astype("<i2").tobytes()  # 50 whole frames
        self._at = 0
        self._clock = Metronome(FRAME_MS / 1000)
        self.heard = bytearray()

    def step(self) -> float:
        self.heard += self._bridge.capture_frame()  # calls CallStreams.pull_capture
        self._bridge.playback_buffer()[:] = self._frames[self._at : self._at + FRAME_BYTES]
        self._at = (self._at + FRAME_BYTES) % len(self._frames)
        self._bridge.playback_frame_ready(FRAME_BYTES)  # calls CallStreams.write_speaker
        return self._clock.wait_s()


def qt_output(name: str, qtbot: QtBot) -> QAudioDevice:
    found: list[QAudioDevice] = []

    def listed() -> bool:
        found[:] = [d for d in QMediaDevices.audioOutputs() if device_id(d) == name]
        return bool(found)

    qtbot.waitUntil(listed, timeout=5000)
    return found[0]


@pytest.fixture
def audio_io(qtbot: QtBot, pipewire: PrivatePipeWire) -> Iterator[tuple[AudioBridge, CallStreams, Controls]]:
    prefer_low_latency()
    quiet_multimedia_logs()
    bridge = AudioBridge()
    thread = AudioIoThread()
    thread.setObjectName("audio-io")
    streams = CallStreams(bridge)
    streams.moveToThread(thread)
    controls = Controls()
    controls.open_streams.connect(streams.open)
    controls.switch_output.connect(streams.switch_output)
    controls.close_streams.connect(streams.close)
    streams.stream_opened.connect(controls.opened, Qt.ConnectionType.QueuedConnection)
    thread.finished.connect(streams.deleteLater, Qt.ConnectionType.DirectConnection)
    thread.start()
    try:
        yield bridge, streams, controls
    finally:
        controls.close_streams.emit()
        thread.stop(5000)


def test_sound_moved_on_the_clock_thread_survives_twenty_speaker_switches_both_ways(
    qtbot: QtBot, pipewire: PrivatePipeWire, audio_io: tuple[AudioBridge, CallStreams, Controls]
) -> None:
    bridge, _, controls = audio_io
    pipewire.add_sink("hs", "Headset")
    headset, speaker = qt_output("hs", qtbot), qt_output("spk", qtbot)
    with qtbot.waitSignal(controls.opened, timeout=5000):
        controls.open_streams.emit(headset, None)

    with FakeClock(bridge) as clock:
        player = pipewire.play("mic", tone(MIC_HZ, 3.0))
        for n in range(SWITCHES):
            with qtbot.waitSignal(controls.opened, timeout=5000):
                controls.switch_output.emit(speaker if n % 2 == 0 else headset)
            qtbot.wait(60)  # a few frames written to each sink before the next switch
        assert not clock.errors
        last = "hs"  # twenty switches from the headset end on it
        with pipewire.recording(last) as heard:
            time.sleep(1.0)
        assert not clock.errors
        player.wait(5)

        trims_before = bridge.playback.stats().trims
        controls.close_streams.emit()
        # nothing takes the frames now: they pile up in the ring until it trims them back
        qtbot.waitUntil(lambda: bridge.playback.stats().trims > trims_before, timeout=3000)
        assert not clock.errors

    loud = loud_part(heard.samples, SAMPLE_RATE)
    assert len(loud) > SAMPLE_RATE // 2, "the tone did not play on the sink switched to last"
    assert abs(dominant_frequency(loud, SAMPLE_RATE) - TONE_HZ) < 15
    from_microphone = loud_part(np.frombuffer(bytes(clock.heard), dtype="<i2"), SAMPLE_RATE)
    assert len(from_microphone) > SAMPLE_RATE, "the clock thread did not read the microphone's tone"
    assert abs(dominant_frequency(from_microphone, SAMPLE_RATE) - MIC_HZ) < 15
