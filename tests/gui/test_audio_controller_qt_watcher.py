"""The sound-device controller driven by the Windows/macOS watcher (``QtDeviceWatcher``) on a
private PipeWire, with a call's streams running (no SIP: a dialling call opens them).

Linux lets three of the Windows paths run for real: a headset plugged in (Qt reports additions
here too), a saved device that is missing, and the plug-in of that device. Two need a stand-in for
what Windows does and PipeWire does not:

- Qt on Linux never reports a removal and keeps listing the device. On Windows the same
  ``audioOutputsChanged`` signal fires and ``QMediaDevices`` lists the device no more; the test
  fires the watcher's signal with Qt's list narrowed to what the sound server really has.
- A stream error. Measured here (PipeWire 0.3.65, Qt 6 Pulse backend): unloading the sink a call
  plays on never stops the ``QAudioSink`` with an error; PipeWire moves the stream to the default
  sink, ``CallStreams.stream_failed`` stays silent and the call goes on there (asserted below).
  Opening a stream on a device that has gone, or destroying the stream's node, gives no error
  either. On Windows the sink stops with an error when its endpoint goes; the test emits
  ``stream_failed`` as ``CallStreams`` does then.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtMultimedia import QMediaDevices
from pytestqt.qtbot import QtBot

from softphone.audio.bridge import AudioBridge
from softphone.audio.devices import DeviceSnapshot, Direction, Role
from softphone.settings.layered import Settings
from softphone.settings.schema import Audio
from softphone.sip.events import CallDirection, CallState, CallStateChanged
from softphone.ui.audio import qt_devices
from softphone.ui.audio.controller import AudioController
from softphone.ui.audio.qt_devices import QtDeviceWatcher, make_device_watcher
from softphone.ui.gui_thread import GuiThread
from softphone.workspace.sessions import CallSessions
from tests.helpers.pipewire import PrivatePipeWire


@dataclasses.dataclass
class Desk:
    """An operator's desk: the controller, its Windows watcher, the calls, and what it told the window."""

    controller: AudioController
    watcher: QtDeviceWatcher
    sessions: CallSessions
    switched: list[tuple[str, str]]  # device_switched: (direction, description)

    def dial(self) -> None:
        self.sessions.apply(CallStateChanged(1, CallDirection.OUTBOUND, CallState.DIALING, "+74951234567"))

    def speaker_id(self) -> str | None:
        device = self.controller.effective(Role.SPEAKER)
        return None if device is None else device.id


@pytest.fixture
def start_desk(qtbot: QtBot, pipewire: PrivatePipeWire, tmp_path: Path) -> Iterator[Callable[..., Desk]]:
    desks: list[Desk] = []

    def start(**audio: object) -> Desk:
        settings = Settings(tmp_path / "machine.toml", tmp_path / "user.toml")
        for name, value in audio.items():
            settings.set(getattr(Audio, name), value)
        watcher = make_device_watcher(platform="win32")
        assert isinstance(watcher, QtDeviceWatcher)
        sessions = CallSessions()
        controller = AudioController(AudioBridge(), settings, sessions, GuiThread(), watcher=watcher)
        desk = Desk(controller, watcher, sessions, [])
        controller.device_switched.connect(lambda d, name: desk.switched.append((d, name)))
        controller.start()
        desks.append(desk)
        qtbot.waitUntil(lambda: controller.snapshot.find(Direction.OUTPUT, "spk") is not None, timeout=3000)
        return desk

    yield start
    for desk in desks:
        desk.controller.stop()


def playing_on(pipewire: PrivatePipeWire) -> list[str]:
    """The sinks this process's call streams play to (the sound server's view)."""
    sinks = dict(line.split("\t")[:2] for line in pipewire.pactl("list", "short", "sinks").splitlines())
    inputs = pipewire.pactl("list", "short", "sink-inputs").splitlines()
    return sorted(sinks.get(line.split("\t")[1], "?") for line in inputs if line.strip())


def in_call_on_a_followed_headset(qtbot: QtBot, pipewire: PrivatePipeWire, desk: Desk, name: str) -> None:
    """``name``: a sink name this process's Qt has never listed (Qt on Linux keeps listing a removed
    device, so a name used again would not count as plugged in)."""
    desk.dial()
    qtbot.waitUntil(lambda: playing_on(pipewire) == ["spk"], timeout=3000)
    pipewire.add_sink(name, "USB Headset")
    qtbot.waitUntil(lambda: ("output", "USB Headset") in desk.switched, timeout=3000)
    qtbot.waitUntil(lambda: playing_on(pipewire) == [name], timeout=3000)
    assert desk.speaker_id() == name


def test_a_headset_plugged_in_mid_call_becomes_the_speaker(
    qtbot: QtBot, pipewire: PrivatePipeWire, start_desk: Callable[..., Desk]
) -> None:
    desk = start_desk(follow_new_headset=True)
    in_call_on_a_followed_headset(qtbot, pipewire, desk, "follow-hs")
    assert desk.controller.notice == ""


def test_a_saved_headset_that_is_missing_is_noticed_and_used_once_plugged_in(
    qtbot: QtBot, pipewire: PrivatePipeWire, start_desk: Callable[..., Desk]
) -> None:
    desk = start_desk(speaker=("desk-hs", "Desk Headset"), follow_new_headset=False)
    qtbot.waitUntil(lambda: "Desk Headset not found" in desk.controller.notice, timeout=3000)
    desk.dial()
    qtbot.waitUntil(lambda: playing_on(pipewire) == ["spk"], timeout=3000)  # the system default meanwhile

    pipewire.add_sink("desk-hs", "Desk Headset")
    qtbot.waitUntil(lambda: desk.controller.notice == "", timeout=3000)
    qtbot.waitUntil(lambda: ("output", "Desk Headset") in desk.switched, timeout=3000)
    qtbot.waitUntil(lambda: playing_on(pipewire) == ["desk-hs"], timeout=3000)


def test_unplugging_the_headset_in_use_moves_the_call_to_the_default_speaker(
    qtbot: QtBot, pipewire: PrivatePipeWire, start_desk: Callable[..., Desk], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows' path: Qt's change signal, then a snapshot without the headset."""
    desk = start_desk(follow_new_headset=True)
    in_call_on_a_followed_headset(qtbot, pipewire, desk, "unplug-hs")
    pipewire.remove("unplug-hs")
    qtbot.waitUntil(lambda: playing_on(pipewire) == ["spk"], timeout=3000)  # PipeWire moved the stream
    assert desk.speaker_id() == "unplug-hs"  # Linux's Qt told nothing: the controller knows no better

    linux_view = qt_devices.qt_snapshot

    def windows_view() -> DeviceSnapshot:  # Qt's list on Windows: only what is plugged in
        seen, sinks = linux_view(), set(pipewire.short_list("sinks"))
        return dataclasses.replace(seen, outputs=tuple(d for d in seen.outputs if d.id in sinks))

    monkeypatch.setattr(qt_devices, "qt_snapshot", windows_view)
    told = len(desk.switched)
    qt_signals = desk.watcher.findChild(QMediaDevices)
    assert qt_signals is not None
    qt_signals.audioOutputsChanged.emit()

    qtbot.waitUntil(lambda: "unplug-hs" not in {d.id for d in desk.controller.snapshot.outputs}, timeout=3000)
    qtbot.waitUntil(lambda: ("output", "FakeSpeaker") in desk.switched[told:], timeout=3000)
    assert desk.speaker_id() == "spk"
    assert playing_on(pipewire) == ["spk"]
    assert desk.controller.notice == ""


def test_a_stream_error_moves_the_call_to_the_default_speaker(
    qtbot: QtBot, pipewire: PrivatePipeWire, start_desk: Callable[..., Desk]
) -> None:
    desk = start_desk(follow_new_headset=True)
    in_call_on_a_followed_headset(qtbot, pipewire, desk, "error-hs")
    streams = desk.controller._streams
    assert streams is not None
    failures: list[tuple[str, str]] = []
    streams.stream_failed.connect(lambda d, reason, _asked: failures.append((d, reason)))

    pipewire.remove("error-hs")  # mid-stream: PipeWire moves the stream, Qt's sink sees no error
    qtbot.waitUntil(lambda: playing_on(pipewire) == ["spk"], timeout=3000)
    qtbot.wait(1000)
    assert failures == [] and desk.controller.notice == ""

    told = len(desk.switched)
    streams.stream_failed.emit("output", "IOError", "error-hs")  # CallStreams when Windows' sink stops
    qtbot.waitUntil(lambda: ("output", "FakeSpeaker") in desk.switched[told:], timeout=3000)
    assert desk.speaker_id() == "spk"  # the followed headset is given up
    qtbot.waitUntil(lambda: playing_on(pipewire) == ["spk"], timeout=3000)

    told = len(desk.switched)
    streams.stream_failed.emit("output", "IOError", "error-hs")  # late: that stream is replaced
    qtbot.wait(300)
    assert desk.controller.notice == "" and desk.switched[told:] == []

    streams.stream_failed.emit("output", "IOError", "spk")  # the default fails too: nothing left to try
    qtbot.waitUntil(lambda: desk.controller.notice == "Sound device failed (IOError)", timeout=3000)
