"""Self-review from Recent calls in the assembled app: a known customer's call through Kamailio is
recorded, the operator hangs up and wraps it up; the call's row in Recent calls is linked to its
interaction, shows its recording, and "Listen and rate…" (Ctrl+Shift+L in the list) opens the
review of that call: its recording plays (Qt Multimedia under a private PipeWire) and the rating
goes to the reference CRM through the outbox."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtMultimedia import QMediaPlayer
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from softphone.settings.secrets import SecretStore
from softphone.store.call_history import Recording
from softphone.store.models import CallHistory, Interaction, OutboxEntry
from softphone.ui.calls.history_view import INTERACTION_ROLE, RECORDING_ROLE
from softphone.ui.review.self_review_dialog import SelfReviewDialog
from tests.conftest import MemoryKeyring
from tests.helpers.app_in_process import InProcessApp
from tests.helpers.crm_server import CrmServer, running_crm_server
from tests.helpers.kamailio import Kamailio
from tests.helpers.pipewire import PrivatePipeWire, tone, write_wav
from tests.helpers.recorded_call import ready, recorded_call, recording_entry, recording_settings
from tests.helpers.sip_peer import SipPeer
from tests.helpers.wrap_up_kit import set_crm_operator, wrap_up

pytestmark = [pytest.mark.sip, pytest.mark.qt_log_ignore(r"Couldn't (load|resolve) va.*")]


@pytest.fixture
def crm(tmp_path: Path) -> Iterator[CrmServer]:
    with running_crm_server(tmp_path / "crm", token="crm-token") as server:
        yield server


def review_delivered(app: InProcessApp, interaction_id: int) -> bool:
    with app.parts.store.read_session() as session:
        status = session.scalar(
            select(OutboxEntry.status).where(
                OutboxEntry.entity_local_id == interaction_id, OutboxEntry.operation == "review"
            )
        )
    return status == "delivered"


def crm_rating(crm: CrmServer, crm_id: str) -> int | None:
    with sqlite3.connect(crm.db_path, timeout=10) as conn:
        row = conn.execute("SELECT data FROM interactions WHERE id = ?", (crm_id,)).fetchone()
    return json.loads(row[0]).get("self_rating") if row else None


def test_listen_and_rate_from_recent_calls_opens_the_review_of_the_wrapped_up_call(
    qtbot: QtBot,
    run_app: Callable[..., InProcessApp],
    kamailio: Kamailio,
    peer_factory: Callable[[str], SipPeer],
    crm: CrmServer,
    memory_keyring: MemoryKeyring,
    pipewire: PrivatePipeWire,
    tmp_path: Path,
) -> None:
    set_crm_operator(crm, after_call_work={"mode": "mandatory", "seconds": 0})
    SecretStore().put(SecretStore.sip_key("1001", "127.0.0.1"), "1001pw")
    SecretStore().put(SecretStore.crm_key(crm.base_url), "crm-token")
    anna = peer_factory("anna")
    far = write_wav(tmp_path / "far.wav", tone(700, 6.0))

    async def scenario(app: InProcessApp) -> None:
        window = app.parts.main_window
        history = window.history
        await ready(app)
        await recorded_call(app, qtbot, anna, kamailio, far)
        await wrap_up(app, qtbot, "consultation", "Рассказала про доставку")
        await app.until(lambda: recording_entry(app) is not None, 30, "the recording stored")
        interaction_id = (recording_entry(app) or (0, "", ""))[0]
        with app.parts.store.read_session() as session:
            history_id = session.scalar(select(CallHistory.id))
            interaction = session.get(Interaction, interaction_id)
            assert interaction is not None and not interaction.is_draft
            assert interaction.call_history_id == history_id  # the call's row and its interaction

        def shows_recording() -> bool:
            item = history.topLevelItem(0)
            return item is not None and item.data(0, RECORDING_ROLE) == Recording.KEPT.value

        await app.until(shows_recording, 15, "Recent calls shows the recording")
        item = history.topLevelItem(0)
        assert item.data(0, INTERACTION_ROLE) == interaction_id
        history.setFocus()
        history.setCurrentItem(item)
        assert history.listen_action.isEnabled()
        qtbot.keyClick(
            history, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        )

        def dialog() -> SelfReviewDialog | None:
            shown = [d for d in window.findChildren(SelfReviewDialog) if d.isVisible()]
            return shown[0] if shown else None

        await app.until(lambda: dialog() is not None, 10, "the review dialog")
        review = dialog()
        assert review is not None and review.review.interaction_id == interaction_id
        assert review.review.recording is not None and review.play_button.isEnabled()
        await app.until(lambda: review.seek.maximum() > 1500, 10, "the recording's length")
        review.play_button.click()
        await app.until(
            lambda: review.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState, 10, "playing"
        )
        review.rating.button(4).click()
        review.note.setPlainText("Не предложила аналог")
        review.save_button.click()
        await app.until(lambda: dialog() is None, 5, "the dialog closed")
        await app.until(lambda: review_delivered(app, interaction_id), 30, "the rating delivered")
        with app.parts.store.read_session() as session:
            row = session.get(Interaction, interaction_id)
            assert row is not None and (row.self_rating, row.self_review_note) == (4, "Не предложила аналог")
            crm_id = row.crm_id
        assert crm_id is not None and crm_rating(crm, crm_id) == 4

    run_app(recording_settings(kamailio, crm), scenario)
