"""A logged call with a stored recording on a real local store, for the self-review tests: the
seeded scripts and a customer (``script_kit.fill_store``), an interaction that used the inbound
order script and visited some of its steps, and a tone compressed as the app compresses a call's
recording (``workspace.recordings``) and queued for upload (``call_reviews.recording_stored``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import soundfile

from softphone.store import call_reviews, local_writes
from softphone.store.db import Store
from softphone.workspace import recordings
from tests.helpers.script_kit import fill_store

STARTED = dt.datetime(2026, 12, 4, 10, 30, tzinfo=dt.UTC)


def logged_call(store: Store, folder: Path, seconds: float = 3.0, hz: float = 660.0) -> int:
    """Fill ``store`` (once per store) and log a recorded call; returns its interaction's id."""
    customer_id, _shop = fill_store(store)
    interaction_id = local_writes.log_call(
        store,
        customer_id,
        STARTED,
        direction="inbound",
        talk_s=int(seconds),
        script_crm_id="SCR-INBOUND",
        script_compliance=0.5,
        script_steps=("greet", "known", "what"),
    )
    folder.mkdir(parents=True, exist_ok=True)
    wav = folder / "call-x.wav"
    samples = (np.sin(2 * np.pi * hz * np.arange(int(16000 * seconds)) / 16000) * 12000).astype(np.int16)
    soundfile.write(str(wav), samples, 16000, subtype="PCM_16")
    stored = recordings.compress(wav, interaction_id)
    call_reviews.recording_stored(store, interaction_id, str(stored), recordings.MEDIA_TYPE)
    return interaction_id
