"""The call's sound on Qt Multimedia: a ``QAudioSink`` and a ``QAudioSource`` owned by ``audio-io``.

``CallStreams`` lives on the ``audio-io`` thread (``AudioIoThread``), which opens, switches and
closes both streams through its queued slots. Both streams run in push mode, and the sound moves on
pjmedia's clock thread, every 20 ms, with no other thread woken for it:

- the microphone: before each frame is read, ``pull_capture`` moves what the source has captured
  into the capture ring (``AudioBridge.set_capture_pull``; while a read waits for a chunk that is
  due, it is called again every millisecond: ``softphone.audio.ring``);
- the speaker: after each frame, ``write_speaker`` writes what the playback ring holds into the
  sink, as much as it has room for (``AudioBridge.set_frame_listener``).

In Qt 6.10 and later (we pin 6.11) a push-mode stream's device is a lock-free single-producer,
single-consumer ring between the app and Qt's sound thread; the clock thread is the app's only
producer of the sink's and only consumer of the source's. ``_io_lock`` keeps the clock thread off a
stream that ``audio-io`` is stopping: the stream and its device are dropped under the lock before
``stop`` (which deletes the device).

``audio-io`` turns its event loop every ``AudioIoThread.TURN_S`` instead of sleeping in it. Qt's
sound thread signals the thread that owns a stream on every server request (the sink's, every
5.3 ms; each capture fragment), about 320 wake-ups a second during a call that ran nothing of ours.
Nothing there needs them now, so they wait for the next turn. Only the streams' commands (open,
switch, close: up to a turn late, ``device_switch_ms`` in the README) and state changes run there.

What this replaced, each measured in the app during a call (paired runs: two versions alternating
call by call; figures in the README): the clock thread woke ``audio-io`` with a queued signal per
frame and ``audio-io`` wrote the sink (0.5 % of a core more); the source's ``readyRead`` moved the
microphone's data on ``audio-io`` and its event loop slept in ``poll`` (0.7 % more). Before that a
10 ms timer drove both (twice the wake-ups, up to a tick of extra delay each way), and before that
Qt's pull mode called into Python three to five times per frame and stalled after a late pull;
PySide6 also hands ``QIODevice.writeData`` its bytes as a ``str`` cut at the first zero byte, so a
pull-mode capture device cannot be written in Python.

Latency: Qt's Pulse backend asks the server for 64 ms capture fragments unless told otherwise;
``prefer_low_latency`` sets ``PULSE_LATENCY_MSEC`` (libpulse applies it to every stream of the
process) before the first stream opens. The sink's buffer (``SINK_BUFFER_MS``) is kept full by the
writes; the playback ring holds what did not fit yet. 40 ms for the sink alone (half the server's
requests) made no difference that paired runs could see, and 60 ms failed the latency goal.

A stream that fails (its device unplugged and not moved by the sound server, a device that
cannot open) is reported with ``stream_failed``; the controller then picks another device.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QIODevice, QObject, QThread, Signal, Slot
from PySide6.QtMultimedia import QAudioDevice, QAudioFormat, QAudioSink, QAudioSource, QMediaDevices, QtAudio
from shiboken6 import isValid

from softphone.audio.bridge import AudioBridge
from softphone.audio.devices import Direction
from softphone.audio.frames import SAMPLE_RATE, ms_to_bytes
from softphone.ui.audio.qt_devices import device_id

log = logging.getLogger(__name__)

PULSE_LATENCY_MS = 20
SINK_BUFFER_MS = 30  # the sink's own buffer: what a late clock tick can ride through
SOURCE_BUFFER_MS = 200  # Qt's capture ring: read every 20 ms by the clock thread, so only a stall fills it


def prefer_low_latency(platform: str = sys.platform) -> None:
    """Ask libpulse for short buffers (Linux; a value set by the user or IT is kept). Call before
    the first Qt audio stream opens."""
    if platform.startswith("linux"):
        os.environ.setdefault("PULSE_LATENCY_MSEC", str(PULSE_LATENCY_MS))


class AudioIoThread(QThread):
    """The thread that owns the call's streams: runs its queued events every ``TURN_S`` (see the
    module's docstring). ``stop`` ends it after a last turn."""

    TURN_S = 0.05

    def run(self) -> None:
        while not self.isInterruptionRequested():
            self._turn()
            time.sleep(self.TURN_S)
        self._turn()

    @staticmethod
    def _turn() -> None:
        QCoreApplication.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # closed streams

    def stop(self, timeout_ms: int = 5000) -> bool:
        self.requestInterruption()
        return self.wait(timeout_ms)


def call_format() -> QAudioFormat:
    fmt = QAudioFormat()
    fmt.setSampleRate(SAMPLE_RATE)
    fmt.setChannelCount(1)
    fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
    return fmt


class CallStreams(QObject):
    """Owns the sink and the source; every slot runs on the audio-io thread, ``pull_capture`` and
    ``write_speaker`` on pjmedia's clock thread."""

    stream_opened = Signal(str, str)  # Direction value, device description
    # Direction value, reason, the device asked for (its id; "" for the system default): the
    # controller ignores the failure of a stream it has already replaced
    stream_failed = Signal(str, str, str)

    def __init__(self, bridge: AudioBridge) -> None:
        super().__init__()
        self._bridge = bridge
        self._format = call_format()
        self._sink: QAudioSink | None = None
        self._source: QAudioSource | None = None
        self._sink_io: QIODevice | None = None
        self._capture_io: QIODevice | None = None
        self._io_lock = threading.Lock()  # the streams' devices, as the clock thread uses them
        self._asked: dict[Direction, str] = {}  # the device each open stream was asked for
        self._sink_size = 0
        self._sink_running = False
        self._speaker_volume = 1.0
        self._microphone_volume = 1.0

    # ----- slots (queued from the GUI thread) ------------------------------------------------------
    @Slot(object, object)
    def open(self, output: QAudioDevice | None, input_: QAudioDevice | None) -> None:
        self.close()
        self._bridge.streams_started()
        self._open_sink(output)
        self._open_source(input_)
        self._bridge.set_capture_pull(self.pull_capture)
        self._bridge.set_frame_listener(self.write_speaker)

    @Slot()
    def close(self) -> None:
        self._bridge.set_frame_listener(None)
        self._bridge.set_capture_pull(None)
        self._close_sink()
        self._close_source()

    def write_speaker(self) -> None:
        """pjmedia's clock thread, after each frame it handed the bridge for the speaker."""
        with self._io_lock:
            sink, sink_io = self._sink, self._sink_io
            if sink is None or sink_io is None:
                return
            room = sink.bytesFree()
            if not self._sink_running and room < self._sink_size:  # the sink plays now: drop the pile-up
                self._sink_running = True
                self._bridge.playback.resync()
            data = self._bridge.read_playback(room, sink_starved=room >= self._sink_size)
            if data:
                sink_io.write(data)

    def pull_capture(self) -> None:
        """pjmedia's clock thread, before a microphone frame is read."""
        with self._io_lock:
            capture_io = self._capture_io
            if capture_io is not None:
                data = capture_io.readAll()
                if data.size():
                    self._bridge.write_capture(memoryview(data))

    @Slot(object)
    def switch_output(self, output: QAudioDevice | None) -> None:
        if self._sink is None:
            return
        self._close_sink()
        self._bridge.playback.clear()
        self._open_sink(output)

    @Slot(object)
    def switch_input(self, input_: QAudioDevice | None) -> None:
        if self._source is None:
            return
        self._close_source()
        self._bridge.capture.clear()
        self._open_source(input_)

    @Slot(float, float)
    def set_volumes(self, speaker: float, microphone: float) -> None:
        self._speaker_volume, self._microphone_volume = speaker, microphone
        if self._sink is not None:
            self._sink.setVolume(speaker)
        if self._source is not None:
            self._source.setVolume(microphone)

    # ----- the speaker ------------------------------------------------------------------------------
    def _open_sink(self, device: QAudioDevice | None) -> None:
        asked = "" if device is None else device_id(device)
        device = device if device is not None else QMediaDevices.defaultAudioOutput()
        sink = QAudioSink(device, self._format, self)
        sink.setBufferSize(ms_to_bytes(SINK_BUFFER_MS))
        sink.setVolume(self._speaker_volume)
        sink.stateChanged.connect(self._watcher_of(sink, Direction.OUTPUT))
        sink_io = sink.start()
        with self._io_lock:
            self._sink, self._sink_io = sink, sink_io
            self._sink_size = sink.bufferSize()
            self._sink_running = False
        self._asked[Direction.OUTPUT] = asked
        if self._check(sink, Direction.OUTPUT):
            log.info("speaker: %s", device.description())
            self.stream_opened.emit(Direction.OUTPUT.value, device.description())

    def _close_sink(self) -> None:
        sink = self._sink
        with self._io_lock:  # no write from the clock thread reaches it from here on
            self._sink = self._sink_io = None
        if sink is not None:
            sink.stateChanged.disconnect()
            sink.stop()
            sink.deleteLater()

    # ----- the microphone ---------------------------------------------------------------------------
    def _open_source(self, device: QAudioDevice | None) -> None:
        asked = "" if device is None else device_id(device)
        device = device if device is not None else QMediaDevices.defaultAudioInput()
        source = QAudioSource(device, self._format, self)
        source.setBufferSize(ms_to_bytes(SOURCE_BUFFER_MS))
        source.setVolume(self._microphone_volume)
        source.stateChanged.connect(self._watcher_of(source, Direction.INPUT))
        capture_io = source.start()
        with self._io_lock:
            self._source, self._capture_io = source, capture_io
        self._asked[Direction.INPUT] = asked
        if self._check(source, Direction.INPUT):
            log.info("microphone: %s", device.description())
            self.stream_opened.emit(Direction.INPUT.value, device.description())

    def _close_source(self) -> None:
        source = self._source
        with self._io_lock:  # no read from the clock thread reaches it from here on
            self._source = self._capture_io = None
        if source is not None:
            source.stateChanged.disconnect()
            source.stop()
            source.deleteLater()

    # ----- failures -------------------------------------------------------------------------------
    def _watcher_of(self, stream: QAudioSink | QAudioSource, direction: Direction) -> Callable[[], None]:
        """A slot without parameters: PySide6 6.11 cannot convert ``stateChanged``'s QAudio::State
        argument for a Python slot that takes it (a TypeError on every change); it reads the state."""

        def on_state_changed() -> None:
            if isValid(stream):  # a change queued as the stream was being deleted (thread ending)
                self._check(stream, direction)

        return on_state_changed

    def _check(self, stream: QAudioSink | QAudioSource, direction: Direction) -> bool:
        """True while ``stream`` is fine; a stopped stream with an error is reported once."""
        if stream is not self._sink and stream is not self._source:
            return False
        error = stream.error()
        if error == QtAudio.Error.NoError or stream.state() != QtAudio.State.StoppedState:
            return True
        log.warning("%s stream stopped: %s", direction.value, error.name)
        self.stream_failed.emit(direction.value, error.name, self._asked.get(direction, ""))
        return False
