"""A USB HID report-descriptor parser: which control sits at which bits of which report.

``parse_report_descriptor(data)`` reads the short items of HID 1.11 §6.2.2 (main, global and local
items; Push/Pop; extended 32-bit usages; usage ranges; long items are skipped) and returns a
``ReportDescriptor``: one ``ReportField`` per variable control (a hook switch, an LED) and one per
array item, each with its report kind and ID, bit offset and size inside the report's data (the
report ID byte not counted), logical range, main-item flags and the application collection it
belongs to. ``read_field`` and ``write_field`` get and set a field's value in report bytes.

Written here rather than taken from PyPI: the only pure-Python parser there (``hid-parser`` 0.1)
computes array offsets with a fixed 8-bit stride and maps array values without the logical
minimum, and ``hid-tools`` is GPL-2.0-only. Malformed input raises ``DescriptorError``; every
loop is bounded by the descriptor's length and the limits below. Qt-free.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

MAX_DESCRIPTOR_BYTES = 4096  # HID descriptors are a few hundred bytes; the length field allows 65535
MAX_FIELDS = 2048
MAX_USAGES = 1024  # usages collected by one main item (a keyboard's array lists 256)
MAX_DEPTH = 16  # nested collections, and the Push stack
MAX_REPORT_BITS = 8 * 1024


class DescriptorError(ValueError):
    """The bytes are not a report descriptor this parser can use."""


class ReportKind(enum.Enum):
    INPUT = "input"
    OUTPUT = "output"
    FEATURE = "feature"


_MAIN_KINDS = {0x8: ReportKind.INPUT, 0x9: ReportKind.OUTPUT, 0xB: ReportKind.FEATURE}
FLAG_CONSTANT = 0x01
FLAG_VARIABLE = 0x02
FLAG_RELATIVE = 0x04
FLAG_NO_PREFERRED = 0x20


def usage_of(page: int, usage_id: int) -> int:
    """The 32-bit extended usage (page in the high half)."""
    return (page << 16) | usage_id


@dataclass(frozen=True, slots=True)
class ReportField:
    kind: ReportKind
    report_id: int  # 0: the device uses no report IDs
    bit_offset: int  # in the report's data, after the report ID byte
    bit_size: int
    count: int  # 1 for a variable control; the number of slots of an array
    usages: tuple[int, ...]  # extended usages: the control's one, or an array's choices in order
    logical_min: int
    logical_max: int
    flags: int
    application: int  # extended usage of the application collection around it (0: none)

    @property
    def usage(self) -> int:
        return self.usages[0] if self.usages else 0

    @property
    def is_constant(self) -> bool:
        return bool(self.flags & FLAG_CONSTANT)

    @property
    def is_array(self) -> bool:
        return not self.flags & FLAG_VARIABLE

    @property
    def is_relative(self) -> bool:
        return bool(self.flags & FLAG_RELATIVE)

    @property
    def has_preferred_state(self) -> bool:
        """HID's "preferred state" bit: a control that springs back (a button), not a switch."""
        return not self.flags & FLAG_NO_PREFERRED


@dataclass(frozen=True, slots=True)
class ReportDescriptor:
    fields: tuple[ReportField, ...]
    uses_report_ids: bool

    def of_kind(self, kind: ReportKind) -> list[ReportField]:
        return [f for f in self.fields if f.kind is kind and not f.is_constant]

    def report_bytes(self, kind: ReportKind, report_id: int) -> int:
        """Length of a report's data in bytes (padding included, report ID byte not)."""
        ends = [
            f.bit_offset + f.bit_size * f.count
            for f in self.fields
            if f.kind is kind and f.report_id == report_id
        ]
        return (max(ends) + 7) // 8 if ends else 0

    def applications(self) -> set[int]:
        return {f.application for f in self.fields}


@dataclass(slots=True)
class _Globals:
    usage_page: int = 0
    logical_min: int = 0
    logical_max: int = 0
    report_size: int = 0
    report_id: int = 0
    report_count: int = 0

    def copy(self) -> _Globals:
        return _Globals(
            self.usage_page,
            self.logical_min,
            self.logical_max,
            self.report_size,
            self.report_id,
            self.report_count,
        )


def _unsigned(data: bytes) -> int:
    return int.from_bytes(data, "little") if data else 0


def _signed(data: bytes) -> int:
    return int.from_bytes(data, "little", signed=True) if data else 0


class _Parser:
    def __init__(self) -> None:
        self.globals = _Globals()
        self.stack: list[_Globals] = []
        self.usages: list[int] = []
        self.usage_min: int | None = None
        self.collections: list[int] = []  # usages of the open collections
        self.application = 0
        self.offsets: dict[tuple[ReportKind, int], int] = {}
        self.fields: list[ReportField] = []
        self.uses_ids = False

    def _usage(self, data: bytes) -> int:
        value = _unsigned(data)
        return value if len(data) == 4 else usage_of(self.globals.usage_page, value)

    def local(self, tag: int, data: bytes) -> None:
        if tag == 0x0:
            self._add_usages([self._usage(data)])
        elif tag == 0x1:
            self.usage_min = self._usage(data)
        elif tag == 0x2:
            if self.usage_min is None:
                raise DescriptorError("Usage Maximum without Usage Minimum")
            high = self._usage(data)
            if high < self.usage_min or high - self.usage_min >= MAX_USAGES:
                raise DescriptorError(f"usage range {self.usage_min:#x}-{high:#x} is not usable")
            self._add_usages(list(range(self.usage_min, high + 1)))
            self.usage_min = None

    def _add_usages(self, usages: list[int]) -> None:
        if len(self.usages) + len(usages) > MAX_USAGES:
            raise DescriptorError("too many usages for one item")
        self.usages.extend(usages)

    def global_(self, tag: int, data: bytes) -> None:
        g = self.globals
        if tag == 0x0:
            g.usage_page = _unsigned(data)
        elif tag == 0x1:
            g.logical_min = _signed(data)
        elif tag == 0x2:
            g.logical_max = _signed(data)
        elif tag == 0x7:
            g.report_size = _unsigned(data)
        elif tag == 0x8:
            g.report_id = _unsigned(data)
            if not 0 < g.report_id <= 0xFF:
                raise DescriptorError(f"report ID {g.report_id} is out of range")
            self.uses_ids = True
        elif tag == 0x9:
            g.report_count = _unsigned(data)
        elif tag == 0xA:
            if len(self.stack) >= MAX_DEPTH:
                raise DescriptorError("Push nested too deep")
            self.stack.append(g.copy())
        elif tag == 0xB:
            if not self.stack:
                raise DescriptorError("Pop without Push")
            self.globals = self.stack.pop()

    def main(self, tag: int, data: bytes) -> None:
        if tag == 0xA:  # Collection
            if len(self.collections) >= MAX_DEPTH:
                raise DescriptorError("collections nested too deep")
            usage = self.usages[0] if self.usages else 0
            if not self.collections:
                self.application = usage
            self.collections.append(usage)
        elif tag == 0xC:  # End Collection
            if not self.collections:
                raise DescriptorError("End Collection without Collection")
            self.collections.pop()
        elif tag in _MAIN_KINDS:
            self._report_item(_MAIN_KINDS[tag], _unsigned(data))
        self.usages = []
        self.usage_min = None

    def _report_item(self, kind: ReportKind, flags: int) -> None:
        g = self.globals
        size, count = g.report_size, g.report_count
        if size <= 0 or count <= 0:
            return  # nothing in the report
        key = (kind, g.report_id)
        offset = self.offsets.get(key, 0)
        end = offset + size * count
        if end > MAX_REPORT_BITS:
            raise DescriptorError(f"{kind.value} report {g.report_id} is longer than {MAX_REPORT_BITS} bits")
        self.offsets[key] = end
        low, high = g.logical_min, g.logical_max
        if high < low and size <= 32:  # a maximum written unsigned (0xFF in one byte) read as -1
            high &= (1 << size) - 1
        if flags & FLAG_VARIABLE:
            new = [
                ReportField(
                    kind,
                    g.report_id,
                    offset + i * size,
                    size,
                    1,
                    (self.usages[min(i, len(self.usages) - 1)],) if self.usages else (),
                    low,
                    high,
                    flags,
                    self.application,
                )
                for i in range(count)
            ]
        else:
            new = [
                ReportField(
                    kind,
                    g.report_id,
                    offset,
                    size,
                    count,
                    tuple(self.usages),
                    low,
                    high,
                    flags,
                    self.application,
                )
            ]
        if len(self.fields) + len(new) > MAX_FIELDS:
            raise DescriptorError("too many report fields")
        self.fields.extend(new)


def parse_report_descriptor(data: bytes) -> ReportDescriptor:
    """Parse ``data``; raises ``DescriptorError`` when it is not a usable report descriptor."""
    if not data:
        raise DescriptorError("empty report descriptor")
    if len(data) > MAX_DESCRIPTOR_BYTES:
        raise DescriptorError(f"report descriptor of {len(data)} bytes is too long")
    parser = _Parser()
    pos = 0
    while pos < len(data):
        prefix = data[pos]
        if prefix == 0xFE:  # long item: size byte, tag byte, data (no standard use)
            if pos + 2 >= len(data):
                raise DescriptorError(f"truncated long item at byte {pos}")
            pos += 3 + data[pos + 1]
            continue
        size = (0, 1, 2, 4)[prefix & 0x3]
        item_type, tag = (prefix >> 2) & 0x3, prefix >> 4
        item = data[pos + 1 : pos + 1 + size]
        if len(item) != size:
            raise DescriptorError(f"truncated item at byte {pos}")
        pos += 1 + size
        if item_type == 0:
            parser.main(tag, item)
        elif item_type == 1:
            parser.global_(tag, item)
        elif item_type == 2:
            parser.local(tag, item)
        else:
            raise DescriptorError(f"reserved item type at byte {pos - 1 - size}")
    if not parser.fields:
        raise DescriptorError("the descriptor declares no report fields")
    return ReportDescriptor(tuple(parser.fields), parser.uses_ids)


def read_bits(data: bytes, bit_offset: int, bit_size: int) -> int:
    """The unsigned value of ``bit_size`` bits at ``bit_offset`` (little-endian, LSB first)."""
    first, last = bit_offset // 8, (bit_offset + bit_size - 1) // 8
    if last >= len(data):
        raise ValueError(f"report of {len(data)} bytes is too short for bits {bit_offset}+{bit_size}")
    chunk = int.from_bytes(data[first : last + 1], "little")
    return (chunk >> (bit_offset % 8)) & ((1 << bit_size) - 1)


def read_field(field: ReportField, data: bytes, slot: int = 0) -> int:
    """A field's value (one array slot) in a report's data; signed when its logical range is."""
    raw = read_bits(data, field.bit_offset + slot * field.bit_size, field.bit_size)
    if field.logical_min < 0 and raw & (1 << (field.bit_size - 1)):
        raw -= 1 << field.bit_size
    return raw


def array_usages(field: ReportField, data: bytes) -> set[int]:
    """The usages an array item reports as active (a value outside the logical range is none)."""
    active: set[int] = set()
    for slot in range(field.count):
        index = read_field(field, data, slot) - field.logical_min
        if 0 <= index < len(field.usages):
            active.add(field.usages[index])
    return active


def write_field(field: ReportField, buffer: bytearray, value: int) -> None:
    """Set a variable field's bits in an output report's data."""
    mask = (1 << field.bit_size) - 1
    first = field.bit_offset // 8
    last = (field.bit_offset + field.bit_size - 1) // 8
    if last >= len(buffer):
        raise ValueError("output buffer too short for the field")
    shift = field.bit_offset % 8
    chunk = int.from_bytes(buffer[first : last + 1], "little")
    chunk = (chunk & ~(mask << shift)) | ((value & mask) << shift)
    buffer[first : last + 1] = chunk.to_bytes(last - first + 1, "little")
