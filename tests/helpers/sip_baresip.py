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
module g711.so
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
    config_dir: Path, user: str, registrar_port: int, commands: tuple[str, ...] = ()
) -> Iterator[Baresip]:
    config_dir.mkdir(parents=True, exist_ok=True)
    wav = config_dir / "tone.wav"
    with wave.open(str(wav), "wb") as out:  # aufile wants S16LE
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(
            b"".join(
                struct.pack("<h", int(8000 * math.sin(i / 8000 * 2 * math.pi * 440))) for i in range(8000)
            )
        )
    (config_dir / "config").write_text(CONFIG.replace("@WAV@", str(wav)))
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
