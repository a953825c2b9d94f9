"""A virtual HID device through Linux ``/dev/uhid``: the kernel makes a real hidraw node of it.

``VirtualHid(name, vendor, product, descriptor)`` creates the device (UHID_CREATE2), ``send``
injects an input report (UHID_INPUT2) and ``outputs()`` returns the output reports the host wrote
to it (UHID_OUTPUT events). ``close`` destroys it, as an unplugged cable would. Needs
``/dev/uhid`` (module ``uhid``) and the right to open it (root, or a udev rule).
Struct layouts: linux/include/uapi/linux/uhid.h (packed).
"""

from __future__ import annotations

import os
import select
import struct
import threading
from pathlib import Path

UHID_PATH = Path("/dev/uhid")
UHID_DESTROY = 1
UHID_OUTPUT = 6
UHID_CREATE2 = 11
UHID_INPUT2 = 12
UHID_DATA_MAX = 4096
BUS_USB = 0x03
_EVENT_BYTES = 4 + 4372  # __u32 type + the largest member of the union (uhid_create2_req)


def uhid_available() -> bool:
    return UHID_PATH.exists() and os.access(UHID_PATH, os.R_OK | os.W_OK)


class VirtualHid:
    def __init__(self, name: str, vendor: int, product: int, descriptor: bytes) -> None:
        self._fd = os.open(UHID_PATH, os.O_RDWR | os.O_CLOEXEC)
        self._outputs: list[bytes] = []
        self._lock = threading.Lock()
        self._closed = threading.Event()
        request = struct.pack(
            "<I128s64s64sHHIIII4096s",
            UHID_CREATE2,
            name.encode()[:127],
            b"softphone-test",
            b"",
            len(descriptor),
            BUS_USB,
            vendor,
            product,
            0x0100,
            0,
            descriptor.ljust(UHID_DATA_MAX, b"\0"),
        )
        os.write(self._fd, request)
        self._reader = threading.Thread(target=self._read, name="uhid", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while not self._closed.is_set():
            ready, _, _ = select.select([self._fd], [], [], 0.1)
            if not ready:
                continue
            try:
                event = os.read(self._fd, _EVENT_BYTES)
            except OSError:
                return
            if len(event) >= 4 + UHID_DATA_MAX + 3 and struct.unpack_from("<I", event)[0] == UHID_OUTPUT:
                size = struct.unpack_from("<H", event, 4 + UHID_DATA_MAX)[0]
                with self._lock:
                    self._outputs.append(event[4 : 4 + size])

    def send(self, report: bytes) -> None:
        os.write(
            self._fd, struct.pack("<IH4096s", UHID_INPUT2, len(report), report.ljust(UHID_DATA_MAX, b"\0"))
        )

    def outputs(self) -> list[bytes]:
        with self._lock:
            return list(self._outputs)

    def close(self) -> None:
        if self._closed.is_set():
            return
        self._closed.set()
        self._reader.join(1)
        try:
            os.write(self._fd, struct.pack("<I", UHID_DESTROY))
        finally:
            os.close(self._fd)
