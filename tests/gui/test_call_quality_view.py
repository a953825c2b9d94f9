"""Call quality in the window: live on the call card (with the warning below MOS 3.6) and in Recent
calls, from quality samples delivered the way the engine sends them."""

from __future__ import annotations

import datetime as dt

from pytestqt.qtbot import QtBot

from softphone.sip.events import CallDirection, CallQualitySampled, CallState, CallStateChanged
from softphone.store.call_history import CallRecord
from softphone.ui.calls.history_view import QUALITY_COLUMN, CallHistoryView
from softphone.ui.main_window import MainWindow
from softphone.ui.sip_bridge import SipBridge

from .conftest import ListHistory, RecordingEngine, deliver


def sample(at: float, packets: int, lost: int) -> CallQualitySampled:
    return CallQualitySampled(7, "PCMU", packets, lost, 2.0 if lost else 0.0, 3.0, 24.0, 40.0, at)


def test_the_call_card_shows_live_quality_and_warns_when_it_drops(qtbot: QtBot) -> None:
    bridge = SipBridge()
    bridge.attach(RecordingEngine())
    window = MainWindow(bridge, use_tray=False, ringtone_enabled=False)
    qtbot.addWidget(window)
    window.show()
    deliver(
        qtbot, bridge, CallStateChanged(7, CallDirection.OUTBOUND, CallState.ACTIVE, "100", connected_at=1.0)
    )
    card = window.calls.widgets[7]
    assert not card.quality_label.isVisible()  # nothing measured yet
    deliver(qtbot, bridge, sample(1.5, 75, 0))
    assert card.quality_label.isVisible()
    assert card.quality_label.text() == "MOS 4.4 · jitter 3 ms · loss 0.0 % · RTT 24 ms"
    assert "G.107" in card.quality_label.toolTip() and "PCMU" in card.quality_label.toolTip()
    deliver(qtbot, bridge, sample(3.0, 115, 35))  # a third of the last packets lost
    assert card.quality_label.text().startswith("⚠ Poor call quality: MOS ")
    assert "#c53030" in card.quality_label.styleSheet()
    deliver(
        qtbot, bridge, CallStateChanged(7, CallDirection.OUTBOUND, CallState.ACTIVE, "100", local_hold=True)
    )
    assert not card.quality_label.isVisible()  # on hold nothing is measured: no stale figures
    deliver(qtbot, bridge, CallStateChanged(7, CallDirection.OUTBOUND, CallState.ENDED, "100"))
    assert not card.quality_label.isVisible()  # an ended call shows how it ended, not its MOS


def test_recent_calls_show_the_stored_quality(qtbot: QtBot) -> None:
    when = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)
    common = {"number_e164": None, "remote_display_name": "", "dialled_number": "", "answered_at": when}
    good = CallRecord(
        "inbound", "+79031234567", started_at=when, ended_at=when, duration_s=60, outcome="answered",
        status_code=200, reason="", mos=4.38, jitter_ms=2.5, loss_pct=0.0, rtt_ms=22.0, id=1, **common,
    )  # fmt: skip
    bad = CallRecord(
        "outbound", "+79031234568", started_at=when, ended_at=when, duration_s=60, outcome="answered",
        status_code=200, reason="", mos=3.1, jitter_ms=30.0, loss_pct=8.5, rtt_ms=310.0, id=2, **common,
    )  # fmt: skip
    silent = CallRecord(
        "inbound", "+79031234569", started_at=when, ended_at=when, duration_s=0, outcome="missed",
        status_code=487, reason="", id=3, **common,
    )  # fmt: skip
    view = CallHistoryView(ListHistory([silent, bad, good]))  # type: ignore[list-item]  # newest last
    qtbot.addWidget(view)
    view.refresh()
    first, second, third = (view.topLevelItem(i) for i in range(3))
    assert first.text(QUALITY_COLUMN) == "4.4" and second.text(QUALITY_COLUMN) == "3.1"
    assert third.text(QUALITY_COLUMN) == ""
    assert second.toolTip(QUALITY_COLUMN) == "Average MOS 3.1 · jitter 30 ms · loss 8.5 % · RTT 310 ms"
    assert second.foreground(QUALITY_COLUMN).color().name() == "#c53030"
    assert first.foreground(QUALITY_COLUMN).color().name() != "#c53030"
