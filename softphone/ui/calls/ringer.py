"""Ringtone for incoming calls, played through Qt Multimedia to the ringer output the operator chose
(``set_device``; the audio controller keeps it current, e.g. the desk speaker while calls go to the
headset), else the system default.

On Linux, Qt Multimedia prints warnings and fails when there is no sound server (a headless CI
machine, the offscreen test platform). So the ringer first checks for a PulseAudio/PipeWire socket
and for at least one output device, and otherwise rings silently: ``ringing`` still tells the
truth about the call, ``audible`` says whether sound is actually playing.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QUrl

from softphone.ui.resources import ringtone_path

log = logging.getLogger(__name__)


def sound_server_present() -> bool:
    """Whether a Pulse-compatible sound server can be reached (always True off Linux)."""
    if not sys.platform.startswith("linux"):
        return True
    server = os.environ.get("PULSE_SERVER", "")
    if server:
        return not server.startswith("unix:") or Path(server[5:]).exists()
    runtime = os.environ.get("XDG_RUNTIME_DIR") or f"/run/user/{os.getuid()}"
    return Path(runtime, "pulse", "native").exists() or Path("/var/run/pulse/native").exists()


class Ringer(QObject):
    def __init__(
        self, parent: QObject | None = None, sound: Path | None = None, enabled: bool = True
    ) -> None:
        super().__init__(parent)
        self.sound = sound or ringtone_path()
        self.enabled = enabled
        self.ringing = False
        self._effect: Any = None
        self._checked = False
        self._device: Any = None  # QAudioDevice, or None for the system default

    def set_device(self, device: Any) -> None:
        """Ring on ``device`` (a ``QAudioDevice``; None: the system default) from the next ring on."""
        self._device = device
        if self._effect is not None:
            self._apply_device(self._effect)

    def _apply_device(self, effect: Any) -> None:
        from PySide6.QtMultimedia import QMediaDevices

        device = self._device if self._device is not None else QMediaDevices.defaultAudioOutput()
        if effect.audioDevice() != device:
            effect.setAudioDevice(device)

    @property
    def audible(self) -> bool:
        return self._effect is not None and bool(self._effect.isPlaying())

    def _ensure_effect(self) -> Any:
        if self._checked:
            return self._effect
        self._checked = True
        if not self.enabled or not self.sound.exists():
            log.info("Ringtone disabled or missing (%s)", self.sound)
            return None
        if not sound_server_present():
            log.info("No sound server: incoming calls ring silently")
            return None
        from PySide6.QtMultimedia import QMediaDevices, QSoundEffect  # only when audio can work

        if not QMediaDevices.audioOutputs():
            log.info("No audio output device: incoming calls ring silently")
            return None
        effect = QSoundEffect(self)
        effect.setSource(QUrl.fromLocalFile(str(self.sound)))
        effect.setLoopCount(-2)  # QSoundEffect.Loop.Infinite
        effect.setVolume(0.8)
        self._apply_device(effect)
        self._effect = effect
        return effect

    def start(self) -> None:
        if self.ringing:
            return
        self.ringing = True
        effect = self._ensure_effect()
        if effect is not None:
            effect.play()

    def stop(self) -> None:
        self.ringing = False
        if self._effect is not None:
            self._effect.stop()
