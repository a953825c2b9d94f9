"""A call recording survives the app being killed mid-call: each recording is noted in the store
before it starts, and at the next start the WAV left with an unfinished header is repaired,
compressed under the call's interaction and its upload queued once; a header-only WAV is deleted;
a WAV this run is recording is left alone, and retention spares a pending WAV until its recovery
(real SQLite store, real files, real ``StoreJobs`` workers, real codec)."""

from __future__ import annotations

import datetime as dt
import logging
import os
import struct
import time
import wave
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import soundfile
from sqlalchemy import select

from softphone.sip.events import CallDirection, CallRecordingChanged, CallState, CallStateChanged
from softphone.store import local_writes, pending_recordings
from softphone.store.db import Store, open_store
from softphone.store.jobs import StoreJobs
from softphone.store.models import Interaction, OutboxEntry, PendingRecording
from softphone.workspace import recordings
from softphone.workspace.call_context import CallCustomer, CustomerMatch
from softphone.workspace.call_recordings import CallRecordings
from softphone.workspace.interaction_log import InteractionLogged, complete_drafts
from softphone.workspace.recording_recovery import RecordingLedger
from softphone.workspace.sessions import CallSessions
from tests.helpers.script_kit import fill_store

PHONE = "+79161234567"
RATE = 16_000


def killed_wav(path: Path, frames: int) -> bytes:
    """A WAV as pjmedia leaves it when the app is killed: sizes 0, the last sample half written."""
    samples = (np.sin(2 * np.pi * 440 * np.arange(frames) / RATE) * 8000).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(samples.tobytes())
    with open(path, "r+b") as f:
        f.seek(4)
        f.write(struct.pack("<I", 0))
        f.seek(40)
        f.write(struct.pack("<I", 0))
        size = f.seek(0, 2)
        if frames:
            f.truncate(size - 1)  # the last sample frame cut mid-write
    return path.read_bytes()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "store.db")
    yield opened
    opened.close()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = recordings.recordings_folder(tmp_path)
    path.mkdir()
    return path


def recording_uploads(store: Store) -> list[OutboxEntry]:
    with store.read_session() as session:
        return list(
            session.scalars(
                select(OutboxEntry).where(
                    OutboxEntry.entity_type == "interaction", OutboxEntry.operation == "recording"
                )
            )
        )


def pending_rows(store: Store) -> list[str]:
    with store.read_session() as session:
        return list(session.scalars(select(PendingRecording.wav_path)))


def test_the_header_of_a_wav_cut_mid_write_is_repaired_from_its_size(tmp_path: Path) -> None:
    wav = tmp_path / "call-cut.wav"
    killed_wav(wav, 8000)
    with pytest.raises(wave.Error):  # as left, the header says the file holds nothing
        wave.open(str(wav)).close()

    assert recordings.repair_header(wav) == 7999 * 2

    with wave.open(str(wav)) as w:
        assert (w.getnframes(), w.getframerate(), w.getnchannels()) == (7999, RATE, 1)
    header = wav.read_bytes()[:44]
    assert struct.unpack("<I", header[4:8])[0] == wav.stat().st_size - 8
    assert soundfile.info(str(wav)).frames == 7999
    assert recordings.repair_header(wav) == 7999 * 2  # a complete file stays as it is
    assert wav.stat().st_size == 44 + 7999 * 2


def test_a_killed_calls_recording_is_filed_under_its_interaction_at_the_next_start_once(
    store: Store, folder: Path, caplog: pytest.LogCaptureFixture
) -> None:
    customer_id, _shop = fill_store(store)
    started = time.time() - 120
    started_at = dt.datetime.fromtimestamp(started, dt.UTC)
    killed_run = RecordingLedger(store)
    wav = recordings.new_wav_path(folder)
    killed_run.started(wav, started, "inbound", customer_id)
    # mid-call the script kept its answers in a draft; then the app was killed
    draft = local_writes.save_script_answers(
        store, customer_id, "SCR-INBOUND", {"q": "a"}, started_at=started_at, direction="inbound"
    )
    killed_wav(wav, 3 * RATE)

    stored_calls: list[tuple[int, Path]] = []
    for _start in range(2):  # two starts: the second one finds nothing left to do
        caplog.clear()
        store_jobs = StoreJobs(lambda fn: fn(), thread_name="store-jobs")
        files = StoreJobs(lambda fn: fn(), thread_name="recording-files")
        manager = CallRecordings(
            CallSessions(),
            lambda _c, _w: None,
            folder,
            enabled=lambda: True,
            retention_days=lambda: 30,
            files=files,
            on_stored=lambda iid, path: stored_calls.append((iid, path)),
            ledger=RecordingLedger(store),
        )
        with caplog.at_level(logging.INFO):
            store_jobs.submit(lambda: complete_drafts(store))  # what the interaction log does at start
            manager.recover(after=store_jobs)
            manager.clean_up()
            store_jobs.close()
            files.submit(lambda: None).result(10)  # type: ignore[union-attr]
            files.close()
        assert PHONE not in caplog.text and PHONE[1:] not in caplog.text

    stored = recordings.stored_path(folder, draft)
    assert stored_calls == [(draft, stored)]
    assert stored.is_file() and not wav.exists()
    assert 2.9 < recordings.duration_s(stored) < 3.1
    with store.read_session() as session:
        row = session.get(Interaction, draft)
        assert row is not None and not row.is_draft and row.recording_file == str(stored)
    [upload] = recording_uploads(store)
    assert upload.entity_local_id == draft and upload.payload["path"] == str(stored)
    assert pending_rows(store) == []


def test_a_header_only_wav_is_deleted_with_a_log_line(
    store: Store, folder: Path, caplog: pytest.LogCaptureFixture
) -> None:
    customer_id, _shop = fill_store(store)
    wav = recordings.new_wav_path(folder)
    RecordingLedger(store).started(wav, time.time(), "inbound", customer_id)
    killed_wav(wav, 0)
    assert wav.stat().st_size == 44  # the header, not a byte of audio

    with caplog.at_level(logging.INFO):
        recovered = RecordingLedger(store).recover()

    assert (recovered.filed, recovered.deleted) == ((), 1)
    assert not wav.exists() and pending_rows(store) == [] and recording_uploads(store) == []
    assert f"left recording {wav.name} had no audio: deleted" in caplog.text


def test_a_recording_of_a_call_that_left_no_interaction_is_deleted(store: Store, folder: Path) -> None:
    wav = recordings.new_wav_path(folder)
    RecordingLedger(store).started(wav, time.time(), "inbound", None)  # no known customer
    killed_wav(wav, RATE)

    recovered = RecordingLedger(store).recover()

    assert recovered.deleted == 1 and not wav.exists() and pending_rows(store) == []


def test_a_wav_this_run_is_recording_is_left_alone_and_retention_spares_a_left_one(
    store: Store, folder: Path
) -> None:
    sessions = CallSessions()
    recorded: list[tuple[int, str]] = []
    files = StoreJobs(lambda fn: fn(), thread_name="recording-files")
    ledger = RecordingLedger(store)
    manager = CallRecordings(
        sessions,
        lambda call_id, wav: recorded.append((call_id, wav)),
        folder,
        enabled=lambda: True,
        retention_days=lambda: 30,
        files=files,
        ledger=ledger,
    )
    sessions.subscribe(manager.on_session_change)
    sessions.apply(CallStateChanged(1, CallDirection.INBOUND, CallState.RINGING_IN, PHONE))
    session = sessions.get(1)
    assert session is not None
    session.attach(CallCustomer(CustomerMatch.ONE, PHONE, customer_id=5))
    sessions.apply(CallStateChanged(1, CallDirection.INBOUND, CallState.ACTIVE, PHONE))
    files.submit(lambda: None).result(10)  # type: ignore[union-attr]
    [(_call, path)] = recorded  # recording started once its row was committed
    wav = Path(path)
    assert pending_rows(store) == [path]
    manager.on_event(CallRecordingChanged(1, True, path))
    now_bytes = killed_wav(wav, RATE)  # the engine is writing it: sizes not set yet

    # a WAV an earlier run left a day and more ago, not recovered yet
    left = recordings.new_wav_path(folder)
    RecordingLedger(store).started(left, time.time() - 3 * 86_400, "inbound", None)
    killed_wav(left, RATE)
    old = time.time() - 2 * 86_400
    os.utime(left, (old, old))
    stale = folder / "call-unknown.wav"
    stale.write_bytes(b"RIFF")
    os.utime(stale, (old, old))

    manager.clean_up()
    files.submit(lambda: None).result(10)  # type: ignore[union-attr]
    assert left.exists() and not stale.exists()  # pending: spared until its recovery

    recovered = ledger.recover()  # this run's recovery (a start mid-call would be the same)
    files.close()

    assert wav.read_bytes() == now_bytes and path in pending_rows(store)
    assert recovered.deleted == 1 and not left.exists()  # the left one: no interaction to file it under
    assert pending_recordings.wav_paths(store) == frozenset({path})


def test_a_recording_filed_normally_queues_its_upload_once_and_leaves_no_pending_row(
    store: Store, folder: Path
) -> None:
    customer_id, _shop = fill_store(store)
    sessions = CallSessions()
    recorded: list[tuple[int, str]] = []
    stored_calls: list[tuple[int, Path]] = []
    files = StoreJobs(lambda fn: fn(), thread_name="recording-files")
    manager = CallRecordings(
        sessions,
        lambda call_id, wav: recorded.append((call_id, wav)),
        folder,
        enabled=lambda: True,
        retention_days=lambda: 30,
        files=files,
        on_stored=lambda iid, path: stored_calls.append((iid, path)),
        ledger=RecordingLedger(store),
    )
    sessions.subscribe(manager.on_session_change)
    sessions.apply(CallStateChanged(1, CallDirection.INBOUND, CallState.ACTIVE, PHONE))
    files.submit(lambda: None).result(10)  # type: ignore[union-attr]
    [(_call, path)] = recorded
    manager.on_event(CallRecordingChanged(1, True, path))
    samples = (np.sin(2 * np.pi * 440 * np.arange(RATE) / RATE) * 8000).astype(np.int16)
    soundfile.write(path, samples, RATE, subtype="PCM_16")
    manager.on_event(CallRecordingChanged(1, False, path))
    interaction_id = local_writes.log_call(store, customer_id, dt.datetime.now(dt.UTC), direction="inbound")
    manager.on_call_logged(1, interaction_id)
    session = sessions.get(1)
    assert session is not None
    session.attach(InteractionLogged(customer_id))
    sessions.apply(CallStateChanged(1, CallDirection.INBOUND, CallState.ENDED, PHONE))
    files.close()

    stored = recordings.stored_path(folder, interaction_id)
    assert stored_calls == [(interaction_id, stored)] and stored.is_file() and not Path(path).exists()
    assert [u.entity_local_id for u in recording_uploads(store)] == [interaction_id]
    assert pending_rows(store) == []
    assert RecordingLedger(store).recover().filed == ()  # the next start: nothing left
