"""Benchmark helper: start a SipEngine, register, print ``registered <unix time>``, stop.

Usage: ``python tests/benchmarks/sip_register_probe.py PORT``.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from softphone.sip.engine import SipEngine
from softphone.sip.events import RegistrationChanged, RegistrationState, SipAccountSettings, SipEvent


def main() -> int:
    done = threading.Event()
    stamp: list[float] = []

    def on_event(event: SipEvent) -> None:
        if isinstance(event, RegistrationChanged) and event.state is RegistrationState.REGISTERED:
            stamp.append(time.time())
            done.set()

    engine = SipEngine(on_event)
    engine.start()
    engine.configure_account(
        SipAccountSettings(username="1001", domain="127.0.0.1", port=int(sys.argv[1])), "1001pw"
    )
    ok = done.wait(15)
    engine.stop()
    if not ok:
        return 1
    print(f"registered {stamp[0]:.6f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
