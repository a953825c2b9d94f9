"""Echo cancellation with the bridge (part of ``run.py audio``): does it cancel, and at what CPU cost.

The engine runs with its ``AudioBridge`` in this process, registered at Kamailio; a pjsua2 peer
calls it and plays speech-like audio (a tone sweep) while recording what comes back. In place of a
sound card a thread plays the bridge's speaker audio back into its microphone 60 ms later at half
the level (a loud echo: no headset, speakers next to the microphone). The far end's recording is
the echo it hears:

- echo_return_db_off: with no processing;
- echo_return_db_pjmedia: with pjmedia's echo canceller asked for (``setEcOptions(200, 0)`` on the
  owner thread); it sits in pjmedia's sound-device port, which the null device does not have;
- echo_return_db_webrtc: with the bridge's WebRTC AEC3 (``softphone.audio.voice_processing``).
- voice_processing_ms_per_frame / voice_processing_cpu_percent: AEC3 + noise suppression on one
  20 ms frame, timed in a loop (share of one core for one call).
"""

from __future__ import annotations

import threading
import time
import timeit
from collections import deque
from pathlib import Path

import numpy as np

from softphone.audio.bridge import AudioBridge
from softphone.audio.frames import FRAME_BYTES, FRAME_SAMPLES, samples_view
from softphone.audio.voice_processing import VoiceProcessor
from softphone.sip.engine import SipEngine
from softphone.sip.events import IncomingCall, SipAccountSettings, SipEvent
from tests.helpers.kamailio import Kamailio
from tests.helpers.pipewire import read_wav, rms_dbfs, write_wav
from tests.helpers.sip_peer import SipPeer

ECHO_DELAY_FRAMES = 3
RATE = 16000


class EchoRoom(threading.Thread):
    """The bridge's speaker heard by its microphone, 60 ms later, at half the level."""

    def __init__(self, bridge: AudioBridge) -> None:
        super().__init__(daemon=True)
        self.bridge = bridge
        self.stop_event = threading.Event()

    def run(self) -> None:
        delay: deque[bytes] = deque([bytes(FRAME_BYTES)] * ECHO_DELAY_FRAMES)
        frame = bytearray(FRAME_BYTES)
        samples = samples_view(frame)
        self.bridge.streams_started()
        next_at = time.monotonic()
        while not self.stop_event.is_set():
            self.bridge.playback.read_into(frame)
            delay.append(bytes((samples // 2).astype("<i2").tobytes()))
            self.bridge.write_capture(delay.popleft())
            next_at += 0.02
            time.sleep(max(0.0, next_at - time.monotonic()))


def sweep(seconds: float) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    freq = 300 + 1500 * (0.5 + 0.5 * np.sin(2 * np.pi * 0.7 * t))
    phase = 2 * np.pi * np.cumsum(freq) / RATE
    return (np.sin(phase) * 0.5 * 32767).astype(np.int16)


def echo_return_db(run_dir: Path, kamailio: Kamailio, peer: SipPeer, mode: str) -> float:
    events: list[SipEvent] = []
    bridge = AudioBridge()
    engine = SipEngine(events.append, audio=bridge)
    engine.start()
    try:
        engine.configure_account(
            SipAccountSettings(username="1001", domain="127.0.0.1", port=kamailio.port), "1001pw"
        )
        time.sleep(1.0)
        if mode == "pjmedia":
            # measurement only: the owner thread asks pjmedia for its canceller
            engine._loop.submit(lambda: engine._ctx.ep.audDevManager().setEcOptions(200, 0))
        elif mode == "webrtc":
            bridge.set_processor(VoiceProcessor(True, False, ECHO_DELAY_FRAMES * 20))
        call = int(peer.cmd("call", uri=f"sip:1001@127.0.0.1:{kamailio.port}")["id"])
        deadline = time.monotonic() + 10
        incoming = None
        while incoming is None and time.monotonic() < deadline:
            incoming = next((e for e in events if isinstance(e, IncomingCall)), None)
            time.sleep(0.02)
        assert incoming is not None, "no incoming call"
        engine.answer(incoming.call_id)
        peer.wait("media", timeout=10, id=call, status="active")
        room = EchoRoom(bridge)
        room.start()
        played = write_wav(run_dir / "sweep.wav", sweep(12.0))
        peer.cmd("play_record", id=call, wav=str(played), out=str(run_dir / f"echo-{mode}.wav"))
        time.sleep(12.0)
        peer.cmd("stop_media", id=call)
        room.stop_event.set()
        room.join(2)
        peer.cmd("hangup", id=call)
        peer.wait("state", timeout=10, id=call, state="DISCONNECTED")
    finally:
        engine.stop()
    back, _ = read_wav(run_dir / f"echo-{mode}.wav")
    # the last 6 s: the canceller has converged; relative to what the far end sent
    return rms_dbfs(back[-6 * RATE :]) - rms_dbfs(sweep(6.0))


def processing_ms_per_frame() -> float:
    processor = VoiceProcessor(True, True, 60)
    near = np.zeros(FRAME_SAMPLES, dtype=np.int16)
    far = (np.sin(np.arange(FRAME_SAMPLES) / 5) * 8000).astype(np.int16)
    count = 1000
    return timeit.timeit(lambda: processor.process(near, far), number=count) / count * 1000


def main(run_dir: Path, kamailio: Kamailio) -> None:
    peer = SipPeer("echo-far-end", run_dir)
    try:
        peer.register("1004", kamailio.port)
        for mode in ("off", "pjmedia", "webrtc"):
            print(f"echo_return_db_{mode} {echo_return_db(run_dir, kamailio, peer, mode):.1f}", flush=True)
    finally:
        peer.close()
    per_frame = processing_ms_per_frame()
    print(f"voice_processing_ms_per_frame {per_frame:.3f}", flush=True)
    print(f"voice_processing_cpu_percent {per_frame / 20 * 100:.2f}", flush=True)
