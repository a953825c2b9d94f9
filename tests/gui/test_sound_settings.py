"""The "Sound" settings page on a private PipeWire: the device lists come from the watcher, a choice
is saved as [id, name], the test sound plays on the chosen speaker only, and the microphone echo
test plays back what the chosen microphone heard."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QPushButton
from pytestqt.qtbot import QtBot

from softphone.audio.bridge import AudioBridge
from softphone.audio.devices import Direction
from softphone.settings.layered import Settings
from softphone.settings.secrets import SecretStore
from softphone.ui.audio.controller import AudioController
from softphone.ui.gui_thread import GuiThread
from softphone.ui.settings.dialog import SettingsDialog
from softphone.ui.settings.pages.audio import AudioPage
from softphone.workspace.sessions import CallSessions
from tests.helpers.pipewire import PrivatePipeWire, dominant_frequency, loud_part, rms_dbfs, tone


@pytest.fixture
def audio(qtbot: QtBot, pipewire: PrivatePipeWire, tmp_path: Path) -> Iterator[AudioController]:
    pipewire.add_sink("hs", "Office Headset")
    settings = Settings(tmp_path / "machine.toml", tmp_path / "user.toml")
    controller = AudioController(AudioBridge(), settings, CallSessions(), GuiThread())
    controller.start()
    qtbot.waitUntil(lambda: controller.snapshot.find(Direction.OUTPUT, "hs") is not None, timeout=5000)
    yield controller
    controller.stop()


def open_page(qtbot: QtBot, audio: AudioController) -> tuple[SettingsDialog, AudioPage]:
    dialog = SettingsDialog(audio.settings, SecretStore(), audio=audio)
    qtbot.addWidget(dialog)
    dialog.show_page("audio")
    page = dialog.current_page()
    assert isinstance(page, AudioPage)
    return dialog, page


def choose(combo: QComboBox, description: str) -> None:
    combo.setCurrentIndex(combo.findText(description))


def test_devices_are_listed_and_a_choice_is_saved_by_identity(qtbot: QtBot, audio: AudioController) -> None:
    dialog, _page = open_page(qtbot, audio)
    speaker = dialog.findChild(QComboBox, "audio.speaker")
    texts = [speaker.itemText(i) for i in range(speaker.count())]
    assert texts[0] == "System default" and "FakeSpeaker" in texts and "Office Headset" in texts
    assert "FakeMic" in [dialog.findChild(QComboBox, "audio.microphone").itemText(i) for i in range(3)]
    choose(speaker, "Office Headset")
    dialog.accept()
    assert audio.settings.audio.speaker == ("hs", "Office Headset")


def test_the_test_sound_plays_on_the_chosen_speaker_only(
    qtbot: QtBot, audio: AudioController, pipewire: PrivatePipeWire
) -> None:
    dialog, page = open_page(qtbot, audio)
    choose(dialog.findChild(QComboBox, "audio.speaker"), "Office Headset")
    with pipewire.recording("hs") as chosen, pipewire.recording("spk") as other:
        qtbot.mouseClick(dialog.findChild(QPushButton, "audio_test_chime"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page._check is not None and page._check.state == "done", timeout=8000)
    assert rms_dbfs(chosen.samples) > -30
    first_note = loud_part(chosen.samples, 16000)[:3000]
    assert abs(dominant_frequency(first_note, 16000) - 440) < 15
    assert rms_dbfs(other.samples) < -80


def test_the_echo_test_plays_back_what_the_microphone_heard(
    qtbot: QtBot, audio: AudioController, pipewire: PrivatePipeWire
) -> None:
    dialog, page = open_page(qtbot, audio)
    choose(dialog.findChild(QComboBox, "audio.speaker"), "Office Headset")
    with pipewire.recording("hs") as played_back:
        qtbot.mouseClick(dialog.findChild(QPushButton, "audio_echo_test"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page._check is not None and page._check.state == "recording", timeout=3000)
        feeder = pipewire.play("mic", tone(1000, 3.0))
        qtbot.waitUntil(lambda: page.check_level.dbfs > -20, timeout=3000)  # its meter moves
        qtbot.waitUntil(lambda: page._check.state == "done", timeout=12000)
        feeder.wait(5)
    loud = loud_part(played_back.samples, 16000)
    assert len(loud) > 16000 and abs(dominant_frequency(loud, 16000) - 1000) < 15
