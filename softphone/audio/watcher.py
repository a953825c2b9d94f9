"""The one interface behind which the platforms tell the app about sound devices coming and going.

Qt's ``QMediaDevices`` reports a device that appears, but on Linux (Pulse and PipeWire) it never
reports one that goes away, and its lists stay stale (PLATFORM-FACTS). So Linux uses
``softphone.audio.pulse_watcher`` (PipeWire's Pulse server events, read in a thread of its own) and
Windows Qt's own notifications (``softphone.ui.audio.qt_devices.QtDeviceWatcher``); both implement
``DeviceWatcher`` and hand over whole ``DeviceSnapshot`` s, so the app never tracks adds and removes
itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from softphone.audio.devices import DeviceSnapshot

OnDevices = Callable[[DeviceSnapshot], None]


class DeviceWatcher(Protocol):
    """``start(on_change)`` calls ``on_change`` with the first snapshot and after every change (on
    whatever thread the watcher runs: the receiver hands it to its own); ``stop`` ends it."""

    name: str

    def start(self, on_change: OnDevices) -> None: ...

    def stop(self) -> None: ...
