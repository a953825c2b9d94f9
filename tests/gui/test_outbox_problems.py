"""The operator resolves CRM conflicts and rejections: both versions are shown, nothing is dropped
without a click, and the CRM indicator offers the way there and shows first-sync progress with counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from softphone.crm import schemas as s
from softphone.crm.link_status import LinkState, LinkStatus
from softphone.store import outbox
from softphone.store.customers import upsert_customers_from_crm
from softphone.store.db import Store, open_store
from softphone.store.jobs import StoreJobs
from softphone.store.models import Customer, OutboxEntry
from softphone.ui.crm.outbox_problems import OutboxProblemsDialog
from softphone.ui.gui_thread import GuiThread
from softphone.ui.main_window import MainWindow
from softphone.ui.sip_bridge import SipBridge

T0 = dt.datetime(2026, 3, 1, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "store.db")
    yield opened
    opened.close()


@pytest.fixture
def jobs(qapp: object) -> Iterator[StoreJobs]:
    """The app's store worker, results handed back to the GUI thread as in the app."""
    runner = StoreJobs(deliver=GuiThread().post)
    yield runner
    runner.close()


def _customer(name: str, version: int) -> s.Customer:
    return s.Customer(
        id="C-1",
        name=name,
        phones=[s.CustomerPhone(e164="+79160000001", kind="mobile")],
        version=version,
        created_at=T0,
        updated_at=T0,
    )


def _queued_update(store: Store, name: str) -> int:
    with store.session() as session, session.begin():
        upsert_customers_from_crm(session, [_customer("Алла Петрова", 1)])
        local_id = session.scalar(select(Customer.id).where(Customer.crm_id == "C-1"))
        assert local_id is not None
        return outbox.enqueue(session, "customer", local_id, "update", {"name": name}, base_version=1).id


def _status(store: Store, entry_id: int) -> OutboxEntry:
    with store.read_session() as session:
        entry = session.get(OutboxEntry, entry_id)
        assert entry is not None
        return entry


def test_conflict_shows_both_versions_and_keep_mine_resends_on_top_of_theirs(
    qtbot: QtBot, store: Store, jobs: StoreJobs
) -> None:
    entry_id = _queued_update(store, "Алла Сидорова")
    with store.session() as session, session.begin():
        outbox.mark_conflict(session, entry_id, _customer("Алла Иванова", 5).model_dump(mode="json"))
    resolved: list[bool] = []
    dialog = OutboxProblemsDialog(store, jobs, on_resolved=lambda: resolved.append(True))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.entries.count() == 1, timeout=5000)
    assert "Сидорова" in dialog.mine.toPlainText()
    assert "Иванова" in dialog.theirs.toPlainText()
    assert dialog.keep_mine.isVisible() and dialog.take_theirs.isVisible()
    assert not dialog.discard.isVisible()

    qtbot.mouseClick(dialog.keep_mine, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: resolved == [True] and dialog.entries.count() == 0, timeout=5000)
    entry = _status(store, entry_id)
    assert entry.status == outbox.PENDING and entry.base_version == 5  # sent again, over their version
    assert entry.payload == {"name": "Алла Сидорова"}
    assert resolved == [True]
    assert dialog.entries.count() == 0
    assert dialog.reason.text() == "Every change has reached the CRM."


def test_rejection_shows_the_crm_reason_and_discard_is_explicit(
    qtbot: QtBot, store: Store, jobs: StoreJobs
) -> None:
    entry_id = _queued_update(store, "")
    with store.session() as session, session.begin():
        outbox.mark_rejected(session, entry_id, "validation failed", {"name": "must not be empty"})
    dialog = OutboxProblemsDialog(store, jobs)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: "validation failed" in dialog.reason.text(), timeout=5000)
    assert "must not be empty" in dialog.reason.text()
    assert dialog.retry.isVisible() and dialog.discard.isVisible()
    assert _status(store, entry_id).status == outbox.REJECTED  # kept until the operator decides

    qtbot.mouseClick(dialog.discard, Qt.MouseButton.LeftButton)
    # kept in the store, marked as discarded
    qtbot.waitUntil(lambda: _status(store, entry_id).status == "dismissed", timeout=5000)


def test_indicator_offers_resolve_only_when_something_needs_attention(qtbot: QtBot) -> None:
    status = LinkStatus()
    window = MainWindow(SipBridge(), link_status=status, use_tray=False)
    qtbot.addWidget(window)
    opened: list[str] = []
    synced: list[str] = []
    window.set_crm_actions(lambda: synced.append("now"), lambda: opened.append("problems"))
    window.show()
    assert window.crm.sync_button.isVisible()
    assert not window.crm.problems_button.isVisible()

    status.update(state=LinkState.ONLINE, last_sync_at=T0, conflicts=1, rejected=2)
    qtbot.waitUntil(window.crm.problems_button.isVisible, timeout=3000)
    assert "1 conflicts" in window.crm.label.text() and "2 rejected" in window.crm.label.text()
    qtbot.mouseClick(window.crm.problems_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.crm.sync_button, Qt.MouseButton.LeftButton)
    assert opened == ["problems"] and synced == ["now"]

    status.update(conflicts=0, rejected=0)
    qtbot.waitUntil(lambda: not window.crm.problems_button.isVisible(), timeout=3000)


def test_first_sync_progress_bar_shows_counts(qtbot: QtBot) -> None:
    status = LinkStatus()
    window = MainWindow(SipBridge(), link_status=status, use_tray=False)
    qtbot.addWidget(window)
    window.show()
    status.update(state=LinkState.SYNCING, sync_done=1500, sync_total=6000)
    qtbot.waitUntil(window.crm.progress.isVisible, timeout=3000)
    assert window.crm.progress.maximum() == 6000
    assert window.crm.progress.value() == 1500
    assert window.crm.progress.text() == "1500 / 6000"
    status.update(state=LinkState.ONLINE, last_sync_at=T0)
    qtbot.waitUntil(lambda: not window.crm.progress.isVisible(), timeout=3000)


def test_unreadable_crm_record_is_shown_with_its_problem_and_full_resync_is_offered(
    qtbot: QtBot, store: Store, jobs: StoreJobs
) -> None:
    from softphone.crm.bad_changes import BadChange
    from softphone.store.crm_target import StoreSyncTarget

    bad = BadChange(7, "customer", "C-9", '{"seq": 7, "data": {"version": "seven"}}', "customer.data.version")
    StoreSyncTarget(store).apply_changes([], 7, T0, [bad])
    resyncs: list[bool] = []
    dialog = OutboxProblemsDialog(store, jobs, on_full_resync=lambda: resyncs.append(True))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.entries.count() == 1, timeout=5000)
    assert dialog.entries.item(0).text().startswith("Unreadable CRM record: Customer C-9")
    assert "customer.data.version" in dialog.reason.text()
    assert '"seven"' in dialog.mine.toPlainText()  # the raw record, as the CRM sent it
    assert dialog.resync.isVisible() and not dialog.discard.isVisible()
    qtbot.mouseClick(dialog.resync, Qt.MouseButton.LeftButton)
    assert resyncs == [True]


def test_indicator_says_not_answering_and_counts_unreadable_records(qtbot: QtBot) -> None:
    status = LinkStatus()
    window = MainWindow(SipBridge(), link_status=status, use_tray=False)
    qtbot.addWidget(window)
    window.set_crm_actions(lambda: None, lambda: None)
    window.show()
    status.crm_answered(False)
    qtbot.waitUntil(lambda: window.crm.label.text().startswith("CRM not answering"), timeout=3000)
    status.update(state=LinkState.ONLINE, quarantined=2)
    qtbot.waitUntil(lambda: "2 unreadable CRM records" in window.crm.label.text(), timeout=3000)
    assert window.crm.problems_button.isVisible()
