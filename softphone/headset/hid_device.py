"""hidapi behind ``device_thread.HidBackend``: the only module that imports ``hid``.

PyPI's ``hidapi`` builds two modules of one API: ``hid`` (libusb backend on Linux, the native one
on Windows and macOS) and, on Linux, ``hidraw`` (the kernel's hidraw nodes). On Linux we use
``hidraw``: it lists every top-level collection with its usage page (so the telephony collection
of a headset that starts with a consumer collection is found), reads the real report descriptor,
and opening a node never detaches the kernel's driver (libusb would, and the headset's volume
keys would stop working in the desktop). Only ``HeadsetThread`` calls into this module, on its
own thread. hidapi raises ``OSError`` (or ``ValueError`` for a closed device); both become
``OSError`` here, which the thread reads as "unplugged".
"""

from __future__ import annotations

import sys
from typing import Any

from softphone.headset.device_thread import HidDeviceInfo

if sys.platform.startswith("linux"):
    import hidraw as hid
else:
    import hid

DESCRIPTOR_MAX = 4096


def hidapi_version() -> str:
    version = getattr(hid, "version_str", "?")
    return str(version() if callable(version) else version)


class HidapiHandle:
    def __init__(self, device: Any) -> None:
        self._device = device

    def report_descriptor(self) -> bytes:
        try:
            return bytes(self._device.get_report_descriptor(DESCRIPTOR_MAX))
        except (OSError, ValueError) as exc:
            raise OSError(f"report descriptor unreadable: {exc}") from exc

    def read(self, size: int, timeout_ms: int) -> bytes:
        try:
            return bytes(self._device.read(size, timeout_ms))
        except (OSError, ValueError) as exc:
            raise OSError(str(exc) or "read failed") from exc

    def write(self, report: bytes) -> None:
        try:
            written = self._device.write(report)
        except (OSError, ValueError) as exc:
            raise OSError(str(exc) or "write failed") from exc
        if written < 0:
            raise OSError("write failed")

    def close(self) -> None:
        try:
            self._device.close()
        except (OSError, ValueError) as exc:
            raise OSError(str(exc)) from exc


class HidapiBackend:
    def enumerate(self) -> list[HidDeviceInfo]:
        try:
            entries = hid.enumerate()
        except (OSError, ValueError) as exc:
            raise OSError(str(exc)) from exc
        return [
            HidDeviceInfo(
                path=bytes(entry.get("path") or b""),
                vendor_id=int(entry.get("vendor_id") or 0),
                product_id=int(entry.get("product_id") or 0),
                usage_page=int(entry.get("usage_page") or 0),
                product=str(entry.get("product_string") or ""),
                manufacturer=str(entry.get("manufacturer_string") or ""),
            )
            for entry in entries
        ]

    def open(self, info: HidDeviceInfo) -> HidapiHandle:
        device = hid.device()
        try:
            device.open_path(info.path)
        except (OSError, ValueError) as exc:
            raise OSError(str(exc) or "open failed") from exc
        return HidapiHandle(device)
