"""Sound devices as the app knows them: identity, what the system has now, and which one to use.

A device is known by the sound system's id (Qt's ``QAudioDevice.id()``: the Pulse/PipeWire node
name on Linux, the endpoint id on Windows) and its description (what the operator reads). The
settings keep both (``DevicePreference``): the id finds the same device again, the description
finds it when the id changed (a USB headset in another port on some systems) and names it in the
note when it is missing. ``DeviceSnapshot`` is what a watcher saw; ``resolve`` turns a preference
into the device to open (None: the system default) and says whether the chosen one is missing.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Direction(enum.StrEnum):
    OUTPUT = "output"
    INPUT = "input"


class Role(enum.StrEnum):
    """What a device is chosen for; the ringer is an output of its own (the desk speaker)."""

    MICROPHONE = "microphone"
    SPEAKER = "speaker"
    RINGER = "ringer"

    @property
    def direction(self) -> Direction:
        return Direction.INPUT if self is Role.MICROPHONE else Direction.OUTPUT


@dataclass(frozen=True, slots=True)
class AudioDevice:
    id: str
    description: str


@dataclass(frozen=True, slots=True)
class DeviceSnapshot:
    """The devices present at one moment, and the system's defaults (ids; "" when unknown)."""

    outputs: tuple[AudioDevice, ...] = ()
    inputs: tuple[AudioDevice, ...] = ()
    default_output: str = ""
    default_input: str = ""

    def devices(self, direction: Direction) -> tuple[AudioDevice, ...]:
        return self.outputs if direction is Direction.OUTPUT else self.inputs

    def default_id(self, direction: Direction) -> str:
        return self.default_output if direction is Direction.OUTPUT else self.default_input

    def find(self, direction: Direction, device_id: str) -> AudioDevice | None:
        return next((d for d in self.devices(direction) if d.id == device_id), None)

    def added_since(self, before: DeviceSnapshot, direction: Direction) -> tuple[AudioDevice, ...]:
        known = {d.id for d in before.devices(direction)}
        return tuple(d for d in self.devices(direction) if d.id not in known)


@dataclass(frozen=True, slots=True)
class DevicePreference:
    """A chosen device as the settings hold it; empty: the system default."""

    id: str = ""
    description: str = ""

    @classmethod
    def from_setting(cls, value: tuple[str, ...]) -> DevicePreference:
        return cls(value[0] if value else "", value[1] if len(value) > 1 else "")

    def to_setting(self) -> tuple[str, ...]:
        return (self.id, self.description) if self.id else ()

    @classmethod
    def of(cls, device: AudioDevice | None) -> DevicePreference:
        return cls(device.id, device.description) if device is not None else cls()

    @property
    def is_default(self) -> bool:
        return not self.id


@dataclass(frozen=True, slots=True)
class Resolved:
    """The device to open (None: the system default) and whether the preferred one is missing."""

    device: AudioDevice | None
    missing: DevicePreference | None = None


def resolve(preference: DevicePreference, snapshot: DeviceSnapshot, direction: Direction) -> Resolved:
    if preference.is_default:
        return Resolved(None)
    devices = snapshot.devices(direction)
    exact = next((d for d in devices if d.id == preference.id), None)
    if exact is not None:
        return Resolved(exact)
    if preference.description:
        named = [d for d in devices if d.description == preference.description]
        if len(named) == 1:  # same headset, new id; two alike would be a guess
            return Resolved(named[0])
    return Resolved(None, preference)


def effective_device(
    resolved: Resolved, snapshot: DeviceSnapshot, direction: Direction
) -> AudioDevice | None:
    """What will actually play or record: the resolved device, else the system default if known."""
    if resolved.device is not None:
        return resolved.device
    return snapshot.find(direction, snapshot.default_id(direction))
