"""The app as an operator runs it, for the benchmarks: ``python -m softphone`` with a window on a real X
display (Xvfb), a SIP account registered at a real Kamailio and a configured central CRM (the reference
server), the SIP password and the CRM token in the (test) keyring.

``BenchSetup`` owns Kamailio, the CRM server and Xvfb for one benchmark run; ``start()`` starts one app
process on them (private HOME/XDG dirs, see ``tests/helpers/app_process.py``). ``TreeSampler`` measures
CPU and memory over the app process and all its children. ``timed_calls`` has a SIP peer call the app
again and again, timing each INVITE to what the app paints for it (a trace file the app writes).
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import psutil

from softphone.child_process import stop_child
from tests.helpers.app_process import AppRun, start_app
from tests.helpers.crm_server import CrmServer, running_crm_server
from tests.helpers.kamailio import Kamailio, running_kamailio
from tests.helpers.orphans import bound_to_test_process
from tests.helpers.sip_peer import SipPeer

USER, DOMAIN = "1001", "127.0.0.1"
CRM_TOKEN = "bench-token"
REGISTERED = r"(\S+ \S+) INFO softphone\.sip\.engine: registered \("
CRM_SYNCED = r"CRM full sync: \d+ changes applied"
STARTED = r"softphone \S+ started in"


@contextlib.contextmanager
def xvfb_display(run_dir: Path) -> Iterator[str]:
    """Start Xvfb on a display number it picks itself (``-displayfd``); yields ``":N"``."""
    read_fd, write_fd = os.pipe()
    log = (run_dir / "xvfb.log").open("wb")
    process = subprocess.Popen(
        bound_to_test_process(
            ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x800x24", "-nolisten", "tcp"]
        ),
        pass_fds=(write_fd,),
        stdout=log,
        stderr=log,
    )
    os.close(write_fd)
    try:
        with os.fdopen(read_fd) as ready:
            number = ready.readline().strip()  # written once the server accepts clients
        if not number:
            raise RuntimeError(f"Xvfb did not start: {(run_dir / 'xvfb.log').read_text()}")
        yield f":{number}"
    finally:
        stop_child(process)
        log.close()


@dataclass
class BenchSetup:
    run_dir: Path
    kamailio: Kamailio
    crm: CrmServer
    display: str

    def home(self, name: str) -> Path:
        """A private HOME with the settings file and the keyring holding the SIP password and CRM token."""
        home = self.run_dir / name
        home.mkdir(parents=True, exist_ok=True)
        (home / "user.toml").write_text(
            f'[sip]\nusername = "{USER}"\ndomain = "{DOMAIN}"\nport = {self.kamailio.port}\n'
            f'[crm]\nbase_url = "{self.crm.base_url}"\n'
        )
        keyring = {
            f"softphone\x00sip:{USER}@{DOMAIN}": f"{USER}pw",  # Kamailio's test password: user + "pw"
            f"softphone\x00crm-token:{self.crm.base_url}": CRM_TOKEN,
        }
        (home / "keyring.json").write_text(json.dumps(keyring))
        return home

    def start(self, home: Path, **env: str) -> AppRun:
        return start_app(
            home,
            "--config",
            str(home / "user.toml"),
            "--data-dir",
            str(home / "data"),
            QT_QPA_PLATFORM="xcb",
            DISPLAY=self.display,
            **env,
        )


@contextlib.contextmanager
def bench_setup(run_dir: Path) -> Iterator[BenchSetup]:
    with (
        running_kamailio(run_dir / "kamailio") as kam,
        running_crm_server(run_dir / "crm", seed="demo", token=CRM_TOKEN) as crm,
        xvfb_display(run_dir) as display,
    ):
        yield BenchSetup(run_dir, kam, crm, display)


def log_time(stamp: str) -> float:
    """Unix time of a log line's ``2026-01-31 12:00:00,123`` stamp (local time, as logged)."""
    return datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S,%f").timestamp()


class TreeSampler:
    """CPU time and memory of a process and all its descendants."""

    def __init__(self, pid: int) -> None:
        self.root = psutil.Process(pid)

    def processes(self) -> list[psutil.Process]:
        return [self.root, *self.root.children(recursive=True)]

    def cpu_seconds(self) -> float:
        total = 0.0
        for proc in self.processes():
            with contextlib.suppress(psutil.NoSuchProcess):
                times = proc.cpu_times()
                total += times.user + times.system + times.children_user + times.children_system
        return total

    def cpu_percent_over(self, seconds: float) -> float:
        """Share of one core the tree used over the next ``seconds`` (100 = one core busy)."""
        cpu0, t0 = self.cpu_seconds(), time.monotonic()
        time.sleep(seconds)
        return (self.cpu_seconds() - cpu0) / (time.monotonic() - t0) * 100

    def memory_mb(self) -> dict[str, float]:
        """RSS, PSS and USS summed over the tree, in MB (10**6 bytes)."""
        sums = {"rss": 0.0, "pss": 0.0, "uss": 0.0}
        for proc in self.processes():
            with contextlib.suppress(psutil.NoSuchProcess):
                info = proc.memory_full_info()
                for key in sums:
                    sums[key] += getattr(info, key) / 1e6
        return sums


def traced_at(trace: Path, count: int, timeout_s: float) -> float | None:
    """Time (``time.time()``, the line's third field) of the ``count``-th line of a paint trace the app
    writes (``SOFTPHONE_TRACE_PAINT`` / ``SOFTPHONE_TRACE_CARD``: one line per call); None when it has
    not come within ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        lines = trace.read_text().splitlines() if trace.exists() else []
        if len(lines) >= count:
            return float(lines[count - 1].split()[2])
        time.sleep(0.002)
    return None


def timed_calls(
    peer: SipPeer,
    trace: Path,
    *,
    uri: str,
    calls: int,
    pause_s: float,
    timeout_s: float,
    what: str,
    before_call: Callable[[int], dict[str, Any]] | None = None,
) -> list[float]:
    """``peer`` calls the app at ``uri`` ``calls`` times; for each, the milliseconds from just before
    the peer sent the INVITE to the call's line in ``trace``, sorted. Each call is hung up, its end
    awaited, then ``pause_s`` passes. ``before_call(n)`` readies call ``n`` (the peer re-registering
    as someone else) and returns extra arguments of the peer's ``call`` (``headers``). Stops at the
    first call whose ``what`` is not painted within ``timeout_s``."""
    latencies: list[float] = []
    for n in range(calls):
        extra = before_call(n) if before_call is not None else {}
        ack = peer.cmd("call", uri=uri, **extra)
        painted = traced_at(trace, n + 1, timeout_s)
        if painted is None:
            print(f"# call {n}: no {what} painted within {timeout_s:g} s", file=sys.stderr)
            break
        latencies.append((painted - ack["sent_at"]) * 1000)
        peer.cmd("hangup", id=ack["id"])
        peer.wait("state", id=ack["id"], state="DISCONNECTED", timeout=10)
        time.sleep(pause_s)
    return sorted(latencies)


def p95(ordered: list[float]) -> float:
    """The 95th percentile of sorted figures (NaN when there are none)."""
    return ordered[int(0.95 * (len(ordered) - 1))] if ordered else float("nan")
