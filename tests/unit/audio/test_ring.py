"""The jitter ring between pjmedia's clock and the sound system: priming, under/overruns, trims and
1 ms drift steps, and whole-sample reads."""

from __future__ import annotations

import threading
import time

from softphone.audio.frames import FRAME_BYTES, ms_to_bytes
from softphone.audio.ring import DRIFT_STEP, AudioRing
from tests.helpers.background import BackgroundLoop


def ring(target_ms: int = 40, high_ms: int = 140) -> AudioRing:
    return AudioRing("test", ms_to_bytes(400), ms_to_bytes(target_ms), ms_to_bytes(high_ms))


def frame(value: int) -> bytes:
    return bytes([value, 0]) * (FRAME_BYTES // 2)


def test_silence_until_primed_then_audio_in_order() -> None:
    r = ring()
    out = bytearray(FRAME_BYTES)
    r.write(frame(1))
    assert r.read_into(out) == 0 and out == bytes(FRAME_BYTES)  # not primed: silence, no underrun
    r.write(frame(2))
    r.write(frame(3))
    assert r.read_into(out) == FRAME_BYTES and out == frame(1)
    assert r.read_into(out) == FRAME_BYTES and out == frame(2)
    assert r.underruns == 0


def test_running_dry_is_an_underrun_and_primes_again() -> None:
    r = ring(target_ms=20)
    out = bytearray(FRAME_BYTES)
    r.write(frame(1))
    r.read_into(out)
    assert r.read_into(out) == 0
    assert r.underruns == 1 and not r.primed


def test_a_full_ring_drops_the_oldest_audio_as_an_overrun() -> None:
    r = AudioRing("small", 4 * FRAME_BYTES, 3 * FRAME_BYTES, 4 * FRAME_BYTES)
    for value in range(1, 7):
        r.write(frame(value))
    out = bytearray(FRAME_BYTES)
    r.read_into(out)
    assert r.overruns == 2 and out == frame(3)


def test_a_stalled_reader_costs_a_trim_not_a_growing_delay() -> None:
    r = ring(target_ms=20, high_ms=100)
    for value in range(8):  # 160 ms written, nobody reading
        r.write(frame(value))
    assert r.trims >= 1 and r.fill <= ms_to_bytes(100)


def test_drift_is_corrected_by_one_millisecond_steps() -> None:
    fast = ring(target_ms=20)
    for value in range(4):  # 80 ms waiting: 40 ms above the squeeze line
        fast.write(frame(value))
    before = fast.fill
    fast.read_into(bytearray(FRAME_BYTES))
    assert before - fast.fill == FRAME_BYTES + DRIFT_STEP and fast.drift_steps == 1
    slow = ring(target_ms=20)
    slow.write(frame(5))
    slow.write(bytes(DRIFT_STEP * 2))  # just over one frame left: about to run dry
    out = bytearray(FRAME_BYTES)
    assert slow.read_into(out) == FRAME_BYTES
    assert slow.fill == 3 * DRIFT_STEP and slow.drift_steps == 1 and slow.underruns == 0


def test_reads_for_a_pulling_sink_are_whole_samples_and_count_starvation() -> None:
    r = ring(target_ms=20)
    r.write(frame(1))
    assert len(r.read_available(101)) == 100
    assert r.read_available(10_000) == frame(1)[100:]
    assert r.read_available(640, sink_starved=True) == b""
    assert r.underruns == 1
    assert r.stats().glitches == 1


def test_underruns_raise_the_target_and_a_calm_spell_lowers_it(monkeypatch: object) -> None:
    import softphone.audio.ring as ring_module

    r = AudioRing("adaptive", ms_to_bytes(400), ms_to_bytes(40), ms_to_bytes(140), ms_to_bytes(100))
    out = bytearray(FRAME_BYTES)
    for frames in (2, 3):  # the target in frames: 40 ms, then 60 ms after the first underrun
        r.write(frame(1) * frames)
        for _ in range(frames + 1):  # the last read finds it dry: an underrun
            r.read_into(out)
    assert r.underruns == 2 and r.stats().target_ms == 80
    now = [ring_module.time.monotonic() + ring_module.RELAX_AFTER_S + 1]
    monkeypatch.setattr(ring_module.time, "monotonic", lambda: now[0])  # type: ignore[attr-defined]
    r.write(frame(1) * 5)
    r.read_into(out)
    assert r.stats().target_ms == 70
    r.clear()
    assert r.stats().target_ms == 40


def _read_in_thread(r: AudioRing, out: bytearray, got: list[int]) -> threading.Thread:
    reader = threading.Thread(target=lambda: got.append(r.read_into(out)), daemon=True)
    reader.start()
    deadline = time.monotonic() + 5
    while r.waits == 0 and reader.is_alive() and time.monotonic() < deadline:
        time.sleep(0.001)
    assert r.waits == 1, "the reader did not wait for the chunk"
    return reader


def waiting_ring(due_wait_s: float) -> AudioRing:
    return AudioRing(
        "mic", ms_to_bytes(400), ms_to_bytes(20), ms_to_bytes(140), ms_to_bytes(160), due_wait_s=due_wait_s
    )


def test_a_chunk_a_moment_late_is_waited_for_instead_of_an_underrun() -> None:
    r = waiting_ring(due_wait_s=30)  # far longer than the test needs: the write ends the wait
    out = bytearray(FRAME_BYTES)
    r.write(frame(1))
    assert r.read_into(out) == FRAME_BYTES and out == frame(1)  # primed; the ring is empty again
    got: list[int] = []
    reader = _read_in_thread(r, out, got)
    r.write(frame(2))  # the next chunk lands just after the read began
    reader.join(timeout=5)
    assert got == [FRAME_BYTES] and out == frame(2)
    assert r.underruns == 0 and r.stats().waits == 1


def test_a_chunk_that_does_not_come_is_still_an_underrun() -> None:
    r = waiting_ring(due_wait_s=0.005)
    out = bytearray(FRAME_BYTES)
    r.write(frame(1))
    r.read_into(out)
    assert r.read_into(out) == 0 and out == bytes(FRAME_BYTES)
    assert r.underruns == 1 and r.waits == 1 and not r.primed


def test_a_restarted_device_releases_a_waiting_reader_without_an_underrun() -> None:
    r = waiting_ring(due_wait_s=30)
    out = bytearray(FRAME_BYTES)
    r.write(frame(1))
    r.read_into(out)
    got: list[int] = []
    reader = _read_in_thread(r, out, got)
    r.clear()  # the microphone reopened: the reader gets silence now, not in 30 s
    reader.join(timeout=5)
    assert not reader.is_alive() and got == [0] and out == bytes(FRAME_BYTES)
    assert r.underruns == 0


def test_an_unprimed_ring_never_waits() -> None:
    r = waiting_ring(due_wait_s=30)
    out = bytearray(FRAME_BYTES)
    assert r.read_into(out) == 0 and r.waits == 0


class LateWriter(BackgroundLoop):
    """Writes one chunk each time the reader starts waiting: every chunk lands just after a read
    began (the tight phase of two 20 ms clocks)."""

    def __init__(self, r: AudioRing) -> None:
        super().__init__("late-writer", limit_s=30)
        self.ring = r
        self._answered = r.waits

    def step(self) -> float:
        if self.ring.waits > self._answered:
            self._answered = self.ring.waits
            self.ring.write(frame(7))
            return 0.0
        return 0.0002


def _read_a_period(r: AudioRing, out: bytearray) -> int:
    """One 20 ms period in the tight phase: the read begins, then the period's chunk lands (during
    the read's wait if it waits, the ``LateWriter`` running; after the read if it does not)."""
    waits = r.waits
    got = r.read_into(out)
    if r.waits == waits:
        r.write(frame(9))
    return got


def test_frequent_waits_make_the_ring_hold_one_chunk_more_and_the_waits_stop() -> None:
    from softphone.audio.ring import TIGHT_WINDOW_READS

    r = waiting_ring(due_wait_s=5)
    out = bytearray(FRAME_BYTES)
    r.write(frame(1))
    r.read_into(out)  # primed; empty again
    with LateWriter(r):
        for _ in range(TIGHT_WINDOW_READS + FRAME_BYTES // DRIFT_STEP + 5):  # a window, the growth
            assert _read_a_period(r, out) == FRAME_BYTES
        assert r.phase_margins == 1 and r.underruns == 0
        waits = r.waits
        for _ in range(2 * TIGHT_WINDOW_READS):
            assert _read_a_period(r, out) == FRAME_BYTES
    assert r.waits == waits  # each read finds the chunk before the one that is landing
    assert r.fill == FRAME_BYTES and r.underruns == 0 and r.phase_margins == 1


def test_a_few_waits_leave_the_latency_alone() -> None:
    from softphone.audio.ring import TIGHT_WINDOW_READS, TIGHT_WINDOW_WAITS

    r = waiting_ring(due_wait_s=5)
    out = bytearray(FRAME_BYTES)
    r.write(frame(1))
    r.read_into(out)
    with LateWriter(r):
        for _ in range(TIGHT_WINDOW_WAITS - 1):
            r.read_into(out)
    for _ in range(2 * TIGHT_WINDOW_READS):  # on time from here on
        r.write(frame(3))
        r.read_into(out)
    assert r.phase_margins == 0 and r.fill == 0 and r.underruns == 0


class DeviceBuffer:
    """What a sound device has captured and not yet handed over; ``refill`` moves it into the ring
    (the reader's own pull, as ``CallStreams.pull_capture`` does), the chunk arriving on call ``due``."""

    def __init__(self, r: AudioRing, due: int | None) -> None:
        self.ring = r
        self.due = due
        self.calls = 0

    def refill(self) -> None:
        self.calls += 1
        if self.calls == self.due:
            self.ring.write(frame(5))


def test_a_waiting_reader_that_pulls_its_own_data_gets_a_chunk_that_lands_during_the_wait() -> None:
    r = waiting_ring(due_wait_s=0.5)
    device = DeviceBuffer(r, due=3)
    r.set_refill(device.refill)
    out = bytearray(FRAME_BYTES)
    r.write(frame(1))
    assert r.read_into(out) == FRAME_BYTES  # primed; the ring is empty again
    assert r.read_into(out) == FRAME_BYTES and out == frame(5)
    assert device.calls == 3 and r.waits == 1 and r.underruns == 0


def test_a_pulling_reader_gives_up_after_the_due_wait_and_counts_an_underrun() -> None:
    r = waiting_ring(due_wait_s=0.02)
    device = DeviceBuffer(r, due=None)
    r.set_refill(device.refill)
    out = bytearray(FRAME_BYTES)
    r.write(frame(1))
    assert r.read_into(out) == FRAME_BYTES
    started = time.monotonic()
    assert r.read_into(out) == 0
    assert r.underruns == 1 and r.waits == 1
    assert 2 <= device.calls <= 40  # polled every millisecond or so, within the bound
    assert time.monotonic() - started < 5  # bounded, not a hang
