"""A virtual headset on Linux ``/dev/uhid`` through the app's real hidapi backend and thread.

The kernel turns the uhid device into a hidraw node; hidapi finds it by its telephony collection,
the headset thread reads its hook switch and writes its LEDs, and removing the device is an
unplug. Skipped where the machine has no ``/dev/uhid`` (containers, CI without the module).
"""

from __future__ import annotations

import contextlib
import queue
from pathlib import Path

import pytest

from tests.helpers.hid_playback import load_recording, wait_until
from tests.helpers.uhid import VirtualHid, uhid_available

pytestmark = pytest.mark.skipif(not uhid_available(), reason="no /dev/uhid on this machine")

RECORDING = Path(__file__).parents[2] / "unit" / "headset" / "recordings" / "poly-blackwire-3220.hid"


def test_virtual_headset_buttons_and_leds_through_hidapi() -> None:
    from softphone.headset.device_thread import (
        ControlsReported,
        HeadsetAttached,
        HeadsetDetached,
        HeadsetEvent,
        HeadsetThread,
    )
    from softphone.headset.hid_device import HidapiBackend
    from softphone.headset.telephony import Control, LedState

    recording = load_recording(RECORDING)
    device = VirtualHid(recording.name, recording.vendor_id, recording.product_id, recording.descriptor)
    events: queue.Queue[HeadsetEvent] = queue.Queue()
    seen: list[HeadsetEvent] = []

    def pump() -> None:
        with contextlib.suppress(queue.Empty):
            seen.append(events.get(timeout=0.05))

    thread = HeadsetThread(HidapiBackend, events.put, retry_s=0.1)
    thread.start()
    try:
        wait_until(lambda: any(isinstance(e, HeadsetAttached) for e in seen), 10, pump)
        device.send(bytes([0x08, 0x02]))  # hook switch
        wait_until(
            lambda: any(
                isinstance(e, ControlsReported) and e.controls.get(Control.HOOK_SWITCH) for e in seen
            ),
            10,
            pump,
        )
        thread.set_leds(LedState(off_hook=True))
        wait_until(lambda: bytes([0x17, 0x01]) in device.outputs(), 10, pump)
        device.close()  # unplugged
        wait_until(lambda: any(isinstance(e, HeadsetDetached) for e in seen), 10, pump)
    finally:
        thread.stop()
        device.close()
