"""``flood_pairs_survived`` (part of ``run.py sip``): one burst of 500 INVITE+CANCEL pairs sent
straight to the SIP engine's port, the engine in a process of its own (the PyPI wheel aborts it).

The figure is the number of pairs the engine handled: every INVITE got a final response, the process
is still alive, and no incoming call is left ringing. It is 500 when all went well; when the process
aborted, the INVITEs answered before it died; each call left ringing counts one less. Goal 500 (the
wheel: the process aborts at the 33rd call).

Run as a script, this module is that engine process: it registers at the Kamailio on the given port
with the source filter off (the burst does not come through Kamailio), prints ``port N``, and on any
line on stdin prints ``ringing N`` (calls not ended) and exits.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PAIRS = 500
_SETTLE_S = 20.0  # after the burst: every call must have ended by then


def flood_pairs_survived(kamailio_port: int, pairs: int = PAIRS) -> int:
    from tests.helpers.sip_flood import flood

    proc = subprocess.Popen(
        [sys.executable, __file__, str(kamailio_port)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        line = proc.stdout.readline()
        while line and not line.startswith("port "):  # pjlib prints a few lines before its log is set
            line = proc.stdout.readline()
        if not line.startswith("port "):
            print(f"# flood: the engine did not start ({line!r})", file=sys.stderr)
            return 0
        result = flood(int(line.split()[1]), pairs)
        time.sleep(2)
        if proc.poll() is not None:
            print(f"# flood: the engine process died (exit {proc.returncode})", file=sys.stderr)
            return result.answered_invites
        proc.stdin.write("report\n")
        proc.stdin.flush()
        line = proc.stdout.readline()
        while line and not line.startswith("ringing "):
            line = proc.stdout.readline()
        ringing = int(line.split()[1])
        print(f"# flood: {result.invite_finals} in {result.send_s * 1000:.0f} ms, {ringing} left ringing")
        return result.answered_invites - ringing
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)


def _engine_process(kamailio_port: int) -> None:
    from softphone.sip.engine import SipEngine
    from softphone.sip.events import (
        CallState,
        CallStateChanged,
        IncomingCall,
        RegistrationChanged,
        RegistrationState,
        SipAccountSettings,
        SipEvent,
    )

    ringing: set[int] = set()
    registered = threading.Event()

    def on_event(event: SipEvent) -> None:
        if isinstance(event, IncomingCall):
            ringing.add(event.call_id)
        elif isinstance(event, CallStateChanged) and event.state is CallState.ENDED:
            ringing.discard(event.call_id)
        elif isinstance(event, RegistrationChanged) and event.state is RegistrationState.REGISTERED:
            registered.set()

    settings = SipAccountSettings(username="1001", domain="127.0.0.1", port=kamailio_port)
    if hasattr(settings, "accept_only_from_servers"):  # issue 10's source filter would refuse it
        settings = dataclasses.replace(settings, accept_only_from_servers=False)
    engine = SipEngine(on_event)
    engine.start()
    engine.configure_account(settings, "1001pw")
    if not registered.wait(10):
        print("port none (not registered)", flush=True)
        return
    print(f"port {engine.local_sip_port()}", flush=True)
    sys.stdin.readline()
    deadline = time.monotonic() + _SETTLE_S
    while ringing and time.monotonic() < deadline:
        time.sleep(0.1)
    print(f"ringing {len(ringing)}", flush=True)
    engine.stop()


if __name__ == "__main__":
    _engine_process(int(sys.argv[1]))
