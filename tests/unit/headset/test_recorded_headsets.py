"""Recorded headsets (Jabra, Poly, EPOS) played through the headset thread and the call link.

Each recording (``recordings/*.hid``, sources in their comments) is served by a playback HID
backend to the real ``HeadsetThread``; its events go to a ``HeadsetLink`` over real
``CallSessions`` the way the app hands them to the GUI thread (in order, on one other thread).
The call actions the link runs act on the sessions as the engine's answers would. The tests
assert the actions a button press led to and the LED reports written to the device.
"""

from __future__ import annotations

import queue
from pathlib import Path

import pytest

from softphone.headset.device_thread import ControlsReported, HeadsetEvent, HeadsetThread
from softphone.headset.link import HeadsetLink
from softphone.sip.events import CallDirection, CallOutcome, CallState, CallStateChanged, IncomingCall
from softphone.workspace.sessions import CallSessions
from tests.helpers.hid_playback import PlaybackBackend, PlaybackHandle, load_recording, wait_until

RECORDINGS = Path(__file__).parent / "recordings"


class Rig:
    """The headset thread on a recording, a link, and calls that do what the actions ask."""

    def __init__(self, recording: str) -> None:
        self.recording = load_recording(RECORDINGS / f"{recording}.hid")
        self.backend = PlaybackBackend(self.recording)
        self.events: queue.Queue[HeadsetEvent] = queue.Queue()
        self.thread = HeadsetThread(
            lambda: self.backend, self.events.put, retry_s=0.05, clock=self.backend.clock
        )
        self.sessions = CallSessions()
        self.actions: list[str] = []
        self.link = HeadsetLink(self.sessions, self.thread, self.run_action)
        self.sessions.subscribe(self.link.on_session_change)
        self.reports_seen = 0
        self.call = {"id": 0, "muted": False, "held": False}

    # ---- the calls ------------------------------------------------------------------------------
    def _state(self, state: CallState, **extra: object) -> None:
        call_id = int(self.call["id"])
        self.sessions.apply(
            CallStateChanged(
                call_id,
                CallDirection.INBOUND,
                state,
                "79161234567",
                muted=bool(self.call["muted"]),
                local_hold=bool(self.call["held"]),
                **extra,  # type: ignore[arg-type]
            )
        )

    def ring(self) -> None:
        self.call.update(id=int(self.call["id"]) + 1, muted=False, held=False)
        self.sessions.apply(IncomingCall(int(self.call["id"]), "sip:79161234567@x", "79161234567", "", "100"))
        self._state(CallState.RINGING_IN)

    def connect(self) -> None:
        self._state(CallState.ACTIVE, connected_at=1.0)

    def run_action(self, name: str) -> None:
        self.actions.append(name)
        if name == "answer":
            self.connect()
        elif name == "hang_up":
            self._state(CallState.ENDED, outcome=CallOutcome.ANSWERED)
        elif name == "mute":
            self.call["muted"] = not self.call["muted"]
            self.connect()
        elif name == "hold":
            self.call["held"] = not self.call["held"]
            self.connect()

    # ---- the device -----------------------------------------------------------------------------
    def _pump_one(self) -> None:
        try:
            event = self.events.get(timeout=0.02)
        except queue.Empty:
            return
        if isinstance(event, ControlsReported):
            self.reports_seen += 1
        self.link.on_device_event(event)

    def pump_until(self, predicate, timeout: float = 5.0) -> None:  # type: ignore[no-untyped-def]
        wait_until(predicate, timeout, step=self._pump_one)

    @property
    def handle(self) -> PlaybackHandle:
        return self.backend.handle

    def start(self) -> None:
        self.thread.start()
        self.pump_until(lambda: self.link.status is not None and bool(self.backend.handles[-1].writes))

    def press(self, at: float, report: bytes) -> None:
        """Feed one input report and wait until the link has acted on it."""
        seen = self.reports_seen
        self.handle.feed(at, report)
        self.pump_until(lambda: self.reports_seen > seen)

    def play(self, index: int) -> None:
        at, report = self.recording.events[index]
        self.press(at, report)

    def shown(self) -> dict[int, bytes]:
        """The last output report written per report ID: what the LEDs show now."""
        return {report[0]: report[1:] for report in self.handle.writes}

    def wait_shown(self, report_id: int, data: bytes) -> None:
        self.pump_until(lambda: self.shown().get(report_id) == data)

    def stop(self) -> None:
        self.thread.stop()


@pytest.fixture
def rig_for():  # type: ignore[no-untyped-def]
    rigs: list[Rig] = []

    def make(recording: str) -> Rig:
        rig = Rig(recording)
        rigs.append(rig)
        rig.start()
        return rig

    yield make
    for rig in rigs:
        rig.stop()


# Jabra report 2 LED bits: off-hook 0x01, ring 0x02, microphone (mute) 0x04, hold 0x08
def test_jabra_answers_mutes_and_hangs_up_from_the_headset(rig_for) -> None:  # type: ignore[no-untyped-def]
    rig = rig_for("jabra-biz-2400")
    assert rig.link.status is not None and rig.link.status.name == "Jabra BIZ 2400"
    rig.ring()
    rig.wait_shown(2, bytes([0x02, 0x00]))  # ring
    rig.play(0)  # hook switch to 1
    assert rig.actions == ["answer"]
    rig.wait_shown(2, bytes([0x01, 0x00]))  # off-hook: Jabra's acknowledgement keeps it off hook
    rig.play(1)  # mute pressed
    rig.play(2)  # mute released: nothing more
    assert rig.actions == ["answer", "mute"]
    rig.wait_shown(2, bytes([0x05, 0x00]))  # off-hook + microphone muted
    rig.play(3)  # hook switch to 0
    assert rig.actions == ["answer", "mute", "hang_up"]
    rig.wait_shown(2, bytes([0x00, 0x00]))
    assert rig.sessions.live() == []


def test_jabra_echo_of_our_off_hook_led_is_no_button_press(rig_for) -> None:  # type: ignore[no-untyped-def]
    rig = rig_for("jabra-biz-2400")
    rig.ring()
    rig.connect()  # answered in the window: the Off-Hook LED goes on ...
    rig.wait_shown(2, bytes([0x01, 0x00]))
    rig.press(rig.backend.clock.now + 0.2, bytes([0x02, 0x01, 0x00]))  # ... and the headset echoes it
    assert rig.actions == []
    assert rig.sessions.talking() is not None


def test_jabra_off_hook_without_a_call_is_answered_with_on_hook(rig_for) -> None:  # type: ignore[no-untyped-def]
    rig = rig_for("jabra-biz-2400")
    writes_before = len(rig.handle.writes)
    rig.press(10.0, bytes([0x02, 0x01, 0x00]))  # button pressed with nothing to answer
    rig.pump_until(lambda: len(rig.handle.writes) > writes_before)  # acknowledged: LEDs stay off
    assert rig.shown()[2] == bytes([0x00, 0x00])
    rig.press(12.0, bytes([0x02, 0x00, 0x00]))  # the headset goes back on hook (WICG/webhid#61)
    assert rig.actions == []


# Poly: report 8 bit 0 phone mute, bit 1 hook switch, bit 2 flash; LEDs in reports 9 (mute),
# 0x17 (off-hook), 0x18 (ring), 0x20 (hold), one bit each
def test_poly_pulses_answer_mute_hold_and_hang_up(rig_for) -> None:  # type: ignore[no-untyped-def]
    rig = rig_for("poly-blackwire-3220")
    assert rig.link.status is not None and rig.link.status.name == "Poly Plantronics Blackwire 3220 Series"
    rig.ring()
    rig.wait_shown(0x18, b"\x01")
    for index in range(2):  # hook switch up, and down 40 ms later: one press
        rig.play(index)
    assert rig.actions == ["answer"]
    rig.wait_shown(0x17, b"\x01")
    rig.wait_shown(0x18, b"\x00")
    for index in range(2, 4):
        rig.play(index)
    assert rig.actions == ["answer", "mute"]
    rig.wait_shown(0x09, b"\x01")
    for index in range(4, 6):
        rig.play(index)
    assert rig.actions == ["answer", "mute", "hold"]
    rig.wait_shown(0x20, b"\x01")
    for index in range(6, 8):
        rig.play(index)
    assert rig.actions == ["answer", "mute", "hold", "hang_up"]
    rig.wait_shown(0x17, b"\x00")
    rig.wait_shown(0x20, b"\x00")


def test_poly_hook_switch_held_down_hangs_up_on_release(rig_for) -> None:  # type: ignore[no-untyped-def]
    rig = rig_for("poly-blackwire-3220")
    rig.ring()
    rig.press(1.0, bytes([0x08, 0x02]))
    rig.press(9.0, bytes([0x08, 0x00]))  # held for 8 s: a switch put back on hook
    assert rig.actions == ["answer", "hang_up"]


def test_epos_buttons_act_on_press_only(rig_for) -> None:  # type: ignore[no-untyped-def]
    rig = rig_for("epos-sc-260")
    rig.ring()
    rig.wait_shown(2, bytes([0x08]))  # ring (bit 3 after off-hook, on-line, mute)
    for index in range(6):
        rig.play(index)
    assert rig.actions == ["answer", "mute", "hang_up"]
    rig.wait_shown(2, bytes([0x00]))


def test_unplugged_mid_call_the_call_goes_on_and_replugged_shows_it(rig_for) -> None:  # type: ignore[no-untyped-def]
    rig = rig_for("poly-blackwire-3220")
    rig.ring()
    rig.play(0)
    rig.play(1)
    assert rig.actions == ["answer"]
    first = rig.handle
    rig.backend.plugged = False
    first.unplug()
    rig.pump_until(lambda: rig.link.status is None)
    assert first.closed
    assert [s.state for s in rig.sessions.live()] == [CallState.ACTIVE]  # the call is still up
    rig.backend.plugged = True
    rig.pump_until(lambda: rig.link.status is not None and rig.handle is not first)
    rig.wait_shown(0x17, b"\x01")  # the replugged headset is off hook with the call
    assert rig.actions == ["answer"]


def test_a_device_without_call_controls_is_left_alone(rig_for) -> None:  # type: ignore[no-untyped-def]
    rig = Rig("poly-blackwire-3220")
    consumer_only = rig.recording.descriptor[: rig.recording.descriptor.index(bytes([0xC0])) + 1]
    rig.backend.recording = type(rig.recording)("USB keyboard", 0x047F, 0x0001, consumer_only, [])
    rig.thread.start()
    try:
        wait_until(lambda: len(rig.backend.handles) == 1)
        with pytest.raises(TimeoutError):
            wait_until(lambda: len(rig.backend.handles) > 1, timeout=0.3)  # not opened again and again
        assert rig.events.empty() and rig.link.status is None
    finally:
        rig.thread.stop()
