"""The call controls and call LEDs of a headset, found in its report descriptor.

``TelephonyMap.from_descriptor`` picks the controls of the Telephony usage page (0x0B) - hook
switch 0x20, flash 0x21, redial 0x24, phone mute 0x2F - and the LED outputs of the LED page (0x08:
ring 0x18, off-hook 0x17, mute 0x09, microphone 0x21, hold 0x20; older Plantronics ring through the
Telephony page's ringer 0x9E) inside the device's telephony application collections. ``decode``
turns one input report (as hidapi reads it: the report ID byte first when the device numbers its
reports) into the controls it carries; ``encode`` builds the output reports that set the LEDs.
Qt-free.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from dataclasses import dataclass

from softphone.headset.report_descriptor import (
    ReportDescriptor,
    ReportField,
    ReportKind,
    array_usages,
    read_field,
    usage_of,
    write_field,
)

TELEPHONY_PAGE = 0x0B
LED_PAGE = 0x08


class Control(enum.Enum):
    HOOK_SWITCH = usage_of(TELEPHONY_PAGE, 0x20)
    FLASH = usage_of(TELEPHONY_PAGE, 0x21)
    REDIAL = usage_of(TELEPHONY_PAGE, 0x24)
    PHONE_MUTE = usage_of(TELEPHONY_PAGE, 0x2F)


class Led(enum.Enum):
    RING = "ring"
    OFF_HOOK = "off_hook"
    MUTE = "mute"
    HOLD = "hold"


LED_USAGES: dict[Led, tuple[int, ...]] = {
    Led.RING: (usage_of(LED_PAGE, 0x18), usage_of(TELEPHONY_PAGE, 0x9E)),
    Led.OFF_HOOK: (usage_of(LED_PAGE, 0x17),),
    Led.MUTE: (usage_of(LED_PAGE, 0x09), usage_of(LED_PAGE, 0x21)),
    Led.HOLD: (usage_of(LED_PAGE, 0x20),),
}


@dataclass(frozen=True, slots=True)
class LedState:
    ring: bool = False
    off_hook: bool = False
    mute: bool = False
    hold: bool = False

    def value(self, led: Led) -> bool:
        return bool(getattr(self, led.value))


def _in_telephony_collection(field: ReportField) -> bool:
    return field.application >> 16 == TELEPHONY_PAGE


@dataclass(frozen=True, slots=True)
class TelephonyMap:
    controls: dict[Control, ReportField]
    leds: dict[Led, tuple[ReportField, ...]]
    uses_report_ids: bool
    output_lengths: dict[int, int]  # report ID -> data bytes of each output report we write

    @classmethod
    def from_descriptor(cls, descriptor: ReportDescriptor) -> TelephonyMap | None:
        """The headset's call controls, or None when it has no hook switch and no phone mute."""
        controls: dict[Control, ReportField] = {}
        for field in descriptor.of_kind(ReportKind.INPUT):
            if not _in_telephony_collection(field):
                continue
            for control in Control:
                if control not in controls and control.value in field.usages:
                    controls[control] = field
        if Control.HOOK_SWITCH not in controls and Control.PHONE_MUTE not in controls:
            return None
        leds: dict[Led, list[ReportField]] = defaultdict(list)
        for field in descriptor.of_kind(ReportKind.OUTPUT):
            if field.is_array or not _in_telephony_collection(field):
                continue
            for led, usages in LED_USAGES.items():
                if field.usage in usages:
                    leds[led].append(field)
        lengths = {
            field.report_id: descriptor.report_bytes(ReportKind.OUTPUT, field.report_id)
            for fields in leds.values()
            for field in fields
        }
        return cls(
            controls,
            {led: tuple(fields) for led, fields in leds.items()},
            descriptor.uses_report_ids,
            lengths,
        )

    def decode(self, report: bytes) -> dict[Control, bool]:
        """The controls one input report carries, pressed/on or not; {} for any other report."""
        if not report:
            return {}
        report_id, data = (report[0], report[1:]) if self.uses_report_ids else (0, report)
        found: dict[Control, bool] = {}
        for control, field in self.controls.items():
            if field.report_id != report_id:
                continue
            try:
                if field.is_array:
                    found[control] = control.value in array_usages(field, data)
                else:
                    found[control] = read_field(field, data) != 0
            except ValueError:  # a short report: the control is not in it
                continue
        return found

    def encode(self, state: LedState) -> list[bytes]:
        """Output reports setting every LED the headset has (report ID byte first, 0 without IDs)."""
        buffers = {report_id: bytearray(length) for report_id, length in self.output_lengths.items()}
        for led, fields in self.leds.items():
            for field in fields:
                write_field(field, buffers[field.report_id], 1 if state.value(led) else 0)
        return [bytes([report_id]) + bytes(buffer) for report_id, buffer in sorted(buffers.items())]
