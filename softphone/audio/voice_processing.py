"""Echo cancellation and noise suppression of the operator's microphone, for desks without a headset.

pjmedia's own echo canceller sits in its sound-device port, which the null device the engine runs
on does not have: ``AudDevManager.setEcOptions`` is accepted there and cancels nothing (measured,
see docs/ARCHITECTURE.md). So the bridge runs WebRTC's audio processing module (AEC3 and its
noise suppressor, through the ``pywebrtc-audio`` wheels for Linux, Windows and macOS) on each
20 ms microphone frame, with the frame last sent to the speaker as the echo reference. It runs on
pjmedia's clock thread with the GIL released inside the library; the cost per call is in the
README (benchmarks).
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np

from softphone.audio.frames import SAMPLE_RATE, Samples

log = logging.getLogger(__name__)

NOISE_SUPPRESSION_LEVEL = 2  # 0-3: 6, 12, 18, 21 dB; 18 dB keeps speech natural on a headset mic


class VoiceProcessingUnavailable(RuntimeError):
    """The processing library cannot be loaded on this machine."""


class VoiceProcessor:
    """Processes one microphone frame in place; ``far`` is what the speaker played meanwhile."""

    def __init__(self, echo_cancellation: bool, noise_suppression: bool, echo_delay_ms: int) -> None:
        try:
            from pywebrtc_audio import AudioProcessor
        except ImportError as exc:  # a platform without the wheel: the call goes on unprocessed
            raise VoiceProcessingUnavailable(str(exc)) from exc
        self.echo_cancellation = echo_cancellation
        self.noise_suppression = noise_suppression
        self._processor: Any = AudioProcessor(
            sample_rate=SAMPLE_RATE,
            num_channels=1,
            echo_cancellation=echo_cancellation,
            noise_suppression=noise_suppression,
            ns_level=NOISE_SUPPRESSION_LEVEL,
            stream_delay_ms=max(0, echo_delay_ms),
        )

    def process(self, near: Samples, far: Samples) -> None:
        cleaned = self._processor.process(near, far if self.echo_cancellation else None)
        np.copyto(near, cleaned)

    def describe(self) -> str:
        parts = [
            name for name, on in (("echo", self.echo_cancellation), ("noise", self.noise_suppression)) if on
        ]
        return "+".join(parts) or "off"


def make_processor(
    echo_cancellation: bool, noise_suppression: bool, echo_delay_ms: int
) -> VoiceProcessor | None:
    """The processor the settings ask for, or None (both off, or the library is missing: logged)."""
    if not (echo_cancellation or noise_suppression):
        return None
    try:
        return VoiceProcessor(echo_cancellation, noise_suppression, echo_delay_ms)
    except VoiceProcessingUnavailable as exc:
        log.error("echo cancellation / noise suppression unavailable: %s", exc)
        return None
