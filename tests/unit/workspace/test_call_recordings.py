"""Which calls are recorded and what becomes of their files: the policy (setting and shop), the WAV
compressed under its interaction's id once the call is logged, deleted when the call left no
interaction, and the retention period (real files, real ``StoreJobs`` worker, real codec)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import soundfile

from softphone.sip.events import CallDirection, CallRecordingChanged, CallState, CallStateChanged
from softphone.store.jobs import StoreJobs
from softphone.workspace import recordings
from softphone.workspace.call_context import CallStore
from softphone.workspace.call_recordings import CallRecording, CallRecordings
from softphone.workspace.interaction_log import InteractionLogged
from softphone.workspace.sessions import CallSessions

PHONE = "+74951234567"


class Setup:
    def __init__(self, folder: Path, jobs: StoreJobs) -> None:
        self.sessions = CallSessions()
        self.enabled = True
        self.recorded: list[tuple[int, str]] = []
        self.stopped: list[int] = []
        self.manager = CallRecordings(
            self.sessions,
            lambda call_id, wav: self.recorded.append((call_id, wav)),
            folder,
            enabled=lambda: self.enabled,
            retention_days=lambda: 30,
            files=jobs,
            stop=self.stopped.append,
        )
        self.sessions.subscribe(self.manager.on_session_change)
        self.jobs = jobs

    def state(self, call_id: int, state: CallState) -> None:
        self.sessions.apply(CallStateChanged(call_id, CallDirection.INBOUND, state, PHONE))

    def connect(self, call_id: int, shop: CallStore | None = None) -> None:
        self.state(call_id, CallState.RINGING_IN)
        if shop is not None:
            session = self.sessions.get(call_id)
            assert session is not None
            session.attach(shop)
            self.sessions.attachments_changed(session)
        self.state(call_id, CallState.ACTIVE)

    def engine_wrote(self, call_id: int, seconds: float = 1.0) -> Path:
        """What the engine does: the recording runs, the WAV is written and closed."""
        wav = Path(self.recorded[-1][1])
        self.manager.on_event(CallRecordingChanged(call_id, True, str(wav)))
        samples = (np.sin(2 * np.pi * 440 * np.arange(int(16000 * seconds)) / 16000) * 8000).astype(np.int16)
        soundfile.write(str(wav), samples, 16000, subtype="PCM_16")
        return wav

    def end(self, call_id: int, logged: bool) -> None:
        session = self.sessions.get(call_id)
        assert session is not None
        if logged:
            session.attach(InteractionLogged(7))  # what the interaction log does at ENDED
        self.state(call_id, CallState.ENDED)

    def settle(self) -> None:
        self.jobs.submit(lambda: None).result(10)  # type: ignore[union-attr]


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[Setup]:
    jobs = StoreJobs(lambda fn: fn(), thread_name="recording-files")
    (tmp_path / "recordings").mkdir()
    yield Setup(tmp_path / "recordings", jobs)
    jobs.close()


SHOP_YES = CallStore(1, "S-MSK", "ТехноДом", record_calls=True)
SHOP_NO = CallStore(3, "S-KIDS", "Детский Мир Онлайн", record_calls=False)


def test_a_recorded_call_is_stored_under_its_interaction_and_the_wav_goes(setup: Setup) -> None:
    setup.connect(1, SHOP_YES)
    assert len(setup.recorded) == 1
    wav = setup.engine_wrote(1, seconds=1.5)
    assert PHONE[1:] not in wav.name and wav.parent == setup.manager.folder
    session = setup.sessions.get(1)
    assert session is not None
    recording = session.attached(CallRecording)
    assert recording is not None and recording.running  # the call line shows it
    setup.end(1, logged=True)
    setup.manager.on_event(CallRecordingChanged(1, False, str(wav), 1.5))
    setup.settle()
    assert wav.exists()  # waits for the interaction's id
    setup.manager.on_call_logged(1, 42)
    setup.settle()
    stored = recordings.stored_path(setup.manager.folder, 42)
    assert stored.exists() and not wav.exists()
    assert abs(recordings.duration_s(stored) - 1.5) < 0.1


def test_the_interaction_id_may_arrive_before_the_file_is_closed(setup: Setup) -> None:
    setup.connect(1)
    wav = setup.engine_wrote(1)
    setup.end(1, logged=True)
    setup.manager.on_call_logged(1, 5)
    setup.manager.on_event(CallRecordingChanged(1, False, str(wav), 1.0))
    setup.settle()
    assert recordings.stored_path(setup.manager.folder, 5).exists() and not wav.exists()


def test_policy_setting_and_shop(setup: Setup) -> None:
    setup.enabled = False
    setup.connect(1, SHOP_YES)
    assert setup.recorded == []
    setup.enabled = True
    setup.connect(2, SHOP_NO)
    assert setup.recorded == []  # the shop does not allow it
    setup.connect(3)  # no known shop: the setting alone
    assert [call_id for call_id, _ in setup.recorded] == [3]
    setup.state(3, CallState.ACTIVE)  # a repeated state asks nothing more
    assert len(setup.recorded) == 1


def test_a_call_that_left_no_interaction_has_its_recording_deleted(setup: Setup) -> None:
    setup.connect(1)
    wav = setup.engine_wrote(1)
    setup.end(1, logged=False)
    setup.manager.on_event(CallRecordingChanged(1, False, str(wav), 1.0))
    setup.settle()
    assert not wav.exists() and list(setup.manager.folder.iterdir()) == []


def test_retention_deletes_old_recordings_and_stale_wavs_only(tmp_path: Path) -> None:
    folder = tmp_path / "recordings"
    folder.mkdir()
    now = time.time()
    ages_days = {"1.ogg": 40, "2.ogg": 29, "call-old.wav": 2, "call-fresh.wav": 0.01, "3.ogg.part": 3}
    for name, age in ages_days.items():
        path = folder / name
        path.write_bytes(b"x")
        os.utime(path, (now - age * 86_400, now - age * 86_400))
    assert recordings.delete_expired(folder, 30, now=now, keep=frozenset({str(folder / "1.ogg")})) == 2
    assert sorted(p.name for p in folder.iterdir()) == ["1.ogg", "2.ogg", "call-fresh.wav"]  # 1: not uploaded
    assert recordings.delete_expired(folder, 30, now=now) == 1
    assert sorted(p.name for p in folder.iterdir()) == ["2.ogg", "call-fresh.wav"]
    assert recordings.delete_expired(tmp_path / "new", 30) == 0
    assert (tmp_path / "new").is_dir()  # made for the engine to record into


def test_a_shop_known_only_after_connect_that_forbids_recording_stops_it(setup: Setup) -> None:
    setup.connect(1)  # an outbound call: the shop is not known yet, the setting alone decides
    wav = setup.engine_wrote(1)
    session = setup.sessions.get(1)
    assert session is not None
    session.attach(SHOP_NO)
    setup.sessions.attachments_changed(session)
    assert setup.stopped == [1]
    setup.manager.on_event(CallRecordingChanged(1, False, str(wav), 1.0))  # the engine closed it
    setup.settle()
    assert not wav.exists()  # deleted at once, even before the call ends
    running = session.attached(CallRecording)
    assert running is not None and not running.running  # the indicator goes
    setup.end(1, logged=True)
    setup.manager.on_call_logged(1, 9)
    setup.settle()
    assert list(setup.manager.folder.iterdir()) == []
