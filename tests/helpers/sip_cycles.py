"""Start, register and stop a SipEngine N times in one process: ``sip_cycles.py PORT N``.

Prints ``cycles N registered K``; a crash at libDestroy shows up as a non-zero exit status.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from softphone.sip.engine import SipEngine
from softphone.sip.events import (
    RegistrationChanged,
    RegistrationState,
    SipAccountSettings,
    SipEvent,
)


def main() -> int:
    port, cycles = int(sys.argv[1]), int(sys.argv[2])
    registered = 0
    for n in range(cycles):
        done = threading.Event()

        def on_event(event: SipEvent, done: threading.Event = done) -> None:
            if isinstance(event, RegistrationChanged) and event.state is RegistrationState.REGISTERED:
                done.set()

        engine = SipEngine(on_event)
        engine.start()
        engine.configure_account(SipAccountSettings(username="1001", domain="127.0.0.1", port=port), "1001pw")
        if done.wait(10):
            registered += 1
        if n % 2:
            engine.make_call("1009")  # a call in flight at stop must not crash the shutdown
        engine.stop()
    print(f"cycles {cycles} registered {registered}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
