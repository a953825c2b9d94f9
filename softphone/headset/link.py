"""The headset and the live calls, joined: buttons become call actions, calls light the LEDs.

``HeadsetLink`` runs on the GUI thread. The composition root hands it the headset thread's events
through the GUI-thread hand-over (``on_device_event``) and subscribes it to ``CallSessions``
(``on_session_change``). A button report goes through ``HeadsetCallControl`` and the resulting
action names (``answer``, ``hang_up``, ``mute``, ``hold``, ``swap``, ``redial``) go to
``run_action`` - in the app the window's own call actions, as a key press would run them. Every
change of the calls sends the new LED state to the headset thread. A headset unplugged mid-call
changes nothing about the call; plugged in again it is shown the calls as they are.
``status`` and ``subscribe`` tell the status bar which headset is attached. Qt-free.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

from softphone.headset.call_control import CallView, HeadsetCallControl, leds_after, leds_for
from softphone.headset.device_thread import (
    ControlsReported,
    HeadsetAttached,
    HeadsetDetached,
    HeadsetEvent,
    HeadsetInfo,
    LedsWritten,
)
from softphone.headset.telephony import LedState
from softphone.listeners import Listeners
from softphone.workspace.sessions import CallSessions, SessionChange

log = logging.getLogger(__name__)


class LedSink(Protocol):
    def set_leds(self, leds: LedState, acknowledge: bool = False) -> None: ...


def call_view(sessions: CallSessions) -> CallView:
    current = sessions.current()
    connected = current is not None and current.is_connected
    live = sessions.live()
    return CallView(
        ringing=sessions.ringing() is not None,
        live=current is not None,
        connected=connected,
        muted=bool(current is not None and connected and current.muted),
        held=sessions.talking() is None and any(s.is_connected and s.local_hold for s in live),
        swappable=sessions.swap_pair() is not None,
    )


class HeadsetLink:
    def __init__(
        self, sessions: CallSessions, leds: LedSink | None, run_action: Callable[[str], None]
    ) -> None:
        self._sessions = sessions
        self._leds = leds
        self._run_action = run_action
        self._control: HeadsetCallControl | None = None
        self.status: HeadsetInfo | None = None  # the attached headset
        self._listeners: Listeners[HeadsetInfo | None] = Listeners(log, "headset status")

    def subscribe(self, listener: Callable[[HeadsetInfo | None], None]) -> Callable[[], None]:
        return self._listeners.subscribe(listener)

    def use_device(self, leds: LedSink | None) -> None:
        """Show the calls on ``leds`` (a headset thread); None: headset control is off."""
        self._leds = leds
        if leds is None and self.status is not None:
            self._control = None
            self.status = None
            self._listeners.tell(None)

    def _show(self, leds: LedState, acknowledge: bool = False) -> None:
        if self._leds is not None:
            self._leds.set_leds(leds, acknowledge)

    def on_session_change(self, _change: SessionChange) -> None:
        self._show(leds_for(call_view(self._sessions)))

    def on_device_event(self, event: HeadsetEvent) -> None:
        if isinstance(event, HeadsetAttached):
            self._control = HeadsetCallControl(event.info.modes, event.info.acknowledge_with_leds)
            self.status = event.info
            self._show(leds_for(call_view(self._sessions)), acknowledge=True)
            self._listeners.tell(event.info)
        elif isinstance(event, HeadsetDetached):
            log.info("headset %s unplugged; the calls go on", event.info.name)
            self._control = None
            self.status = None
            self._listeners.tell(None)
        elif isinstance(event, LedsWritten):
            if self._control is not None:
                self._control.leds_written(event.leds, event.at)
        elif isinstance(event, ControlsReported) and self._control is not None:
            log.debug("headset report %s at %.3f", {c.name: v for c, v in event.controls.items()}, event.at)
            calls = call_view(self._sessions)
            reaction = self._control.on_report(event.controls, event.at, calls)
            if reaction.acknowledge:
                self._show(leds_after(calls, reaction.actions), acknowledge=True)
            for action in reaction.actions:
                log.info("headset button: %s", action.value)
                self._run_action(action.value)
