"""Where a call's sound enters and leaves pjsua2: the bridge port on the conference bridge.

pjsua2 runs on its null device (the wheel has no sound backend; our build's ALSA backend sees no
devices under PipeWire); the null device only clocks the conference bridge (20 ms). Every call's
``AudioMedia`` is connected both ways to one ``PjBridgePort`` (an ``AudioMediaPort``), which trades
20 ms frames (16 kHz mono) with ``softphone.audio.bridge.AudioBridge``; the Qt side plays and records
them. Without an ``AudioBridge`` (tools, tests of the engine alone) calls are connected to the null
device as before.

The port's callbacks run on pjmedia's clock thread, not the owner thread: they touch only the
``AudioBridge`` (thread-safe) and the frame they were handed. The port is made once at library
start and kept until shutdown (dropping it while the clock runs can crash), released only after
``setNoDev`` (PLATFORM-FACTS). The clock thread's Python thread state is pinned for as long as the
thread runs (``softphone.thread_state``: SWIG would make and drop one per callback, 100 a second)
and released once ``setNoDev`` has ended the thread (``MediaRoutes.clock_stopped``). Our pjsua2
build copies frames with ``assign_from_bytes`` / ``copy_to_bytearray`` (no Python loop); the
wheel's ``ByteVector`` lacks them and takes the slower element-wise path (about 0.1 ms per frame
pair).

Recording (for the recorder to come): on the owner thread, connect the call's ``AudioMedia`` (the
far end) and ``MediaRoutes.port`` (the operator, after mute and echo cancellation) to one
``AudioMediaRecorder``: the conference bridge mixes both into it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from softphone.audio.frames import CHANNELS, FRAME_BYTES, FRAME_MS, SAMPLE_BYTES, SAMPLE_RATE
from softphone.gc_pauses import FullCollectionHold
from softphone.sip.events import CallState
from softphone.sip.pjsua2_loader import pj
from softphone.thread_state import ThreadStatePin

if TYPE_CHECKING:
    from softphone.audio.bridge import AudioBridge
    from softphone.sip.calls import CallRecord

log = logging.getLogger("softphone.sip.engine")

_FAST_COPY = hasattr(pj.ByteVector, "assign_from_bytes") and hasattr(pj.ByteVector, "copy_to_bytearray")
_ERROR_LOG_EVERY_S = 10.0


class PjBridgePort(pj.AudioMediaPort):  # type: ignore[misc]
    def __init__(self, audio: AudioBridge) -> None:
        super().__init__()
        self._audio = audio
        self._frame_type = pj.PJMEDIA_FRAME_TYPE_AUDIO
        self._errors_logged_at = 0.0
        self.clock_pin = ThreadStatePin()

    def _pin_clock_thread(self) -> None:
        pin = self.clock_pin
        if pin.thread != threading.get_ident():
            pin.release_ended()  # a clock thread before this one (ended when the clock stopped)
            pin.pin()

    def onFrameRequested(self, frame: Any) -> None:
        """The conference bridge wants the operator's next 20 ms (pjmedia's clock thread)."""
        try:
            self._pin_clock_thread()
            data = self._audio.capture_frame()
            if _FAST_COPY:
                frame.buf.assign_from_bytes(data)
            else:
                frame.buf = pj.ByteVector(bytes(data))
            frame.size = FRAME_BYTES
            frame.type = self._frame_type
        except Exception:  # SWIG would print and swallow it (and keep the frame alive in a traceback)
            self._log_failure("frame requested")

    def onFrameReceived(self, frame: Any) -> None:
        """The conference bridge's mix for the operator's ear (pjmedia's clock thread)."""
        try:
            self._pin_clock_thread()
            if frame.type != self._frame_type:
                return
            vector = frame.buf
            count = min(vector.size(), FRAME_BYTES)
            target = self._audio.playback_buffer()
            if _FAST_COPY and vector.size() <= FRAME_BYTES:
                vector.copy_to_bytearray(target)
            else:
                target[:count] = bytes(vector)[:count]
            self._audio.playback_frame_ready(count)
        except Exception:
            self._log_failure("frame received")

    def _log_failure(self, what: str) -> None:
        now = time.monotonic()
        if now - self._errors_logged_at >= _ERROR_LOG_EVERY_S:  # 50 frames a second: not each one
            self._errors_logged_at = now
            log.exception("audio bridge port: %s failed", what)


def encode_opus_at_bridge_rate(ep: Any) -> None:
    """Opus encodes and decodes at the conference bridge's 16 kHz, mono (library start, owner thread).

    SDP still says ``opus/48000/2`` (RFC 7587); the codec's internal rate is ours to choose, and
    pjmedia's default of 48 kHz made every frame go 16 -> 48 kHz before encoding and back after
    decoding, for sound the bridge, the rings and the operator's devices carry at 16 kHz anyway
    (measured: the call's CPU in the README). Builds without Opus (the wheel) have nothing to set."""
    try:
        config = ep.getCodecOpusConfig()
    except pj.Error:
        return
    config.sample_rate = SAMPLE_RATE
    config.channel_cnt = CHANNELS
    ep.setCodecOpusConfig(config)


class MediaRoutes:
    """Owner thread: connects each call's audio to the bridge port (or the null device) and keeps
    the microphone muted at the source while the call being talked on is muted."""

    def __init__(self, audio: AudioBridge | None) -> None:
        self._audio = audio
        self.port: Any = None  # the PjBridgePort, from library start to shutdown
        self._collections = FullCollectionHold()

    def start(self) -> None:
        if self._audio is None:
            return
        port = PjBridgePort(self._audio)
        fmt = pj.MediaFormatAudio()
        fmt.type = pj.PJMEDIA_TYPE_AUDIO
        fmt.clockRate = SAMPLE_RATE
        fmt.channelCount = CHANNELS
        fmt.bitsPerSample = SAMPLE_BYTES * 8
        fmt.frameTimeUsec = FRAME_MS * 1000
        port.createPort("softphone-bridge", fmt)
        self.port = port
        log.info("audio bridge port ready (%s frame copy)", "fast" if _FAST_COPY else "element-wise")

    def clock_started(self) -> None:
        """Owner thread, after ``setNullDev``: call audio flows; no full collections meanwhile
        (``softphone.gc_pauses``)."""
        if self.port is not None:
            self._collections.hold()

    def clock_stopped(self) -> None:
        """Owner thread, after ``setNoDev`` returned: the clock thread has ended (pjmedia joins it)."""
        self._collections.release()
        if self.port is not None:
            self.port.clock_pin.release_ended()

    def release(self) -> None:
        """Shutdown, after ``setNoDev``: the last reference to the port goes."""
        self.port = None

    def connect(self, ep: Any, call_audio: Any) -> None:
        if self.port is not None:
            call_audio.startTransmit(self.port)
            self.port.startTransmit(call_audio)
            return
        manager = ep.audDevManager()
        call_audio.startTransmit(manager.getPlaybackDevMedia())
        manager.getCaptureDevMedia().startTransmit(call_audio)

    def update_source_mute(self, records: Iterable[CallRecord]) -> None:
        """The microphone is muted at the source while the call the operator talks on (connected,
        not held by us) is muted."""
        if self._audio is None:
            return
        talking = [r for r in records if r.state is CallState.ACTIVE and not r.local_hold]
        self._audio.set_source_muted(any(r.muted for r in talking))
