"""The HID report-descriptor parser on a real headset's descriptor and on the items it must read."""

from __future__ import annotations

from pathlib import Path

import pytest

from softphone.headset.report_descriptor import (
    DescriptorError,
    ReportKind,
    array_usages,
    parse_report_descriptor,
    read_field,
    usage_of,
    write_field,
)
from tests.helpers.hid_playback import load_recording

POLY = load_recording(Path(__file__).parent / "recordings" / "poly-blackwire-3220.hid").descriptor


def test_real_poly_descriptor_places_the_telephony_controls() -> None:
    descriptor = parse_report_descriptor(POLY)
    assert descriptor.uses_report_ids
    inputs = {f.usage: f for f in descriptor.of_kind(ReportKind.INPUT) if f.report_id == 8}
    mute, hook, flash = (inputs[usage_of(0x0B, usage)] for usage in (0x2F, 0x20, 0x21))
    assert (mute.bit_offset, hook.bit_offset, flash.bit_offset) == (0, 1, 2)
    assert mute.is_relative and not hook.is_relative and not hook.has_preferred_state
    assert hook.application == usage_of(0x0B, 0x05)  # Telephony / Headset collection
    assert descriptor.report_bytes(ReportKind.INPUT, 8) == 1
    assert descriptor.report_bytes(ReportKind.OUTPUT, 0x17) == 1
    volume_up = next(f for f in descriptor.of_kind(ReportKind.INPUT) if f.usage == usage_of(0x0C, 0xE9))
    assert volume_up.application == usage_of(0x0C, 0x01) and volume_up.report_id == 1


def test_extended_usages_push_pop_and_signed_ranges() -> None:
    # fmt: off
    data = bytes(
        [
            0x05, 0x01, 0x09, 0x02, 0xA1, 0x01,  # Generic Desktop / Mouse, application
            0xA4,  # Push
            0x0B, 0x20, 0x00, 0x0B, 0x00,  # Usage 0x000B0020 (extended: telephony hook switch)
            0x15, 0x81, 0x25, 0x7F, 0x75, 0x08, 0x95, 0x01, 0x81, 0x02,  # -127..127, 8 bits
            0xB4,  # Pop: back to page 1
            0x09, 0x30, 0x15, 0x00, 0x25, 0xFF, 0x75, 0x08, 0x95, 0x01, 0x81, 0x02,  # max 0xFF read as 255
            0xC0,
        ]
    )
    # fmt: on
    descriptor = parse_report_descriptor(data)
    first, second = descriptor.of_kind(ReportKind.INPUT)
    assert first.usage == usage_of(0x0B, 0x20) and first.logical_min == -127
    assert second.usage == usage_of(0x01, 0x30) and second.bit_offset == 8
    assert (second.logical_min, second.logical_max) == (0, 255)
    assert read_field(first, bytes([0xFF, 0x10])) == -1
    assert read_field(second, bytes([0xFF, 0x10])) == 0x10


def test_array_items_map_values_from_the_logical_minimum() -> None:
    # fmt: off
    data = bytes(
        [
            0x05, 0x0B, 0x09, 0x01, 0xA1, 0x01,
            0x19, 0x20, 0x29, 0x24,  # usages hook switch .. redial
            0x15, 0x01, 0x25, 0x05, 0x75, 0x04, 0x95, 0x02, 0x81, 0x00,  # two 4-bit slots, values 1..5
            0xC0,
        ]
    )
    # fmt: on
    (field,) = parse_report_descriptor(data).of_kind(ReportKind.INPUT)
    assert field.is_array and field.count == 2
    assert array_usages(field, bytes([0x51])) == {usage_of(0x0B, 0x20), usage_of(0x0B, 0x24)}
    assert array_usages(field, bytes([0x00])) == set()


def test_write_field_sets_only_its_bits() -> None:
    (led,) = [
        f for f in parse_report_descriptor(POLY).of_kind(ReportKind.OUTPUT) if f.usage == usage_of(0x08, 0x17)
    ]
    buffer = bytearray([0xF0])
    write_field(led, buffer, 1)
    assert buffer == bytearray([0xF1])
    write_field(led, buffer, 0)
    assert buffer == bytearray([0xF0])


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (bytes([0x05]), "truncated"),
        (bytes([0xC0]), "End Collection without"),
        (bytes([0xB4]), "Pop without Push"),
        (bytes([0x85, 0x00]), "report ID 0"),
        (bytes([0x29, 0x05]), "Usage Maximum without"),
        (bytes([0x05, 0x0B, 0x09, 0x01, 0xA1, 0x01, 0xC0]), "no report fields"),
        (bytes([0x75, 0x08, 0x96, 0xFF, 0xFF, 0x81, 0x02]), "longer than"),
        (bytes(5000), "too long"),
    ],
)
def test_malformed_descriptors_are_refused_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(DescriptorError, match=reason):
        parse_report_descriptor(data)
