"""The settings' sound checks: a test chime on the chosen speaker, and the microphone echo test
(record a few seconds from the chosen microphone, then play them back on the chosen speaker).

Both use their own short-lived ``QAudioSink`` / ``QAudioSource`` on the GUI thread (a check is not
a call: a late buffer only delays it) in the call format, so they exercise the same devices and
format the calls use. ``state_changed`` reports "playing", "recording", "done" or "failed: reason".
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QTimer, Signal
from PySide6.QtMultimedia import QAudioDevice, QAudioSink, QAudioSource, QMediaDevices, QtAudio

from softphone.audio.frames import peak_dbfs
from softphone.audio.tones import speaker_test_chime
from softphone.ui.audio.streams import call_format

log = logging.getLogger(__name__)

ECHO_TEST_SECONDS = 4


class SoundCheck(QObject):
    state_changed = Signal(str)
    input_level = Signal(float)  # dBFS while the echo test records

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sink: QAudioSink | None = None
        self._source: QAudioSource | None = None
        self._capture: QIODevice | None = None
        self._buffer: QBuffer | None = None
        self._recorded = bytearray()
        self._speaker: QAudioDevice | None = None
        self.state = "done"

    @property
    def busy(self) -> bool:
        return self.state in ("playing", "recording")

    def play_chime(self, speaker: QAudioDevice | None) -> None:
        self.stop()
        self._play(speaker, speaker_test_chime())

    def echo_test(self, microphone: QAudioDevice | None, speaker: QAudioDevice | None) -> None:
        self.stop()
        self._speaker = speaker
        self._recorded = bytearray()
        device = microphone if microphone is not None else QMediaDevices.defaultAudioInput()
        source = self._source = QAudioSource(device, call_format(), self)
        self._capture = source.start()
        if self._capture is None or source.error() != QtAudio.Error.NoError:
            self._fail(source.error().name)
            return
        self._capture.readyRead.connect(self._on_recorded)
        self._set_state("recording")
        QTimer.singleShot(ECHO_TEST_SECONDS * 1000, self, self._play_back)

    def stop(self) -> None:
        if self._source is not None:
            self._source.stop()
            self._source.deleteLater()
            self._source = self._capture = None
        if self._sink is not None:
            self._sink.stateChanged.disconnect()
            self._sink.stop()
            self._sink.deleteLater()
            self._sink = None
        if self.busy:
            self._set_state("done")

    # ----- internals -------------------------------------------------------------------------------
    def _on_recorded(self) -> None:
        if self._capture is None:
            return
        chunk = bytes(self._capture.readAll().data())
        self._recorded += chunk
        if chunk:
            self.input_level.emit(peak_dbfs(chunk[: len(chunk) - len(chunk) % 2]))

    def _play_back(self) -> None:
        if self._source is None or self.state != "recording":
            return
        self._source.stop()
        self._source.deleteLater()
        self._source = self._capture = None
        self._play(self._speaker, bytes(self._recorded))

    def _play(self, speaker: QAudioDevice | None, data: bytes) -> None:
        device = speaker if speaker is not None else QMediaDevices.defaultAudioOutput()
        buffer = self._buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        sink = self._sink = QAudioSink(device, call_format(), self)
        sink.stateChanged.connect(self._on_sink_state)
        sink.start(buffer)
        if sink.error() != QtAudio.Error.NoError:
            self._fail(sink.error().name)
            return
        self._set_state("playing")

    def _on_sink_state(self) -> None:  # no parameter: see streams.CallStreams._watcher_of
        sink = self._sink
        if sink is None:
            return
        state = sink.state()
        if state == QtAudio.State.IdleState:  # all played
            self.stop()
        elif state == QtAudio.State.StoppedState and sink.error() != QtAudio.Error.NoError:
            self._fail(sink.error().name)

    def _fail(self, reason: str) -> None:
        log.warning("sound check failed: %s", reason)
        self.stop()
        self._set_state(f"failed: {reason}")

    def _set_state(self, state: str) -> None:
        self.state = state
        self.state_changed.emit(state)
