"""The order editor as an operator uses it: keyboard search, lines, delivery slots from the real
reference CRM, payment, save through the outbox, compensation limit, refused status, conflict, returns."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from softphone.crm import schemas as s
from softphone.store import outbox
from softphone.store.db import Store, open_store
from softphone.store.jobs import StoreJobs
from softphone.store.models import Customer, Order, OutboxEntry
from softphone.ui.gui_thread import GuiThread
from softphone.ui.orders.order_editor import OrderEditorPanel
from tests.helpers.crm_server import CrmServer, running_crm_server
from tests.helpers.order_editor_kit import http_slots
from tests.helpers.order_products import seed_products
from tests.helpers.workspace_store import seed_workspace_store

WAIT_MS = 15_000


@pytest.fixture(scope="module")
def crm(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CrmServer]:
    with running_crm_server(tmp_path_factory.mktemp("crm"), seed="demo") as server:
        yield server


class Escalations:
    def __init__(self) -> None:
        self.asked: list[tuple[int, str, str]] = []

    def escalate(self, customer_id: int, priority: str, note: str) -> None:
        self.asked.append((customer_id, priority, note))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "store.db")
    seed_workspace_store(opened)
    seed_products(opened, 400)
    yield opened
    opened.close()


@pytest.fixture
def editor(qtbot: QtBot, store: Store, crm: CrmServer) -> Iterator[tuple[OrderEditorPanel, Escalations]]:
    gui = GuiThread()
    jobs = StoreJobs(deliver=gui.post)
    escalations = Escalations()
    panel = OrderEditorPanel(
        store, jobs, slots=http_slots(gui, crm.base_url, crm.token), escalation=escalations
    )
    qtbot.addWidget(panel)
    panel.resize(760, 520)
    panel.show()
    yield panel, escalations
    jobs.close()


def _local_id(store: Store, model: type[Customer] | type[Order], crm_id: str) -> int:
    with store.read_session() as session:
        return int(session.scalar(select(model.id).where(model.crm_id == crm_id)) or 0)


def _entries(store: Store) -> list[OutboxEntry]:
    with store.read_session() as session:
        return list(session.scalars(select(OutboxEntry).where(OutboxEntry.entity_type == "order")))


def _loaded(qtbot: QtBot, panel: OrderEditorPanel) -> None:
    qtbot.waitUntil(lambda: panel.draft is not None and panel.body.isEnabled(), timeout=WAIT_MS)


def test_a_new_order_from_the_keyboard_with_a_crm_slot_is_saved_through_the_outbox(
    qtbot: QtBot, editor: tuple[OrderEditorPanel, Escalations], store: Store
) -> None:
    panel, _ = editor
    panel.new_order(_local_id(store, Customer, "C-1"))
    _loaded(qtbot, panel)
    assert panel.search.field.hasFocus()
    qtbot.keyClicks(panel.search.field, "bosch")  # a word inside the name
    qtbot.waitUntil(lambda: len(panel.search.model.hits) > 0, timeout=WAIT_MS)
    hit = panel.search.model.hits[0]
    qtbot.keyClick(panel.search.field, Qt.Key.Key_Return)
    qtbot.keyClick(panel.search.field, Qt.Key.Key_Return)
    assert panel.draft is not None and panel.draft.lines[0].qty == 2
    view = panel.delivery_view
    view.service.setCurrentIndex(view.service.findData("DS-OWN"))
    view.method.setCurrentIndex(view.method.findData("courier"))
    assert view.address.currentText().startswith("Москва, ул. Ленина, 10")  # the card's address
    qtbot.waitUntil(lambda: view.slot.count() > 1, timeout=WAIT_MS)  # the CRM's slots for Moscow
    view.slot.setCurrentIndex(1)
    view.payment.setCurrentIndex(view.payment.findData("card_online"))
    qtbot.keyClick(
        panel.search.field,
        Qt.Key.Key_S,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: len(_entries(store)) == 1, timeout=WAIT_MS)
    entry = _entries(store)[0]
    assert entry.operation == "create" and entry.payload["customer_id"] == "C-1"
    assert entry.payload["items"][0]["product_id"] == hit.crm_id and entry.payload["items"][0]["qty"] == 2
    assert entry.payload["delivery"]["slot_id"].startswith("DS-OWN.")
    assert entry.payload["payment"]["method"] == "card_online"
    qtbot.waitUntil(lambda: panel.sync_chip.property("state") == "pending", timeout=WAIT_MS)
    shown = "".join(ch for ch in panel.totals.text().split("=")[-1] if ch.isdigit())
    assert shown == str(hit.price * 2 + Decimal("300.00")).replace(".", "")  # exact, to the kopeck


def test_slots_say_so_when_the_crm_is_offline(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    gui = GuiThread()
    jobs = StoreJobs(deliver=gui.post)
    panel = OrderEditorPanel(store, jobs, slots=http_slots(gui, "http://127.0.0.1:9", "t"))
    qtbot.addWidget(panel)
    panel.open_order(_local_id(store, Order, "O-1"))
    _loaded(qtbot, panel)
    view = panel.delivery_view
    view.service.setCurrentIndex(view.service.findData("DS-CDEK"))
    qtbot.waitUntil(
        lambda: "CRM" in view.slot_state.text() and view.slot_state.property("warning"), timeout=WAIT_MS
    )
    jobs.close()


def test_compensation_over_the_limit_is_refused_and_can_be_escalated(
    qtbot: QtBot, editor: tuple[OrderEditorPanel, Escalations], store: Store
) -> None:
    panel, escalations = editor
    panel.open_order(_local_id(store, Order, "O-1"))
    _loaded(qtbot, panel)
    panel.discount.setValue(2000.0)  # the limit is 1500
    panel.save_button.click()
    assert "1" in panel.message.text() and panel.message.property("error")
    assert panel.escalate_button.isVisible()
    qtbot.mouseClick(panel.escalate_button, Qt.MouseButton.LeftButton)
    assert escalations.asked and escalations.asked[0][:2] == (_local_id(store, Customer, "C-1"), "high")
    assert _entries(store) == []


def test_a_status_the_order_can_no_longer_take_is_refused(
    qtbot: QtBot, editor: tuple[OrderEditorPanel, Escalations], store: Store
) -> None:
    panel, _ = editor
    order_id = _local_id(store, Order, "O-1")
    panel.open_order(order_id)
    _loaded(qtbot, panel)
    assert [panel.status_combo.itemData(i) for i in range(panel.status_combo.count())] == ["confirmed"]
    with store.session() as session, session.begin():  # the sync brought: it was shipped meanwhile
        order = session.get(Order, order_id)
        assert order is not None
        order.status = "shipped"
    panel.status_button.click()
    qtbot.waitUntil(lambda: bool(panel.message.property("error")), timeout=WAIT_MS)
    assert _entries(store) == []


def test_a_conflict_opens_both_versions_and_keeping_mine_sends_again(
    qtbot: QtBot, editor: tuple[OrderEditorPanel, Escalations], store: Store
) -> None:
    panel, _ = editor
    order_id = _local_id(store, Order, "O-1")
    panel.open_order(order_id)
    _loaded(qtbot, panel)
    panel.lines_view.cellWidget(0, 1).setValue(5)  # type: ignore[union-attr]
    panel.lines_view.cellWidget(0, 1).editingFinished.emit()  # type: ignore[union-attr]
    panel.save_button.click()
    qtbot.waitUntil(lambda: len(_entries(store)) == 1, timeout=WAIT_MS)
    theirs = s.Order.model_validate(
        {
            "id": "O-1",
            "customer_id": "C-1",
            "store_id": "S-KIDS",
            "status": "confirmed",
            "items": [
                {"product_id": "P0001", "sku": "KET-1", "name": "Чайник", "qty": 1, "price": "1290.00"}
            ],
            "payment": {"method": "cash", "status": "pending"},
            "totals": {"items_total": "1290.00", "delivery_cost": "0", "discount": "0", "total": "1290.00"},
            "version": 9,
            "created_at": "2026-01-10T09:00:00Z",
            "updated_at": "2026-01-10T10:00:00Z",
        }
    )
    with store.session() as session, session.begin():
        outbox.mark_conflict(session, _entries(store)[0].id, theirs.model_dump(mode="json"))
    qtbot.waitUntil(
        lambda: panel.conflict_dialog is not None and panel.conflict_dialog.isVisible(), timeout=WAIT_MS
    )
    dialog = panel.conflict_dialog
    assert dialog is not None
    cells = [[dialog.table.item(r, c).text() for c in range(3)] for r in range(dialog.table.rowCount())]
    assert any("× 5" in row[1] and "× 1" in row[2] for row in cells)
    qtbot.mouseClick(dialog.keep_mine, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _entries(store)[0].status == "pending", timeout=WAIT_MS)
    assert _entries(store)[0].base_version == 9


def test_items_of_a_delivered_order_are_returned_and_exchanged(
    qtbot: QtBot, editor: tuple[OrderEditorPanel, Escalations], store: Store
) -> None:
    panel, _ = editor
    panel.open_order(_local_id(store, Order, "O-2"))
    _loaded(qtbot, panel)
    assert panel.returns_button.isVisible() and not panel.save_button.isEnabled()
    panel.returns_button.click()
    dialog = panel.returns_dialog
    assert dialog is not None
    next(iter(dialog.spins.values())).setValue(1)
    dialog.reason.setText("Не тот цвет")
    dialog.exchange.setChecked(True)
    dialog._submit()
    qtbot.waitUntil(lambda: panel.draft is not None and panel.draft.base is None, timeout=WAIT_MS)
    assert panel.draft is not None and panel.draft.lines[0].product_id == "P0001"
    assert [e.operation for e in _entries(store)] == ["return"]


def test_a_change_the_crm_refuses_says_its_reason_and_edits_in_progress_stay(
    qtbot: QtBot, editor: tuple[OrderEditorPanel, Escalations], store: Store
) -> None:
    panel, _ = editor
    order_id = _local_id(store, Order, "O-1")
    panel.open_order(order_id)
    _loaded(qtbot, panel)
    panel.status_combo.setCurrentIndex(panel.status_combo.findData("confirmed"))
    panel.status_button.click()
    qtbot.waitUntil(lambda: len(_entries(store)) == 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: panel.sync_chip.property("state") == "pending", timeout=WAIT_MS)
    panel.comment.setText("перезвонить после 18:00")  # the operator goes on editing
    panel.comment.textEdited.emit(panel.comment.text())
    with store.session() as session, session.begin():
        outbox.mark_rejected(
            session, _entries(store)[0].id, "cannot change status from cancelled to confirmed", {}
        )
    qtbot.waitUntil(lambda: panel.sync_chip.property("state") == "rejected", timeout=WAIT_MS)
    assert "cancelled to confirmed" in panel.message.text() and panel.message.property("error")
    assert panel.comment.text() == "перезвонить после 18:00"
