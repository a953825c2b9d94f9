"""The headset's own thread: finds the USB headset, reads its buttons, writes its LEDs.

``HeadsetThread`` is the only code that talks to the HID device, through a ``HidBackend``
(``hid_device.HidapiBackend`` in the app, recordings in the tests). It looks for a device with a
telephony collection (usage page 0x0B, or one of the vendors in ``quirks.QUIRKS``), opens it,
parses its report descriptor (``telephony.TelephonyMap``) and then loops: write the newest LED
state when it changed, read one report with a short timeout. It hands plain events to
``on_event`` on this thread - never Qt, never pjsua2; the composition root wraps ``on_event`` with
the GUI-thread hand-over. A read or write error is an unplugged headset: the thread says
``HeadsetDetached`` and looks again, every ``RETRY_S`` (so a replugged headset is back within
about a second); a device that is not usable is skipped until it is unplugged. Every wait is
bounded and ends at once on ``stop``. Qt-free.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from softphone.headset.quirks import QUIRKS, ControlMode, declared_mode, quirks_for
from softphone.headset.report_descriptor import DescriptorError, parse_report_descriptor
from softphone.headset.telephony import TELEPHONY_PAGE, Control, Led, LedState, TelephonyMap

log = logging.getLogger(__name__)

READ_TIMEOUT_MS = 100  # how long one read waits: LED changes are written between reads
RETRY_S = 0.5  # between looks for a headset while none is attached
REPORT_BYTES = 64


@dataclass(frozen=True, slots=True)
class HidDeviceInfo:
    path: bytes
    vendor_id: int
    product_id: int
    usage_page: int = 0
    product: str = ""
    manufacturer: str = ""


class HidHandle(Protocol):
    def report_descriptor(self) -> bytes: ...
    def read(self, size: int, timeout_ms: int) -> bytes: ...  # b"" on timeout; OSError when gone
    def write(self, report: bytes) -> None: ...
    def close(self) -> None: ...


class HidBackend(Protocol):
    def enumerate(self) -> list[HidDeviceInfo]: ...
    def open(self, info: HidDeviceInfo) -> HidHandle: ...


@dataclass(frozen=True, slots=True)
class HeadsetInfo:
    name: str  # "Jabra Evolve2 65" as the device names itself (vendor name added when missing)
    vendor_id: int
    product_id: int
    controls: frozenset[Control]
    leds: frozenset[Led]
    modes: dict[Control, ControlMode]
    acknowledge_with_leds: bool


@dataclass(frozen=True, slots=True)
class HeadsetAttached:
    info: HeadsetInfo


@dataclass(frozen=True, slots=True)
class HeadsetDetached:
    info: HeadsetInfo


@dataclass(frozen=True, slots=True)
class ControlsReported:
    controls: dict[Control, bool]
    at: float  # time.monotonic() when read


@dataclass(frozen=True, slots=True)
class LedsWritten:
    leds: LedState
    at: float


HeadsetEvent = HeadsetAttached | HeadsetDetached | ControlsReported | LedsWritten


def headset_info(device: HidDeviceInfo, mapping: TelephonyMap) -> HeadsetInfo:
    quirks = quirks_for(device.vendor_id)
    modes = {control: declared_mode(field) for control, field in mapping.controls.items()}
    if quirks.hook_switch is not None and Control.HOOK_SWITCH in modes:
        modes[Control.HOOK_SWITCH] = quirks.hook_switch
    if quirks.phone_mute is not None and Control.PHONE_MUTE in modes:
        modes[Control.PHONE_MUTE] = quirks.phone_mute
    name = device.product.strip() or f"{device.vendor_id:04x}:{device.product_id:04x}"
    if quirks.name and quirks.name.lower() not in name.lower():
        name = f"{quirks.name} {name}"
    return HeadsetInfo(
        name=name,
        vendor_id=device.vendor_id,
        product_id=device.product_id,
        controls=frozenset(mapping.controls),
        leds=frozenset(mapping.leds),
        modes=modes,
        acknowledge_with_leds=quirks.acknowledge_with_leds,
    )


class HeadsetThread:
    def __init__(
        self,
        backend_factory: Callable[[], HidBackend],
        on_event: Callable[[HeadsetEvent], None],
        *,
        retry_s: float = RETRY_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._backend_factory = backend_factory
        self._on_event = on_event
        self._retry_s = retry_s
        self._clock = clock
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._leds = LedState()
        self._leds_version = 0
        self._acknowledge = False
        self._thread: threading.Thread | None = None
        self._skipped: set[bytes] = set()  # paths of devices that are no headset we can use

    # ---- any thread -----------------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="headset-hid", daemon=True)
            self._thread.start()

    def stop(self, timeout_s: float = 3.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
            if self._thread.is_alive():
                log.warning("headset thread did not stop within %.1f s", timeout_s)
            self._thread = None

    def set_leds(self, leds: LedState, acknowledge: bool = False) -> None:
        """Show ``leds`` on the headset; ``acknowledge`` writes them even when unchanged."""
        with self._lock:
            if leds != self._leds or acknowledge:
                self._leds = leds
                self._leds_version += 1
                self._acknowledge = self._acknowledge or acknowledge

    # ---- the headset thread ---------------------------------------------------------------------
    def _emit(self, event: HeadsetEvent) -> None:
        try:
            self._on_event(event)
        except Exception:
            log.exception("headset event handler failed for %s", type(event).__name__)

    def _run(self) -> None:
        try:
            backend = self._backend_factory()
        except Exception as exc:  # no hidapi here: say so once and end quietly
            log.warning("headset control unavailable: %s", exc)
            return
        while not self._stop.is_set():
            attached = self._attach(backend)
            if attached is None:
                self._stop.wait(self._retry_s)
                continue
            handle, mapping, info = attached
            try:
                self._serve(handle, mapping)
            except OSError as exc:
                log.info("headset %s gone: %s", info.name, exc)
            finally:
                self._close(handle)
            self._emit(HeadsetDetached(info))

    def _attach(self, backend: HidBackend) -> tuple[HidHandle, TelephonyMap, HeadsetInfo] | None:
        try:
            devices = backend.enumerate()
        except OSError as exc:
            log.debug("listing HID devices failed: %s", exc)
            return None
        present = {d.path for d in devices}
        self._skipped &= present  # an unplugged device gets a new chance when it comes back
        for device in devices:
            if device.path in self._skipped:
                continue
            if device.usage_page != TELEPHONY_PAGE and device.vendor_id not in QUIRKS:
                continue
            found = self._open(backend, device)
            if found is not None:
                return found
        return None

    def _open(
        self, backend: HidBackend, device: HidDeviceInfo
    ) -> tuple[HidHandle, TelephonyMap, HeadsetInfo] | None:
        try:
            handle = backend.open(device)
        except OSError as exc:
            log.info("cannot open HID device %04x:%04x: %s", device.vendor_id, device.product_id, exc)
            self._skipped.add(device.path)
            return None
        try:
            mapping = TelephonyMap.from_descriptor(parse_report_descriptor(handle.report_descriptor()))
        except (OSError, DescriptorError) as exc:
            log.info("HID device %04x:%04x: %s", device.vendor_id, device.product_id, exc)
            mapping = None
        if mapping is None:
            self._close(handle)
            self._skipped.add(device.path)
            return None
        info = headset_info(device, mapping)
        log.info("headset attached: %s (controls %s)", info.name, sorted(c.name for c in info.controls))
        with self._lock:
            self._leds_version += 1  # a new device shows the current state at once
        self._emit(HeadsetAttached(info))
        return handle, mapping, info

    def _serve(self, handle: HidHandle, mapping: TelephonyMap) -> None:
        written = -1
        while not self._stop.is_set():
            with self._lock:
                version, leds, acknowledge = self._leds_version, self._leds, self._acknowledge
                self._acknowledge = False
            if version != written or acknowledge:
                for report in mapping.encode(leds):
                    handle.write(report)
                written = version
                self._emit(LedsWritten(leds, self._clock()))
            report = handle.read(REPORT_BYTES, READ_TIMEOUT_MS)
            if report:
                controls = mapping.decode(report)
                if controls:
                    self._emit(ControlsReported(controls, self._clock()))

    @staticmethod
    def _close(handle: HidHandle) -> None:
        with contextlib.suppress(OSError):
            handle.close()
