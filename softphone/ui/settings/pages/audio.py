"""Settings page: sound devices (microphone, speaker, ringer), volumes, echo cancellation and noise
suppression, and the sound checks (a test chime, the microphone echo test).

A device is chosen in a combo box listing what the system has now (from the audio controller's
watcher) plus "System default"; a saved device that is not connected stays listed as such, so
saving the page never drops it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from softphone.audio.devices import AudioDevice, DevicePreference, Direction
from softphone.settings.schema import Audio
from softphone.ui.audio.level_meter import LevelMeter
from softphone.ui.settings.fields import FieldEditor
from softphone.ui.settings.page import SettingsPage

if TYPE_CHECKING:
    from softphone.ui.audio.controller import AudioController


class DeviceField(FieldEditor):
    """A device setting ([id, name]) edited with a combo box of the present devices."""

    def __init__(self, spec: Any, label: str, devices: list[AudioDevice]) -> None:
        self._devices = devices
        super().__init__(spec, label)

    def _make_input(self, choice_labels: dict[str, str]) -> QWidget:
        combo = QComboBox()
        combo.addItem(QCoreApplication.translate("AudioPage", "System default"), ())
        for device in self._devices:
            combo.addItem(device.description, (device.id, device.description))
        return combo

    def set_value(self, value: Any) -> None:
        combo = self.input
        assert isinstance(combo, QComboBox)
        wanted = DevicePreference.from_setting(tuple(value))
        for row in range(combo.count()):
            data = combo.itemData(row)
            if DevicePreference.from_setting(tuple(data or ())).id == wanted.id:
                combo.setCurrentIndex(row)
                return
        missing = QCoreApplication.translate("AudioPage", "%1 (not connected)").replace(
            "%1", wanted.description or wanted.id
        )
        combo.addItem(missing, wanted.to_setting())
        combo.setCurrentIndex(combo.count() - 1)

    def raw_value(self) -> Any:
        combo = self.input
        assert isinstance(combo, QComboBox)
        return list(combo.currentData() or ())

    def chosen(self) -> AudioDevice | None:
        preference = DevicePreference.from_setting(tuple(self.raw_value()))
        return None if preference.is_default else AudioDevice(preference.id, preference.description)


class AudioPage(SettingsPage):
    page_id = "audio"

    def __init__(self, audio: AudioController | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._audio = audio
        snapshot = audio.snapshot if audio is not None else None
        outputs = list(snapshot.outputs) if snapshot else []
        inputs = list(snapshot.inputs) if snapshot else []
        self.microphone = self._device_field(Audio.microphone, self.tr("Microphone"), inputs)
        self.speaker = self._device_field(Audio.speaker, self.tr("Speaker or headset"), outputs)
        self.ringer = self._device_field(Audio.ringer, self.tr("Ringtone plays on"), outputs)
        self.add_field(
            Audio.follow_new_headset,
            self.tr("Switch to a headset when it is plugged in"),
            hint=self.tr("Calls move to a newly connected device at once, and back when it is unplugged."),
        )
        self.add_field(Audio.speaker_volume, self.tr("Call volume, %"))
        self.add_field(Audio.microphone_volume, self.tr("Microphone volume, %"))
        self.add_field(
            Audio.echo_cancellation,
            self.tr("Cancel echo (without a headset)"),
            hint=self.tr("Removes the other party's voice that the microphone picks up from the speakers."),
        )
        self.add_field(
            Audio.noise_suppression,
            self.tr("Suppress background noise"),
            hint=self.tr("Each uses a few percent of one processor core during a call."),
        )
        self.chime_button = QPushButton(self.tr("Play a test sound"))
        self.chime_button.setObjectName("audio_test_chime")
        self.echo_button = QPushButton(self.tr("Test the microphone"))
        self.echo_button.setObjectName("audio_echo_test")
        self.echo_button.setToolTip(
            self.tr("Records you for a few seconds, then plays it back on the chosen speaker.")
        )
        self.check_level = LevelMeter()
        self.check_state = QLabel()
        self.check_state.setObjectName("audio_check_state")
        row = QHBoxLayout()
        for widget in (self.chime_button, self.echo_button, self.check_level):
            row.addWidget(widget)
        row.addStretch(1)
        self.form.addRow("", row)
        self.form.addRow("", self.check_state)
        self._check: Any = None
        usable = audio is not None and audio.available
        self.chime_button.setEnabled(usable)
        self.echo_button.setEnabled(usable)
        if not usable:
            self.check_state.setText(self.tr("No sound system: calls have no sound on this computer."))
        self.chime_button.clicked.connect(self._play_chime)
        self.echo_button.clicked.connect(self._echo_test)

    def title(self) -> str:
        return self.tr("Sound")

    def _device_field(self, spec: Any, label: str, devices: list[AudioDevice]) -> DeviceField:
        editor = DeviceField(spec, label, devices)
        self.fields[spec] = editor
        self.form.addRow(editor.row_label, editor.row)
        return editor

    # ----- sound checks ----------------------------------------------------------------------------
    def _sound_check(self) -> Any:
        if self._check is None:
            from softphone.ui.audio.device_check import SoundCheck

            self._check = SoundCheck(self)
            self._check.state_changed.connect(self._show_check_state)
            self._check.input_level.connect(self.check_level.show_level)
        return self._check

    def _qt_device(self, field: DeviceField, direction: Direction) -> Any:
        from softphone.ui.audio.qt_devices import qt_device

        return qt_device(direction, field.chosen())

    def _play_chime(self) -> None:
        self._sound_check().play_chime(self._qt_device(self.speaker, Direction.OUTPUT))

    def _echo_test(self) -> None:
        self._sound_check().echo_test(
            self._qt_device(self.microphone, Direction.INPUT), self._qt_device(self.speaker, Direction.OUTPUT)
        )

    def _show_check_state(self, state: str) -> None:
        texts = {
            "playing": self.tr("Playing…"),
            "recording": self.tr("Speak now: recording a few seconds…"),
            "done": "",
        }
        if state.startswith("failed"):
            text = self.tr("The device did not work: %1").replace("%1", state.partition(": ")[2])
        else:
            text = texts.get(state, "")
        self.check_state.setText(text)

    def hideEvent(self, event: Any) -> None:
        if self._check is not None:
            self._check.stop()
        super().hideEvent(event)
