"""Each call's history row is linked to its interaction (``interactions.call_history_id``) on a real
store, whichever is written first: logged at hang-up, after the wrap-up, completed at the next start
after a crash during the wrap-up, and when the store refused the history row for a while. Recent
calls then knows the call's interaction and whether its recording is kept."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from softphone.store import call_reviews
from softphone.store.call_history import CallHistoryRepository, Recording
from softphone.store.db import Store, open_store
from softphone.store.models import CallHistory, Disposition, Interaction
from softphone.workspace.agent_state import AcwMode, AcwPolicy, AgentStateMachine
from softphone.workspace.call_recorder import CallHistoryRecorder
from softphone.workspace.interaction_log import complete_drafts
from softphone.workspace.wrap_up import WrapUp
from tests.helpers.script_kit import CallsOnStore, fill_store, known_customer


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "store.db")
    yield opened
    opened.close()


@pytest.fixture
def calls(store: Store) -> Iterator[CallsOnStore]:
    kit = CallsOnStore(store, history=True)
    kit.customer_id, _shop = fill_store(store)  # type: ignore[attr-defined]
    yield kit
    kit.close()


def talk(calls: CallsOnStore, call_id: int, customer_id: int | None) -> None:
    calls.ring(call_id)
    session = calls.sessions.get(call_id)
    assert session is not None
    if customer_id is not None:
        session.attach(known_customer(customer_id))
        calls.sessions.attachments_changed(session)
    calls.answer(call_id)
    calls.now += 30
    calls.hang_up(call_id)
    calls.settle()


def links(store: Store) -> list[tuple[int, int | None, bool]]:
    """(interaction id, its call-history id, draft) of every interaction the calls left."""
    with store.read_session() as session:
        rows = session.execute(
            select(Interaction.id, Interaction.call_history_id, Interaction.is_draft)
            .where(Interaction.direction.is_not(None))
            .order_by(Interaction.id)
        ).all()
    return [(r[0], r[1], r[2]) for r in rows]


def history_ids(store: Store) -> list[int]:
    with store.read_session() as session:
        return list(session.scalars(select(CallHistory.id).order_by(CallHistory.id)))


def test_a_call_logged_at_hang_up_is_linked_and_recent_calls_knows_its_interaction(
    store: Store, calls: CallsOnStore, tmp_path: Path
) -> None:
    talk(calls, 1, calls.customer_id)  # type: ignore[attr-defined]
    talk(calls, 2, None)  # an unknown caller: a history row, no interaction
    [(interaction_id, history_id, draft)] = links(store)
    first, second = history_ids(store)
    assert (history_id, draft) == (first, False)
    unknown, known = calls.history.recent(10)  # newest first
    assert (unknown.id, unknown.interaction_id, unknown.recording) == (second, None, Recording.NO_INTERACTION)
    assert (known.interaction_id, known.recording) == (interaction_id, Recording.NOT_RECORDED)
    kept = tmp_path / f"{interaction_id}.ogg"
    kept.write_bytes(b"OggS")
    call_reviews.recording_stored(store, interaction_id, str(kept), "audio/ogg")
    assert calls.history.recent(10)[1].recording == Recording.KEPT
    kept.unlink()  # the retention period ended
    assert calls.history.recent(10)[1].recording == Recording.DELETED


def test_the_link_is_written_when_the_history_row_comes_second(store: Store) -> None:
    calls = CallsOnStore(store)  # the interaction log hears the end first ...
    late = CallHistoryRecorder(CallHistoryRepository(store), calls.jobs, region="RU")
    calls.sessions.subscribe(late.on_session_change)  # ... the history recorder after it
    try:
        customer_id, _shop = fill_store(store)
        talk(calls, 1, customer_id)
        [(_interaction, history_id, _draft)] = links(store)
        assert history_id == history_ids(store)[0]
    finally:
        calls.close()


def test_a_history_row_the_store_refused_for_a_while_is_linked_when_it_is_written(
    store: Store, calls: CallsOnStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    add = calls.history.add

    def locked(rows: object) -> list[int]:
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr(calls.history, "add", locked)
    talk(calls, 1, calls.customer_id)  # type: ignore[attr-defined]
    assert history_ids(store) == [] and links(store)[0][1] is None  # logged, not linked yet
    monkeypatch.setattr(calls.history, "add", add)
    talk(calls, 2, calls.customer_id)  # type: ignore[attr-defined]  # both rows written now
    first, second = history_ids(store)
    assert [link[1] for link in links(store)] == [first, second]


def wrap_up_desk(store: Store, calls: CallsOnStore) -> tuple[WrapUp, list]:
    machine = AgentStateMachine(AcwPolicy(AcwMode.MANDATORY), clock=lambda: calls.now)
    calls.sessions.subscribe(machine.on_session_change)
    wrap_up = WrapUp(store, calls.jobs, machine, calls.log, clock=lambda: calls.now)
    with store.session() as session, session.begin():
        session.add(Disposition(crm_id="consultation", label="Консультация", resolved=True))
    choices: list = []
    wrap_up.load_dispositions(choices.extend)
    calls.settle()
    return wrap_up, choices


def test_the_draft_kept_for_the_wrap_up_is_linked_and_keeps_it_when_sent(
    store: Store, calls: CallsOnStore
) -> None:
    wrap_up, choices = wrap_up_desk(store, calls)
    talk(calls, 1, calls.customer_id)  # type: ignore[attr-defined]
    [history_id] = history_ids(store)
    [(draft_id, linked, draft)] = links(store)
    assert (linked, draft) == (history_id, True)  # at hang-up, before the wrap-up
    wrap_up.set_draft("consultation", "")
    wrap_up.finish(choices)
    calls.settle()
    assert links(store) == [(draft_id, history_id, False)]


def test_a_crash_during_the_wrap_up_keeps_the_link(store: Store, calls: CallsOnStore) -> None:
    wrap_up_desk(store, calls)
    talk(calls, 1, calls.customer_id)  # type: ignore[attr-defined]  # ... and the app is killed here
    [history_id] = history_ids(store)
    complete_drafts(store)  # the next start
    [(interaction_id, linked, draft)] = links(store)
    assert (linked, draft) == (history_id, False)
    [row] = CallHistoryRepository(store).recent(10)
    assert row.interaction_id == interaction_id
