"""Headset control switched off and on at run time (the setting), with a recorded headset."""

from __future__ import annotations

import contextlib
import queue
from collections.abc import Callable
from pathlib import Path

from softphone.headset.device_thread import HeadsetEvent
from softphone.headset.link import HeadsetLink
from softphone.headset.service import HeadsetService
from softphone.workspace.sessions import CallSessions
from tests.helpers.hid_playback import PlaybackBackend, load_recording, wait_until

RECORDING = Path(__file__).parent / "recordings" / "jabra-biz-2400.hid"


def test_switching_headset_control_off_and_on() -> None:
    events: queue.Queue[Callable[[], None]] = queue.Queue()

    def hand_over(handler: Callable[[HeadsetEvent], None]) -> Callable[[HeadsetEvent], None]:
        return lambda event: events.put(lambda: handler(event))  # as GuiThread.wrap: run later, in order

    def pump() -> None:
        with contextlib.suppress(queue.Empty):
            events.get(timeout=0.02)()

    backend = PlaybackBackend(load_recording(RECORDING))
    link = HeadsetLink(CallSessions(), None, lambda _name: None)
    shown: list[object] = []
    link.subscribe(shown.append)
    service = HeadsetService(link, lambda: backend, hand_over)
    service.set_enabled(True)
    try:
        wait_until(lambda: link.status is not None, step=pump)
        service.set_enabled(False)
        assert not service.running and link.status is None and shown[-1] is None
        for _ in range(10):  # events of the stopped thread still queued are dropped
            pump()
        assert link.status is None
        service.set_enabled(True)
        wait_until(lambda: link.status is not None and len(backend.handles) == 2, step=pump)
        assert [s is not None for s in shown] == [True, False, True]
    finally:
        service.stop()
