"""Call audio in the assembled app, under a private PipeWire with null devices: real calls through
Kamailio with a pjsua2 peer at the far end.

A tone from the far end comes out of the app's speaker sink and a tone played into its microphone
reaches the far end (frequencies checked with an FFT); the mute key silences the microphone at
the source; the level meter on the call line follows the microphone; the ringtone plays on the
ringer sink and not on the headset; a headset plugged in mid-call takes the call's sound and its
unplugging sends it back to the default, the call going on throughout; a saved device that is
missing is said in the window.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from softphone.audio.devices import Role
from softphone.audio.frames import SAMPLE_RATE
from softphone.settings.secrets import SecretStore
from tests.helpers.app_in_process import InProcessApp
from tests.helpers.kamailio import Kamailio
from tests.helpers.pipewire import (
    PrivatePipeWire,
    band_dbfs,
    dominant_frequency,
    loud_part,
    read_wav,
    rms_dbfs,
    tone,
    write_wav,
)
from tests.helpers.sip_peer import SipPeer

pytestmark = pytest.mark.sip

FAR_HZ = 700
MIC_HZ = 1200


def operator_settings(kamailio: Kamailio, audio: str = "") -> str:
    return (
        f'[sip]\nusername = "1001"\ndomain = "127.0.0.1"\nport = {kamailio.port}\nwatch_network = false\n'
        f"[audio]\n{audio}"
    )


@pytest.fixture(autouse=True)
def sip_password() -> None:
    """The operator's SIP password in the (test) keyring, as sign-in leaves it."""
    SecretStore().put(SecretStore.sip_key("1001", "127.0.0.1"), "1001pw")


@pytest.fixture
def bob(peer_factory: Callable[[str], SipPeer]) -> SipPeer:
    """The far end: a pjsua2 peer that registers as 1002 once the app has registered."""
    return peer_factory("bob")


def far_tone(tmp_path: Path, seconds: float = 4.0) -> Path:
    """A WAV of the far end's tone for ``bob`` to play into the call."""
    return write_wav(tmp_path / "far.wav", tone(FAR_HZ, seconds))


async def settle(seconds: float) -> None:
    await asyncio.sleep(seconds)


async def registered(app: InProcessApp, bob: SipPeer, kamailio: Kamailio) -> None:
    """The app has registered as 1001; ``bob`` is registered as 1002."""
    window = app.parts.main_window
    await app.until(lambda: window.registration.label.text() == "Registered", what="registered")
    bob.register("1002", kamailio.port)


async def hung_up_by_bob(app: InProcessApp, bob: SipPeer, peer_call: int, what: str = "ended") -> None:
    """``bob`` hangs up; the call leaves the window."""
    bob.cmd("hangup", id=peer_call)
    await app.until(lambda: app.parts.main_window.lines.live_lines() == [], what=what)


async def connected_call(app: InProcessApp, qtbot: QtBot, bob: SipPeer, kamailio: Kamailio) -> int:
    window = app.parts.main_window
    await registered(app, bob, kamailio)
    peer_call = int(bob.cmd("call", uri=f"sip:1001@127.0.0.1:{kamailio.port}")["id"])
    await app.until(lambda: window.lines.ringing_line() is not None, what="ringing")
    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    await app.until(lambda: window.lines.connected_line() is not None, what="connected")
    await app.until(lambda: app.parts.audio.streaming, what="call streams open")
    await asyncio.to_thread(bob.wait, "media", 10, id=peer_call, status="active")
    return peer_call


def frequency_of(samples: np.ndarray, rate: int = SAMPLE_RATE) -> float:
    loud = loud_part(samples, rate)
    assert len(loud) > rate // 2, f"no tone recorded (loudest {rms_dbfs(samples):.1f} dBFS)"
    return dominant_frequency(loud, rate)


def test_tones_cross_the_bridge_both_ways_mute_silences_the_microphone_and_the_meter_follows_it(
    qtbot: QtBot,
    run_app: Callable[..., InProcessApp],
    kamailio: Kamailio,
    bob: SipPeer,
    pipewire: PrivatePipeWire,
    tmp_path: Path,
) -> None:
    far_wav = far_tone(tmp_path)
    levels: dict[str, float] = {}

    async def scenario(app: InProcessApp) -> None:
        window = app.parts.main_window
        peer_call = await connected_call(app, qtbot, bob, kamailio)
        meter = window.calls.widgets[window.lines.connected_line().call_id].mic_level
        await settle(0.6)
        levels["quiet"] = meter.dbfs
        with pipewire.recording("spk") as heard_by_operator:
            bob.cmd("play", id=peer_call, wav=str(far_wav))
            bob.cmd("record", id=peer_call, wav=str(tmp_path / "heard_by_far_end.wav"))
            player = pipewire.play("mic", tone(MIC_HZ, 2.5))
            await settle(1.0)
            levels["speaking"] = meter.dbfs
            await settle(1.8)
            bob.cmd("stop_media", id=peer_call)
            player.wait(5)
        # the mute key: the microphone is silenced before the bridge
        qtbot.keyClick(window, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
        await app.until(lambda: window.lines.connected_line().muted, what="muted")
        bob.cmd("record", id=peer_call, wav=str(tmp_path / "muted.wav"))
        player = pipewire.play("mic", tone(MIC_HZ, 1.5))
        await settle(1.5)
        bob.cmd("stop_media", id=peer_call)
        player.wait(5)
        assert app.parts.audio_bridge.source_muted
        qtbot.keyClick(window, Qt.Key.Key_F6)
        await app.until(lambda: window.lines.live_lines() == [], what="ended")
        await app.until(lambda: not app.parts.audio.streaming, what="streams closed")
        nonlocal_recording.append(heard_by_operator.samples)

    nonlocal_recording: list[np.ndarray] = []
    run_app(operator_settings(kamailio), scenario)
    assert abs(frequency_of(nonlocal_recording[0]) - FAR_HZ) < 15
    far_end, rate = read_wav(tmp_path / "heard_by_far_end.wav")
    assert abs(frequency_of(far_end, rate) - MIC_HZ) < 15
    muted, rate = read_wav(tmp_path / "muted.wav")
    # the operator's tone does not reach the far end (the whole signal stays near G.722's idle noise,
    # -80 dBFS, but a late or dropped packet at the peer desyncs its ADPCM decoder for ~200 ms: a
    # broadband blip up to -45 dBFS peak, seen in 2 of 20 runs, that is not the operator's voice)
    assert band_dbfs(muted[rate // 5 :], rate, MIC_HZ) < -60
    assert levels["quiet"] < -50 < -20 < levels["speaking"]


def test_the_ringtone_plays_on_the_ringer_output_and_not_on_the_headset(
    run_app: Callable[..., InProcessApp],
    kamailio: Kamailio,
    bob: SipPeer,
    pipewire: PrivatePipeWire,
) -> None:
    pipewire.add_sink("desk", "DeskSpeaker")
    pipewire.add_sink("headset", "Headset")
    audio = 'speaker = ["headset", "Headset"]\nringer = ["desk", "DeskSpeaker"]\n'
    recorded: dict[str, np.ndarray] = {}

    async def scenario(app: InProcessApp) -> None:
        window = app.parts.main_window
        await registered(app, bob, kamailio)
        with pipewire.recording("desk") as desk, pipewire.recording("headset") as headset:
            peer_call = int(bob.cmd("call", uri=f"sip:1001@127.0.0.1:{kamailio.port}")["id"])
            await app.until(lambda: window.lines.ringing_line() is not None, what="ringing")
            await app.until(lambda: window.ringer.audible, what="ringtone playing")
            await settle(2.0)
            await hung_up_by_bob(app, bob, peer_call, what="caller gave up")
        recorded["desk"], recorded["headset"] = desk.samples, headset.samples

    run_app(operator_settings(kamailio, audio), scenario)
    assert rms_dbfs(recorded["desk"]) > -40, "no ringtone on the ringer output"
    assert rms_dbfs(recorded["headset"]) < -80, "the ringtone reached the headset"


def test_a_headset_plugged_in_and_out_mid_call_takes_the_sound_and_gives_it_back_the_call_going_on(
    qtbot: QtBot,
    run_app: Callable[..., InProcessApp],
    kamailio: Kamailio,
    bob: SipPeer,
    pipewire: PrivatePipeWire,
    tmp_path: Path,
) -> None:
    far_wav = far_tone(tmp_path)
    recorded: dict[str, np.ndarray] = {}

    async def scenario(app: InProcessApp) -> None:
        window = app.parts.main_window
        audio = app.parts.audio
        peer_call = await connected_call(app, qtbot, bob, kamailio)
        bob.cmd("play", id=peer_call, wav=str(far_wav))
        pipewire.add_sink("usbhs", "USB Headset")
        await app.until(lambda: audio.effective(Role.SPEAKER).id == "usbhs", what="headset followed")
        await settle(0.5)
        with pipewire.recording("usbhs") as on_headset:
            await settle(1.5)
        recorded["headset"] = on_headset.samples
        with pipewire.recording("spk") as on_default:
            pipewire.remove("usbhs")
            await app.until(
                lambda: audio.effective(Role.SPEAKER).id == "spk", timeout_s=1.0, what="back within 1 s"
            )
            await settle(1.5)
        recorded["default"] = on_default.samples
        assert window.lines.connected_line() is not None  # the call went on
        assert bob.events("state", id=peer_call, state="DISCONNECTED") == []
        bob.cmd("stop_media", id=peer_call)
        await hung_up_by_bob(app, bob, peer_call)

    run_app(operator_settings(kamailio), scenario)
    assert abs(frequency_of(recorded["headset"]) - FAR_HZ) < 15
    assert abs(frequency_of(recorded["default"][SAMPLE_RATE // 2 :]) - FAR_HZ) < 15


def test_a_saved_device_that_is_missing_is_said_in_the_window_and_the_default_plays(
    qtbot: QtBot,
    run_app: Callable[..., InProcessApp],
    kamailio: Kamailio,
    bob: SipPeer,
    pipewire: PrivatePipeWire,
    tmp_path: Path,
) -> None:
    far_wav = far_tone(tmp_path, 3.0)
    seen: dict[str, object] = {}

    async def scenario(app: InProcessApp) -> None:
        window = app.parts.main_window
        await app.until(
            lambda: window.audio_notice is not None and window.audio_notice.isVisible(), what="notice"
        )
        seen["notice"] = window.audio_notice.text()
        peer_call = await connected_call(app, qtbot, bob, kamailio)
        bob.cmd("play", id=peer_call, wav=str(far_wav))
        await settle(0.5)
        with pipewire.recording("spk") as on_default:
            await settle(1.5)
        seen["default"] = on_default.samples
        await hung_up_by_bob(app, bob, peer_call)

    run_app(
        operator_settings(kamailio, 'speaker = ["alsa_output.usb-Jabra", "Jabra Evolve2 40"]\n'), scenario
    )
    assert "Jabra Evolve2 40 not found" in str(seen["notice"])
    assert abs(frequency_of(seen["default"]) - FAR_HZ) < 15  # type: ignore[arg-type]
