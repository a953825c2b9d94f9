"""Which device a saved choice means today: by id, by name when the id changed, else the default
with the missing device named."""

from __future__ import annotations

from softphone.audio.devices import (
    AudioDevice,
    DevicePreference,
    DeviceSnapshot,
    Direction,
    effective_device,
    resolve,
)

JABRA = AudioDevice("alsa_output.usb-Jabra-00", "Jabra Evolve2 40")
DESK = AudioDevice("alsa_output.pci-0000", "Built-in Audio")
SNAPSHOT = DeviceSnapshot(outputs=(DESK, JABRA), default_output=DESK.id)


def test_the_saved_device_is_found_by_its_id() -> None:
    assert resolve(DevicePreference.of(JABRA), SNAPSHOT, Direction.OUTPUT).device == JABRA


def test_a_device_whose_id_changed_is_found_by_its_name() -> None:
    moved = DevicePreference("alsa_output.usb-Jabra-01", JABRA.description)
    assert resolve(moved, SNAPSHOT, Direction.OUTPUT).device == JABRA


def test_a_missing_device_falls_back_to_the_default_and_is_named() -> None:
    missing = DevicePreference("usb-Poly", "Poly Blackwire")
    resolved = resolve(missing, SNAPSHOT, Direction.OUTPUT)
    assert resolved.device is None and resolved.missing == missing
    assert effective_device(resolved, SNAPSHOT, Direction.OUTPUT) == DESK


def test_the_settings_form_round_trips_and_empty_means_default() -> None:
    saved = DevicePreference.of(JABRA)
    assert DevicePreference.from_setting(saved.to_setting()) == saved
    assert DevicePreference.from_setting(()).is_default
    assert resolve(DevicePreference(), SNAPSHOT, Direction.OUTPUT).device is None


def test_devices_added_since_an_earlier_snapshot() -> None:
    before = DeviceSnapshot(outputs=(DESK,))
    assert SNAPSHOT.added_since(before, Direction.OUTPUT) == (JABRA,)
    assert SNAPSHOT.added_since(before, Direction.INPUT) == ()
