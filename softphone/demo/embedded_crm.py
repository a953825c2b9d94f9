"""The embedded reference CRM: a ``softphone.crm_server`` child process on 127.0.0.1.

Used when no central CRM is configured (and always in ``--demo``). The child is ours:
we start it, read its "listening on" line to learn the port, and stop it by PID.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from softphone.child_process import stop_child

log = logging.getLogger(__name__)

_LISTENING = re.compile(r"listening on (http://127\.0\.0\.1:\d+)")


class EmbeddedCrmError(Exception):
    """The embedded CRM could not be started."""


@dataclass
class EmbeddedCrm:
    process: subprocess.Popen[str]
    base_url: str  # http://127.0.0.1:PORT (the API lives under /api/v1)
    token: str

    def stop(self, timeout_s: float = 10.0) -> None:
        if self.process.poll() is not None:
            return
        stop_child(self.process, grace_s=timeout_s, kill_wait_s=timeout_s)
        log.info("embedded CRM stopped (pid %d)", self.process.pid)


def start_embedded_crm(data_dir: Path, seed: str = "demo", timeout_s: float = 60.0) -> EmbeddedCrm:
    """Start the reference CRM on a free loopback port with its database under ``data_dir``.

    A fresh random token protects it from other local users for this run; the database is
    seeded only when it does not exist yet, so the demo keeps its edits across runs.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    db_path = data_dir / "embedded-crm.sqlite3"
    token = secrets.token_urlsafe(24)
    command = [
        sys.executable, "-m", "softphone.crm_server",
        "--db", str(db_path), "--host", "127.0.0.1", "--port", "0",
        "--seed", seed if not db_path.exists() else "none", "--parent-pid", str(os.getpid()),
    ]  # fmt: skip
    # the token goes by environment: never on a command line other local users can read
    env = {**os.environ, "SOFTPHONE_CRM_TOKEN": token}
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1, env=env
    )
    found: list[str] = []
    tail: list[str] = []
    ready = threading.Event()

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            if not found:
                match = _LISTENING.search(line)
                if match:
                    found.append(match.group(1))
                    ready.set()
            tail[:] = [*tail[-4:], line.rstrip()]
            log.debug("crm: %s", line.rstrip())
        ready.set()

    threading.Thread(target=pump, name="embedded-crm-output", daemon=True).start()
    deadline = time.monotonic() + timeout_s
    while not found and process.poll() is None and time.monotonic() < deadline:
        ready.wait(0.1)
    if not found:
        process.kill()
        process.wait(timeout=5)
        raise EmbeddedCrmError(
            f"the embedded CRM did not start within {timeout_s:.0f} s (exit code {process.returncode}): "
            + " | ".join(tail)
        )
    log.info("embedded CRM at %s (pid %d)", found[0], process.pid)
    return EmbeddedCrm(process=process, base_url=found[0], token=token)
