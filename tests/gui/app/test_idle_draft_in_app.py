"""Typed while idle, kept through a call, in the assembled app (Kamailio, a pjsua2 peer, the reference
CRM): the new customer being filled in survives a ringing call's screen-pop, is offered back after the
call ended, and reaches the CRM once saved."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.conftest import MemoryKeyring
from tests.helpers.app_in_process import InProcessApp
from tests.helpers.crm_server import CrmServer, running_crm_server
from tests.helpers.kamailio import Kamailio
from tests.helpers.sip_peer import SipPeer

from .test_screen_pop_in_app import TOKEN, crm_get, hang_up, ready, ring_from, settings

pytestmark = pytest.mark.sip


@pytest.fixture
def crm_server(tmp_path: Path) -> Iterator[CrmServer]:
    with running_crm_server(tmp_path / "crm", token=TOKEN) as server:
        yield server


def test_a_new_customer_typed_while_idle_survives_a_ringing_call(
    qtbot: QtBot,
    run_app: Callable[..., InProcessApp],
    kamailio: Kamailio,
    peer_factory: Callable[[str], SipPeer],
    crm_server: CrmServer,
    memory_keyring: MemoryKeyring,
) -> None:
    peer = peer_factory("customer")

    async def scenario(app: InProcessApp) -> None:
        window = await ready(app)
        workspace, card, form = window.workspace, window.workspace.card, window.workspace.form
        qtbot.mouseClick(workspace.new_button, Qt.MouseButton.LeftButton)
        assert workspace.pages.currentWidget() is form
        form.name_edit.insert("Кузнецова Мария")  # pasted: QTest types Latin-1 only
        qtbot.keyClicks(form.phone_rows[0][0], "+7 905 111-22-33")
        qtbot.keyClicks(form.email_edit, "maria@example.ru")
        form.notes_edit.setPlainText("Хочет каталог к осени")

        peer_call = await ring_from(app, peer, "+79161234567", kamailio)
        await app.until(lambda: workspace.pages.currentWidget() is card and card.isVisible(), what="the card")
        assert card.name_label.text() == "Иванова Анна Сергеевна"  # the caller at once, while it rings
        bar = workspace.draft_bar
        assert bar.isVisible() and [b.text() for b in bar.buttons.values()] == [
            "Back to new customer «Кузнецова Мария» (unsaved)"
        ]
        qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        await app.until(lambda: window.lines.connected_line() is not None, what="answered")
        await hang_up(app, peer, peer_call)
        assert workspace.pages.currentWidget() is card and bar.isVisible()  # offered back, not dropped

        qtbot.mouseClick(next(iter(bar.buttons.values())), Qt.MouseButton.LeftButton)
        assert workspace.pages.currentWidget() is form and not bar.isVisible()
        assert form.name_edit.text() == "Кузнецова Мария"
        assert form.phone_rows[0][0].text() == "+7 905 111-22-33"
        assert form.email_edit.text() == "maria@example.ru"
        assert form.notes_edit.toPlainText() == "Хочет каталог к осени"
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        await app.until(lambda: card.name_label.text() == "Кузнецова Мария", what="the new customer's card")

        def in_crm() -> list[Any]:
            return list(crm_get(crm_server, "/customers", phone="+79051112233")["items"])

        await app.until(lambda: bool(in_crm()), 30, "the new customer in the CRM")
        assert in_crm()[0]["name"] == "Кузнецова Мария" and in_crm()[0]["email"] == "maria@example.ru"

    run_app(settings(kamailio, crm_server), scenario)
