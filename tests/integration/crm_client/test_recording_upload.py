"""A call's recording and the operator's self-review reach the reference CRM through the outbox:
exactly once, also when the CRM was down when they were queued (real server, real SQLite)."""

from __future__ import annotations

import asyncio
import datetime as dt
import sqlite3
from pathlib import Path

import httpx
import numpy as np
import pytest
import soundfile

from softphone.crm.link_status import LinkState
from softphone.store import call_reviews, local_writes
from softphone.store.db import open_store
from softphone.store.models import Customer, Interaction
from softphone.workspace import recordings
from tests.helpers.crm_client_kit import crm_client, run, wait_until
from tests.helpers.crm_server import running_crm_server


def ogg_file(folder: Path, interaction_id: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    wav = folder / "call-test.wav"
    samples = (np.sin(2 * np.pi * 700 * np.arange(16000) / 16000) * 9000).astype(np.int16)
    soundfile.write(str(wav), samples, 16000, subtype="PCM_16")
    return recordings.compress(wav, interaction_id)


def test_recording_and_rating_reach_the_crm_once_after_an_outage(tmp_path: Path) -> None:
    crm_dir = tmp_path / "crm"
    crm_dir.mkdir()
    with running_crm_server(crm_dir, seed="demo") as crm:
        store = open_store(tmp_path / "client.db")

        async def sync() -> None:
            async with crm_client(crm.base_url, crm.token, store) as client:
                await client.sync.sync_once()

        run(sync())
        with store.read_session() as session:
            customer = session.query(Customer).filter(Customer.crm_id.is_not(None)).first()
            assert customer is not None
            customer_id = customer.id
        started = dt.datetime(2026, 12, 4, 12, 0, tzinfo=dt.UTC)
        interaction_id = local_writes.log_call(store, customer_id, started, direction="inbound", talk_s=60)
        stored = ogg_file(tmp_path / "recordings", interaction_id)
        crm.stop()  # the CRM is away while the recording and the rating are queued
        assert call_reviews.recording_stored(store, interaction_id, str(stored), recordings.MEDIA_TYPE)
        assert not call_reviews.recording_stored(store, interaction_id, str(stored), recordings.MEDIA_TYPE)
        call_reviews.save_review(store, interaction_id, 4, "Забыл уточнить адрес доставки")
        with pytest.raises(call_reviews.ReviewError):
            call_reviews.save_review(store, interaction_id, 6)
        assert call_reviews.review_facts(store, interaction_id).upload_state == "pending"
        assert call_reviews.uploads_pending(store) == {str(stored)}  # retention spares it meanwhile

        async def deliver() -> None:
            async with crm_client(crm.base_url, crm.token, store, delivery_backoff_max_s=0.3) as client:
                task = asyncio.create_task(client.delivery.run())
                try:
                    await wait_until(lambda: client.status.snapshot.state is LinkState.OFFLINE, 30, "offline")
                    await asyncio.to_thread(crm.start)
                    await wait_until(lambda: client.status.snapshot.pending_outbox == 0, 60, "empty outbox")
                finally:
                    task.cancel()

        run(deliver(), timeout_s=120)
        with store.read_session() as session:
            crm_id = session.get(Interaction, interaction_id).crm_id  # type: ignore[union-attr]
        assert crm_id
        with sqlite3.connect(crm.db_path) as db:
            rows = db.execute(
                "SELECT media_type, size, data FROM recordings WHERE interaction_id = ?", (crm_id,)
            ).fetchall()
        assert len(rows) == 1
        media_type, size, data = rows[0]
        assert (
            media_type == recordings.MEDIA_TYPE and bytes(data) == stored.read_bytes() and size == len(data)
        )
        url = f"{crm.api_url}/customers/{_customer_crm(store, customer_id)}/interactions"
        doc = httpx.get(url, headers=crm.headers, timeout=10).json()
        mine = next(item for item in doc["items"] if item["id"] == crm_id)
        assert mine["has_recording"] is True
        assert mine["self_rating"] == 4 and mine["self_review_note"] == "Забыл уточнить адрес доставки"
        assert call_reviews.review_facts(store, interaction_id).upload_state == "delivered"
        assert call_reviews.uploads_pending(store) == frozenset()
        store.close()


def _customer_crm(store: object, customer_id: int) -> str:
    with store.read_session() as session:  # type: ignore[attr-defined]
        return str(session.get(Customer, customer_id).crm_id)
