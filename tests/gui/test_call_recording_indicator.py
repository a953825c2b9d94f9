"""The call line shows "● Recording" while the engine records the call (policy from the setting),
and not once the call has ended or when recording is off."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from softphone.sip.events import CallDirection, CallRecordingChanged, CallState, CallStateChanged
from softphone.store.jobs import StoreJobs
from softphone.ui.main_window import MainWindow
from softphone.ui.sip_bridge import SipBridge
from softphone.workspace.call_recordings import CallRecordings

from .conftest import RecordingEngine, deliver


def window_with_recordings(
    qtbot: QtBot, tmp_path: Path, enabled: bool
) -> tuple[MainWindow, SipBridge, RecordingEngine]:
    bridge = SipBridge()
    engine = RecordingEngine()
    bridge.attach(engine)
    window = MainWindow(bridge, use_tray=False, ringtone_enabled=False)
    qtbot.addWidget(window)
    files = StoreJobs(bridge.gui_thread.post, thread_name="recording-files")
    manager = CallRecordings(
        bridge.sessions,
        engine.record_call,
        tmp_path,
        enabled=lambda: enabled,
        retention_days=lambda: 30,
        files=files,
    )
    bridge.sessions.subscribe(manager.on_session_change)
    bridge.call_recording_changed.connect(manager.on_event)
    window._test_keep = (manager, files)  # type: ignore[attr-defined]
    window.show()
    return window, bridge, engine


def test_the_call_line_shows_when_the_call_is_recorded(qtbot: QtBot, tmp_path: Path) -> None:
    window, bridge, engine = window_with_recordings(qtbot, tmp_path, enabled=True)
    deliver(
        qtbot, bridge, CallStateChanged(7, CallDirection.INBOUND, CallState.ACTIVE, "100", connected_at=1.0)
    )
    [(_, call_id, wav)] = engine.named("record_call")
    assert call_id == 7 and Path(wav).parent == tmp_path
    card = window.calls.widgets[7]
    deliver(qtbot, bridge, CallRecordingChanged(7, True, wav))
    assert card.recording_label.isVisible()
    assert card.recording_label.text() == "● Recording"
    deliver(qtbot, bridge, CallStateChanged(7, CallDirection.INBOUND, CallState.ENDED, "100"))
    deliver(qtbot, bridge, CallRecordingChanged(7, False, wav, 3.0))
    assert not card.recording_label.isVisible()


def test_nothing_is_recorded_or_shown_when_recording_is_off(qtbot: QtBot, tmp_path: Path) -> None:
    window, bridge, engine = window_with_recordings(qtbot, tmp_path, enabled=False)
    deliver(
        qtbot, bridge, CallStateChanged(7, CallDirection.INBOUND, CallState.ACTIVE, "100", connected_at=1.0)
    )
    assert engine.named("record_call") == []
    assert window.calls.widgets[7].findChild(object, "call_recording") is None
