"""CRM link indicator fed by the real LinkStatus, and the ringer on a machine without audio."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from softphone.crm.link_status import LinkState, LinkStatus
from softphone.ui.calls.ringer import Ringer, sound_server_present
from softphone.ui.i18n import short_time
from softphone.ui.main_window import MainWindow
from softphone.ui.resources import ringtone_path
from softphone.ui.sip_bridge import SipBridge
from softphone.ui.status.indicators import CrmLinkIndicator


def test_crm_indicator_follows_link_status_changes_made_on_another_thread(qtbot: QtBot) -> None:
    status = LinkStatus()
    indicator = CrmLinkIndicator()
    qtbot.addWidget(indicator)
    indicator.show()
    indicator.bind(status)
    assert indicator.label.text() == "CRM offline"

    worker = threading.Thread(target=lambda: status.update(state=LinkState.SYNCING))
    worker.start()
    worker.join(5)
    qtbot.waitUntil(lambda: indicator.label.text() == "CRM: first sync…", timeout=3000)
    assert indicator.progress.isVisible()

    synced = dt.datetime(2026, 1, 2, 9, 30, tzinfo=dt.UTC)
    status.update(state=LinkState.ONLINE, last_sync_at=synced, pending_outbox=3, conflicts=1)
    qtbot.waitUntil(lambda: indicator.label.text().startswith("CRM online"), timeout=3000)
    text = indicator.label.text()
    assert short_time(synced.astimezone()) in text
    assert "3 pending" in text and "1 conflicts" in text
    assert not indicator.progress.isVisible()


def test_window_without_crm_shows_it_as_not_connected(qtbot: QtBot) -> None:
    window = MainWindow(SipBridge(), use_tray=False)
    qtbot.addWidget(window)
    assert window.crm.label.text() == "CRM: not connected"


def test_ringtone_is_a_real_wav() -> None:
    import wave

    with wave.open(str(ringtone_path())) as wav:
        assert wav.getnchannels() == 1 and wav.getframerate() == 16000
        assert wav.getnframes() > wav.getframerate()  # at least one second of ring pattern


def test_ringer_without_a_sound_server_rings_silently(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("PULSE_SERVER", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))  # no pulse/native socket there
    if Path("/var/run/pulse/native").exists():
        pytest.skip("a system-wide PulseAudio is running")
    assert not sound_server_present()
    ringer = Ringer()
    ringer.start()
    assert ringer.ringing and not ringer.audible  # and, by qt_log_level_fail, no Qt warnings
    ringer.stop()
    assert not ringer.ringing
