"""Qt Multimedia's view of sound devices, and the device watcher each platform uses.

``QAudioDevice.id()`` is the identity the settings keep (the Pulse node name on Linux, the endpoint
id on Windows). ``qt_device`` finds a ``QAudioDevice`` for a core ``AudioDevice``: Qt lists a new
device 8-11 ms after it appears, so a device the core watcher reports first may not be found yet;
the controller tries again on Qt's change signal.

``make_device_watcher`` picks the platform's watcher behind ``softphone.audio.watcher.DeviceWatcher``:
on Linux the Pulse/PipeWire event watcher (Qt misses removals there), elsewhere ``QtDeviceWatcher``
(Windows' and macOS' Qt backends report additions, removals and default changes).
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QLoggingCategory, QObject
from PySide6.QtMultimedia import QAudioDevice, QMediaDevices

from softphone.audio.devices import AudioDevice, DeviceSnapshot, Direction
from softphone.audio.watcher import DeviceWatcher, OnDevices
from softphone.ui.calls.ringer import sound_server_present

log = logging.getLogger(__name__)


def device_id(device: QAudioDevice) -> str:
    return bytes(device.id().data()).decode("utf-8", errors="replace")


def to_core(device: QAudioDevice) -> AudioDevice:
    return AudioDevice(device_id(device), device.description())


def qt_devices(direction: Direction) -> list[QAudioDevice]:
    return list(
        QMediaDevices.audioOutputs() if direction is Direction.OUTPUT else QMediaDevices.audioInputs()
    )


def qt_device(direction: Direction, device: AudioDevice | None) -> QAudioDevice | None:
    """Qt's device for ``device`` (None: not known to Qt, or ``device`` is None)."""
    if device is None:
        return None
    return next((d for d in qt_devices(direction) if device_id(d) == device.id), None)


def qt_snapshot() -> DeviceSnapshot:
    def default(direction: Direction) -> str:
        found = (
            QMediaDevices.defaultAudioOutput()
            if direction is Direction.OUTPUT
            else QMediaDevices.defaultAudioInput()
        )
        return "" if found.isNull() else device_id(found)

    return DeviceSnapshot(
        tuple(to_core(d) for d in qt_devices(Direction.OUTPUT)),
        tuple(to_core(d) for d in qt_devices(Direction.INPUT)),
        default(Direction.OUTPUT),
        default(Direction.INPUT),
    )


class QtDeviceWatcher(QObject):
    """``DeviceWatcher`` over ``QMediaDevices`` (GUI thread): Windows and macOS.

    Qt signals the outputs and the inputs separately (a headset with a microphone: both), and
    again when only the default changed; like the Pulse watcher it hands over a snapshot only when
    it differs from the last one it handed over.
    """

    name = "qt"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._devices: QMediaDevices | None = None
        self._on_change: OnDevices | None = None
        self._last: DeviceSnapshot | None = None

    def start(self, on_change: OnDevices) -> None:
        if self._devices is not None:
            raise RuntimeError("device watcher already started")
        self._on_change = on_change
        self._last = None
        self._devices = QMediaDevices(self)
        self._devices.audioOutputsChanged.connect(self._report)
        self._devices.audioInputsChanged.connect(self._report)
        self._report()

    def stop(self) -> None:
        if self._devices is not None:
            self._devices.audioOutputsChanged.disconnect(self._report)
            self._devices.audioInputsChanged.disconnect(self._report)
            self._devices.deleteLater()
            self._devices = None
        self._on_change = None

    def _report(self) -> None:
        if self._on_change is None:
            return
        snapshot = qt_snapshot()
        if snapshot == self._last:
            return
        self._last = snapshot
        try:
            self._on_change(snapshot)
        except Exception:
            log.exception("device change listener failed")


def make_device_watcher(parent: QObject | None = None, platform: str = sys.platform) -> DeviceWatcher:
    if platform.startswith("linux"):
        try:
            import pulsectl  # noqa: F401  (present with the app's dependencies on Linux)
        except ImportError:
            log.warning("pulsectl missing: unplugged sound devices will not be noticed")
        else:
            from softphone.audio.pulse_watcher import PulseDeviceWatcher

            return PulseDeviceWatcher()
    return QtDeviceWatcher(parent)


# Qt Multimedia loads its FFmpeg plugin with the first device query and reports, as warnings, that
# the video-acceleration libraries (VA-API) are absent: nothing the call audio uses.
_QUIET_RULES = "qt.multimedia.symbolsresolver.warning=false\nqt.multimedia.ffmpeg.info=false"


def quiet_multimedia_logs() -> None:
    QLoggingCategory.setFilterRules(_QUIET_RULES)


def sound_available() -> bool:
    """Whether Qt Multimedia can reach a sound system (False: no server on a headless machine)."""
    return sound_server_present()
