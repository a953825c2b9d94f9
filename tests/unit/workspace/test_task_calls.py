"""A call dialled for an outbound task carries the task (``CallTask``) from its first event, and its
script is the task's kind, whatever the customer's orders would have chosen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from softphone.crm import schemas as s
from softphone.sip.events import CallDirection, CallState, CallStateChanged
from softphone.store.crm_upserts import upsert_tasks_from_crm
from softphone.store.db import Store, open_store
from softphone.store.jobs import StoreJobs
from softphone.store.models import Interaction, OutboundTask
from softphone.workspace.call_context import CallTask
from softphone.workspace.outbound.board import TaskBoard
from softphone.workspace.scripts.desk import CallScript, ScriptDesk
from softphone.workspace.sessions import CallSessions
from tests.helpers.script_kit import CUSTOMER_ID, CUSTOMER_PHONE, NOW, fill_store, known_customer


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "store.db")
    yield opened
    opened.close()


def add_task(store: Store, kind: str) -> int:
    task = s.Task.model_validate(
        {
            "id": "T-1",
            "kind": kind,
            "status": "claimed",
            "customer_id": CUSTOMER_ID,
            "phone": CUSTOMER_PHONE,
            "title": "Брошенная корзина",
            "due_at": NOW,
            "claimed_by": "op-1",
            "claimed_at": NOW,
            "version": 2,
            "updated_at": NOW,
        }
    )
    with store.session() as session, session.begin():
        upsert_tasks_from_crm(session, [task])
        return int(session.scalar(select(OutboundTask.id)) or 0)


@pytest.mark.parametrize("with_task", [True, False], ids=["dialled-for-a-task", "dialled-by-hand"])
def test_the_task_s_kind_picks_the_script(store: Store, with_task: bool) -> None:
    customer_id, _shop = fill_store(store, open_order_status="new")  # by its orders: order confirmation
    task_id = add_task(store, "abandoned_cart")
    jobs = StoreJobs(deliver=lambda fn: fn())
    try:
        sessions = CallSessions(clock=lambda: NOW.timestamp())
        board = TaskBoard(store, jobs, crm=lambda: None, keep_task=lambda *_: None)
        desk = ScriptDesk(store, jobs)
        sessions.subscribe(board.on_session_change)  # as wired: before screen-pop and the scripts
        sessions.subscribe(desk.on_session_change)
        if with_task:
            board.dialled(4, task_id)
        sessions.apply(CallStateChanged(4, CallDirection.OUTBOUND, CallState.DIALING, CUSTOMER_PHONE))
        session = sessions.get(4)
        assert session is not None
        assert session.attached(CallTask) == (CallTask(task_id) if with_task else None)
        session.attach(known_customer(customer_id))
        sessions.attachments_changed(session)
        future = jobs.submit(lambda: None)
        assert future is not None
        future.result(timeout=10)
        script = session.attached(CallScript)
        assert script is not None and script.run is not None
        assert script.run.graph.call_type == ("abandoned_cart" if with_task else "order_confirmation")
    finally:
        jobs.close()


def test_a_second_complete_while_the_first_is_written_is_ignored(store: Store) -> None:
    fill_store(store)
    task_id = add_task(store, "callback")
    held: list[tuple[object, object]] = []

    class HeldJobs:  # the store worker is busy: jobs wait until the test lets them run
        def submit(
            self, job: object, on_done: object = None, on_error: object = None, what: str = ""
        ) -> None:
            held.append((job, on_done))

    board = TaskBoard(store, HeldJobs(), crm=lambda: None, keep_task=lambda *_: None)
    board.complete(task_id, "no_answer")
    board.complete(task_id, "no_answer")  # a double click
    assert len(held) == 1


def test_a_taken_task_s_script_is_previewed_read_only(store: Store) -> None:
    customer_id, _shop = fill_store(store, open_order_status="new")
    jobs = StoreJobs(deliver=lambda fn: fn())
    try:
        desk = ScriptDesk(store, jobs)
        told: list[CallScript] = []
        desk.subscribe(told.append)
        script = desk.preview(known_customer(customer_id), "abandoned_cart")
        future = jobs.submit(lambda: None)
        assert future is not None
        future.result(timeout=10)
        assert told and told[-1] is script and script.preview
        assert script.run is not None and script.run.graph.call_type == "abandoned_cart"
        assert script.context is not None and script.context.values["customer.first_name"] == "Анна"
        assert script.context.values["store.name"] == "ТехноДом"  # the shop of her orders, as for the call
        assert not desk.pick(script, 1)  # read-only: nothing moves, nothing is saved
        with store.read_session() as session:
            assert session.scalar(select(Interaction.id)) is None
    finally:
        jobs.close()
