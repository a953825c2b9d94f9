"""Call-audio benchmarks on the app as operators run it (printed, never asserted): ``run.py audio``.

The app is ``python -m softphone`` with its window on Xvfb, registered at Kamailio, a configured
CRM (``app_under_bench.py``), and a private PipeWire (``tests/helpers/pipewire.py``) with null
devices as its sound system. Its calls are answered automatically (``sip.auto_answer`` and an
``Answer-Mode: Auto`` INVITE from a pjsua2 peer).

- bridge_added_latency_ms: what the Qt bridge adds to a call's audio delay, one way. The peer plays
  a click train into a call and records what comes back, on the same conference-bridge tick. The
  app's microphone is PipeWire's loopback of its speaker (a remap of the speaker sink's monitor),
  so the clicks cross pjsua2 -> bridge port -> rings -> QAudioSink -> PipeWire -> QAudioSource ->
  rings -> bridge port -> pjsua2 and go back. pjsua2's own path is the same call to a second pjsua2
  peer that sends the call's audio straight back. Added one way = (round trip through the app -
  round trip through the echoing peer) / 2; the round trip is printed too.
- call_cpu_percent: the app's process tree, in % of one core, over ``AUDIO_BENCH_CPU_S`` (30 s) of a
  call carrying a tone both ways in G.722 (the peer's first codec, as a carrier's wideband trunk);
  the median of ``CPU_RUNS`` calls, each printed in ``call_cpu_percent_runs``. Then the same call in
  Opus (``call_cpu_percent_opus``: the peer offers it first) and with echo cancellation and noise
  suppression on (``call_cpu_percent_voice_processing``). ``cpu_reference_loop_ms`` beside them: a
  fixed pure-Python loop timed in this process just before each call (the median): this VM's core
  runs the same code at different speeds from one hour to the next, and that figure shows how fast
  it ran while the calls were measured.
- underruns_10min: ring under- and overruns (the app's ``call audio:`` log line at the call's end)
  over a call of ``AUDIO_BENCH_CALL_S`` (600 s) while the GUI thread is busy 5 ms of every 10 ms
  (``SOFTPHONE_BENCH_BUSY_GUI``). Trims (latency kept bounded) are printed beside it.
- echo_return_db_* and voice_processing_*: echo cancellation with the bridge (``echo_bench.py``).
- device_switch_ms: the call plays on a headset sink; the headset is unplugged (its null sink
  unloaded); time until the far end's tone arrives on the default sink (read from ``parec`` in
  10 ms chunks, stamped on arrival). Median of ``SWITCHES`` unplugs.
"""

from __future__ import annotations

import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from softphone.audio.wav_header import wav_complete  # noqa: E402
from softphone.child_process import stop_child  # noqa: E402
from tests.benchmarks import echo_bench  # noqa: E402
from tests.benchmarks.app_under_bench import REGISTERED, BenchSetup, TreeSampler, bench_setup  # noqa: E402
from tests.helpers.app_process import AppRun  # noqa: E402
from tests.helpers.orphans import bound_to_test_process  # noqa: E402
from tests.helpers.pipewire import PrivatePipeWire, read_wav, rms_dbfs, tone, write_wav  # noqa: E402
from tests.helpers.sip_peer import SipPeer  # noqa: E402

CPU_S = float(os.environ.get("AUDIO_BENCH_CPU_S", "30"))
CALL_S = float(os.environ.get("AUDIO_BENCH_CALL_S", "600"))
CPU_RUNS = 3  # a call's CPU varies by up to a third between runs on this VM: the median of three
SWITCHES = 5
OPUS_FIRST = {"opus/48000/2": 255}  # the peer offers Opus first (it offers G.722 first by default)
PEER_CODECS = {"opus/48000/2": 0, "G722/16000": 200}
ROUND_TRIPS = 3
RATE = 16000
AUTO_ANSWER = {"Answer-Mode": "Auto"}
CLICK_EVERY_S = 0.5
MAX_LAG_S = 0.45  # under the clicks' spacing: a train shifted by a whole click matches almost as well
CALL_AUDIO = re.compile(
    r"call audio: speaker (\d+) underruns, (\d+) overruns, (\d+) trims, \d+ drift steps, \d+ waits, "
    r"\d+ phase margins; microphone (\d+) underruns, (\d+) overruns, (\d+) trims, \d+ drift steps, "
    r"\d+ waits, \d+ phase margins"
)


def click_train(seconds: float, every_s: float = CLICK_EVERY_S) -> np.ndarray:
    signal = np.zeros(int(seconds * RATE), dtype=np.int16)
    burst = (np.sin(2 * np.pi * 2000 * np.arange(80) / RATE) * 20000).astype(np.int16)  # 5 ms
    for start in range(int(0.25 * RATE), len(signal) - 80, int(every_s * RATE)):
        signal[start : start + 80] = burst
    return signal


def finished_wav(path: Path, timeout_s: float = 10.0) -> Path:
    """``path`` once its writer has closed it: the peer's recorder is sometimes closed only with
    the call's media, just after the call is reported disconnected (its RIFF size is 0 until then)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if wav_complete(str(path)):
            return path
        time.sleep(0.05)
    raise TimeoutError(f"{path.name}: the recorder did not close it within {timeout_s:g} s")


def lag_ms(sent: np.ndarray, received: np.ndarray) -> float:
    """Delay of ``received`` behind ``sent`` (cross-correlation of the energy envelopes), searched
    below the click spacing (``MAX_LAG_S``): when the first clicks of a call come back faint (jitter
    buffers still filling) a lag one click later used to win."""

    def envelope(x: np.ndarray) -> np.ndarray:
        e = np.abs(x.astype(np.float64))
        return np.convolve(e, np.ones(32) / 32, mode="same")

    a, b = envelope(sent), envelope(received[: len(sent) + RATE])
    corr = np.correlate(b, a, mode="full")[len(a) - 1 :]
    return float(np.argmax(corr[: int(MAX_LAG_S * RATE)]) / RATE * 1000)


class Bench:
    def __init__(self, run_dir: Path, setup: BenchSetup, pipewire: PrivatePipeWire) -> None:
        self.run_dir = run_dir
        self.setup = setup
        self.pw = pipewire
        self.peer = SipPeer("bob", run_dir)
        self.peer.register("1002", setup.kamailio.port)
        self.echo = SipPeer("carol", run_dir)
        self.echo.register("1003", setup.kamailio.port)
        self.echo.cmd("policy", incoming="answer")

    def start_app(self, name: str, audio: str = "", **env: str) -> AppRun:
        home = self.setup.home(name)
        config = home / "user.toml"
        config.write_text(
            config.read_text().replace("[sip]\n", "[sip]\nauto_answer = true\nwatch_network = false\n")
            + f"[audio]\n{audio}"
        )
        run = self.setup.start(home, **self.pw.env, **env)
        run.wait_for(REGISTERED)
        return run

    def call_app(self, run: AppRun) -> int:
        uri = f"sip:1001@127.0.0.1:{self.setup.kamailio.port}"
        call = int(self.peer.cmd("call", uri=uri, headers=AUTO_ANSWER)["id"])
        self.peer.wait("state", timeout=15, id=call, state="CONFIRMED")
        self.peer.wait("media", timeout=10, id=call, status="active")
        run.wait_for(r"speaker: ", timeout_s=10)
        return call

    def hang_up(self, run: AppRun, call: int) -> str:
        self.peer.cmd("stop_media", id=call)
        self.peer.cmd("hangup", id=call)
        self.peer.wait("state", timeout=10, id=call, state="DISCONNECTED")
        return run.wait_for(CALL_AUDIO.pattern, timeout_s=10).group(0)

    # ----- figures ------------------------------------------------------------------------------
    def round_trip_ms(self, uri: str, headers: dict[str, str] | None, name: str) -> float:
        clicks = write_wav(self.run_dir / "clicks.wav", click_train(9.0))  # outlasts the recording
        call = int(self.peer.cmd("call", uri=uri, headers=headers or {})["id"])
        self.peer.wait("state", timeout=15, id=call, state="CONFIRMED")
        self.peer.wait("media", timeout=10, id=call, status="active")
        if headers is None:  # the echoing peer: its side of the call sends the audio straight back
            echo_call = int(self.echo.wait("incoming", timeout=10)["id"])
            self.echo.wait("media", timeout=10, id=echo_call, status="active")
            self.echo.cmd("echo", id=echo_call)
        time.sleep(1.5)  # jitter buffers and the app's streams settle
        out = self.run_dir / f"back-{name}.wav"
        self.peer.cmd("play_record", id=call, wav=str(clicks), out=str(out))
        time.sleep(7.0)
        self.peer.cmd("stop_media", id=call)
        self.peer.cmd("hangup", id=call)
        self.peer.wait("state", timeout=10, id=call, state="DISCONNECTED")
        back, _ = read_wav(finished_wav(out))
        return lag_ms(click_train(6.0), back)

    def latency(self) -> tuple[float, float, float, float]:
        """(added one way, added round trip, pjsua2's own round trip, the app's round trip): medians
        of ``ROUND_TRIPS`` calls each (the peers' adaptive jitter buffers vary from call to call)."""
        self.pw.pactl(
            "load-module",
            "module-remap-source",
            "master=spk.monitor",
            "source_name=loop",
            "source_properties=device.description=Loopback",
        )
        self.pw.wait_for("sources", "loop")
        port = self.setup.kamailio.port
        echo_uri, app_uri = f"sip:1003@127.0.0.1:{port}", f"sip:1001@127.0.0.1:{port}"
        baseline = statistics.median(
            self.round_trip_ms(echo_uri, None, f"echo{n}") for n in range(ROUND_TRIPS)
        )
        run = self.start_app(
            "latency", 'microphone = ["loop", "Loopback"]\nspeaker = ["spk", "FakeSpeaker"]\n'
        )
        try:
            through_app = statistics.median(
                self.round_trip_ms(app_uri, AUTO_ANSWER, f"app{n}") for n in range(ROUND_TRIPS)
            )
        finally:
            run.stop()
        return (through_app - baseline) / 2, through_app - baseline, baseline, through_app

    def cpu(self, audio: str, name: str, codecs: dict[str, int] | None = None) -> float:
        run = self.start_app(name, audio)
        try:
            if codecs:
                self.peer.cmd("codecs", priorities=codecs)
            call = self.call_app(run)
            self.peer.cmd("play", id=call, wav=str(write_wav(self.run_dir / "far.wav", tone(700, 5.0))))
            feeder = self.pw.play("mic", np.tile(tone(1200, 1.0), int(CPU_S) + 10))
            time.sleep(3.0)
            percent = TreeSampler(run.process.pid).cpu_percent_over(CPU_S)
            stop_child(feeder, grace_s=2)
            self.hang_up(run, call)
        finally:
            run.stop()
        return percent

    def underruns(self) -> tuple[int, int, str]:
        run = self.start_app(
            "long-call",
            **({"SOFTPHONE_BENCH_BUSY_GUI": "1"} if os.environ.get("AUDIO_BENCH_BUSY", "1") == "1" else {}),
        )
        try:
            call = self.call_app(run)
            self.peer.cmd("play", id=call, wav=str(write_wav(self.run_dir / "far.wav", tone(700, 5.0))))
            feeder = self.pw.play("mic", np.tile(tone(1200, 1.0), int(CALL_S) + 10))
            time.sleep(CALL_S)
            stop_child(feeder, grace_s=2)
            line = self.hang_up(run, call)
        finally:
            run.stop()
        numbers = [int(n) for n in CALL_AUDIO.search(line).groups()]  # type: ignore[union-attr]
        return numbers[0] + numbers[1] + numbers[3] + numbers[4], numbers[2] + numbers[5], line

    def device_switch(self) -> list[float]:
        self.pw.add_sink("hs", "Headset")
        run = self.start_app("switch", 'speaker = ["hs", "Headset"]\nfollow_new_headset = false\n')
        switches: list[float] = []
        try:
            call = self.call_app(run)
            self.peer.cmd("play", id=call, wav=str(write_wav(self.run_dir / "far.wav", tone(700, 5.0))))
            for _ in range(SWITCHES):
                time.sleep(1.5)
                with ArrivalStamps(self.pw, "spk") as stamps:
                    time.sleep(0.5)
                    unplugged_at = time.monotonic()
                    self.pw.remove("hs")
                    arrived = stamps.first_loud_after(unplugged_at, timeout_s=5)
                switches.append((arrived - unplugged_at) * 1000)
                self.pw.add_sink("hs", "Headset")  # the saved device comes back: the call goes there
            self.hang_up(run, call)
        finally:
            run.stop()
        return switches


class ArrivalStamps:
    """``parec`` of a sink's monitor read in 10 ms chunks, each stamped on arrival."""

    def __init__(self, pw: PrivatePipeWire, sink: str) -> None:
        self._argv = bound_to_test_process(
            [
                "parec",
                f"--device={sink}.monitor",
                "--format=s16le",
                f"--rate={RATE}",
                "--channels=1",
                "--latency-msec=10",
                "--raw",
            ]
        )
        self._env = {**os.environ, **pw.env}
        self._chunks: list[tuple[float, float]] = []
        self._lock = threading.Lock()

    def __enter__(self) -> ArrivalStamps:
        self._process = subprocess.Popen(
            self._argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=self._env
        )
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        stop_child(self._process, grace_s=2)
        self._thread.join(2)

    def _read(self) -> None:
        assert self._process.stdout is not None
        while chunk := self._process.stdout.read(320):
            level = rms_dbfs(np.frombuffer(chunk[: len(chunk) - len(chunk) % 2], dtype="<i2"))
            with self._lock:
                self._chunks.append((time.monotonic(), level))

    def first_loud_after(self, since: float, timeout_s: float) -> float:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            with self._lock:
                loud = [t for t, level in self._chunks if t > since and level > -30]
            if loud:
                return loud[0]
            time.sleep(0.01)
        raise TimeoutError("no sound on the default device after the unplug")


def reference_loop_ms(repeats: int = 5) -> float:
    """The fastest of ``repeats`` runs of a fixed pure-Python loop: how fast this core runs now."""
    best = math.inf
    for _ in range(repeats):
        started = time.perf_counter()
        total = 0
        for value in range(1_000_000):
            total += value & 7
        best = min(best, time.perf_counter() - started)
    return best * 1000


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="audio-bench-") as tmp:
        run_dir = Path(tmp)
        with PrivatePipeWire(run_dir / "pipewire") as pw, bench_setup(run_dir) as setup:
            pw.add_sink("spk", "FakeSpeaker")
            pw.add_source("mic", "FakeMic")
            pw.set_default_sink("spk")
            pw.set_default_source("mic")
            echo_bench.main(run_dir, setup.kamailio)  # the engine in this process: before any app runs
            bench = Bench(run_dir, setup, pw)
            try:
                one_way, round_trip, baseline, through_app = bench.latency()
                print(f"bridge_added_latency_ms {one_way:.1f}", flush=True)
                print(f"bridge_added_round_trip_ms {round_trip:.1f}", flush=True)
                print(f"pjsua2_round_trip_ms {baseline:.1f}", flush=True)
                print(f"app_round_trip_ms {through_app:.1f}", flush=True)
                references, runs = [], []
                for n in range(CPU_RUNS):
                    references.append(reference_loop_ms())
                    runs.append(bench.cpu("", f"cpu{n}"))
                runs.sort()
                print(f"call_cpu_percent {statistics.median(runs):.2f}", flush=True)
                print(f"call_cpu_percent_runs {' '.join(f'{r:.2f}' for r in runs)}", flush=True)
                print(f"cpu_reference_loop_ms {statistics.median(references):.1f}", flush=True)
                opus = bench.cpu("", "cpu-opus", codecs=OPUS_FIRST)
                bench.peer.cmd("codecs", priorities=PEER_CODECS)
                print(f"call_cpu_percent_opus {opus:.2f}", flush=True)
                processing = "echo_cancellation = true\nnoise_suppression = true\n"
                print(f"call_cpu_percent_voice_processing {bench.cpu(processing, 'cpu-vp'):.2f}", flush=True)
                switches = bench.device_switch()
                print(f"device_switch_ms {statistics.median(switches):.0f}", flush=True)
                print(f"device_switch_max_ms {max(switches):.0f}", flush=True)
                glitches, trims, line = bench.underruns()
                print(f"# {line}", file=sys.stderr, flush=True)
                print(f"underruns_10min {glitches}", flush=True)
                print(f"latency_trims_10min {trims}", flush=True)
                print(f"long_call_s {CALL_S:g}", flush=True)
            finally:
                bench.peer.close()
                bench.echo.close()


if __name__ == "__main__":
    main()
