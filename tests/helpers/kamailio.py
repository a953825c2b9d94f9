"""Run a real Kamailio registrar/proxy on a free loopback port for SIP tests.

The config is ``kamailio-test.cfg`` next to this file with ``@PORT@`` filled in; digest auth is
on (``-A WITH_AUTH``, password = username + "pw"). Kamailio's log goes to ``RUN/kamailio.log`` so
tests can count the requests it saw.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

CFG_TEMPLATE = Path(__file__).with_name("kamailio-test.cfg")
KAMAILIO = "/usr/sbin/kamailio"


def free_port() -> int:
    """A port that is free for both UDP and TCP on 127.0.0.1."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
            tcp.bind(("127.0.0.1", 0))
            port = int(tcp.getsockname()[1])
            try:
                with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
                    udp.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port found")


class Kamailio:
    """One Kamailio instance; ``start()``/``stop()`` may be called repeatedly (same port)."""

    def __init__(self, run_dir: Path, port: int | None = None, auth: bool = True) -> None:
        self.run_dir = run_dir
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.auth = auth
        self.cfg = run_dir / "kamailio.cfg"
        self.cfg.write_text(CFG_TEMPLATE.read_text().replace("@PORT@", str(self.port)))
        self.log_path = run_dir / "kamailio.log"
        self.pid_file = run_dir / "kam.pid"
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def domain(self) -> str:
        return "127.0.0.1"

    @property
    def uri(self) -> str:
        return f"sip:127.0.0.1:{self.port}"

    def start(self, timeout_s: float = 10.0) -> None:
        args = [KAMAILIO, "-f", str(self.cfg)]
        if self.auth:
            args += ["-A", "WITH_AUTH"]
        run = str(self.run_dir)
        args += ["-DD", "-E", "-P", str(self.pid_file), "-Y", run, "-w", run, "-m", "64", "-M", "8"]
        log = self.log_path.open("ab")
        self._proc = subprocess.Popen(args, stdout=log, stderr=log, start_new_session=True)
        log.close()
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise RuntimeError(f"kamailio exited with {self._proc.returncode}: {self.log_tail()}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), 0.2):
                return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"kamailio did not listen on {self.port} within {timeout_s} s")

    def stop(self, timeout_s: float = 5.0) -> None:
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)  # its own session: the children go too
        try:
            proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=timeout_s)
        # Wait until the port is really released so a restart can bind it.
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), 0.2):
                    time.sleep(0.05)
            except OSError:
                return

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def log_tail(self, lines: int = 20) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])

    def count_requests(self, method: str, from_user: str | None = None) -> int:
        """Requests Kamailio logged (``METHOD ruri from fu``), optionally only from one user."""
        count = 0
        for line in self.log_text().splitlines():
            marker = f" {method} sip:"
            if marker in line and (from_user is None or f"from sip:{from_user}@" in line):
                count += 1
        return count


@contextlib.contextmanager
def running_kamailio(run_dir: Path, auth: bool = True) -> Iterator[Kamailio]:
    kam = Kamailio(run_dir, auth=auth)
    kam.start()
    try:
        yield kam
    finally:
        kam.stop()
