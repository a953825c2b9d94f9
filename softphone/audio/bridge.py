"""``AudioBridge``: the call audio between pjsua2's conference bridge and the sound system.

Three threads meet here, each calling only its own methods:

- pjmedia's clock thread (the null device's 20 ms tick), through the engine's bridge port
  (``softphone.sip.audio_port``): ``capture_frame`` hands the conference bridge the next microphone
  frame (with the operator's mute, echo cancellation and noise suppression applied, and the input
  level measured); ``playback_buffer`` / ``playback_frame_ready`` take the frame the bridge mixed
  for the operator's ear.
- the sound system's side (``softphone.ui.audio.streams`` on Qt Multimedia), also on pjmedia's
  clock thread: ``set_capture_pull``'s callable moves what the microphone captured into the
  capture ring (``write_capture``) before each frame is read, and again while a read waits for a
  chunk that is due; ``set_frame_listener``'s callable, called after each frame for the speaker,
  writes it to the sink (``read_playback``). Each frame reaches the sink as soon as it exists, and
  the freshest capture is read, without waking another thread for either (``call_cpu_percent`` in
  the README). ``streams_started`` (the thread that opens the streams) empties the rings when a
  device (re)opens.
- anyone else: ``set_source_muted`` (the engine's owner thread, from the calls' mute state),
  ``set_processor`` and the read-outs ``take_input_level`` / ``stats`` (the GUI thread).

The frame buffers are allocated once here; the per-frame path allocates nothing of its own (the
echo canceller returns one small array per frame). The object lives as long as the app.
"""

from __future__ import annotations

from collections.abc import Callable

from softphone.audio.frames import FRAME_BYTES, SILENCE_DBFS, ms_to_bytes, peak_dbfs, samples_view
from softphone.audio.ring import AudioRing, RingStats
from softphone.audio.voice_processing import VoiceProcessor

# Latency targets (see docs/ARCHITECTURE.md, "Audio path", for the measurements behind them).
PLAYBACK_TARGET_MS = 10  # the speaker is written as each frame comes: half a frame of slack
PLAYBACK_HIGH_MS = 160
PLAYBACK_SQUEEZE_MARGIN_MS = 40  # the sink takes 30 ms at a time: up to ~40 ms waits here normally
CAPTURE_TARGET_MS = 20  # the microphone arrives in ~20 ms chunks on another clock; underruns raise it
CAPTURE_DUE_WAIT_MS = 8  # a microphone chunk a few ms late is waited for (see audio.ring)
CAPTURE_MAX_TARGET_MS = 160  # how far an underrun-prone (loaded) machine may push it
CAPTURE_HIGH_MS = 200
RING_CAPACITY_MS = 600


class AudioBridge:
    def __init__(self) -> None:
        self.playback = AudioRing(
            "speaker",
            ms_to_bytes(RING_CAPACITY_MS),
            ms_to_bytes(PLAYBACK_TARGET_MS),
            ms_to_bytes(PLAYBACK_HIGH_MS),
            squeeze_margin=ms_to_bytes(PLAYBACK_SQUEEZE_MARGIN_MS),
        )
        self.capture = AudioRing(
            "microphone",
            ms_to_bytes(RING_CAPACITY_MS),
            ms_to_bytes(CAPTURE_TARGET_MS),
            ms_to_bytes(CAPTURE_HIGH_MS),
            ms_to_bytes(CAPTURE_MAX_TARGET_MS),
            due_wait_s=CAPTURE_DUE_WAIT_MS / 1000,
        )
        self._mic_frame = bytearray(FRAME_BYTES)
        self._mic = samples_view(self._mic_frame)
        self._far_frame = bytearray(FRAME_BYTES)
        self._far = samples_view(self._far_frame)
        self._far_fresh = False
        self._processor: VoiceProcessor | None = None
        self._source_muted = False
        self._input_peak = SILENCE_DBFS  # the loudest frame since the last take_input_level
        self.frames_captured = 0
        self.frames_played = 0
        self._frame_listener: Callable[[], None] | None = None
        self._capture_pull: Callable[[], None] | None = None

    # ----- pjmedia's clock thread ------------------------------------------------------------------
    def capture_frame(self) -> bytearray:
        """The next 20 ms for the conference bridge (a buffer reused every frame)."""
        pull = self._capture_pull
        if pull is not None:
            pull()
        self.capture.read_into(self._mic_frame)
        level = peak_dbfs(self._mic_frame)
        if level > self._input_peak:
            self._input_peak = level
        processor = self._processor
        if processor is not None:
            if not self._far_fresh:
                self._far.fill(0)
            processor.process(self._mic, self._far)
        self._far_fresh = False
        if self._source_muted:
            self._mic.fill(0)
        self.frames_captured += 1
        return self._mic_frame

    def playback_buffer(self) -> bytearray:
        """Where the bridge port copies the frame the conference bridge sent (then
        ``playback_frame_ready``); it doubles as the echo canceller's reference."""
        return self._far_frame

    def playback_frame_ready(self, count: int) -> None:
        if count < FRAME_BYTES:
            self._far_frame[count:] = bytes(FRAME_BYTES - count)
        self._far_fresh = True
        self.playback.write(self._far_frame)
        self.frames_played += 1
        listener = self._frame_listener
        if listener is not None:
            listener()

    # ----- the sound system's side (read_playback: in the frame listener, on the clock thread) ------
    def read_playback(self, limit: int, sink_starved: bool = False) -> bytes:
        return self.playback.read_available(limit, sink_starved)

    def write_capture(self, data: bytes | bytearray | memoryview) -> None:
        self.capture.write(data)

    def set_capture_pull(self, pull: Callable[[], None] | None) -> None:
        """``pull`` runs on pjmedia's clock thread before each microphone frame is read (and while
        a read waits for a chunk): it writes what the device captured (``write_capture``); ``None``:
        the device's own thread writes it. It must not block."""
        self._capture_pull = pull
        self.capture.set_refill(pull)

    def set_frame_listener(self, listener: Callable[[], None] | None) -> None:
        """``listener`` runs on pjmedia's clock thread after each frame for the speaker, and writes
        it to the sound system (``read_playback``); ``None``: no more calls. It must not block: the
        conference bridge's clock waits for it."""
        self._frame_listener = listener

    def streams_started(self) -> None:
        """A device (re)opened: start from empty, primed rings (no stale audio from before)."""
        self.playback.clear()
        self.capture.clear()

    # ----- any thread ------------------------------------------------------------------------------
    @property
    def source_muted(self) -> bool:
        return self._source_muted

    def set_source_muted(self, muted: bool) -> None:
        """Silence the microphone before it reaches the conference bridge (every call and any
        recorder connected to the bridge port get silence)."""
        self._source_muted = muted

    @property
    def processor(self) -> VoiceProcessor | None:
        return self._processor

    def set_processor(self, processor: VoiceProcessor | None) -> None:
        self._processor = processor

    def take_input_level(self) -> float:
        """The microphone's peak (dBFS) since the last call (the level meter polls this)."""
        level, self._input_peak = self._input_peak, SILENCE_DBFS
        return level

    def stats(self) -> tuple[RingStats, RingStats]:
        return self.playback.stats(), self.capture.stats()

    def glitches(self) -> int:
        return sum(stats.glitches for stats in self.stats())
