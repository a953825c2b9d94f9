"""The Linux device watcher under a private PipeWire sees devices come and go (Qt misses the going)."""

from __future__ import annotations

import queue
from collections.abc import Callable

from softphone.audio.devices import DeviceSnapshot, Direction
from softphone.audio.pulse_watcher import PulseDeviceWatcher
from tests.helpers.pipewire import PrivatePipeWire


def next_matching(
    snapshots: queue.Queue[DeviceSnapshot],
    predicate: Callable[[DeviceSnapshot], bool],
    timeout_s: float = 5.0,
) -> DeviceSnapshot:
    while True:
        snapshot = snapshots.get(timeout=timeout_s)
        if predicate(snapshot):
            return snapshot


def output_ids(snapshot: DeviceSnapshot) -> set[str]:
    return {d.id for d in snapshot.outputs}


def test_the_pulse_watcher_reports_a_headset_plugged_in_and_unplugged(pipewire: PrivatePipeWire) -> None:
    snapshots: queue.Queue[DeviceSnapshot] = queue.Queue()
    watcher = PulseDeviceWatcher()
    watcher.start(snapshots.put)
    try:
        first = next_matching(snapshots, lambda s: "spk" in output_ids(s))
        assert first.default_output == "spk" and "mic" in {d.id for d in first.inputs}
        assert not any(d.id.endswith(".monitor") for d in first.inputs)  # monitors are not microphones
        pipewire.add_sink("hs", "USB Headset")
        plugged = next_matching(snapshots, lambda s: "hs" in output_ids(s))
        headset = plugged.find(Direction.OUTPUT, "hs")
        assert headset is not None and headset.description == "USB Headset"
        pipewire.remove("hs")
        next_matching(snapshots, lambda s: "hs" not in output_ids(s), timeout_s=1.0)  # within a second
    finally:
        watcher.stop()
