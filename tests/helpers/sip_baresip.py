"""Run Debian's ``baresip`` as an independent SIP peer: temp config dir, no audio device
(``aufile`` source with a generated tone, ``aufile`` sink to /dev/null), commands via ``-e``."""

from __future__ import annotations

import contextlib
import math
import struct
import subprocess
import threading
import time
import wave
from collections.abc import Iterator
from pathlib import Path

from tests.helpers.orphans import bound_to_test_process

CONFIG = """\
sip_listen 127.0.0.1:0
module_path /usr/lib/baresip/modules
module stdio.so
@CODECS@
module aufile.so
module_app account.so
module_app menu.so
audio_player aufile,/dev/null
audio_source aufile,@WAV@
audio_alert aufile,/dev/null
audio_path /usr/share/baresip
"""


class Baresip:
    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.proc = proc
        self.output: list[str] = []
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            with self._lock:
                self.output.append(line)

    def wait_for(self, text: str, timeout: float = 10) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if any(text.lower() in line.lower() for line in self.output):
                    return True
            time.sleep(0.05)
        return False


@contextlib.contextmanager
def running_baresip(
    config_dir: Path,
    user: str,
    registrar_port: int,
    commands: tuple[str, ...] = (),
    codecs: tuple[str, ...] = ("g711",),
) -> Iterator[Baresip]:
    """``codecs``: baresip's codec modules, in its order of preference (e.g. ``("opus", "g711")``)."""
    config_dir.mkdir(parents=True, exist_ok=True)
    wav = config_dir / "tone.wav"
    # aufile wants S16LE at the rate and channel count of the codec in use (Opus: 48 kHz stereo)
    rate, channels = (48000, 2) if codecs[0] == "opus" else (8000, 1)
    with wave.open(str(wav), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(
            b"".join(
                struct.pack("<h", int(8000 * math.sin(i / rate * 2 * math.pi * 440))) * channels
                for i in range(rate)
            )
        )
    modules = "\n".join(f"module {name}.so" for name in codecs)
    (config_dir / "config").write_text(CONFIG.replace("@WAV@", str(wav)).replace("@CODECS@", modules))
    (config_dir / "accounts").write_text(
        f"<sip:{user}@127.0.0.1:{registrar_port}>;auth_pass={user}pw;regint=60\n"
    )
    args = ["baresip", "-f", str(config_dir)]
    for command in commands:
        args += ["-e", command]
    proc = subprocess.Popen(
        bound_to_test_process(args),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield Baresip(proc)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
