"""Test signals in the call format: the settings' speaker test (a two-note chime) and tones for tests."""

from __future__ import annotations

import numpy as np

from softphone.audio.frames import SAMPLE_RATE


def sine(frequency: float, seconds: float, amplitude: float = 0.3) -> bytes:
    """A sine tone, 16 kHz mono int16, with 10 ms fades so it starts and ends without a click."""
    count = int(seconds * SAMPLE_RATE)
    wave = np.sin(2 * np.pi * frequency * np.arange(count) / SAMPLE_RATE) * amplitude
    fade = min(count // 2, SAMPLE_RATE // 100)
    if fade:
        ramp = np.linspace(0.0, 1.0, fade)
        wave[:fade] *= ramp
        wave[count - fade :] *= ramp[::-1]
    return (wave * 32767).astype("<i2").tobytes()


def speaker_test_chime() -> bytes:
    """What "Play a test sound" plays: 440 Hz then 660 Hz, 0.4 s each, three times."""
    note = sine(440, 0.4) + sine(660, 0.4)
    pause = bytes(int(0.2 * SAMPLE_RATE) * 2)
    return (note + pause) * 3
