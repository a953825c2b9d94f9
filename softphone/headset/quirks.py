"""How each vendor's headsets really use the hook switch and the mute button: quirks as data.

The report descriptor says whether a control is a switch holding its state (absolute, no
preferred state) or a button (relative, or absolute with a preferred state). Headsets do not
always behave as declared, so the few vendors operators wear override it here, by USB vendor ID.
``ControlMode`` is what the call control (``call_control.py``) does with a control's reports.

Sources (read 2026-12; see tests/unit/headset/data/README.md for the recordings):
- Jabra (GN, 0x0B0E): developer.jabra.com, "Interacting with Jabra devices": an off-hook signal
  from the headset needs an acknowledgement from the application (the Off-Hook LED), else it is
  ignored and the headset goes back on hook (WICG/webhid#61: hook switch 1, then 0 about 2 s later
  when not acknowledged); the hook switch holds the state (CounterPath Bria's Jabra BIZ 2400 and
  LINK 280 profiles: off-hook on 1, on-hook on 0, "togglehook"). The mute button sends Phone
  Mute 1 then 0 and expects the Mute or Microphone LED in reply (WICG/webhid#72).
- Poly / Plantronics (0x047F): the Blackwire 3220 declares the hook switch absolute but a button
  press fires up and down within about 50 ms (WICG/webhid#61; Bria's P540-M profile: "the hook
  switch fires up/dn on off-hook"), while models that honour the Off-Hook LED hold it: a press
  counts, and a release counts only after the switch was held. Phone Mute is relative (a toggle).
- EPOS / Sennheiser (0x1395): Bria's SC 260 profile acts on the hook switch's release ("talk",
  state 0) and has mute as a toggle: both are buttons whatever the descriptor says.
Qt-free.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from softphone.headset.report_descriptor import ReportField

JABRA = 0x0B0E
POLY = 0x047F
EPOS = 0x1395


class ControlMode(enum.Enum):
    STATE = "state"  # the value is the state: off-hook while 1; both changes act
    TOGGLE = "toggle"  # a button: each press (0 -> 1) acts, the release does nothing
    PRESS_OR_STATE = "press_or_state"  # a press acts; a release acts only after the switch was held


@dataclass(frozen=True, slots=True)
class VendorQuirks:
    name: str
    hook_switch: ControlMode | None = None  # None: as the descriptor declares it
    phone_mute: ControlMode | None = None
    acknowledge_with_leds: bool = False  # answer every hook/mute report with the LED state at once


DEFAULT_QUIRKS = VendorQuirks("")

QUIRKS: dict[int, VendorQuirks] = {
    JABRA: VendorQuirks(
        "Jabra",
        hook_switch=ControlMode.STATE,
        phone_mute=ControlMode.TOGGLE,
        acknowledge_with_leds=True,
    ),
    POLY: VendorQuirks(
        "Poly",
        hook_switch=ControlMode.PRESS_OR_STATE,
        phone_mute=ControlMode.TOGGLE,
        acknowledge_with_leds=True,
    ),
    EPOS: VendorQuirks(
        "EPOS",
        hook_switch=ControlMode.TOGGLE,
        phone_mute=ControlMode.TOGGLE,
        acknowledge_with_leds=True,
    ),
}


def quirks_for(vendor_id: int) -> VendorQuirks:
    return QUIRKS.get(vendor_id, DEFAULT_QUIRKS)


def declared_mode(field: ReportField) -> ControlMode:
    """What the descriptor says (HID usage tables, On/Off Control): a relative control is a button
    that toggles; an absolute one reports the state (as WebHID clients such as Jitsi read it)."""
    if field.is_relative or field.is_array:
        return ControlMode.TOGGLE
    return ControlMode.STATE
