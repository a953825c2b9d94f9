"""A bounded ring of audio bytes between two threads that run on different clocks.

One side is pjmedia's clock thread (a 20 ms frame per tick), the other the sound system's (Qt
pulls or pushes whatever its device period is). The ring absorbs the jitter between them:

- It starts *unprimed*: a reader gets silence until the fill reaches ``target`` bytes, so the
  first reads after a start (or after an underrun) do not starve at once.
- A read that finds less than it needs while primed is an **underrun**: the missing part is
  silence and the ring primes again.
- A write that does not fit drops the oldest audio: an **overrun**.
- The two clocks drift apart (measured here: pjmedia's clock ran about 0.15 % faster than
  PipeWire's graph, 0.9 s over a 10-minute call; real sound cards drift too). Each read corrects
  by ``DRIFT_STEP`` (1 ms): a reader that finds the fill well above its target skips 1 ms (a
  **squeeze**), one that finds it close to running dry repeats the last sample for 1 ms instead of
  taking it (a **stretch**). A 1 ms step a few times a second is inaudible in speech, where a gap
  or a jump of a whole frame is not.
- When the fill still climbs past ``high`` (a stalled reader) the oldest audio down to ``target`` is
  skipped: a **trim**, which keeps the latency bounded instead of letting it grow.
- A primed reader that finds less than it needs may wait up to ``due_wait_s`` for the writer (a
  **wait**). With a ``refill`` (``set_refill``: the reader itself moves what the device captured
  into the ring), the wait calls it every ``REFILL_POLL_S`` instead of waiting for another thread.
  The microphone's chunks and pjmedia's reads both come every 20 ms, in a phase fixed at the start
  of the call: when a chunk lands just before each read, a chunk a few milliseconds late (its
  thread waiting for the GIL, or the sound server's timing) would otherwise be an underrun. Waiting
  for it costs that one read a few milliseconds; holding a whole extra chunk for the rare late
  one would add 20 ms to every frame of the call. When waits are frequent all the same (at least
  ``TIGHT_WINDOW_WAITS`` in ``TIGHT_WINDOW_READS``), a chunk later than the wait would be an
  underrun before long: the ring then holds one chunk more, gained by 1 ms stretches over the next
  reads (a **phase margin**), and its target rises with it. Reads then take audio a chunk older:
  20 ms more latency for such a call, whose chunks were the freshest before.
- The target adapts, like a jitter buffer: each underrun raises it by ``ADAPT_UP`` (up to
  ``max_target``), and ``RELAX_AFTER_S`` without one lowers it by ``ADAPT_DOWN`` (down to where it
  started). A quiet machine keeps the low latency it started with; a loaded one (another Python
  thread computing, both cores busy: stalls of 100 ms were measured) trades a few tens of
  milliseconds for sound without gaps.

The storage is one ``bytearray`` allocated here; ``read_into`` fills a caller's preallocated
buffer, so the per-frame path allocates nothing. All methods are thread-safe.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from softphone.audio.frames import bytes_to_ms, ms_to_bytes

DRIFT_STEP = ms_to_bytes(1)
ADAPT_UP = ms_to_bytes(20)
ADAPT_DOWN = ms_to_bytes(10)
RELAX_AFTER_S = 15.0
TIGHT_WINDOW_READS = 50  # a second of 20 ms reads
TIGHT_WINDOW_WAITS = 10  # waits in such a window that mark the phase as tight
REFILL_POLL_S = 0.001


@dataclass(frozen=True, slots=True)
class RingStats:
    name: str
    underruns: int
    overruns: int
    trims: int
    drift_steps: int
    waits: int
    phase_margins: int
    fill_ms: float
    target_ms: float

    @property
    def glitches(self) -> int:
        """Under- and overruns: the events an operator could hear as a gap or a jump."""
        return self.underruns + self.overruns


class AudioRing:
    def __init__(
        self,
        name: str,
        capacity: int,
        target: int,
        high: int,
        max_target: int | None = None,
        squeeze_margin: int = ms_to_bytes(20),
        due_wait_s: float = 0.0,
    ) -> None:
        max_target = target if max_target is None else max_target
        if not 0 < target <= max_target < max_target + high - target <= capacity:
            raise ValueError(f"ring {name}: need 0 < target <= max_target, high > target, within capacity")
        self.name = name
        self._buf = bytearray(capacity)
        self._view = memoryview(self._buf)
        self._capacity = capacity
        self._base_target = target
        self._max_target = max_target
        self._high_margin = high - target
        self._squeeze_margin = squeeze_margin
        self._target = target
        self._high = high
        self._calm_since = time.monotonic()
        self._lock = threading.Condition(threading.Lock())
        self._due_wait_s = due_wait_s
        self._reader_waiting = False
        self._refill: Callable[[], None] | None = None
        self._start = 0  # index of the oldest byte
        self._fill = 0
        self._primed = False
        self.underruns = 0
        self.overruns = 0
        self.trims = 0
        self.drift_steps = 0
        self.waits = 0
        self.phase_margins = 0  # times a tight phase made the ring hold one chunk more
        self._window_reads = 0
        self._window_waits = 0
        self._grow_left = 0  # bytes still to gain, 1 ms a read
        self._squeeze_above = target + squeeze_margin

    # ----- either side ---------------------------------------------------------------------------
    @property
    def fill(self) -> int:
        return self._fill

    @property
    def primed(self) -> bool:
        return self._primed

    def set_refill(self, refill: Callable[[], None] | None) -> None:
        """``refill`` writes what the source has into this ring; a waiting read calls it (``None``:
        the writer is another thread, and a read waits for its write)."""
        self._refill = refill

    def clear(self) -> None:
        """Empty, unprimed, back to the starting target (a stream (re)started); counters are kept."""
        with self._lock:
            self._start = 0
            self._fill = 0
            self._primed = False
            self._set_target(self._base_target)
            self._grow_left = self._window_reads = self._window_waits = 0
            self._lock.notify_all()  # a waiting reader gives up at once

    def resync(self) -> None:
        """Skip what waits beyond the target (the reader has just started: what piled up while it
        opened would otherwise stay as latency for the whole call)."""
        with self._lock:
            if self._fill > self._target:
                self._skip(self._fill - self._target)

    def _set_target(self, target: int) -> None:
        self._target = target
        self._high = target + self._high_margin
        self._squeeze_above = target + self._squeeze_margin
        self._calm_since = time.monotonic()

    def _underrun(self) -> None:
        self.underruns += 1
        self._primed = False
        if self._target < self._max_target:
            self._set_target(min(self._max_target, self._target + ADAPT_UP))
        else:
            self._calm_since = time.monotonic()

    def _relax(self) -> None:
        if self._target > self._base_target and time.monotonic() - self._calm_since > RELAX_AFTER_S:
            self._set_target(max(self._base_target, self._target - ADAPT_DOWN))

    def reset_counters(self) -> None:
        with self._lock:
            self.underruns = self.overruns = self.trims = self.drift_steps = self.waits = 0
            self.phase_margins = 0

    def stats(self) -> RingStats:
        with self._lock:
            return RingStats(
                self.name,
                self.underruns,
                self.overruns,
                self.trims,
                self.drift_steps,
                self.waits,
                self.phase_margins,
                bytes_to_ms(self._fill),
                bytes_to_ms(self._target),
            )

    # ----- writer --------------------------------------------------------------------------------
    def write(self, data: bytes | bytearray | memoryview) -> None:
        source = memoryview(data).cast("B")
        with self._lock:
            count = len(source)
            if count > self._capacity:  # more than the ring holds: keep the newest part
                source = source[count - self._capacity :]
                count = self._capacity
                self.overruns += 1
                self._skip(self._fill)
            elif count > self._capacity - self._fill:
                self.overruns += 1
                self._skip(count - (self._capacity - self._fill))
            end = (self._start + self._fill) % self._capacity
            first = min(count, self._capacity - end)
            self._view[end : end + first] = source[:first]
            if first < count:
                self._view[: count - first] = source[first:]
            self._fill += count
            if self._fill > self._high:
                self.trims += 1
                self._skip(self._fill - self._target)
            if self._reader_waiting:
                self._lock.notify()

    def _skip(self, count: int) -> None:
        count -= count % 2  # whole samples
        self._start = (self._start + count) % self._capacity
        self._fill -= count

    # ----- reader --------------------------------------------------------------------------------
    def read_into(self, out: bytearray | memoryview, count: int | None = None) -> int:
        """Fill ``out[:count]`` (all of ``out`` by default); returns how many bytes were audio (the
        rest is silence: not primed yet, or an underrun)."""
        target = memoryview(out).cast("B")
        wanted = len(target) if count is None else count
        with self._lock:
            if not self._primed and self._fill >= self._target:
                self._primed = True
            if not self._primed:
                _zero(target, 0, wanted)
                return 0
            self._relax()
            growing = self._grow_left > 0 and wanted > DRIFT_STEP
            need = wanted - DRIFT_STEP if growing else wanted
            if self._fill < need and self._due_wait_s > 0 and not self._wait_for(need):
                _zero(target, 0, wanted)  # cleared while waiting: a device restarted
                return 0
            self._note_read_for_phase()
            if growing and self._fill >= need:
                self._grow_left -= DRIFT_STEP
                self._stretch_into(target, wanted)  # one more chunk held, 1 ms a read
                return wanted
            if self._fill > wanted + self._squeeze_above:
                self._skip(DRIFT_STEP)
                self.drift_steps += 1
            elif wanted + DRIFT_STEP <= self._fill < wanted + 4 * DRIFT_STEP and wanted > DRIFT_STEP:
                self._stretch_into(target, wanted)  # running dry
                return wanted
            got = min(wanted, self._fill)
            got -= got % 2
            self._copy_out(target, got)
            if got < wanted:
                self._underrun()
                _zero(target, got, wanted)
            return got

    def _stretch_into(self, target: memoryview, wanted: int) -> None:
        """Under the lock: ``wanted`` bytes out of ``wanted`` - 1 ms of audio, the last sample held."""
        self._copy_out(target, wanted - DRIFT_STEP)
        last = target[wanted - DRIFT_STEP - 2 : wanted - DRIFT_STEP]
        for at in range(wanted - DRIFT_STEP, wanted, 2):
            target[at : at + 2] = last
        self.drift_steps += 1

    def _note_read_for_phase(self) -> None:
        """Under the lock: when waits were frequent over the last window of reads, the chunks land
        just before the reads (a tight phase): hold one chunk more, gained by 1 ms steps."""
        if self._grow_left:  # the waits while it grows say nothing of the phase after it
            self._window_reads = self._window_waits = 0
            return
        self._window_reads += 1
        if self._window_reads < TIGHT_WINDOW_READS:
            return
        if self._window_waits >= TIGHT_WINDOW_WAITS and self._target + ADAPT_UP <= self._max_target:
            self._grow_left = ADAPT_UP
            self._set_target(self._target + ADAPT_UP)
            self.phase_margins += 1
        self._window_reads = self._window_waits = 0

    def _wait_for(self, wanted: int) -> bool:
        """Under the lock: wait (releasing it) up to ``due_wait_s`` for ``wanted`` bytes; False when
        the ring was cleared meanwhile."""
        self.waits += 1
        self._window_waits += 1
        refill = self._refill
        if refill is not None:
            deadline = time.monotonic() + self._due_wait_s
            while self._fill < wanted and self._primed and time.monotonic() < deadline:
                self._lock.release()  # refill writes into this ring
                try:
                    time.sleep(REFILL_POLL_S)
                    refill()
                finally:
                    self._lock.acquire()
            return self._primed
        self._reader_waiting = True
        try:
            self._lock.wait_for(lambda: self._fill >= wanted or not self._primed, self._due_wait_s)
        finally:
            self._reader_waiting = False
        return self._primed

    def read_available(self, limit: int, sink_starved: bool = False) -> bytes:
        """Up to ``limit`` bytes of what the ring holds, for a reader that takes any amount (Qt's
        pull-mode sink). ``sink_starved``: the reader's own buffer has run dry, so finding the ring
        empty now is an underrun (the listener hears a gap)."""
        with self._lock:
            if not self._primed and self._fill >= self._target:
                self._primed = True
            if not self._primed:
                return b""
            self._relax()
            if self._fill > self._squeeze_above:
                self._skip(DRIFT_STEP)
                self.drift_steps += 1
            got = min(limit, self._fill)
            got -= got % 2
            if got == 0:
                if sink_starved:
                    self._underrun()
                return b""
            first = min(got, self._capacity - self._start)
            if first == got:
                chunk = self._view[self._start : self._start + got].tobytes()
            else:
                chunk = self._view[self._start :].tobytes() + self._view[: got - first].tobytes()
            self._skip(got)
            return chunk

    def _copy_out(self, target: memoryview, count: int) -> None:
        first = min(count, self._capacity - self._start)
        target[:first] = self._view[self._start : self._start + first]
        if first < count:
            target[first:count] = self._view[: count - first]
        self._skip(count)


_ZEROS = bytes(4096)


def _zero(target: memoryview, start: int, end: int) -> None:
    while start < end:
        step = min(end - start, len(_ZEROS))
        target[start : start + step] = _ZEROS[:step]
        start += step
