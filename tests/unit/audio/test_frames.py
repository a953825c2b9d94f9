"""The input level the call's meter shows (``peak_dbfs``), measured on 20 ms frames."""

from __future__ import annotations

import numpy as np
import pytest

from softphone.audio.frames import FRAME_SAMPLES, SILENCE_DBFS, peak_dbfs


def frame(samples: np.ndarray) -> bytearray:
    return bytearray(samples.astype("<i2").tobytes())


@pytest.mark.parametrize(
    ("peak", "dbfs"),
    [(32767, 0.0), (16384, -6.02), (3277, -20.0), (328, -40.0)],
)
def test_a_tone_reads_its_peak_in_dbfs(peak: int, dbfs: float) -> None:
    t = np.arange(FRAME_SAMPLES) / 16000
    samples = np.round(np.sin(2 * np.pi * 800 * t) * peak / np.abs(np.sin(2 * np.pi * 800 * t)).max())
    assert peak_dbfs(frame(samples)) == pytest.approx(dbfs, abs=0.05)


def test_the_negative_half_counts_as_much_as_the_positive() -> None:
    samples = np.zeros(FRAME_SAMPLES)
    samples[100] = -16384
    assert peak_dbfs(frame(samples)) == pytest.approx(-6.02, abs=0.05)
    samples[100] = -32768  # the one sample below full scale's mirror
    assert peak_dbfs(frame(samples)) == pytest.approx(0.0, abs=0.01)


def test_digital_silence_and_an_empty_frame_read_as_silence() -> None:
    assert peak_dbfs(frame(np.zeros(FRAME_SAMPLES))) == SILENCE_DBFS
    assert peak_dbfs(bytearray()) == SILENCE_DBFS
    assert peak_dbfs(frame(np.array([10]))) == pytest.approx(-70.3, abs=0.05)  # a faint hiss is not silence
