"""An order being edited is not dropped when another one is opened over it (the caller's order during
a call): the editor shelves it, offers it back, restores it as it was and saves it through the outbox."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from softphone.store.db import Store, open_store
from softphone.store.jobs import StoreJobs
from softphone.store.models import Customer, Order, OutboxEntry
from softphone.ui.gui_thread import GuiThread
from softphone.ui.orders.order_editor import OrderEditorPanel
from tests.helpers.order_products import seed_products
from tests.helpers.workspace_store import seed_workspace_store

WAIT_MS = 15_000


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "store.db")
    seed_workspace_store(opened)
    seed_products(opened, 50)
    yield opened
    opened.close()


@pytest.fixture
def panel(qtbot: QtBot, store: Store) -> Iterator[OrderEditorPanel]:
    jobs = StoreJobs(deliver=GuiThread().post)
    editor = OrderEditorPanel(store, jobs)
    qtbot.addWidget(editor)
    editor.resize(760, 520)
    editor.show()
    yield editor
    jobs.close()


def _id(store: Store, model: type[Customer] | type[Order], crm_id: str) -> int:
    with store.read_session() as session:
        return int(session.scalar(select(model.id).where(model.crm_id == crm_id)) or 0)


def _order_entry(store: Store, order_id: int) -> OutboxEntry | None:
    with store.read_session() as session:
        return session.scalar(
            select(OutboxEntry).where(
                OutboxEntry.entity_type == "order", OutboxEntry.entity_local_id == order_id
            )
        )


def _type_comment(panel: OrderEditorPanel, text: str) -> None:
    panel.comment.setText(text)
    panel.comment.textEdited.emit(text)


def test_an_unsaved_order_is_shelved_when_the_callers_order_opens_and_comes_back_as_it_was(
    qtbot: QtBot, panel: OrderEditorPanel, store: Store
) -> None:
    offered: list[str | None] = []
    panel.unsaved_changed.connect(lambda: offered.append(panel.unsaved_what()))
    o1 = _id(store, Order, "O-1")
    panel.open_order(o1)
    qtbot.waitUntil(lambda: panel.draft is not None and panel.body.isEnabled(), timeout=WAIT_MS)
    _type_comment(panel, "доставить до обеда")
    panel.discount.setValue(50.0)
    assert panel.has_unsaved() and offered[-1] == "order O-1"

    panel.request_order(o1)  # the same order asked again from the card: the edits stay, no reload
    assert panel.comment.text() == "доставить до обеда" and not panel.shelved

    panel.new_order(_id(store, Customer, "C-2"))  # a call: the caller's new order opens over it
    qtbot.waitUntil(lambda: panel.draft is not None and panel.draft.base is None, timeout=WAIT_MS)
    assert panel.comment.text() == "" and len(panel.shelved) == 1
    assert panel.unsaved_what() == "order O-1"

    panel.back_to_draft()
    assert panel.draft is not None and panel.draft.base is not None and panel.draft.base.id == o1
    assert panel.comment.text() == "доставить до обеда" and panel.discount.value() == 50.0
    assert panel.sync_chip.text() == "Changed, not saved"
    assert not panel.shelved  # the caller's new order had nothing in it: nothing to keep

    panel.save()
    qtbot.waitUntil(lambda: _order_entry(store, o1) is not None, timeout=WAIT_MS)
    entry = _order_entry(store, o1)
    assert entry is not None and entry.operation == "update"
    assert entry.payload["comment"] == "доставить до обеда" and entry.payload["discount"] == "50.00"
    qtbot.waitUntil(lambda: not panel.has_unsaved(), timeout=WAIT_MS)
    assert panel.unsaved_what() is None and offered[-1] is None
