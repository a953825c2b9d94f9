"""Run ``python -m softphone`` as a real child process for app-level tests.

Each run gets its own HOME/XDG directories (settings, logs, data), an offscreen Qt platform and a
test keyring file, so runs never touch the machine user's files. Output (the log) is captured to a
file so a test can wait for a line while the app runs.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class AppRun:
    process: subprocess.Popen[bytes]
    output: Path

    def text(self) -> str:
        return self.output.read_text(errors="replace")

    def wait_for(self, pattern: str, timeout_s: float = 60.0) -> re.Match[str]:
        """Wait (bounded) until the app's output matches ``pattern``; fail with the output if not."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            match = re.search(pattern, self.text())
            if match:
                return match
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        raise AssertionError(f"{pattern!r} not seen (exit {self.process.poll()}):\n{self.text()[-4000:]}")

    def stop(self, timeout_s: float = 30.0) -> int:
        if self.process.poll() is None:
            self.process.terminate()
        try:
            return self.process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
            raise


def app_env(home: Path, **extra: str) -> dict[str, str]:
    home.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),
        QT_QPA_PLATFORM="offscreen",
        PYTHON_KEYRING_BACKEND="tests.helpers.file_keyring.FileKeyring",
        SOFTPHONE_TEST_KEYRING=str(home / "keyring.json"),
        SOFTPHONE_MACHINE_CONFIG=str(home / "machine.toml"),  # absent unless a test writes it
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


def start_app(home: Path, *args: str, **env: str) -> AppRun:
    output = home / f"app-{time.monotonic_ns()}.log"
    with output.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "softphone", *args],
            stdout=sink,
            stderr=subprocess.STDOUT,
            env=app_env(home, **env),
            cwd=home,
        )
    return AppRun(process, output)


def run_app(home: Path, *args: str, timeout_s: float = 120.0, stdin: str = "", **env: str) -> tuple[int, str]:
    """Run to completion; returns (exit code, combined output)."""
    done = subprocess.run(
        [sys.executable, "-m", "softphone", *args],
        input=stdin.encode(),
        capture_output=True,
        env=app_env(home, **env),
        cwd=home,
        timeout=timeout_s,
        check=False,
    )
    return done.returncode, (done.stdout + done.stderr).decode(errors="replace")


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return not _is_zombie(pid)


def _is_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] == "Z"
    except OSError:
        return False
