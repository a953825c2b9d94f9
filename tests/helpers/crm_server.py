"""Run the reference CRM server as a real subprocess on a free loopback port, for tests.

Usage::

    with running_crm_server(tmp_path, seed="demo") as crm:
        httpx.get(f"{crm.api_url}/me", headers=crm.headers)
        crm.stop()      # outage: the port refuses connections
        crm.start()     # same port, same database, nothing re-seeded

``crm.base_url`` is the server root WITHOUT the API prefix (``http://127.0.0.1:PORT``);
``crm.api_url`` is ``base_url + "/api/v1"``. Fixed demo records are listed in
``softphone/crm_server/seed.py``. The process is stopped by its PID (SIGTERM, then SIGKILL).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from softphone.crm.schemas import API_PREFIX
from tests.helpers.orphans import popen_bound

READY_TIMEOUT_S = 60.0  # the large seed at full size takes ~20 s on 2 cores
STOP_TIMEOUT_S = 10.0
_READY = re.compile(r"listening on (http://[^\s]+)")


class CrmServerError(RuntimeError):
    """The server did not start (its output is in the message)."""


class CrmServer:
    """A reference CRM server subprocess that can be stopped and restarted on the same port and DB."""

    def __init__(
        self,
        workdir: Path,
        *,
        seed: str = "demo",
        token: str = "test-token",
        rate_limit: float | None = None,
        extra_args: Sequence[str] = (),
    ) -> None:
        self.workdir = workdir
        self.db_path = workdir / "crm.db"
        self.token = token
        self.port = 0
        self.base_url = ""
        self.process: subprocess.Popen[bytes] | None = None
        self._starts = 0
        self._args = ["--db", str(self.db_path), "--seed", seed, "--host", "127.0.0.1", "--token", token]
        if rate_limit is not None:
            self._args += ["--rate-limit", f"{rate_limit}/s"]
        self._args += list(extra_args)

    @property
    def api_url(self) -> str:
        return self.base_url + API_PREFIX

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    @property
    def stdout_path(self) -> Path:
        return self.workdir / f"crm-server-{self._starts}.out"

    def start(self) -> None:
        """Start the server (again); after the first start the port is reused."""
        if self.process is not None and self.process.poll() is None:
            raise CrmServerError("the CRM server is already running")
        self._starts += 1
        self.workdir.mkdir(parents=True, exist_ok=True)
        out = self.stdout_path
        with out.open("wb") as stdout, (self.workdir / f"crm-server-{self._starts}.err").open("wb") as stderr:
            self.process = popen_bound(  # any thread: the server outlives a worker thread that restarts it
                [sys.executable, "-m", "softphone.crm_server", *self._args, "--port", str(self.port)],
                stdout=stdout,
                stderr=stderr,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            match = _READY.search(out.read_text(encoding="utf-8", errors="replace"))
            if match:
                self.base_url = match.group(1)
                self.port = int(self.base_url.rsplit(":", 1)[1])
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        self.stop()
        raise CrmServerError(f"CRM server did not become ready:\n{self.output()}")

    def restart_with_token(self, token: str) -> None:
        """Stop and start again on the same port and database, accepting only ``token``."""
        self.stop()
        self.token = token
        self._args[self._args.index("--token") + 1] = token
        self.start()

    def stop(self) -> None:
        """Stop the server process by its PID (SIGTERM, then SIGKILL after a bounded wait)."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_TIMEOUT_S)

    def output(self) -> str:
        err = self.workdir / f"crm-server-{self._starts}.err"
        parts = [
            p.read_text(encoding="utf-8", errors="replace") for p in (self.stdout_path, err) if p.exists()
        ]
        return "\n".join(parts)


@contextmanager
def running_crm_server(
    tmp_path: Path,
    seed: str = "demo",
    token: str = "test-token",
    rate_limit: float | None = None,
    extra_args: Sequence[str] = (),
) -> Iterator[CrmServer]:
    """Start a seeded server in ``tmp_path`` and yield it; always stopped on exit."""
    server = CrmServer(tmp_path, seed=seed, token=token, rate_limit=rate_limit, extra_args=extra_args)
    server.start()
    try:
        yield server
    finally:
        server.stop()
