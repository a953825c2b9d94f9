"""Call quality from pjsua2's stream statistics, sampled on the owner thread while calls talk.

``QualitySampler.tick`` (called from the engine's poll, so it costs a clock read between samples)
reads, every ``INTERVAL_S`` and for each connected call not on hold, ``Call.getStreamStat`` of the
call's audio stream: packets received and lost and the mean length of loss runs (RTCP receive
statistics, counted from RTP sequence numbers), the interarrival jitter, the RTCP round-trip time
and the jitter buffer's delay, and hands them on as ``CallQualitySampled``. The audio stream's
index and codec are looked up once per call. A call whose stream is gone (hold, re-INVITE) is
skipped until it has one again. Owner thread only.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from softphone.sip.calls import CallRecord, Calls
from softphone.sip.events import CallQualitySampled, SipEvent
from softphone.sip.pjsua2_loader import pj

log = logging.getLogger("softphone.sip.engine")

INTERVAL_S = 1.5
_PACKET_MS_DEFAULT = 20.0


@dataclass(frozen=True, slots=True)
class _Stream:
    index: int
    codec: str
    packet_ms: float


class QualitySampler:
    def __init__(
        self, calls: Calls, emit: Callable[[SipEvent], None], clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._calls = calls
        self._emit = emit
        self._clock = clock
        self._next_at = 0.0
        self._streams: dict[int, _Stream] = {}

    def tick(self) -> None:
        now = self._clock()
        if now < self._next_at:
            return
        self._next_at = now + INTERVAL_S
        talking = self._calls.talking()
        live_ids = {r.call_id for r in talking}
        for call_id in [c for c in self._streams if c not in live_ids]:
            del self._streams[call_id]
        for record in talking:
            sample = self._sample(record, now)
            if sample is not None:
                self._emit(sample)

    def forget(self, call_id: int) -> None:
        self._streams.pop(call_id, None)

    def _stream(self, record: CallRecord) -> _Stream | None:
        known = self._streams.get(record.call_id)
        if known is not None:
            return known
        info = record.pj_call.getInfo()
        for index, media in enumerate(info.media):
            if media.type == pj.PJMEDIA_TYPE_AUDIO and media.status == pj.PJSUA_CALL_MEDIA_ACTIVE:
                stream_info = record.pj_call.getStreamInfo(index)
                frame_ms = float(stream_info.audCodecParam.info.frameLen or 0)
                frames = int(stream_info.audCodecParam.setting.frmPerPkt or 1)
                packet_ms = frame_ms * frames if frame_ms > 0 else _PACKET_MS_DEFAULT
                stream = _Stream(index, str(stream_info.codecName), packet_ms)
                self._streams[record.call_id] = stream
                return stream
        return None

    def _sample(self, record: CallRecord, now: float) -> CallQualitySampled | None:
        try:
            stream = self._stream(record)
            if stream is None:
                return None
            stat = record.pj_call.getStreamStat(stream.index)
        except pj.Error:  # no stream right now (being re-negotiated): try again next time
            self._streams.pop(record.call_id, None)
            return None
        rx = stat.rtcp.rxStat
        rtt = stat.rtcp.rttUsec
        loss_period = rx.lossPeriodUsec
        burst = loss_period.mean / 1000 / stream.packet_ms if loss_period.n > 0 else 0.0
        return CallQualitySampled(
            call_id=record.call_id,
            codec=stream.codec,
            rx_packets=int(rx.pkt),
            rx_lost=int(rx.loss),
            loss_burst_packets=max(0.0, float(burst)),
            jitter_ms=float(rx.jitterUsec.last) / 1000,
            rtt_ms=float(rtt.last) / 1000 if rtt.n > 0 else None,
            jitter_buffer_ms=float(stat.jbuf.avgDelayMsec),
            at=now,
        )
