"""How a call sounds: the stream statistics folded into a live reading and a summary per call.

``CallQuality`` hangs on the ``CallSession`` (``session.attach``); ``CallSessions`` folds each
``CallQualitySampled`` of the engine into it. ``reading`` is what the call line shows: over the
last ``LIVE_WINDOW_S`` seconds the packet loss, the latest jitter and round-trip time, and the
E-model's MOS (``softphone.domain.emodel``) from the codec, that loss with its burst ratio, and the
one-way delay (half the RTCP round trip plus the jitter buffer's delay). ``summary`` is what the
call history keeps: the mean MOS, jitter and round trip over the call and its overall loss.
Qt-free.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from softphone.domain.emodel import POOR_MOS, burst_ratio, estimate
from softphone.sip.events import CallQualitySampled

LIVE_WINDOW_S = 10.0
MAX_SAMPLES = 32  # kept for the live window (a sample every 1.5 s)


@dataclass(frozen=True, slots=True)
class QualityReading:
    codec: str
    mos: float
    r: float
    loss_pct: float
    jitter_ms: float
    rtt_ms: float | None
    one_way_delay_ms: float

    @property
    def poor(self) -> bool:
        return self.mos < POOR_MOS


@dataclass(frozen=True, slots=True)
class QualitySummary:
    mos: float
    jitter_ms: float
    loss_pct: float
    rtt_ms: float | None


def _loss(older: CallQualitySampled | None, newer: CallQualitySampled) -> tuple[float, int]:
    """Loss percent between two samples (from the start when ``older`` is None), and packets expected."""
    received = newer.rx_packets - (older.rx_packets if older else 0)
    lost = newer.rx_lost - (older.rx_lost if older else 0)
    expected = max(0, received) + max(0, lost)
    return (100.0 * max(0, lost) / expected if expected else 0.0), expected


@dataclass(eq=False)
class CallQuality:
    reading: QualityReading | None = None
    worst_mos: float | None = None
    _samples: deque[CallQualitySampled] = field(default_factory=lambda: deque(maxlen=MAX_SAMPLES))
    _mos_sum: float = 0.0
    _jitter_sum: float = 0.0
    _rtt_sum: float = 0.0
    _rtt_count: int = 0
    _count: int = 0

    def fold(self, sample: CallQualitySampled) -> QualityReading:
        window_start = next((s for s in self._samples if sample.at - s.at <= LIVE_WINDOW_S), None)
        if window_start is not None and window_start.rx_packets > sample.rx_packets:
            window_start = None  # the stream restarted (re-INVITE): its counters began again
        loss_pct, _expected = _loss(window_start, sample)
        self._samples.append(sample)
        delay = (sample.rtt_ms / 2 if sample.rtt_ms is not None else 0.0) + sample.jitter_buffer_ms
        result = estimate(
            sample.codec, loss_pct, burst_ratio(loss_pct / 100, sample.loss_burst_packets), delay
        )
        self.reading = QualityReading(
            codec=sample.codec,
            mos=result.mos,
            r=result.r,
            loss_pct=loss_pct,
            jitter_ms=sample.jitter_ms,
            rtt_ms=sample.rtt_ms,
            one_way_delay_ms=delay,
        )
        self.worst_mos = result.mos if self.worst_mos is None else min(self.worst_mos, result.mos)
        self._count += 1
        self._mos_sum += result.mos
        self._jitter_sum += sample.jitter_ms
        if sample.rtt_ms is not None:
            self._rtt_sum += sample.rtt_ms
            self._rtt_count += 1
        return self.reading

    def summary(self) -> QualitySummary | None:
        """The call's quality as the history keeps it; None when it was never sampled."""
        if not self._count:
            return None
        last = self._samples[-1]
        return QualitySummary(
            mos=round(self._mos_sum / self._count, 2),
            jitter_ms=round(self._jitter_sum / self._count, 1),
            loss_pct=round(_loss(None, last)[0], 2),
            rtt_ms=round(self._rtt_sum / self._rtt_count, 1) if self._rtt_count else None,
        )
