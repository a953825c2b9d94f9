"""Call recording in the assembled app: with ``recording.enabled`` and a shop that allows it, a known
customer's call through Kamailio is recorded ("● Recording" on the call line while it lasts); after
hang-up the recording is stored as ``<interaction id>.ogg`` under the data folder (no WAV left, no
phone number in any name) and uploaded once to the reference CRM through the outbox."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from softphone.settings.secrets import SecretStore
from softphone.store.models import Interaction
from softphone.workspace import recordings
from tests.conftest import MemoryKeyring
from tests.helpers.app_in_process import InProcessApp
from tests.helpers.crm_server import CrmServer, running_crm_server
from tests.helpers.kamailio import Kamailio
from tests.helpers.pipewire import tone, write_wav
from tests.helpers.recorded_call import (
    CALLER,
    ready,
    recorded_call,
    recording_entry,
    recording_settings,
    uploaded,
)
from tests.helpers.sip_peer import SipPeer

pytestmark = pytest.mark.sip


@pytest.fixture
def crm(tmp_path: Path) -> Iterator[CrmServer]:
    with running_crm_server(tmp_path / "crm", token="crm-token") as server:
        yield server


def test_a_recorded_call_is_stored_by_interaction_and_uploaded_once(
    qtbot: QtBot,
    run_app: Callable[..., InProcessApp],
    kamailio: Kamailio,
    peer_factory: Callable[[str], SipPeer],
    crm: CrmServer,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
) -> None:
    SecretStore().put(SecretStore.sip_key("1001", "127.0.0.1"), "1001pw")
    SecretStore().put(SecretStore.crm_key(crm.base_url), "crm-token")
    anna = peer_factory("anna")
    far = write_wav(tmp_path / "far.wav", tone(700, 6.0))

    async def scenario(app: InProcessApp) -> None:
        await ready(app)
        await recorded_call(app, qtbot, anna, kamailio, far)
        await app.until(
            lambda: (e := recording_entry(app)) is not None and e[2] == "delivered", 60, "uploaded"
        )
        interaction_id, file_name, _ = recording_entry(app) or (0, "", "")
        stored = Path(file_name)
        assert stored == recordings.stored_path(recordings.recordings_folder(app.data_dir), interaction_id)
        assert [p.name for p in stored.parent.iterdir()] == [stored.name]  # the WAV is gone
        assert CALLER not in stored.name
        assert 1.5 < recordings.duration_s(stored) < 8
        [(crm_id, media_type, size)] = await asyncio.to_thread(uploaded, crm)
        assert media_type == recordings.MEDIA_TYPE and size == stored.stat().st_size
        with app.parts.store.read_session() as session:
            assert session.get(Interaction, interaction_id).crm_id == crm_id  # type: ignore[union-attr]

    run_app(recording_settings(kamailio, crm), scenario)
