"""Self-review of a past call: the recording plays with a seek bar (Qt Multimedia under a private
PipeWire: the tone reaches the speaker sink; every test uses it, as Qt Multimedia connects to a
sound server once per process), the script's checklist shows which required steps the
call visited, and the rating is saved with the interaction and queued for the CRM."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtMultimedia import QMediaPlayer
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from softphone.store import call_reviews
from softphone.store.db import Store, open_store
from softphone.store.models import OutboxEntry
from softphone.ui.review.self_review_dialog import SelfReviewDialog
from softphone.workspace import recordings
from softphone.workspace.self_review import load_self_review
from tests.helpers.pipewire import PrivatePipeWire, dominant_frequency, loud_part
from tests.helpers.review_kit import logged_call

# Qt's FFmpeg media backend looks for VA-API (hardware video decoding), absent on this machine
pytestmark = pytest.mark.qt_log_ignore(r"Couldn't (load|resolve) va.*")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "store.db")
    yield opened
    opened.close()


def test_checklist_and_rating(qtbot: QtBot, store: Store, tmp_path: Path, pipewire: PrivatePipeWire) -> None:
    interaction_id = logged_call(store, tmp_path / "recordings")
    review = load_self_review(store, interaction_id)
    saved: list[tuple[int, str]] = []
    dialog = SelfReviewDialog(review, lambda rating, note: saved.append((rating, note)))
    qtbot.addWidget(dialog)
    dialog.show()
    items = [dialog.checklist.item(row).text() for row in range(dialog.checklist.count())]
    assert len(items) == 5  # the script's required steps, in its order
    assert [text[0] for text in items] == ["✓", "✓", "✗", "✗", "✗"]
    assert dialog.summary.text() == "2 of 5 required steps visited; 1 more steps visited"
    assert "Приём заказа по телефону" in dialog.findChild(object, "review_checklist_box").title()
    assert not dialog.save_button.isEnabled()  # no rating chosen yet
    dialog.rating.button(4).click()
    dialog.note.setPlainText("Не уточнила адрес доставки")
    dialog.save_button.click()
    assert saved == [(4, "Не уточнила адрес доставки")]
    call_reviews.save_review(store, interaction_id, *saved[0])  # what the composition root runs
    again = load_self_review(store, interaction_id)
    assert again.self_rating == 4 and again.self_review_note == "Не уточнила адрес доставки"
    with store.read_session() as session:
        operations = session.scalars(
            select(OutboxEntry.operation)
            .where(OutboxEntry.entity_local_id == interaction_id)
            .order_by(OutboxEntry.seq)
        ).all()
    assert operations == ["create", "recording", "review"]


def test_a_call_without_recording_says_so(
    qtbot: QtBot, store: Store, tmp_path: Path, pipewire: PrivatePipeWire
) -> None:
    interaction_id = logged_call(store, tmp_path / "recordings")
    recordings.stored_path(tmp_path / "recordings", interaction_id).unlink()  # retention took it
    dialog = SelfReviewDialog(load_self_review(store, interaction_id), lambda *_: None)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.no_recording.isVisible() and not dialog.play_button.isEnabled()


def test_playback_with_seek_under_pipewire(
    qtbot: QtBot, store: Store, tmp_path: Path, pipewire: PrivatePipeWire
) -> None:
    interaction_id = logged_call(store, tmp_path / "recordings", seconds=4.0, hz=660.0)
    dialog = SelfReviewDialog(load_self_review(store, interaction_id), lambda *_: None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.seek.maximum() > 3500, timeout=5000)
    with pipewire.recording("spk") as heard:
        dialog.play_button.click()
        qtbot.waitUntil(
            lambda: dialog.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState, timeout=5000
        )
        qtbot.waitUntil(lambda: dialog.player.position() > 800, timeout=5000)
        dialog.player.setPosition(3000)  # what releasing the seek bar does
        qtbot.waitUntil(lambda: dialog.seek.value() >= 3000, timeout=3000)
        assert dialog.time_label.text().endswith("/ 00:04")
        qtbot.waitUntil(
            lambda: dialog.player.playbackState() == QMediaPlayer.PlaybackState.StoppedState, timeout=5000
        )
    played = loud_part(heard.samples, heard.rate)
    assert len(played) > heard.rate // 2, "nothing reached the speaker"
    assert abs(dominant_frequency(played, heard.rate) - 660) < 20
    assert len(played) < 3.5 * heard.rate  # the seek skipped most of the 4 s
