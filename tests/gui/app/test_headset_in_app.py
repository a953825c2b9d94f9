"""Headset buttons in the assembled app: a recorded Poly headset answers, mutes and hangs up a real
call through Kamailio with the window's own call actions, its LEDs follow the call, and pulling
it out mid-call keeps the call (plugged in again, it shows the call)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest

from softphone.headset.call_control import ECHO_S
from softphone.settings.secrets import SecretStore
from tests.helpers.app_in_process import InProcessApp
from tests.helpers.hid_playback import PlaybackBackend, load_recording
from tests.helpers.kamailio import Kamailio
from tests.helpers.sip_peer import SipPeer

pytestmark = pytest.mark.sip

POLY = Path(__file__).parents[2] / "unit" / "headset" / "recordings" / "poly-blackwire-3220.hid"


def operator_settings(kamailio: Kamailio) -> str:
    return f'[sip]\nusername = "1001"\ndomain = "127.0.0.1"\nport = {kamailio.port}\nwatch_network = false\n'


def test_headset_answers_mutes_and_hangs_up_and_survives_an_unplug(
    run_app: Callable[..., InProcessApp],
    kamailio: Kamailio,
    peer_factory: Callable[[str], SipPeer],
) -> None:
    SecretStore().put(SecretStore.sip_key("1001", "127.0.0.1"), "1001pw")
    bob = peer_factory("bob")
    backend = PlaybackBackend(load_recording(POLY))

    def shown(report_id: int) -> bytes | None:
        writes = [w for w in backend.handle.writes if w[0] == report_id] if backend.handles else []
        return writes[-1][1:] if writes else None

    async def scenario(app: InProcessApp) -> None:
        window = app.parts.main_window
        indicator = window.findChild(object, "headset_indicator")
        await app.until(lambda: window.registration.label.text() == "Registered", what="registered")
        app.parts.headset.set_backend(lambda: backend)
        await app.until(lambda: indicator.isVisible(), what="headset shown in the status bar")
        assert "Blackwire 3220" in indicator.text()

        bob.register("1002", kamailio.port)
        bob.cmd("call", uri=f"sip:1001@127.0.0.1:{kamailio.port}")
        await app.until(lambda: window.lines.ringing_line() is not None, what="ringing")
        await app.until(lambda: shown(0x18) == b"\x01", what="ring LED on")
        clock = backend.clock  # report times the recording gives (the app's thread stamps its own)
        backend.handle.feed(clock.now + 1.0, bytes([0x08, 0x02]))  # hook switch pressed ...
        backend.handle.feed(clock.now + 1.04, bytes([0x08, 0x00]))  # ... and let go
        await app.until(lambda: window.lines.connected_line() is not None, what="answered from the headset")
        await app.until(lambda: shown(0x17) == b"\x01" and shown(0x18) == b"\x00", what="off-hook LED on")
        backend.handle.feed(clock.now + 2.0, bytes([0x08, 0x01]))  # mute
        backend.handle.feed(clock.now + 2.03, bytes([0x08, 0x00]))
        await app.until(lambda: window.lines.connected_line().muted, what="muted from the headset")
        await app.until(lambda: shown(0x09) == b"\x01", what="mute LED on")

        first = backend.handle
        backend.plugged = False
        first.unplug()
        await app.until(lambda: not indicator.isVisible(), what="headset gone from the status bar")
        assert window.lines.connected_line() is not None  # the call goes on without the headset
        backend.plugged = True
        await app.until(lambda: indicator.isVisible() and backend.handle is not first, what="headset back")
        await app.until(lambda: shown(0x17) == b"\x01" and shown(0x09) == b"\x01", what="LEDs show the call")

        # a press this soon after the LEDs were set would be taken for the headset's own answer to them
        await asyncio.sleep(ECHO_S + 0.2)
        backend.handle.feed(clock.now + 10.0, bytes([0x08, 0x02]))  # hang up
        backend.handle.feed(clock.now + 10.04, bytes([0x08, 0x00]))
        await app.until(lambda: window.lines.live_lines() == [], what="hung up from the headset")
        await app.until(lambda: shown(0x17) == b"\x00", what="off-hook LED off")
        bob.wait("state", state="DISCONNECTED")

    run_app(operator_settings(kamailio), scenario)
