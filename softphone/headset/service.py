"""Headset control switched on and off at run time: the headset thread and its link to the calls.

``HeadsetService`` owns one ``HeadsetLink`` (subscribed to ``CallSessions`` by the composition
root) and, while headset control is on, one ``HeadsetThread``. ``hand_over`` wraps the thread's
event callback so it runs on the GUI thread (``GuiThread.wrap`` in the app). Events of a thread
that was stopped are dropped: a late "attached" must not bring the status back. Qt-free.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from softphone.headset.device_thread import HeadsetEvent, HeadsetThread, HidBackend
from softphone.headset.link import HeadsetLink

log = logging.getLogger(__name__)

EventHandler = Callable[[HeadsetEvent], None]


class HeadsetService:
    def __init__(
        self,
        link: HeadsetLink,
        backend_factory: Callable[[], HidBackend],
        hand_over: Callable[[EventHandler], EventHandler],
    ) -> None:
        self.link = link
        self._backend_factory = backend_factory
        self._hand_over = hand_over
        self._thread: HeadsetThread | None = None
        self._generation = 0

    @property
    def running(self) -> bool:
        return self._thread is not None

    def set_enabled(self, enabled: bool) -> None:
        if enabled:
            self.start()
        else:
            self.stop()

    def set_backend(self, backend_factory: Callable[[], HidBackend]) -> None:
        """Use another HID backend (a recorded headset in tests); restarts a running thread."""
        running = self.running
        self.stop()
        self._backend_factory = backend_factory
        if running:
            self.start()

    def start(self) -> None:
        if self._thread is not None:
            return
        self._generation += 1
        generation = self._generation

        def on_event(event: HeadsetEvent) -> None:
            if generation == self._generation:
                self.link.on_device_event(event)

        self._thread = HeadsetThread(self._backend_factory, self._hand_over(on_event))
        self.link.use_device(self._thread)
        self._thread.start()
        log.info("headset control on")

    def stop(self) -> None:
        if self._thread is None:
            return
        self._generation += 1
        thread, self._thread = self._thread, None
        thread.stop()
        self.link.use_device(None)
        log.info("headset control off")
