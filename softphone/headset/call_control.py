"""What a headset's button reports mean for the calls, and which LEDs mirror the calls.

``HeadsetCallControl`` takes the controls of each input report (``telephony.Control`` -> pressed
or on) with the time it was read, and the calls as they are now (``CallView``), and returns the
call actions to run - the names of ``softphone.ui.shortcuts``, so they go the way the window's
buttons and keys go:

- hook switch: answers a ringing call; hangs up the current one (a ringing call is never hung
  up by it: pressing it while another call rings answers that one);
- phone mute: toggles mute of the current connected call (a switch-type mute sets it to the
  switch's state);
- flash: swaps two lines when one is held, else holds / resumes the current call;
- redial: calls the last dialled number again when no call is up.

How a control's reports are read depends on ``quirks.ControlMode``. The headset answers some LED
changes we make (the Off-Hook LED makes a Jabra report the hook switch, the Mute LED the mute) with
the matching report: an edge to the value we just set, within ``ECHO_S`` of setting it, is that
echo and no press. ``leds_for`` is the LED state of the calls; the caller writes it to the device
and tells ``leds_written``. Times are ``time.monotonic()`` seconds. Qt-free.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass, field

from softphone.headset.quirks import ControlMode
from softphone.headset.telephony import Control, LedState

log = logging.getLogger(__name__)

ECHO_S = 1.0  # a report within this time of an LED change that moves to the LED's value is its echo
HOLD_S = 0.5  # PRESS_OR_STATE: a release counts only after the switch was held this long


class HeadsetAction(enum.StrEnum):
    ANSWER = "answer"
    HANG_UP = "hang_up"
    MUTE = "mute"  # toggles, as the window's Mute button
    HOLD = "hold"  # hold / resume
    SWAP = "swap"
    REDIAL = "redial"


@dataclass(frozen=True, slots=True)
class CallView:
    """The calls as the headset needs to see them (built from ``CallSessions``)."""

    ringing: bool = False  # an incoming call is ringing
    live: bool = False  # a call that is not ringing in is up (dialling, ringing out, connected)
    connected: bool = False  # the current call is connected
    muted: bool = False  # the current call is muted
    held: bool = False  # a call is on hold and none is being talked on
    swappable: bool = False  # two connected lines, one held


@dataclass(frozen=True, slots=True)
class Reaction:
    actions: tuple[HeadsetAction, ...] = ()
    acknowledge: bool = False  # write the LED state again now (the headset waits for it)


def leds_for(calls: CallView) -> LedState:
    return LedState(
        ring=calls.ringing,
        off_hook=calls.live,
        mute=calls.muted and calls.connected,
        hold=calls.held,
    )


def leds_after(calls: CallView, actions: tuple[HeadsetAction, ...]) -> LedState:
    """The LEDs once ``actions`` took effect: what a headset waiting for an acknowledgement must see
    now (a Jabra whose answer press met the Off-Hook LED still off would go back on hook)."""
    leds = leds_for(calls)
    for action in actions:
        if action is HeadsetAction.ANSWER:
            leds = LedState(ring=False, off_hook=True, mute=False, hold=False)
        elif action is HeadsetAction.HANG_UP:
            leds = LedState(ring=leds.ring, off_hook=False, mute=False, hold=leds.hold)
        elif action is HeadsetAction.MUTE:
            leds = LedState(leds.ring, leds.off_hook, not calls.muted, leds.hold)
    return leds


@dataclass(slots=True)
class _Echo:
    value: bool = False
    at: float = float("-inf")

    def matches(self, value: bool, now: float) -> bool:
        return value == self.value and now - self.at <= ECHO_S


@dataclass(slots=True)
class HeadsetCallControl:
    modes: dict[Control, ControlMode]
    acknowledge_with_leds: bool = False
    _raw: dict[Control, bool] = field(default_factory=dict)  # last value of each control
    _raised_at: dict[Control, float] = field(default_factory=dict)
    _hook_echo: _Echo = field(default_factory=_Echo)
    _mute_echo: _Echo = field(default_factory=_Echo)
    _leds: LedState | None = None

    def leds_written(self, leds: LedState, at: float) -> None:
        """The device was sent ``leds``: a changed Off-Hook or Mute LED may come back as a report."""
        before = self._leds
        if before is None or before.off_hook != leds.off_hook:
            self._hook_echo = _Echo(leds.off_hook, at)
        if before is None or before.mute != leds.mute:
            self._mute_echo = _Echo(leds.mute, at)
        self._leds = leds

    def on_report(self, controls: dict[Control, bool], at: float, calls: CallView) -> Reaction:
        actions: list[HeadsetAction] = []
        acknowledge = False
        for control, value in controls.items():
            before = self._raw.get(control, False)
            self._raw[control] = value
            if value and not before:
                self._raised_at[control] = at
            if value == before:
                continue
            if control is Control.HOOK_SWITCH:
                acknowledge = self.acknowledge_with_leds
                action = self._hook(value, at, calls)
            elif control is Control.PHONE_MUTE:
                acknowledge = self.acknowledge_with_leds
                action = self._mute(value, at, calls)
            elif control is Control.FLASH:
                action = self._flash(calls) if value else None
            else:
                action = HeadsetAction.REDIAL if value and not calls.live and not calls.ringing else None
            if action is not None:
                actions.append(action)
        return Reaction(tuple(actions), acknowledge)

    def _hook(self, off_hook: bool, at: float, calls: CallView) -> HeadsetAction | None:
        if self._hook_echo.matches(off_hook, at):
            log.debug("hook switch %s: the headset's answer to our Off-Hook LED", off_hook)
            return None
        mode = self.modes.get(Control.HOOK_SWITCH, ControlMode.STATE)
        if mode is ControlMode.STATE:
            if off_hook:
                return HeadsetAction.ANSWER if calls.ringing else None
            return HeadsetAction.HANG_UP if calls.live else None
        if not off_hook:  # a release
            held = at - self._raised_at.get(Control.HOOK_SWITCH, at)
            if mode is ControlMode.TOGGLE or held < HOLD_S:
                return None
            return HeadsetAction.HANG_UP if calls.live else None
        if calls.ringing:
            return HeadsetAction.ANSWER
        return HeadsetAction.HANG_UP if calls.live else None

    def _mute(self, on: bool, at: float, calls: CallView) -> HeadsetAction | None:
        if self._mute_echo.matches(on, at) or not calls.connected:
            return None
        mode = self.modes.get(Control.PHONE_MUTE, ControlMode.TOGGLE)
        if mode is ControlMode.STATE:
            return HeadsetAction.MUTE if on != calls.muted else None
        return HeadsetAction.MUTE if on else None

    @staticmethod
    def _flash(calls: CallView) -> HeadsetAction | None:
        if calls.swappable:
            return HeadsetAction.SWAP
        return HeadsetAction.HOLD if calls.connected or calls.held else None
