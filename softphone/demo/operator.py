"""The operator's side of ``--demo``: a direct-mode SIP account on loopback and the caller process.

The demo registers nowhere: the operator's account listens on a free UDP port of 127.0.0.1 and the
simulated customers (``softphone.demo.caller``, a child process with its own SIP engine) call it
there. The caller process ends with the app, even when the app is killed (it watches its parent).
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
from collections.abc import Callable

from softphone.demo.embedded_crm import EmbeddedCrm
from softphone.sip.events import SipAccountSettings

log = logging.getLogger("softphone.app")

DEMO_OPERATOR = "operator"


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def demo_operator_account(port: int | None = None) -> SipAccountSettings:
    """The operator's direct-mode account on 127.0.0.1 (a free port unless given)."""
    return SipAccountSettings(
        username=DEMO_OPERATOR,
        domain="127.0.0.1",
        register=False,
        local_port=port or free_udp_port(),
        bind_address="127.0.0.1",
    )


def start_demo_callers(operator_port: int, crm: EmbeddedCrm | None) -> Callable[[], None]:
    """Start the simulated-customer process; returns how to stop it."""
    env = dict(os.environ)
    command = [
        sys.executable,
        "-m",
        "softphone.demo.caller",
        "--target-port",
        str(operator_port),
        "--parent-pid",
        str(os.getpid()),
    ]
    if crm is not None:
        command += ["--crm-url", crm.base_url]
        env["SOFTPHONE_DEMO_TOKEN"] = crm.token
    process = subprocess.Popen(command, env=env)
    log.info("demo caller started (pid %d)", process.pid)

    def stop() -> None:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)

    return stop
