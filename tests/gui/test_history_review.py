"""Recent calls opens the self-review of a past call: a call whose recording is kept shows a speaker
and offers "Listen and rate…" (context menu, Ctrl+Shift+L while the list has the focus), which opens
the review dialog of that call's interaction, on a real store read by the real store worker. Other
calls have the action disabled, saying why. Narrow, the list hides duration and quality alike.
(Qt Multimedia under a private PipeWire, as in test_self_review.py.)"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from softphone.store import call_reviews, local_writes
from softphone.store.call_history import CallHistoryRepository, NewCallRow
from softphone.store.db import Store, open_store
from softphone.store.jobs import StoreJobs
from softphone.store.models import Interaction
from softphone.ui.calls.history_view import (
    DURATION_COLUMN,
    QUALITY_COLUMN,
    RECORDING_COLUMN,
    CallHistoryView,
)
from softphone.ui.gui_thread import GuiThread
from softphone.ui.review.review_opener import ReviewOpener
from softphone.ui.review.self_review_dialog import SelfReviewDialog
from tests.helpers.pipewire import PrivatePipeWire
from tests.helpers.review_kit import STARTED, logged_call

pytestmark = pytest.mark.qt_log_ignore(r"Couldn't (load|resolve) va.*")
LISTEN = "Listen and rate…"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "store.db")
    yield opened
    opened.close()


def history_row(
    repository: CallHistoryRepository, minutes: int, number: str, interaction: int | None
) -> None:
    """A call-history row ``minutes`` after ``STARTED``, linked to ``interaction`` when given."""
    at = STARTED + dt.timedelta(minutes=minutes)
    row = NewCallRow(
        "inbound", number, number, "", "", at, at, at + dt.timedelta(seconds=40), 40.0, "answered", 200, "",
        mos=4.3, jitter_ms=2.0, loss_pct=0.0, rtt_ms=20.0,
    )  # fmt: skip
    [history_id] = repository.add([row])
    if interaction is not None:
        repository.link(interaction, history_id)


@pytest.fixture
def calls(store: Store, tmp_path: Path) -> tuple[int, int, int]:
    """Newest first: a call with its recording kept, one not recorded, one whose recording retention
    deleted, and an unknown caller (no interaction). Returns the three interaction ids."""
    recorded = logged_call(store, tmp_path / "recordings")
    with store.read_session() as session:
        customer_id = session.get(Interaction, recorded).customer_id  # type: ignore[union-attr]
    plain, expired = (
        local_writes.log_call(store, customer_id, STARTED + dt.timedelta(minutes=m), direction="inbound")
        for m in (-10, -20)
    )
    gone = tmp_path / "recordings" / f"{expired}.ogg"  # never there: the retention period took it
    call_reviews.recording_stored(store, expired, str(gone), "audio/ogg")
    repository = CallHistoryRepository(store)
    history_row(repository, 0, "+79161234567", recorded)
    history_row(repository, -10, "+79161234567", plain)
    history_row(repository, -20, "+79161234567", expired)
    history_row(repository, -30, "+79035550000", None)
    return recorded, plain, expired


@pytest.fixture
def jobs(qtbot: QtBot) -> Iterator[StoreJobs]:
    gui = GuiThread()
    runner = StoreJobs(deliver=gui.post)
    yield runner
    runner.close()


def shown(qtbot: QtBot, store: Store, jobs: StoreJobs) -> tuple[QWidget, CallHistoryView, ReviewOpener]:
    """Recent calls in a window, wired to the review opener as the composition root does."""
    window = QWidget()
    qtbot.addWidget(window)
    view = CallHistoryView(CallHistoryRepository(store), "RU", window, jobs=jobs)
    QVBoxLayout(window).addWidget(view)
    opener = ReviewOpener(store, jobs, window)
    view.review_requested.connect(opener.open)
    window.resize(900, 400)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    view.setFocus()
    view.refresh()
    qtbot.waitUntil(lambda: view.topLevelItemCount() == 4, timeout=5000)
    return window, view, opener


def test_listen_and_rate_opens_the_review_of_that_call_and_is_disabled_for_the_others(
    qtbot: QtBot,
    store: Store,
    jobs: StoreJobs,
    calls: tuple[int, int, int],
    pipewire: PrivatePipeWire,
) -> None:
    recorded, _plain, _expired = calls
    _window, view, opener = shown(qtbot, store, jobs)
    kept, plain, expired, unknown = (view.topLevelItem(i) for i in range(4))
    assert not kept.icon(RECORDING_COLUMN).isNull() and "listen and rate" in kept.toolTip(RECORDING_COLUMN)
    assert plain.icon(RECORDING_COLUMN).isNull() and plain.text(RECORDING_COLUMN) == ""
    assert "retention" in expired.toolTip(RECORDING_COLUMN)

    for item, reason in (
        (plain, "not recorded"),
        (expired, "retention period"),
        (unknown, "not logged for a customer"),
    ):
        view.setCurrentItem(item)
        menu = view.context_menu(item)
        [listen] = [a for a in menu.actions() if a.text() == LISTEN]
        assert not listen.isEnabled() and reason in listen.toolTip()
        menu.close()
        with qtbot.assertNotEmitted(view.review_requested, wait=100):
            qtbot.keyClick(
                view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
            )

    view.setCurrentItem(kept)
    assert view.listen_action.isEnabled() and "Ctrl+Shift+L" in view.listen_action.toolTip()
    with qtbot.waitSignal(opener.opened, timeout=5000) as opened:
        qtbot.keyClick(
            view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        )
    dialog = opened.args[0]
    assert isinstance(dialog, SelfReviewDialog) and dialog.isVisible()
    assert dialog.review.interaction_id == recorded
    assert dialog.review.recording is not None and dialog.play_button.isEnabled()
    assert dialog.checklist.count() == 5  # the script's required steps of that call
    dialog.rating.button(5).click()
    dialog.note.setPlainText("Всё по скрипту")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: opener.dialog is None, timeout=3000)

    menu = view.context_menu(kept)  # the mouse's way: the row's context menu
    [listen] = [a for a in menu.actions() if a.text() == LISTEN]
    assert listen.isEnabled()
    with qtbot.waitSignal(opener.opened, timeout=5000) as again:
        listen.trigger()
    menu.close()
    assert again.args[0].review.interaction_id == recorded
    assert (again.args[0].review.self_rating, again.args[0].review.self_review_note) == (5, "Всё по скрипту")
    again.args[0].reject()


def test_narrow_recent_calls_hide_duration_and_quality_alike(
    qtbot: QtBot, store: Store, jobs: StoreJobs, calls: tuple[int, int, int], pipewire: PrivatePipeWire
) -> None:
    window, view, _opener = shown(qtbot, store, jobs)
    kept = view.topLevelItem(0)
    assert not view.isColumnHidden(DURATION_COLUMN) and not view.isColumnHidden(QUALITY_COLUMN)
    window.resize(330, 400)
    qtbot.waitUntil(lambda: view.isColumnHidden(DURATION_COLUMN), timeout=2000)
    assert view.isColumnHidden(QUALITY_COLUMN)
    assert "00:40" in kept.toolTip(0) and "MOS 4.3" in kept.toolTip(0)  # both still in the row's tooltip
    window.resize(900, 400)
    qtbot.waitUntil(lambda: not view.isColumnHidden(QUALITY_COLUMN), timeout=2000)
    assert not view.isColumnHidden(DURATION_COLUMN)
