"""The order editor in the assembled app: a known customer calls through Kamailio about her open order;
the operator opens it from the card, changes a quantity, picks a delivery slot the CRM offers and the
payment, saves; the reference CRM's own database then holds the edited order, and the call carries the
order (``CallOrder``). A conflicting edit made on the server meanwhile opens the conflict dialog;
compensation over the limit and a status the CRM no longer allows are refused. With the CRM down for
the whole call the edit is kept and delivered once it is back, exactly once.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSpinBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from softphone.crm.link_status import LinkState
from softphone.settings.secrets import SecretStore
from softphone.store.models import Order, OutboxEntry
from softphone.ui.orders.order_editor import OrderEditorPanel
from softphone.workspace.call_context import CallOrder
from tests.conftest import MemoryKeyring
from tests.helpers.app_in_process import InProcessApp
from tests.helpers.crm_server import CrmServer, running_crm_server
from tests.helpers.kamailio import Kamailio
from tests.helpers.sip_peer import SipPeer

pytestmark = pytest.mark.sip

CALLER = "79161234567"  # Иванова Анна Сергеевна (C-DEMO-1), her open order O-DEMO-1
ORDER = "O-DEMO-1"


@pytest.fixture
def crm(tmp_path: Path) -> Iterator[CrmServer]:
    with running_crm_server(tmp_path / "crm", token="crm-token") as server:
        yield server


def settings(kamailio: Kamailio, crm: CrmServer) -> str:
    return (
        f'[sip]\nusername = "1001"\ndomain = "127.0.0.1"\nport = {kamailio.port}\nwatch_network = false\n'
        f'[crm]\nbase_url = "{crm.base_url}"\nsync_interval_s = 3600\n'
    )


def crm_order(crm: CrmServer, order_id: str = ORDER) -> dict[str, Any]:
    """The order as the CRM server's own database holds it."""
    with sqlite3.connect(crm.db_path, timeout=10) as conn:
        (data,) = conn.execute("SELECT data FROM orders WHERE id = ?", (order_id,)).fetchone()
    return dict(json.loads(data))


def order_entries(app: InProcessApp) -> list[tuple[str, str]]:
    with app.parts.store.read_session() as session:
        rows = session.scalars(
            select(OutboxEntry).where(OutboxEntry.entity_type == "order").order_by(OutboxEntry.seq)
        )
        return [(e.operation, e.status) for e in rows]


def local_order_id(app: InProcessApp) -> int:
    with app.parts.store.read_session() as session:
        return int(session.scalar(select(Order.id).where(Order.crm_id == ORDER)) or 0)


async def answer_anna(app: InProcessApp, qtbot: QtBot, peer: SipPeer, kamailio: Kamailio) -> int:
    window = app.parts.main_window
    peer_call = int(peer.cmd("call", uri=f"sip:1001@127.0.0.1:{kamailio.port}")["id"])
    await app.until(lambda: window.lines.ringing_line() is not None, 15, "ringing")
    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    await app.until(lambda: window.lines.connected_line() is not None, 15, "connected")
    card = window.workspace.card
    await app.until(
        lambda: card.details is not None and card.details.card.crm_id == "C-DEMO-1", 15, "her card"
    )
    return peer_call


async def open_her_order(app: InProcessApp, qtbot: QtBot) -> OrderEditorPanel:
    window = app.parts.main_window
    editor = app.parts.order_editor
    orders = window.workspace.card.orders
    await app.until(lambda: any(o.crm_id == ORDER for o in orders.orders), 10, "her open order on the card")
    item = next(
        orders.topLevelItem(i)
        for i in range(orders.topLevelItemCount())
        if orders.topLevelItem(i).text(0) == ORDER
    )
    rect = orders.visualItemRect(item)
    qtbot.mouseClick(orders.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.keyClick(orders, Qt.Key.Key_Return)  # Enter (or a double click) opens it in the editor
    await app.until(
        lambda: editor.draft is not None and editor.draft.base is not None, 10, "the order opened"
    )
    assert window.centre_tabs.currentWidget().widget() is editor  # the Order page (it scrolls)
    return editor


def set_qty(editor: OrderEditorPanel, row: int, qty: int) -> None:
    box = editor.lines_view.cellWidget(row, 1)
    assert isinstance(box, QSpinBox)
    box.setValue(qty)
    box.editingFinished.emit()


async def choose_delivery(app: InProcessApp, editor: OrderEditorPanel, with_slot: bool) -> None:
    view = editor.delivery_view
    view.service.setCurrentIndex(view.service.findData("DS-OWN"))
    view.method.setCurrentIndex(view.method.findData("courier"))
    if with_slot:
        await app.until(lambda: view.slot.count() > 1, 15, "the CRM's delivery slots")
        view.slot.setCurrentIndex(1)
    else:
        await app.until(lambda: bool(view.slot_state.property("warning")), 15, "slots: the CRM is offline")
    view.payment.setCurrentIndex(view.payment.findData("sbp"))


def patch_on_server(crm: CrmServer, changes: dict[str, Any]) -> None:
    version = crm_order(crm)["version"]
    reply = httpx.patch(
        f"{crm.api_url}/orders/{ORDER}", json=changes, headers={**crm.headers, "If-Match": f'"{version}"'}
    )
    reply.raise_for_status()


@pytest.mark.parametrize("crm_down", [False, True], ids=["crm-online", "crm-down-during-the-call"])
def test_the_operator_edits_the_callers_order_and_the_crm_gets_it(
    qtbot: QtBot,
    run_app: Callable[..., InProcessApp],
    kamailio: Kamailio,
    peer_factory: Callable[[str], SipPeer],
    crm: CrmServer,
    memory_keyring: MemoryKeyring,
    crm_down: bool,
) -> None:
    SecretStore().put(SecretStore.sip_key("1001", "127.0.0.1"), "1001pw")
    SecretStore().put(SecretStore.crm_key(crm.base_url), "crm-token")
    anna = peer_factory("anna")
    before = crm_order(crm)

    async def scenario(app: InProcessApp) -> None:
        window, status = app.parts.main_window, app.parts.link_status
        await app.until(lambda: window.registration.label.text() == "Registered", 20, "registered")
        await app.until(lambda: status.snapshot.state == LinkState.ONLINE, 60, "first CRM sync")
        anna.register(CALLER, kamailio.port)
        if crm_down:
            await asyncio.to_thread(crm.stop)
        peer_call = await answer_anna(app, qtbot, anna, kamailio)
        editor = await open_her_order(app, qtbot)
        qty = before["items"][0]["qty"] + 2
        set_qty(editor, 0, qty)
        await choose_delivery(app, editor, with_slot=not crm_down)
        qtbot.keyClick(
            editor.search.field,
            Qt.Key.Key_S,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
        await app.until(lambda: order_entries(app) != [], 10, "saved with its outbox entry")
        call = window.lines.connected_line()
        assert call is not None
        linked = call.attached(CallOrder)
        assert linked is not None and linked.order_id == local_order_id(app) and linked.crm_id == ORDER
        qtbot.keyClick(window, Qt.Key.Key_F6)  # the operator hangs up
        await app.until(lambda: window.lines.live_lines() == [], 15, "call ended")
        anna.wait("state", id=peer_call, state="DISCONNECTED", timeout=10)
        if crm_down:
            assert order_entries(app) == [("update", "pending")]  # kept while the CRM is away
            assert editor.sync_chip.property("state") == "pending"
            await asyncio.to_thread(crm.start)
        await app.until(lambda: order_entries(app) == [("update", "delivered")], 60, "delivered")
        await app.until(lambda: editor.sync_chip.property("state") == "synced", 10, "shown as in the CRM")
        doc = await asyncio.to_thread(crm_order, crm)
        assert doc["items"][0]["qty"] == qty and doc["payment"]["method"] == "sbp"
        assert doc["delivery"]["service_id"] == "DS-OWN"
        assert (doc["delivery"]["slot_id"] is not None) is (not crm_down)
        assert doc["version"] == before["version"] + 1  # exactly once
        if crm_down:
            return

        # a conflicting edit on the server meanwhile: the dialog shows both versions
        await asyncio.to_thread(
            patch_on_server, crm, {"items": [{"product_id": before["items"][0]["product_id"], "qty": 1}]}
        )
        set_qty(editor, 0, qty + 1)
        editor.save_button.click()
        await app.until(
            lambda: editor.conflict_dialog is not None and editor.conflict_dialog.isVisible(), 30, "conflict"
        )
        dialog = editor.conflict_dialog
        assert dialog is not None
        cells = [
            dialog.table.item(r, 1).text() + " | " + dialog.table.item(r, 2).text()
            for r in range(dialog.table.rowCount())
        ]
        assert any(f"× {qty + 1}" in c and "× 1" in c for c in cells)
        qtbot.mouseClick(dialog.keep_mine, Qt.MouseButton.LeftButton)
        await app.until(
            lambda: all(s != "conflict" and s != "pending" for _, s in order_entries(app)), 30, "re-sent"
        )
        doc = await asyncio.to_thread(crm_order, crm)
        assert doc["items"][0]["qty"] == qty + 1

        # compensation over the operator's limit (1500 RUB): refused, escalation offered, nothing queued
        entries = order_entries(app)
        editor.discount.setValue(2000.0)
        editor.save_button.click()
        assert editor.message.property("error") and editor.escalate_button.isVisible()
        assert order_entries(app) == entries

        # a status the CRM no longer allows: it cancelled the order meanwhile (the sync brings it)
        httpx.post(
            f"{crm.api_url}/orders/{ORDER}/cancel", json={"reason": "клиент передумал"}, headers=crm.headers
        ).raise_for_status()
        editor.discount.setValue(0.0)
        app.parts.crm_link.sync.request_sync()
        await app.until(lambda: _local_status(app) == "cancelled", 30, "the sync brought the cancellation")
        editor.status_combo.setCurrentIndex(editor.status_combo.findData("confirmed"))
        editor.status_button.click()
        await app.until(lambda: bool(editor.message.property("error")), 10, "refused")
        assert order_entries(app) == entries

    run_app(settings(kamailio, crm), scenario)


def _local_status(app: InProcessApp) -> str:
    with app.parts.store.read_session() as session:
        return str(session.scalar(select(Order.status).where(Order.crm_id == ORDER)))
