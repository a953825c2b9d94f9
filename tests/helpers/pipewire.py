"""A private PipeWire sound server for audio tests: null devices, no sound card, no user session.

``PrivatePipeWire(run_dir)`` starts its own D-Bus session bus, ``pipewire``, ``wireplumber`` and
``pipewire-pulse`` with their own ``XDG_RUNTIME_DIR`` (and state/config folders under ``run_dir``,
so WirePlumber remembers nothing between tests), waits until the Pulse socket answers, and ends
exactly those processes by their PIDs (``close``). ``env`` is what a client process needs to reach
it (``PULSE_SERVER``, ``XDG_RUNTIME_DIR``); ``client_env()`` sets it in this process.

Devices are null sinks / virtual sources made with ``pactl load-module`` (``add_sink``,
``add_source``, ``remove``): a sink stands for a speaker or headset; a source for a microphone.
A source is fed by a null sink of its own (``<name>-feed``) whose monitor it remaps, so a test can
play a tone into the microphone (``play``). ``record`` captures what reaches a sink (its monitor).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import threading
import time
import wave
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

from softphone.child_process import stop_child
from tests.helpers.orphans import bound_to_test_process

PROGRAMS = ("dbus-daemon", "pipewire", "wireplumber", "pipewire-pulse", "pactl", "parec", "pacat")


def missing_programs() -> list[str]:
    return [name for name in PROGRAMS if shutil.which(name) is None]


@dataclass
class Device:
    name: str
    description: str
    modules: list[str] = field(default_factory=list)


class PrivatePipeWire:
    def __init__(self, run_dir: Path) -> None:
        self.run_dir = run_dir
        self.runtime = run_dir / "runtime"
        self.runtime.mkdir(parents=True, exist_ok=True)
        self.runtime.chmod(0o700)
        self.socket = self.runtime / "pulse" / "native"
        self.env: dict[str, str] = {
            "XDG_RUNTIME_DIR": str(self.runtime),
            "PULSE_SERVER": f"unix:{self.socket}",
        }
        self._server_env = {
            **os.environ,
            **self.env,
            "HOME": str(run_dir / "home"),
            "XDG_CONFIG_HOME": str(run_dir / "config"),
            "XDG_STATE_HOME": str(run_dir / "state"),
            "XDG_DATA_HOME": str(run_dir / "data"),
        }
        self._server_env.pop("PIPEWIRE_REMOTE", None)
        self._processes: list[subprocess.Popen[bytes]] = []
        self.devices: dict[str, Device] = {}
        self._started = False

    # ----- lifecycle --------------------------------------------------------------------------
    def start(self, timeout_s: float = 20.0) -> PrivatePipeWire:
        bus = self._spawn(
            ["dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1"], "dbus", pipe=True
        )
        assert bus.stdout is not None
        address = bus.stdout.readline().decode().strip()
        if not address:
            raise RuntimeError(f"private D-Bus did not start: {self._log('dbus')}")
        self._server_env["DBUS_SESSION_BUS_ADDRESS"] = address
        self._spawn(["pipewire"], "pipewire")
        self._wait(lambda: (self.runtime / "pipewire-0").exists(), timeout_s, "pipewire socket")
        self._spawn(["wireplumber"], "wireplumber")
        self._spawn(["pipewire-pulse"], "pipewire-pulse")
        self._wait(lambda: self._pactl_ok("info"), timeout_s, "pipewire-pulse answers")
        self._started = True
        return self

    def close(self) -> None:
        for process in reversed(self._processes):  # pulse, wireplumber, pipewire, then the bus
            stop_child(process, grace_s=5)
        self._processes.clear()
        self._started = False

    def __enter__(self) -> PrivatePipeWire:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _spawn(self, argv: list[str], name: str, pipe: bool = False) -> subprocess.Popen[bytes]:
        log = (self.run_dir / f"{name}.log").open("wb")
        process = subprocess.Popen(
            bound_to_test_process(argv),
            stdout=subprocess.PIPE if pipe else log,
            stderr=log,
            env=self._server_env,
            cwd=self.run_dir,
        )
        self._processes.append(process)
        return process

    def _log(self, name: str) -> str:
        path = self.run_dir / f"{name}.log"
        return path.read_text(errors="replace")[-2000:] if path.exists() else ""

    def _wait(self, ready: object, timeout_s: float, what: str) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if callable(ready) and ready():
                return
            dead = [p.args for p in self._processes if p.poll() is not None]
            if dead:
                break
            time.sleep(0.05)
        logs = "\n".join(f"--- {n}\n{self._log(n)}" for n in ("pipewire", "wireplumber", "pipewire-pulse"))
        raise RuntimeError(f"private PipeWire: no {what} within {timeout_s} s\n{logs}")

    # ----- pactl --------------------------------------------------------------------------------
    def pactl(self, *args: str, timeout_s: float = 10.0) -> str:
        done = subprocess.run(
            ["pactl", *args],
            capture_output=True,
            text=True,
            env=self._server_env,
            timeout=timeout_s,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"pactl {' '.join(args)}: {done.stderr.strip()}")
        return done.stdout

    def _pactl_ok(self, *args: str) -> bool:
        try:
            self.pactl(*args, timeout_s=2)
        except (RuntimeError, subprocess.TimeoutExpired):
            return False
        return True

    def short_list(self, kind: str) -> list[str]:
        """Names of the server's ``sinks`` or ``sources`` (monitors included)."""
        return [
            line.split("\t")[1] for line in self.pactl("list", "short", kind).splitlines() if "\t" in line
        ]

    def default_sink(self) -> str:
        return self.pactl("get-default-sink").strip()

    def default_source(self) -> str:
        return self.pactl("get-default-source").strip()

    def wait_for(self, kind: str, name: str, present: bool = True, timeout_s: float = 5.0) -> None:
        self._wait(lambda: (name in self.short_list(kind)) == present, timeout_s, f"{kind} {name} {present}")

    # ----- devices --------------------------------------------------------------------------------
    def add_sink(self, name: str, description: str) -> Device:
        module = self.pactl(
            "load-module",
            "module-null-sink",
            f"sink_name={name}",
            f"sink_properties='device.description=\"{description}\"'",
            "rate=48000",
        ).strip()
        device = self.devices[name] = Device(name, description, [module])
        self.wait_for("sinks", name)
        return device

    def add_source(self, name: str, description: str) -> Device:
        """A microphone ``name``, fed through the sink ``<name>-feed`` (see ``play``)."""
        feed = self.pactl(
            "load-module",
            "module-null-sink",
            f"sink_name={name}-feed",
            f"sink_properties='device.description=\"{description}-feed\"'",
        ).strip()
        self.wait_for("sinks", f"{name}-feed")
        remap = self.pactl(
            "load-module",
            "module-remap-source",
            f"master={name}-feed.monitor",
            f"source_name={name}",
            f"source_properties='device.description=\"{description}\"'",
        ).strip()
        device = self.devices[name] = Device(name, description, [remap, feed])
        self.wait_for("sources", name)
        return device

    def remove(self, name: str) -> None:
        device = self.devices.pop(name)
        for module in device.modules:
            self.pactl("unload-module", module)

    def set_default_sink(self, name: str) -> None:
        self._retry(lambda: self.pactl("set-default-sink", name))

    def set_default_source(self, name: str) -> None:
        self._retry(lambda: self.pactl("set-default-source", name))

    def _retry(self, action: Callable[[], object], tries: int = 20) -> None:
        """WirePlumber takes a moment to know a new device (pactl says "Not supported" until then)."""
        for attempt in range(tries):
            try:
                action()
                return
            except RuntimeError:
                if attempt == tries - 1:
                    raise
                time.sleep(0.1)

    # ----- sound in and out -----------------------------------------------------------------------
    def play(self, source_name: str, samples: np.ndarray, rate: int = 16000) -> subprocess.Popen[bytes]:
        """Start playing int16 mono ``samples`` into microphone ``source_name`` (its feed sink)."""
        process = subprocess.Popen(
            bound_to_test_process(
                [
                    "pacat",
                    "--playback",
                    f"--device={source_name}-feed",
                    "--format=s16le",
                    f"--rate={rate}",
                    "--channels=1",
                    "--latency-msec=20",
                    "--raw",
                ]
            ),
            stdin=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=self._server_env,
        )
        data = samples.astype("<i2").tobytes()

        def feed() -> None:  # pacat takes it at real time: write from a thread, never block the test
            assert process.stdin is not None
            with contextlib.suppress(OSError):
                process.stdin.write(data)
                process.stdin.close()

        threading.Thread(target=feed, daemon=True).start()
        return process

    @contextlib.contextmanager
    def recording(self, sink_name: str, rate: int = 16000) -> Iterator[Recording]:
        """Capture what reaches ``sink_name`` (its monitor) while the block runs."""
        path = self.run_dir / f"rec-{sink_name}-{time.monotonic_ns()}.raw"
        with path.open("wb") as out:
            process = subprocess.Popen(
                bound_to_test_process(
                    [
                        "parec",
                        f"--device={sink_name}.monitor",
                        "--format=s16le",
                        f"--rate={rate}",
                        "--channels=1",
                        "--latency-msec=20",
                        "--raw",
                    ]
                ),
                stdout=out,
                stderr=subprocess.DEVNULL,
                env=self._server_env,
            )
        result = Recording(path, rate)
        try:
            yield result
        finally:
            stop_child(process, grace_s=3)
            result.load()


@dataclass
class Recording:
    path: Path
    rate: int
    samples: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int16))

    def load(self) -> None:
        self.samples = np.frombuffer(self.path.read_bytes(), dtype="<i2").astype(np.int16)


# ----- signal helpers (numpy) ---------------------------------------------------------------------
def tone(frequency: float, seconds: float, rate: int = 16000, amplitude: float = 0.4) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return (np.sin(2 * np.pi * frequency * t) * amplitude * 32767).astype(np.int16)


def dominant_frequency(samples: np.ndarray, rate: int) -> float:
    """The strongest frequency (Hz) of ``samples`` (Hann window, numpy FFT)."""
    data = samples.astype(np.float64)
    if len(data) < 256:
        return 0.0
    spectrum = np.abs(np.fft.rfft(data * np.hanning(len(data))))
    spectrum[:3] = 0  # DC
    return float(np.fft.rfftfreq(len(data), 1 / rate)[int(np.argmax(spectrum))])


def rms_dbfs(samples: np.ndarray) -> float:
    if len(samples) == 0:
        return -120.0
    rms = float(np.sqrt(np.mean(samples.astype(np.float64) ** 2))) / 32768
    return 20 * float(np.log10(max(rms, 1e-6)))


def band_dbfs(samples: np.ndarray, rate: int, frequency: float, width_hz: float = 25.0) -> float:
    """RMS level (dBFS) of ``samples`` within ``width_hz`` of ``frequency`` (FFT band-pass): how loud
    one tone is, whatever else the signal carries."""
    if len(samples) == 0:
        return -120.0
    spectrum = np.fft.rfft(samples.astype(np.float64))
    bins = np.fft.rfftfreq(len(samples), 1 / rate)
    spectrum[(bins < frequency - width_hz) | (bins > frequency + width_hz)] = 0
    return rms_dbfs(np.fft.irfft(spectrum, len(samples)))


def loud_part(samples: np.ndarray, rate: int, threshold_dbfs: float = -40.0) -> np.ndarray:
    """The samples from the first to the last 20 ms block louder than ``threshold_dbfs``."""
    block = rate // 50
    loud = [
        i for i in range(0, len(samples) - block, block) if rms_dbfs(samples[i : i + block]) > threshold_dbfs
    ]
    return samples[loud[0] : loud[-1] + block] if loud else samples[:0]


def write_wav(path: Path, samples: np.ndarray, rate: int = 16000) -> Path:
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(samples.astype("<i2").tobytes())
    return path


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    with wave.open(str(path), "rb") as wav:
        rate = wav.getframerate()
        data = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2")
        if wav.getnchannels() > 1:
            data = data[:: wav.getnchannels()]
    return data.astype(np.int16), rate


def _with_base_devices(server: PrivatePipeWire) -> PrivatePipeWire:
    server.add_sink("spk", "FakeSpeaker")
    server.add_source("mic", "FakeMic")
    server.set_default_sink("spk")
    server.set_default_source("mic")
    return server


@pytest.fixture(scope="session")
def pipewire_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrivatePipeWire]:
    """One private PipeWire for the test session. Qt Multimedia connects to a sound server once per
    process and keeps that connection, so in-process tests share one server (``pipewire`` gives
    each test its base devices back)."""
    missing = missing_programs()
    if missing:
        pytest.fail(f"PipeWire test tools missing: {', '.join(missing)} (scripts/setup-debian installs them)")
    server = PrivatePipeWire(tmp_path_factory.mktemp("pipewire")).start()
    try:
        yield _with_base_devices(server)
    finally:
        server.close()


@pytest.fixture
def pipewire(pipewire_server: PrivatePipeWire, monkeypatch: pytest.MonkeyPatch) -> Iterator[PrivatePipeWire]:
    """The session's PipeWire with a FakeSpeaker sink ``spk`` and a FakeMic source ``mic`` (both
    the defaults); this process's Pulse clients (Qt, the app's device watcher) talk to it while the
    test runs. Devices a test adds are removed afterwards."""
    server = pipewire_server
    for key, value in server.env.items():
        monkeypatch.setenv(key, value)
    base = set(server.devices)
    try:
        yield server
    finally:
        for name in set(server.devices) - base:
            server.remove(name)
        server.set_default_sink("spk")
        server.set_default_source("mic")
