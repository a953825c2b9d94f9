"""Screenshot of the main window during a real call: ``artifacts/main_window_call.png``.

Run under X:
    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python tests/screenshots/shoot_main_window.py

Starts Kamailio and two pjsua2 peers (tests/helpers), a real ``SipEngine`` registered as 1001, dials
1002 from the dialer (the peer answers), then lets 1003 call in so a second line rings, and grabs
the window. ``--inject`` skips SIP and feeds the same situation to the bridge as events.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from softphone.crm.link_status import LinkState, LinkStatus  # noqa: E402
from softphone.sip.events import (  # noqa: E402
    CallDirection,
    CallState,
    CallStateChanged,
    IncomingCall,
    RegistrationChanged,
    RegistrationState,
)
from softphone.ui.i18n import install_translator  # noqa: E402
from softphone.ui.main_window import MainWindow  # noqa: E402
from softphone.ui.sip_bridge import SipBridge  # noqa: E402


@dataclass
class Row:
    direction: str
    number: str
    started_at: dt.datetime
    duration_s: int
    outcome: str


class DemoHistory:
    def __init__(self) -> None:
        now = dt.datetime.now()
        self.rows = [
            Row("inbound", "+74957894512", now - dt.timedelta(minutes=12), 184, "answered"),
            Row("outbound", "+79161234567", now - dt.timedelta(minutes=40), 62, "answered"),
            Row("inbound", "+78123334455", now - dt.timedelta(hours=2), 0, "missed"),
            Row("outbound", "102", now - dt.timedelta(hours=3), 0, "busy"),
            Row("inbound", "+74951112233", now - dt.timedelta(days=1), 421, "answered"),
        ]

    def recent(self, limit: int) -> list[Row]:
        return self.rows[:limit]


def wait_until(app: QApplication, pred: Callable[[], bool], timeout_s: float = 15) -> None:
    deadline = time.monotonic() + timeout_s
    while not pred():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met in time")
        app.processEvents()
        time.sleep(0.01)


def inject(bridge: SipBridge) -> None:
    now = time.time()
    bridge.post_event(RegistrationChanged(RegistrationState.REGISTERED, 200, "OK"))
    bridge.post_event(
        CallStateChanged(1, CallDirection.OUTBOUND, CallState.ACTIVE, "+74951234567", connected_at=now - 95)
    )
    bridge.post_event(
        IncomingCall(2, "sip:+79031234567@127.0.0.1", "+79031234567", "Anna Petrova", "+74950001122")
    )
    bridge.post_event(CallStateChanged(2, CallDirection.INBOUND, CallState.RINGING_IN, "+79031234567"))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--inject", action="store_true", help="no SIP: inject events into the bridge")
    parser.add_argument("--language", default="en")
    parser.add_argument("--size", type=int, nargs=2, default=(1100, 720), metavar=("W", "H"))
    parser.add_argument("--out", default=str(ROOT / "artifacts" / "main_window_call.png"))
    args = parser.parse_args()

    app = QApplication(sys.argv)
    install_translator(app, args.language)
    status = LinkStatus()
    status.update(state=LinkState.ONLINE, last_sync_at=dt.datetime.now(dt.UTC), pending_outbox=2)
    bridge = SipBridge()
    window = MainWindow(bridge, history=DemoHistory(), link_status=status)
    window.resize(*args.size)
    window.show()
    cleanup: list[Callable[[], None]] = []
    try:
        if args.inject:
            inject(bridge)
        else:
            cleanup = run_real_call(app, bridge, window)
        wait_until(app, lambda: len(window.calls.widgets) >= 2)
        end = time.monotonic() + (1.5 if args.inject else 3.5)  # let the call timers tick, layout settle
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.02)
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        screen = window.screen()
        pixmap = screen.grabWindow(0).copy(window.frameGeometry()) if screen else window.grab()
        if pixmap.isNull() or pixmap.width() < 100:
            pixmap = window.grab()
        pixmap.save(str(out))
        print(f"screenshot {out} {pixmap.width()}x{pixmap.height()}")
    finally:
        for step in reversed(cleanup):
            step()
        window.close()
    return 0


def run_real_call(app: QApplication, bridge: SipBridge, window: MainWindow) -> list[Callable[[], None]]:
    from softphone.sip.engine import SipEngine
    from softphone.sip.events import SipAccountSettings
    from tests.helpers.kamailio import Kamailio
    from tests.helpers.sip_peer import SipPeer

    cleanup: list[Callable[[], None]] = []
    run_dir = Path(tempfile.mkdtemp(prefix="shot-"))
    kam = Kamailio(run_dir / "kamailio", auth=True)
    kam.start()
    cleanup.append(kam.stop)
    engine = SipEngine(on_event=bridge.post_event)
    bridge.attach(engine)
    engine.start()
    cleanup.append(engine.stop)
    cleanup.append(engine.hangup_all)
    engine.configure_account(
        SipAccountSettings(username="1001", domain="127.0.0.1", port=kam.port, display_name="Operator"),
        "1001pw",
    )
    bob = SipPeer("bob", run_dir)
    cleanup.append(bob.close)
    bob.register("1002", kam.port)
    carol = SipPeer("carol", run_dir)
    cleanup.append(carol.close)
    carol.register("1003", kam.port)
    wait_until(app, lambda: window.registration.label.text() == window.registration.tr("Registered"))
    window.dialer.number_edit.setText("1002")
    window.dialer.dial()
    wait_until(
        app, lambda: (line := window.lines.connected_line()) is not None and line.connected_at is not None
    )
    carol.cmd("call", uri=f"sip:1001@127.0.0.1:{kam.port}")
    wait_until(app, lambda: window.lines.ringing_line() is not None)
    return cleanup


if __name__ == "__main__":
    raise SystemExit(main())
