"""The device watcher Windows and macOS use (``QtDeviceWatcher``, Qt's ``QMediaDevices`` signals),
run on a private PipeWire as far as Linux allows: Qt reports a device plugged in here too (it misses
removals on Linux, which Windows' and macOS' backends report: the controller's tests cover that path
with the snapshot such a removal gives). Its snapshots name devices exactly as the Linux watcher's do.
"""

from __future__ import annotations

import itertools
import queue
from collections.abc import Iterator

import pytest
from PySide6.QtMultimedia import QMediaDevices
from pytestqt.qtbot import QtBot

from softphone.audio.devices import AudioDevice, DeviceSnapshot, Direction
from softphone.audio.pulse_watcher import PulseDeviceWatcher
from softphone.ui.audio.qt_devices import (
    QtDeviceWatcher,
    device_id,
    make_device_watcher,
    quiet_multimedia_logs,
)
from tests.helpers.pipewire import PrivatePipeWire


def ids(devices: tuple[AudioDevice, ...]) -> set[str]:
    return {d.id for d in devices}


@pytest.fixture
def snapshots(pipewire: PrivatePipeWire) -> Iterator[list[DeviceSnapshot]]:
    """The snapshots a started Windows watcher handed over, in order (it runs on this thread)."""
    quiet_multimedia_logs()
    reported: list[DeviceSnapshot] = []
    watcher = make_device_watcher(platform="win32")
    watcher.start(reported.append)
    try:
        yield reported
    finally:
        watcher.stop()


def test_each_platform_gets_its_watcher() -> None:
    assert isinstance(make_device_watcher(platform="win32"), QtDeviceWatcher)
    assert isinstance(make_device_watcher(platform="darwin"), QtDeviceWatcher)
    assert isinstance(make_device_watcher(platform="linux"), PulseDeviceWatcher)


def test_the_windows_watcher_reports_the_devices_and_a_headset_plugged_in(
    qtbot: QtBot, pipewire: PrivatePipeWire, snapshots: list[DeviceSnapshot]
) -> None:
    qtbot.waitUntil(lambda: len(snapshots) >= 1, timeout=2000)
    first = snapshots[0]
    assert first.find(Direction.OUTPUT, "spk") is not None
    assert first.find(Direction.INPUT, "mic") is not None
    assert (first.default_output, first.default_input) == ("spk", "mic")
    assert not any(d.id.endswith(".monitor") for d in first.inputs)  # monitors are not microphones

    assert first.find(Direction.OUTPUT, "plugged-hs") is None
    pipewire.add_sink("plugged-hs", "USB Headset")
    qtbot.waitUntil(lambda: snapshots[-1].find(Direction.OUTPUT, "plugged-hs") is not None, timeout=3000)
    headset = snapshots[-1].find(Direction.OUTPUT, "plugged-hs")
    assert headset is not None and headset.description == "USB Headset"
    assert all(a != b for a, b in itertools.pairwise(snapshots))  # only changes are told


def test_a_stopped_windows_watcher_reports_nothing_more(qtbot: QtBot, pipewire: PrivatePipeWire) -> None:
    reported: list[DeviceSnapshot] = []
    watcher = make_device_watcher(platform="win32")
    watcher.start(reported.append)
    with pytest.raises(RuntimeError):
        watcher.start(reported.append)  # one start per watcher, like the Linux one
    qtbot.waitUntil(lambda: len(reported) >= 1, timeout=2000)
    watcher.stop()
    told = len(reported)
    pipewire.add_sink("late", "Late Headset")
    qtbot.waitUntil(lambda: "late" in {device_id(d) for d in QMediaDevices.audioOutputs()}, timeout=3000)
    qtbot.wait(200)  # any signal Qt queued for the plug-in has been delivered by now
    assert len(reported) == told


def test_both_watchers_name_the_devices_alike(qtbot: QtBot, pipewire: PrivatePipeWire) -> None:
    """A device chosen through one watcher's snapshot is found by Qt (``qt_device``) by the same id,
    and a saved choice keeps meaning the same device whichever watcher runs."""
    quiet_multimedia_logs()
    pipewire.add_sink("ident-hs", "USB Headset")
    pipewire.add_source("ident-mic", "USB Headset Microphone")
    pulse_seen: queue.Queue[DeviceSnapshot] = queue.Queue()
    pulse = PulseDeviceWatcher()
    qt: list[DeviceSnapshot] = []
    qt_watcher = QtDeviceWatcher()
    pulse.start(pulse_seen.put)
    qt_watcher.start(qt.append)
    try:
        from_pulse = pulse_seen.get(timeout=5)
        while from_pulse.find(Direction.INPUT, "ident-mic") is None:
            from_pulse = pulse_seen.get(timeout=5)
        qtbot.waitUntil(lambda: bool(qt) and "ident-mic" in ids(qt[-1].inputs), timeout=3000)
        from_qt = qt[-1]
        # ids and descriptions alike (Qt on Linux may still list devices removed earlier)
        assert set(from_pulse.outputs) <= set(from_qt.outputs)
        assert set(from_pulse.inputs) <= set(from_qt.inputs)
        assert (from_qt.default_output, from_qt.default_input) == (
            from_pulse.default_output,
            from_pulse.default_input,
        )
        assert {"ident-hs", "spk"} <= ids(from_pulse.outputs)
        assert {"ident-mic", "mic"} <= ids(from_pulse.inputs)
    finally:
        qt_watcher.stop()
        pulse.stop()
