"""How ``softphone --demo`` sets up its SIP side: the operator's account and the customers' process.

Both UAs live on 127.0.0.1 with no registrar. The operator's account names the customers'
process as its server (``port=customers_port``), so a number the operator dials becomes
``sip:<number>@127.0.0.1:<customers_port>`` and reaches a simulated customer
(``softphone.demo.customers``); the customers call the operator on ``operator_port``.
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass

from softphone.child_process import stop_child
from softphone.sip.events import SipAccountSettings

log = logging.getLogger("softphone.app")

DEMO_OPERATOR = "operator"


@dataclass(frozen=True, slots=True)
class DemoPorts:
    operator: int  # the operator's SIP port (the app's engine)
    customers: int  # the demo caller process's SIP port

    @classmethod
    def pick(cls) -> DemoPorts:
        return cls(free_udp_port(), free_udp_port())


def operator_account(ports: DemoPorts) -> SipAccountSettings:
    return SipAccountSettings(
        username=DEMO_OPERATOR,
        domain="127.0.0.1",
        port=ports.customers,
        register=False,
        local_port=ports.operator,
        bind_address="127.0.0.1",
    )


def caller_command(ports: DemoPorts, crm_url: str = "", *extra: str) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "softphone.demo.caller",
        "--target-port",
        str(ports.operator),
        "--listen-port",
        str(ports.customers),
        "--parent-pid",
        str(os.getpid()),
        *extra,
    ]
    if crm_url:
        command += ["--crm-url", crm_url]
    return command


def start_callers(
    ports: DemoPorts, crm_url: str = "", crm_token: str = "", *extra: str
) -> Callable[[], None]:
    """Start the simulated customers' process; returns how to stop it."""
    env = dict(os.environ)
    if crm_token:
        env["SOFTPHONE_DEMO_TOKEN"] = crm_token
    process = subprocess.Popen(caller_command(ports, crm_url, *extra), env=env)
    log.info("demo caller started (pid %d)", process.pid)

    return lambda: stop_child(process)


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
