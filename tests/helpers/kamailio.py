"""Run a real Kamailio registrar/proxy on a free loopback port for SIP tests.

The config is ``kamailio-test.cfg`` next to this file with ``@PORT@`` filled in; digest auth is
on (``-A WITH_AUTH``, password = username + "pw"). Kamailio's log goes to ``RUN/kamailio.log`` so
tests can count the requests it saw. With ``media_relay`` the SDP of calls is rewritten so that
their media crosses ``rtp_relay.MediaRelay`` (``-A WITH_MEDIA_RELAY``). Given a ``TlsListener``
(certificate and key, e.g. from ``tests.helpers.tls_certs``) it also listens on
``tls:127.0.0.1:<tls_port>`` (``-A WITH_TLS``).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers.orphans import bound_to_test_process

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


@dataclass(frozen=True)
class TlsListener:
    """Server certificate (PEM, may include the chain) and its unencrypted private key;
    ``tls13_only`` refuses every TLS version before 1.3 (``-A WITH_TLS13_ONLY``)."""

    cert_file: Path
    key_file: Path
    tls13_only: bool = False


class Kamailio:
    """One Kamailio instance; ``start()``/``stop()`` may be called repeatedly (same ports)."""

    def __init__(
        self,
        run_dir: Path,
        port: int | None = None,
        auth: bool = True,
        tls: TlsListener | None = None,
        forward_only: bool = False,
        media_relay: bool = False,
    ) -> None:
        self.run_dir = run_dir
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.auth = auth
        self.tls = tls
        self.forward_only = forward_only  # an outbound proxy: relays everything, registers nobody
        self.media_relay = media_relay  # SDP rewritten to tests/helpers/rtp_relay.py's faces
        self.tls_port: int | None = None
        cfg_text = CFG_TEMPLATE.read_text().replace("@PORT@", str(self.port))
        if tls is not None:
            self.tls_port = free_port()
            cfg_text = (
                cfg_text.replace("@TLS_PORT@", str(self.tls_port))
                .replace("@TLS_CERT@", str(tls.cert_file))
                .replace("@TLS_KEY@", str(tls.key_file))
            )
        self.cfg = run_dir / "kamailio.cfg"
        self.cfg.write_text(cfg_text)
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
        if self.tls is not None:
            args += ["-A", "WITH_TLS"]
            if self.tls.tls13_only:
                args += ["-A", "WITH_TLS13_ONLY"]
        if self.forward_only:
            args += ["-A", "WITH_FORWARD"]
        if self.media_relay:
            args += ["-A", "WITH_MEDIA_RELAY"]
        run = str(self.run_dir)
        args += ["-DD", "-E", "-P", str(self.pid_file), "-Y", run, "-w", run, "-m", "64", "-M", "8"]
        log = self.log_path.open("ab")
        self._proc = subprocess.Popen(
            bound_to_test_process(args), stdout=log, stderr=log, start_new_session=True
        )
        log.close()
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise RuntimeError(f"kamailio exited with {self._proc.returncode}: {self.log_tail()}")
            if all(self._accepts(port) for port in self._tcp_ports()):
                return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"kamailio did not listen on {self._tcp_ports()} within {timeout_s} s")

    def _tcp_ports(self) -> list[int]:
        return [self.port] if self.tls_port is None else [self.port, self.tls_port]

    @staticmethod
    def _accepts(port: int) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), 0.2):
                return True
        except OSError:
            return False

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
        while time.monotonic() < deadline and any(self._accepts(port) for port in self._tcp_ports()):
            time.sleep(0.05)

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def log_tail(self, lines: int = 20) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])

    def count_requests(self, method: str, from_user: str | None = None, proto: str | None = None) -> int:
        """Requests Kamailio logged (``METHOD ruri from fu (src proto)``), optionally only from one
        user and/or received over one transport (``"udp"``, ``"tcp"``, ``"tls"``)."""
        count = 0
        for line in self.log_text().splitlines():
            marker = f" {method} sip:"
            if (
                marker in line
                and (from_user is None or f"from sip:{from_user}@" in line)
                and (proto is None or line.endswith(f" {proto})"))
            ):
                count += 1
        return count


@contextlib.contextmanager
def running_kamailio(run_dir: Path, auth: bool = True, tls: TlsListener | None = None) -> Iterator[Kamailio]:
    kam = Kamailio(run_dir, auth=auth, tls=tls)
    kam.start()
    try:
        yield kam
    finally:
        kam.stop()


@pytest.fixture(name="kamailio")
def kamailio_fixture(tmp_path: Path) -> Iterator[Kamailio]:
    """A Kamailio registrar with digest auth for the test (re-exported by the SIP and GUI conftests)."""
    with running_kamailio(tmp_path / "kamailio") as kam:
        yield kam
