"""Recorded headsets played back through the headset thread's ``HidBackend`` interface.

``load_recording(path)`` reads a hid-recorder style file (``N:`` name, ``I:`` bus vendor product,
``R:`` length and descriptor bytes, ``E:`` seconds, length and report bytes; ``#`` comments cite
where the data came from). ``PlaybackBackend`` lists the device while it is ``plugged``;
``PlaybackHandle.feed`` queues one input report for the thread's next read and sets the clock the
thread reads its report times from; ``unplug`` makes the next read fail as a pulled cable does.
Every output report the thread writes is kept in ``writes``.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from softphone.headset.device_thread import HidDeviceInfo

_UNPLUG = object()


@dataclass(frozen=True)
class Recording:
    name: str
    vendor_id: int
    product_id: int
    descriptor: bytes
    events: list[tuple[float, bytes]]


def load_recording(path: Path) -> Recording:
    name, vendor, product, descriptor = "", 0, 0, b""
    events: list[tuple[float, bytes]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        kind, _, rest = line.partition(": ")
        if kind == "N":
            name = rest.strip()
        elif kind == "I":
            _bus, vendor_hex, product_hex = rest.split()
            vendor, product = int(vendor_hex, 16), int(product_hex, 16)
        elif kind == "R":
            length, *data = rest.split()
            descriptor = bytes(int(b, 16) for b in data)
            assert len(descriptor) == int(length), (
                f"{path.name}: R: says {length} bytes, has {len(descriptor)}"
            )
        elif kind == "E":
            stamp, length, *data = rest.split()
            report = bytes(int(b, 16) for b in data)
            assert len(report) == int(length), f"{path.name}: E: {stamp} length"
            events.append((float(stamp), report))
    return Recording(name, vendor, product, descriptor, events)


@dataclass
class PlaybackClock:
    now: float = 0.0

    def __call__(self) -> float:
        return self.now


@dataclass
class PlaybackHandle:
    descriptor: bytes
    clock: PlaybackClock
    inputs: queue.Queue[object] = field(default_factory=queue.Queue)
    writes: list[bytes] = field(default_factory=list)
    closed: bool = False
    _cond: threading.Condition = field(default_factory=threading.Condition)

    def report_descriptor(self) -> bytes:
        return self.descriptor

    def read(self, size: int, timeout_ms: int) -> bytes:
        try:
            item = self.inputs.get(timeout=timeout_ms / 1000)
        except queue.Empty:
            return b""
        if item is _UNPLUG:
            raise OSError("No such device")
        assert isinstance(item, tuple)
        at, report = item
        self.clock.now = at
        return bytes(report[:size])

    def write(self, report: bytes) -> None:
        with self._cond:
            self.writes.append(bytes(report))
            self._cond.notify_all()

    def close(self) -> None:
        self.closed = True

    def feed(self, at: float, report: bytes) -> None:
        self.inputs.put((at, report))

    def unplug(self) -> None:
        self.inputs.put(_UNPLUG)


class PlaybackBackend:
    def __init__(self, recording: Recording, clock: PlaybackClock | None = None) -> None:
        self.recording = recording
        self.clock = clock or PlaybackClock()
        self.plugged = True
        self.handles: list[PlaybackHandle] = []
        self.info = HidDeviceInfo(
            path=f"playback:{recording.name}".encode(),
            vendor_id=recording.vendor_id,
            product_id=recording.product_id,
            usage_page=0x0B,
            product=recording.name,
        )

    def enumerate(self) -> list[HidDeviceInfo]:
        return [self.info] if self.plugged else []

    def open(self, info: HidDeviceInfo) -> PlaybackHandle:
        if not self.plugged:
            raise OSError("open failed")
        handle = PlaybackHandle(self.recording.descriptor, self.clock)
        self.handles.append(handle)
        return handle

    @property
    def handle(self) -> PlaybackHandle:
        return self.handles[-1]


def wait_until(
    predicate: Callable[[], bool], timeout: float = 5.0, step: Callable[[], None] | None = None
) -> None:
    """Run ``step`` (e.g. pump events) until ``predicate`` holds; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met in time")
        if step is not None:
            step()
        else:
            time.sleep(0.01)
