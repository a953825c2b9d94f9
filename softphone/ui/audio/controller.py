"""``AudioController``: which sound devices the app uses, and the call streams' life (GUI thread).

It takes the platform watcher's snapshots (``softphone.audio.watcher``), the operator's choices
(``settings.audio``) and the live calls (``CallSessions``) and decides:

- the microphone and the speaker for calls, and the ringer's output: the saved choice when
  present, else the system default, with ``notice_changed`` saying which saved device is missing;
  with "follow new headset" on, a device plugged in meanwhile is used until it is unplugged;
- when the call streams run: from dialling or answering until the last call ends (never while a
  call only rings in: the ringer plays then, and the microphone stays closed);
- switching a stream when its device goes (the watcher's removal, or Qt's own stream error) or a
  better one comes: the call goes on, on the new device, within the watcher's latency plus a
  stream start (``device_switch_ms`` in the README).

While streams run it polls the bridge's input level every ``LEVEL_INTERVAL_MS`` for the level meter
(``input_level``). Without a sound system (a headless machine) it does nothing and says so when a
call connects.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtMultimedia import QAudioDevice, QMediaDevices

from softphone.audio.bridge import CAPTURE_TARGET_MS, PLAYBACK_TARGET_MS, AudioBridge
from softphone.audio.devices import (
    AudioDevice,
    DevicePreference,
    DeviceSnapshot,
    Direction,
    Role,
    effective_device,
    resolve,
)
from softphone.audio.ring import RingStats
from softphone.audio.voice_processing import make_processor
from softphone.audio.watcher import DeviceWatcher
from softphone.settings.layered import Settings
from softphone.sip.events import CallState
from softphone.thread_state import ThreadStatePin
from softphone.ui.audio.qt_devices import (
    device_id,
    make_device_watcher,
    qt_device,
    quiet_multimedia_logs,
    sound_available,
)
from softphone.ui.audio.streams import (
    PULSE_LATENCY_MS,
    SINK_BUFFER_MS,
    AudioIoThread,
    CallStreams,
    prefer_low_latency,
)
from softphone.ui.gui_thread import GuiThread, assert_gui_thread
from softphone.workspace.sessions import CallSessions, SessionChange

if TYPE_CHECKING:
    from softphone.ui.calls.ringer import Ringer

log = logging.getLogger(__name__)

LEVEL_INTERVAL_MS = 100
_STREAM_STATES = (CallState.DIALING, CallState.RINGING_OUT, CallState.CONNECTING, CallState.ACTIVE)
ECHO_DELAY_HINT_MS = PLAYBACK_TARGET_MS + SINK_BUFFER_MS + 2 * PULSE_LATENCY_MS + CAPTURE_TARGET_MS


class AudioController(QObject):
    devices_changed = Signal()  # a new snapshot or a new choice (the settings page lists again)
    notice_changed = Signal(str)  # "" when all is well
    input_level = Signal(float)  # dBFS, every LEVEL_INTERVAL_MS while the streams run
    device_switched = Signal(str, str)  # Direction value, device description (a stream now plays there)

    # queued to the audio-io thread
    _open_streams = Signal(object, object)
    _close_streams = Signal()
    _switch_output = Signal(object)
    _switch_input = Signal(object)
    _set_volumes = Signal(float, float)

    def __init__(
        self,
        bridge: AudioBridge,
        settings: Settings,
        sessions: CallSessions,
        gui_thread: GuiThread,
        watcher: DeviceWatcher | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.settings = settings
        self.sessions = sessions
        self.available = sound_available()
        self.snapshot = DeviceSnapshot()
        self._gui_thread = gui_thread
        self._watcher = watcher
        self._followed: dict[Role, AudioDevice] = {}
        self._in_use: dict[Direction, str | None] = {}  # device id each running stream was opened on
        self._streaming = False
        self._ringer: Ringer | None = None
        self._notice = ""
        self._thread: AudioIoThread | None = None
        self._streams: CallStreams | None = None
        self._qt_devices: QMediaDevices | None = None
        self._level_timer = QTimer(self)
        self._level_timer.setInterval(LEVEL_INTERVAL_MS)
        self._level_timer.timeout.connect(lambda: self.input_level.emit(self.bridge.take_input_level()))
        self._unsubscribe = sessions.subscribe(self._on_session_change)
        self.switch_started_at: float | None = None  # monotonic time a switch was decided (benchmarks)
        self._stopped = False

    # ----- life ------------------------------------------------------------------------------------
    def start(self) -> None:
        assert_gui_thread()
        self.apply_settings()
        if not self.available:
            log.warning("no sound system: calls will have no sound")
            return
        prefer_low_latency()
        quiet_multimedia_logs()
        thread = self._thread = AudioIoThread(self)
        thread.setObjectName("audio-io")
        streams = self._streams = CallStreams(self.bridge)
        streams.moveToThread(thread)
        thread.finished.connect(streams.deleteLater)
        pin = self._thread_pin = ThreadStatePin()  # else a thread state per slot (softphone.thread_state)
        thread.started.connect(pin.pin, Qt.ConnectionType.DirectConnection)
        thread.finished.connect(pin.unpin, Qt.ConnectionType.DirectConnection)
        self._open_streams.connect(streams.open)
        self._close_streams.connect(streams.close)
        self._switch_output.connect(streams.switch_output)
        self._switch_input.connect(streams.switch_input)
        self._set_volumes.connect(streams.set_volumes)
        streams.stream_opened.connect(self._on_stream_opened)
        streams.stream_failed.connect(self._on_stream_failed)
        thread.start()
        self._send_volumes()
        self._qt_devices = QMediaDevices(self)  # Qt may list a new device after our watcher saw it
        self._qt_devices.audioOutputsChanged.connect(self._apply)
        self._qt_devices.audioInputsChanged.connect(self._apply)
        watcher = self._watcher = self._watcher or make_device_watcher(self)
        watcher.start(self._gui_thread.wrap(self._on_devices))
        log.info("sound devices watched by the %s watcher", watcher.name)

    def stop(self) -> None:
        assert_gui_thread()
        self._stopped = True  # a snapshot already posted from the watcher's thread is ignored
        self._unsubscribe()
        self._level_timer.stop()
        self._ringer = None
        if self._qt_devices is not None:
            self._qt_devices.audioOutputsChanged.disconnect(self._apply)
            self._qt_devices.audioInputsChanged.disconnect(self._apply)
            self._qt_devices = None
        if self._watcher is not None:
            self._watcher.stop()
        if self._thread is not None:
            self._close_streams.emit()
            self._thread.stop(5000)
            self._thread = None
        self._streaming = False

    def attach_ringer(self, ringer: Ringer) -> None:
        self._ringer = ringer
        self._apply()

    # ----- settings --------------------------------------------------------------------------------
    def preference(self, role: Role) -> DevicePreference:
        audio = self.settings.audio
        value = {Role.MICROPHONE: audio.microphone, Role.SPEAKER: audio.speaker, Role.RINGER: audio.ringer}[
            role
        ]
        return DevicePreference.from_setting(value)

    def apply_settings(self) -> None:
        """Read ``settings.audio`` again (after the settings dialog saved)."""
        audio = self.settings.audio
        self.bridge.set_processor(
            make_processor(audio.echo_cancellation, audio.noise_suppression, ECHO_DELAY_HINT_MS)
        )
        self._followed.clear()  # an explicit choice wins over a followed headset
        self._send_volumes()
        self._apply()

    def _send_volumes(self) -> None:
        audio = self.settings.audio
        self._set_volumes.emit(audio.speaker_volume / 100.0, audio.microphone_volume / 100.0)

    # ----- devices ---------------------------------------------------------------------------------
    def _on_devices(self, snapshot: DeviceSnapshot) -> None:
        if self._stopped:
            return
        previous, self.snapshot = self.snapshot, snapshot
        if previous.outputs or previous.inputs:
            self._follow_new(previous, snapshot)
        self._apply()
        self.devices_changed.emit()

    def _follow_new(self, previous: DeviceSnapshot, snapshot: DeviceSnapshot) -> None:
        for role in (Role.SPEAKER, Role.MICROPHONE):
            gone = self._followed.get(role)
            if gone is not None and snapshot.find(role.direction, gone.id) is None:
                del self._followed[role]
            added = snapshot.added_since(previous, role.direction)
            if added and self.settings.audio.follow_new_headset:
                self._followed[role] = added[-1]
                log.info("new %s device followed: %s", role.direction.value, added[-1].description)

    def chosen(self, role: Role) -> AudioDevice | None:
        """The device ``role`` uses now (None: the system default)."""
        followed = self._followed.get(role)
        if followed is not None:
            return followed
        return resolve(self.preference(role), self.snapshot, role.direction).device

    def effective(self, role: Role) -> AudioDevice | None:
        chosen = self.chosen(role)
        if chosen is not None:
            return chosen
        return effective_device(
            resolve(DevicePreference(), self.snapshot, role.direction), self.snapshot, role.direction
        )

    def qt_device_for(self, role: Role) -> QAudioDevice | None:
        """Qt's device for ``role`` (None: Qt's default; a device Qt does not list yet counts so)."""
        return qt_device(role.direction, self.effective(role))

    def _apply(self) -> None:
        if not self.available or self._stopped:
            return
        missing = [
            pref
            for role in Role
            if role not in self._followed
            and (pref := resolve(self.preference(role), self.snapshot, role.direction).missing) is not None
            and (self.snapshot.outputs or self.snapshot.inputs)
        ]
        self._set_notice(
            "; ".join(
                self.tr("%1 not found: the system default is used").replace("%1", p.description or p.id)
                for p in missing
            )
        )
        if self._ringer is not None:
            self._ringer.set_device(self.qt_device_for(Role.RINGER))
        if self._streaming:
            self._switch_if_changed(Direction.OUTPUT, Role.SPEAKER)
            self._switch_if_changed(Direction.INPUT, Role.MICROPHONE)

    def _switch_if_changed(self, direction: Direction, role: Role) -> None:
        device = self.qt_device_for(role)
        if device is None and self.chosen(role) is not None:
            return  # Qt does not list the new device yet: its change signal brings us back
        wanted = _id_of(device)
        if self._in_use.get(direction) == wanted:
            return
        self._in_use[direction] = wanted
        self.switch_started_at = time.monotonic()
        log.info(
            "%s switches to %s", direction.value, device.description() if device else "the system default"
        )
        (self._switch_output if direction is Direction.OUTPUT else self._switch_input).emit(device)

    def _set_notice(self, text: str) -> None:
        if text != self._notice:
            self._notice = text
            self.notice_changed.emit(text)

    @property
    def notice(self) -> str:
        return self._notice

    # ----- streams ---------------------------------------------------------------------------------
    def _on_session_change(self, _change: SessionChange) -> None:
        needed = any(s.state in _STREAM_STATES for s in self.sessions.live())
        if needed == self._streaming:
            return
        if not self.available:
            if needed:
                self._set_notice(self.tr("No sound system: calls have no sound"))
            return
        self._streaming = needed
        if needed:
            self.bridge.playback.reset_counters()
            self.bridge.capture.reset_counters()
            output, input_ = self.qt_device_for(Role.SPEAKER), self.qt_device_for(Role.MICROPHONE)
            self._in_use = {Direction.OUTPUT: _id_of(output), Direction.INPUT: _id_of(input_)}
            self._open_streams.emit(output, input_)
            self.bridge.take_input_level()
            self._level_timer.start()
        else:
            self._close_streams.emit()
            self._level_timer.stop()
            self._in_use.clear()
            log.info("call audio: %s", "; ".join(_describe(stats) for stats in self.bridge.stats()))

    def _on_stream_opened(self, direction: str, description: str) -> None:
        self.device_switched.emit(direction, description)

    def _on_stream_failed(self, direction: str, reason: str, asked: str) -> None:
        """Qt stopped a stream (its device vanished, or cannot open): go to the system default.
        ``asked``: the device that stream was opened for ("" the default). A failure of a stream
        already replaced (Windows: the device's removal switched it, and the old sink's error came
        after) is not the current stream's: ignored, so no false "device failed" notice stays."""
        which = Direction(direction)
        if self._streaming and (self._in_use.get(which) or "") != asked:
            log.info("%s stream failure of a replaced device ignored", which.value)
            return
        role = Role.SPEAKER if which is Direction.OUTPUT else Role.MICROPHONE
        self._followed.pop(role, None)
        default = qt_device(which, self.snapshot.find(which, self.snapshot.default_id(which)))
        if not self._streaming or self._in_use.get(which) == _id_of(default):
            self._set_notice(self.tr("Sound device failed (%1)").replace("%1", reason))
            return
        self._in_use[which] = _id_of(default)
        self.switch_started_at = time.monotonic()
        (self._switch_output if which is Direction.OUTPUT else self._switch_input).emit(default)

    @property
    def streaming(self) -> bool:
        return self._streaming


def _describe(stats: RingStats) -> str:
    return (
        f"{stats.name} {stats.underruns} underruns, {stats.overruns} overruns, {stats.trims} trims, "
        f"{stats.drift_steps} drift steps, {stats.waits} waits, {stats.phase_margins} phase margins"
    )


def _id_of(device: QAudioDevice | None) -> str | None:
    return None if device is None else device_id(device)
