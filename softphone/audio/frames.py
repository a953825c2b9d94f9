"""The one audio format of the call path: 16 kHz, mono, signed 16-bit little-endian, 20 ms frames.

pjsua2's conference bridge, the bridge port, the ring buffers and the Qt streams all use it, so no
resampling or conversion happens in Python.

``peak_dbfs`` measures a frame with ``audioop.max``: one C call. It runs on pjmedia's clock thread
for every microphone frame, and there numpy's reductions (``max`` and ``min`` over a view) cost
60-70 us of CPU per frame (measured with ``time.thread_time_ns`` in the app during a call: the
clock thread's code is cold every 20 ms, and a ufunc reduction walks a lot of it), about 0.3 % of
a core; ``audioop.max`` takes a few. ``audioop`` is deprecated since Python 3.11 and gone in 3.13
(``requires-python`` stops before it; the ``audioop-lts`` package brings the same module back
there). Its samples are in the machine's byte order, little-endian on every platform we ship.
"""

from __future__ import annotations

import math
import warnings

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

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import audioop


def ms_to_bytes(ms: float) -> int:
    """Whole samples' worth of bytes for ``ms`` milliseconds."""
    return int(ms * SAMPLE_RATE / 1000) * SAMPLE_BYTES * CHANNELS


def bytes_to_ms(count: int) -> float:
    return count / BYTES_PER_MS


def samples_view(buffer: bytearray | memoryview) -> Samples:
    """An int16 numpy view on ``buffer`` (no copy): made once per buffer, reused every frame."""
    return np.frombuffer(buffer, dtype="<i2")


def peak_dbfs(frame: bytes | bytearray | memoryview) -> float:
    """The peak of ``frame`` (16-bit samples) in dBFS; ``SILENCE_DBFS`` for digital silence."""
    if len(frame) < SAMPLE_BYTES:
        return SILENCE_DBFS
    peak = audioop.max(frame, SAMPLE_BYTES)
    if peak <= 0:
        return SILENCE_DBFS
    return max(SILENCE_DBFS, 20.0 * math.log10(peak / _FULL_SCALE))
