"""A real STUN server (coturn's ``turnserver --stun-only``) on loopback, behind a counting UDP relay.

The relay lets a test see that the SIP engine really asked the configured STUN server: it forwards
each datagram to coturn, passes the answer back and counts the requests.
"""

from __future__ import annotations

import os
import selectors
import shutil
import socket
import struct
import subprocess
import threading
import time
from pathlib import Path

from tests.helpers.kamailio import free_port
from tests.helpers.orphans import bound_to_test_process

TURNSERVER = shutil.which("turnserver")


class StunServer:
    def __init__(self, run_dir: Path) -> None:
        self.run_dir = run_dir
        self.backend_port = free_port()
        self.requests = 0
        self._relay = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._relay.bind(("127.0.0.1", 0))
        self.port = int(self._relay.getsockname()[1])
        self._stop = threading.Event()
        self._proc: subprocess.Popen[bytes] | None = None
        self._thread = threading.Thread(target=self._pump, name="stun-relay", daemon=True)

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> None:
        assert TURNSERVER is not None, "coturn is not installed (scripts/setup-debian installs it)"
        self.run_dir.mkdir(parents=True, exist_ok=True)
        log = (self.run_dir / "turnserver.log").open("wb")
        listen = ["--listening-ip", "127.0.0.1", "--listening-port", str(self.backend_port)]
        quiet = ["--no-cli", "--no-tls", "--no-dtls", "--log-file", "stdout"]
        command = [TURNSERVER, "--stun-only", *listen, *quiet]
        self._proc = subprocess.Popen(bound_to_test_process(command), stdout=log, stderr=log)
        log.close()
        self._wait_ready()
        self._thread.start()

    def _wait_ready(self, timeout_s: float = 10.0) -> None:
        """Until coturn answers a Binding Request (bounded)."""
        probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        probe.settimeout(0.2)
        request = struct.pack("!HHI", 0x0001, 0, 0x2112A442) + os.urandom(12)
        deadline = time.monotonic() + timeout_s
        try:
            while time.monotonic() < deadline:
                probe.sendto(request, ("127.0.0.1", self.backend_port))
                try:
                    if probe.recv(2048)[:2] == b"\x01\x01":  # Binding Success Response
                        return
                except (TimeoutError, ConnectionRefusedError):
                    time.sleep(0.1)
        finally:
            probe.close()
        raise RuntimeError(f"coturn did not answer within {timeout_s} s; see {self.run_dir}/turnserver.log")

    def _pump(self) -> None:
        """Forward without waiting for answers: coturn ignores some requests (RFC 3489 NAT-type
        probes) and one unanswered request must not hold up the others."""
        backend = ("127.0.0.1", self.backend_port)
        upstream_of: dict[tuple[str, int], socket.socket] = {}
        client_of: dict[socket.socket, tuple[str, int]] = {}
        with selectors.DefaultSelector() as selector:
            selector.register(self._relay, selectors.EVENT_READ)
            while not self._stop.is_set():
                for key, _ in selector.select(timeout=0.2):
                    sock = key.fileobj
                    assert isinstance(sock, socket.socket)
                    try:
                        data, source = sock.recvfrom(2048)
                    except OSError:
                        continue
                    if sock is self._relay:
                        self.requests += 1
                        upstream = upstream_of.get(source)
                        if upstream is None:
                            upstream = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                            upstream.bind(("127.0.0.1", 0))
                            upstream_of[source] = upstream
                            client_of[upstream] = source
                            selector.register(upstream, selectors.EVENT_READ)
                        upstream.sendto(data, backend)
                    else:
                        self._relay.sendto(data, client_of[sock])
        for upstream in upstream_of.values():
            upstream.close()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._relay.close()
        if self._proc is not None and self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait(timeout=5)
