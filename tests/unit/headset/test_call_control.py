"""What button reports mean for the calls: control modes, echoes of our LEDs, the LED state."""

from __future__ import annotations

from softphone.headset.call_control import (
    CallView,
    HeadsetAction,
    HeadsetCallControl,
    leds_after,
    leds_for,
)
from softphone.headset.quirks import ControlMode, declared_mode, quirks_for
from softphone.headset.telephony import Control, LedState

HOOK, MUTE, FLASH, REDIAL = Control.HOOK_SWITCH, Control.PHONE_MUTE, Control.FLASH, Control.REDIAL
RINGING = CallView(ringing=True)
TALKING = CallView(live=True, connected=True)
IDLE = CallView()


def control(hook: ControlMode, mute: ControlMode = ControlMode.TOGGLE) -> HeadsetCallControl:
    return HeadsetCallControl({HOOK: hook, MUTE: mute})


def test_state_hook_switch_answers_on_off_hook_and_hangs_up_on_on_hook() -> None:
    c = control(ControlMode.STATE)
    assert c.on_report({HOOK: True}, 1.0, RINGING).actions == (HeadsetAction.ANSWER,)
    assert c.on_report({HOOK: True}, 1.5, TALKING).actions == ()  # no change, no action
    assert c.on_report({HOOK: False}, 9.0, TALKING).actions == (HeadsetAction.HANG_UP,)
    assert c.on_report({HOOK: True}, 10.0, IDLE).actions == ()  # nothing to answer


def test_toggle_hook_switch_acts_on_each_press() -> None:
    c = control(ControlMode.TOGGLE)
    assert c.on_report({HOOK: True}, 1.0, RINGING).actions == (HeadsetAction.ANSWER,)
    assert c.on_report({HOOK: False}, 1.1, TALKING).actions == ()
    assert c.on_report({HOOK: True}, 5.0, TALKING).actions == (HeadsetAction.HANG_UP,)


def test_press_or_state_ignores_a_quick_release_and_takes_a_late_one() -> None:
    c = control(ControlMode.PRESS_OR_STATE)
    assert c.on_report({HOOK: True}, 1.0, RINGING).actions == (HeadsetAction.ANSWER,)
    assert c.on_report({HOOK: False}, 1.04, TALKING).actions == ()
    assert c.on_report({HOOK: True}, 3.0, TALKING).actions == (HeadsetAction.HANG_UP,)
    assert c.on_report({HOOK: False}, 4.0, IDLE).actions == ()  # long release, but no call left


def test_the_headsets_echo_of_our_leds_is_no_press() -> None:
    c = control(ControlMode.STATE)
    c.leds_written(LedState(), 0.0)
    c.leds_written(LedState(off_hook=True), 5.0)  # the operator answered in the window
    assert c.on_report({HOOK: True}, 5.3, TALKING).actions == ()
    c.leds_written(LedState(off_hook=True, mute=True), 7.0)
    assert c.on_report({MUTE: True}, 7.1, TALKING).actions == ()
    assert c.on_report({MUTE: False}, 7.2, TALKING).actions == ()
    assert c.on_report({MUTE: True}, 20.0, TALKING).actions == (HeadsetAction.MUTE,)


def test_a_mute_switch_sets_the_state_and_mute_needs_a_connected_call() -> None:
    c = control(ControlMode.STATE, mute=ControlMode.STATE)
    assert c.on_report({MUTE: True}, 1.0, IDLE).actions == ()
    c2 = control(ControlMode.STATE, mute=ControlMode.STATE)
    muted = CallView(live=True, connected=True, muted=True)
    assert c2.on_report({MUTE: True}, 1.0, muted).actions == ()  # already muted
    assert c2.on_report({MUTE: False}, 2.0, muted).actions == (HeadsetAction.MUTE,)


def test_flash_swaps_or_holds_and_redial_only_when_idle() -> None:
    c = HeadsetCallControl({})
    assert c.on_report({FLASH: True}, 1.0, CallView(live=True, connected=True, swappable=True)).actions == (
        HeadsetAction.SWAP,
    )
    assert c.on_report({FLASH: False}, 1.1, TALKING).actions == ()
    assert c.on_report({FLASH: True}, 2.0, TALKING).actions == (HeadsetAction.HOLD,)
    assert c.on_report({REDIAL: True}, 3.0, TALKING).actions == ()
    assert c.on_report({REDIAL: False}, 3.1, IDLE).actions == ()
    assert c.on_report({REDIAL: True}, 4.0, IDLE).actions == (HeadsetAction.REDIAL,)


def test_leds_mirror_the_calls_and_acknowledge_the_press_ahead() -> None:
    assert leds_for(RINGING) == LedState(ring=True)
    assert leds_for(CallView(live=True, connected=True, muted=True)) == LedState(off_hook=True, mute=True)
    assert leds_for(CallView(live=True, connected=True, held=True)).hold
    assert leds_after(RINGING, (HeadsetAction.ANSWER,)) == LedState(off_hook=True)
    assert leds_after(TALKING, (HeadsetAction.MUTE,)) == LedState(off_hook=True, mute=True)
    assert leds_after(TALKING, (HeadsetAction.HANG_UP,)) == LedState()


def test_vendor_quirks_override_the_descriptor() -> None:
    assert quirks_for(0x0B0E).hook_switch is ControlMode.STATE
    assert quirks_for(0x047F).hook_switch is ControlMode.PRESS_OR_STATE
    assert quirks_for(0x1395).hook_switch is ControlMode.TOGGLE
    assert quirks_for(0x1234).hook_switch is None
    assert all(quirks_for(v).phone_mute is ControlMode.TOGGLE for v in (0x0B0E, 0x047F, 0x1395))


def test_the_descriptor_says_switch_or_button() -> None:
    from pathlib import Path

    from softphone.headset.report_descriptor import parse_report_descriptor
    from softphone.headset.telephony import TelephonyMap
    from tests.helpers.hid_playback import load_recording

    poly = load_recording(Path(__file__).parent / "recordings" / "poly-blackwire-3220.hid")
    mapping = TelephonyMap.from_descriptor(parse_report_descriptor(poly.descriptor))
    assert mapping is not None
    assert declared_mode(mapping.controls[HOOK]) is ControlMode.STATE  # Input (Data,Var,Abs,NoPref)
    assert declared_mode(mapping.controls[MUTE]) is ControlMode.TOGGLE  # Input (Data,Var,Rel)
