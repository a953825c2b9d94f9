"""The outbound task list panel over a real store: order, overdue marks, the states a task shows,
the cart action disabled without an order editor, taking with no CRM, an outcome that needs a note."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from softphone.crm import schemas as s
from softphone.store.crm_upserts import upsert_tasks_from_crm
from softphone.store.db import Store, open_store
from softphone.store.models import OutboxEntry
from softphone.ui.outbound.task_list import TASK_ROLE, TaskListPanel
from softphone.workspace.outbound.board import TaskBoard
from tests.helpers.task_kit import InlineJobs
from tests.helpers.workspace_store import seed_workspace_store

NOW = dt.datetime.now(dt.UTC)


def task(tid: str, kind: str, due_min: int, priority: int = 0, **extra: Any) -> s.Task:
    return s.Task.model_validate(
        {
            "id": tid,
            "kind": kind,
            "status": "open",
            "customer_id": "C-1",
            "phone": "+79161234567",
            "title": f"Задача {tid}",
            "priority": priority,
            "due_at": NOW + dt.timedelta(minutes=due_min),
            "version": 1,
            "updated_at": NOW,
            **extra,
        }
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "store.db")
    seed_workspace_store(opened)
    cart = [{"product_id": "P0001", "sku": "KET-1", "name": "Чайник", "qty": 2, "price": Decimal("1290.00")}]
    with opened.session() as session, session.begin():
        upsert_tasks_from_crm(
            session,
            [
                task("T-LATER", "delivery_feedback", 120),
                task("T-LOW", "order_confirmation", 30, priority=0),
                task("T-HIGH", "callback", 30, priority=2),
                task("T-LATE", "abandoned_cart", -90, cart_items=cart),
                task("T-OTHER", "callback", 10, status="claimed", claimed_by="op-2", claimed_at=NOW),
                task("T-MINE", "new_registration", 60, status="claimed", claimed_by="op-1", claimed_at=NOW),
            ],
        )
    yield opened
    opened.close()


def make_panel(qtbot: QtBot, store: Store) -> tuple[TaskListPanel, TaskBoard, list[str]]:
    board = TaskBoard(store, InlineJobs(), crm=lambda: None, keep_task=lambda *_: None)
    dialled: list[str] = []
    panel = TaskListPanel(board, lambda number: dialled.append(number) or 7)
    qtbot.addWidget(panel)
    panel.resize(290, 560)
    panel.show()
    board.refresh()
    return panel, board, dialled


def select(panel: TaskListPanel, crm_id: str) -> None:
    row = next(r for r in panel.view.tasks.rows if r.crm_id == crm_id)
    item = next(
        panel.list.item(i) for i in range(panel.list.count()) if panel.list.item(i).data(TASK_ROLE) == row.id
    )
    panel.list.setCurrentItem(item)


def test_the_list_is_ordered_by_due_time_then_priority_and_marks_overdue(qtbot: QtBot, store: Store) -> None:
    panel, _board, _ = make_panel(qtbot, store)
    ids = [r.crm_id for r in panel.view.tasks.rows]
    assert ids == ["T-LATE", "T-HIGH", "T-LOW", "T-MINE", "T-LATER"]  # another operator's task is not listed
    texts = [panel.list.item(i).text() for i in range(panel.list.count())]
    assert "overdue" in texts[0] and "Abandoned cart" in texts[0] and "Иванова Анна Сергеевна" in texts[0]
    assert not any("overdue" in t for t in texts[1:])
    assert panel.list.item(0).foreground().color().name() == "#c53030"
    assert "!!" in texts[1] and "Taken by you" in texts[3]


def test_a_cart_without_an_order_editor_is_disabled_and_says_why(qtbot: QtBot, store: Store) -> None:
    panel, _board, _ = make_panel(qtbot, store)
    select(panel, "T-LATE")
    assert panel.cart_button.isVisible() and not panel.cart_button.isEnabled()
    assert "order editor" in panel.cart_button.toolTip()
    assert "Чайник × 2" in panel.cart.text() and panel.cart.isVisible()
    assert panel.take_button.isVisible() and not panel.call_button.isVisible()


def test_taking_without_the_crm_says_it_cannot_and_queues_nothing(qtbot: QtBot, store: Store) -> None:
    panel, board, _ = make_panel(qtbot, store)
    select(panel, "T-LOW")
    qtbot.mouseClick(panel.take_button, Qt.MouseButton.LeftButton)
    assert "CRM is unreachable" in panel.list.currentItem().text()
    with store.read_session() as session:
        assert session.query(OutboxEntry).count() == 0
    assert board.view.row(panel.selected_row().id).status == "open"  # type: ignore[union-attr]


def test_my_task_calls_with_return_and_an_outcome_that_needs_a_note_asks_for_it(
    qtbot: QtBot, store: Store
) -> None:
    panel, board, dialled = make_panel(qtbot, store)
    select(panel, "T-MINE")
    assert panel.call_button.isVisible() and panel.complete_button.isVisible()
    panel.list.setFocus()
    qtbot.keyClick(panel.list, Qt.Key.Key_Return)
    assert dialled == ["+79161234567"]
    messages: list[str] = []
    panel.message.connect(messages.append)
    panel.outcome.setCurrentIndex(panel.outcome.findData("complaint"))  # requires a note
    qtbot.mouseClick(panel.complete_button, Qt.MouseButton.LeftButton)
    assert messages == ["This outcome needs a note"]
    assert "T-MINE" in {r.crm_id for r in board.view.tasks.rows}
    panel.outcome_note.setText("Жалоба на курьера")
    qtbot.keyClick(panel.outcome_note, Qt.Key.Key_Return)
    assert "T-MINE" not in {r.crm_id for r in board.view.tasks.rows}
    with store.read_session() as session:
        [entry] = session.query(OutboxEntry).all()
        assert (entry.operation, entry.payload) == (
            "complete",
            {"result": "complaint", "note": "Жалоба на курьера"},
        )
