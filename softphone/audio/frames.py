"""The one audio format of the call path: 16 kHz, mono, signed 16-bit little-endian, 20 ms frames.

pjsua2's conference bridge, the bridge port, the ring buffers and the Qt streams all use it, so no
resampling or conversion happens in Python. ``peak_dbfs`` measures a frame without allocating
(numpy reductions over a preallocated view).
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

SAMPLE_RATE = 16_000
CHANNELS = 1
SAMPLE_BYTES = 2
FRAME_MS = 20
FRAME_SAMPLES = SAMPLE_RATE * FRAME_MS // 1000  # 320
FRAME_BYTES = FRAME_SAMPLES * SAMPLE_BYTES * CHANNELS  # 640
BYTES_PER_MS = FRAME_BYTES // FRAME_MS  # 32

SILENCE_DBFS = -90.0
_FULL_SCALE = 32768.0

Samples = npt.NDArray[np.int16]


def ms_to_bytes(ms: float) -> int:
    """Whole samples' worth of bytes for ``ms`` milliseconds."""
    return int(ms * SAMPLE_RATE / 1000) * SAMPLE_BYTES * CHANNELS


def bytes_to_ms(count: int) -> float:
    return count / BYTES_PER_MS


def samples_view(buffer: bytearray | memoryview) -> Samples:
    """An int16 numpy view on ``buffer`` (no copy): made once per buffer, reused every frame."""
    return np.frombuffer(buffer, dtype="<i2")


def peak_dbfs(samples: Samples) -> float:
    """The frame's peak in dBFS (``SILENCE_DBFS`` for digital silence)."""
    if samples.size == 0:
        return SILENCE_DBFS
    peak = max(int(samples.max()), -int(samples.min()))
    if peak <= 0:
        return SILENCE_DBFS
    return max(SILENCE_DBFS, 20.0 * math.log10(peak / _FULL_SCALE))
