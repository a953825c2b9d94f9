"""Screen-pop in the assembled app, with Kamailio, a pjsua2 peer and the reference CRM: the caller's
card (orders, history, the dialled shop) is on screen while the phone still rings; an unknown caller
becomes a new customer in the CRM; a shared number offers the chooser; with the CRM offline the card
comes from the local store and an edit reaches the CRM once it is back."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from softphone.crm.link_status import LinkState
from softphone.settings.secrets import SecretStore
from softphone.workspace.call_context import CallCustomer, CallStore, CustomerMatch
from softphone.workspace.screen_pop import CallCard, CrmFreshness
from tests.conftest import MemoryKeyring
from tests.helpers.app_in_process import InProcessApp
from tests.helpers.crm_server import CrmServer, running_crm_server
from tests.helpers.kamailio import Kamailio
from tests.helpers.sip_peer import SipPeer

pytestmark = pytest.mark.sip
TOKEN = "screen-pop-token"


@pytest.fixture
def crm_server(tmp_path: Path) -> Iterator[CrmServer]:
    with running_crm_server(tmp_path / "crm", token=TOKEN) as server:
        yield server


def settings(kamailio: Kamailio, crm: CrmServer) -> str:
    SecretStore().put(SecretStore.sip_key("1001", "127.0.0.1"), "1001pw")
    SecretStore().put(SecretStore.crm_key(crm.base_url), TOKEN)
    return (
        f'[sip]\nusername = "1001"\ndomain = "127.0.0.1"\nport = {kamailio.port}\nwatch_network = false\n'
        f'[crm]\nbase_url = "{crm.base_url}"\nsync_interval_s = 3600\n[ui]\nlanguage = "en"\n'
    )


async def ready(app: InProcessApp) -> Any:
    window = app.parts.main_window
    await app.until(lambda: window.registration.label.text() == "Registered", 20, "registered")
    await app.until(lambda: app.parts.link_status.snapshot.state == LinkState.ONLINE, 60, "first sync")
    return window


async def ring_from(app: InProcessApp, peer: SipPeer, number: str, kamailio: Kamailio, **headers: str) -> int:
    peer.register(number, kamailio.port)
    ack = peer.cmd("call", uri=f"sip:1001@127.0.0.1:{kamailio.port}", headers=headers)
    await app.until(lambda: app.parts.main_window.lines.ringing_line() is not None, what="ringing")
    return int(ack["id"])


async def hang_up(app: InProcessApp, peer: SipPeer, peer_call: int) -> None:
    peer.cmd("hangup", id=peer_call)
    await app.until(lambda: app.parts.main_window.lines.live_lines() == [], what="call ended")


def crm_get(crm: CrmServer, path: str, **params: Any) -> Any:
    reply = httpx.get(f"{crm.api_url}{path}", params=params, headers=crm.headers, timeout=10)
    reply.raise_for_status()
    return reply.json()


def test_known_unknown_and_shared_callers_while_the_phone_rings(
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
        workspace, card = window.workspace, window.workspace.card

        # a known customer calls the kids' shop line, forwarded by the PBX (Diversion)
        peer_call = await ring_from(
            app, peer, "+79161234567", kamailio, Diversion="<sip:+74957778899@127.0.0.1>;reason=unconditional"
        )
        line = window.lines.ringing_line()
        await app.until(lambda: workspace.pages.currentWidget() is card and card.isVisible(), what="the card")
        assert card.name_label.text() == "Иванова Анна Сергеевна"
        assert card.orders.topLevelItem(0).text(0) == "O-DEMO-1"  # the open order first
        assert card.banner.text() == "Детский Мир Онлайн" and card.banner.isVisible()
        call_line = window.calls.widgets[line.call_id]
        assert call_line.shop_banner.text() == "Детский Мир Онлайн" and call_line.shop_banner.isVisible()
        assert call_line.name_label.text() == "Иванова Анна Сергеевна"
        # the CRM's answer brings the history the changes feed does not carry
        await app.until(
            lambda: any(
                "Chat" in card.timeline.topLevelItem(i).text(1)
                for i in range(card.timeline.topLevelItemCount())
            ),
            what="history from the CRM",
        )
        assert line.attached(CallCard).crm == CrmFreshness.FRESH  # type: ignore[union-attr]
        assert window.lines.ringing_line() is line  # all of it before anyone answered
        qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        await app.until(lambda: window.lines.connected_line() is not None, what="answered")
        await hang_up(app, peer, peer_call)
        assert card.name_label.text() == "Иванова Анна Сергеевна"  # stays for the after-call work

        # an unknown number: the form, prefilled; saved through the outbox into the CRM
        peer_call = await ring_from(
            app, peer, "+79990001122", kamailio, **{"P-Called-Party-ID": "<sip:+74952223344@127.0.0.1>"}
        )
        form = workspace.form
        await app.until(lambda: workspace.pages.currentWidget() is form, what="new-customer form")
        assert form.phone_rows[0][0].text() == "+7 999 000-11-22"
        assert window.calls.widgets[window.lines.ringing_line().call_id].shop_banner.text() == "ТехноДом"
        form.name_edit.insert("Сидоров Иван Петрович")  # pasted: QTest types Latin-1 only
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        await app.until(lambda: workspace.pages.currentWidget() is card, what="the new customer's card")
        assert card.name_label.text() == "Сидоров Иван Петрович"
        customer = window.lines.ringing_line().attached(CallCustomer)
        assert customer.match == CustomerMatch.CHOSEN and customer.phone_e164 == "+79990001122"

        def in_crm() -> list[Any]:
            return list(crm_get(crm_server, "/customers", phone="+79990001122")["items"])

        await app.until(lambda: bool(in_crm()), 30, "the new customer in the CRM")
        assert in_crm()[0]["name"] == "Сидоров Иван Петрович"
        await hang_up(app, peer, peer_call)

        # a number two customers share: the chooser
        peer_call = await ring_from(app, peer, "+74957654321", kamailio)
        chooser = workspace.chooser
        await app.until(lambda: workspace.pages.currentWidget() is chooser, what="the chooser")
        names = [chooser.list.item(i).text().splitlines()[0] for i in range(chooser.list.count())]
        assert sorted(names) == ["Петров Сергей Николаевич", "Петрова Елена Андреевна"]
        row = next(i for i, name in enumerate(names) if name.startswith("Петрова"))
        chooser.list.setCurrentRow(row)
        qtbot.mouseClick(chooser.choose_button, Qt.MouseButton.LeftButton)
        await app.until(lambda: workspace.pages.currentWidget() is card, what="the chosen card")
        assert card.name_label.text() == "Петрова Елена Андреевна"
        assert window.lines.ringing_line().attached(CallCustomer).match == CustomerMatch.CHOSEN
        await hang_up(app, peer, peer_call)

    run_app(settings(kamailio, crm_server), scenario)


def test_with_the_crm_offline_the_card_is_local_and_an_edit_arrives_later(
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
        workspace, card = window.workspace, window.workspace.card
        await asyncio.to_thread(crm_server.stop)  # the CRM is gone for the whole call
        peer_call = await ring_from(app, peer, "+79031112233", kamailio, Diversion="<tel:+78001002030>")
        line = window.lines.ringing_line()
        await app.until(lambda: workspace.pages.currentWidget() is card, what="the card")
        assert card.name_label.text() == "Петров Сергей Николаевич"
        assert card.orders.topLevelItem(0).text(0) == "O-DEMO-3"
        await app.until(
            lambda: line.attached(CallCard).crm == CrmFreshness.UNAVAILABLE, 30, "the CRM said unreachable"
        )
        assert "CRM cannot be reached" in card.note.text() and card.note.isVisible()
        assert line.attached(CallStore).name == "ТехноДом"  # type: ignore[union-attr]
        qtbot.mouseClick(card.edit_button, Qt.MouseButton.LeftButton)
        form = workspace.form
        await app.until(lambda: workspace.pages.currentWidget() is form, what="edit form")
        form.notes_edit.setPlainText("Перезвонить после 18:00")
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        await app.until(
            lambda: card.notes_label.text() == "Перезвонить после 18:00", what="the edit on the card"
        )
        assert workspace.pages.currentWidget() is card and "wait for the CRM" in card.note.text()
        await hang_up(app, peer, peer_call)

        await asyncio.to_thread(crm_server.start)  # back: the outbox delivers the edit
        await app.until(
            lambda: crm_get(crm_server, "/customers/C-DEMO-2")["notes"] == "Перезвонить после 18:00",
            60,
            "the edit in the CRM",
        )

    run_app(settings(kamailio, crm_server), scenario)


def test_a_masked_operator_sees_masked_data_until_the_crm_reveals_it(
    qtbot: QtBot,
    run_app: Callable[..., InProcessApp],
    kamailio: Kamailio,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
) -> None:
    with running_crm_server(
        tmp_path / "masked-crm", token=TOKEN, extra_args=["--masked-personal-data"]
    ) as crm:

        async def scenario(app: InProcessApp) -> None:
            window = await ready(app)
            card = window.workspace.card
            qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
            qtbot.keyClicks(window.search, "anna.ivanova@")
            await app.until(lambda: bool(window.search.hits), what="search hits")
            qtbot.keyClick(window.search, Qt.Key.Key_Return)
            await app.until(lambda: card.details is not None and card.isVisible(), what="the card")
            assert card.name_label.text() == "Иванова Анна Сергеевна"
            assert card.phone_buttons[0].text() == "☎ +7 *** ***-**-67"
            assert card.email_label.text() == "a***@mail.ru" and card.address_label.text() == "Москва, ***"
            assert card.show_button.isVisible()
            qtbot.mouseClick(card.show_button, Qt.MouseButton.LeftButton)
            await app.until(lambda: card.email_label.text() == "anna.ivanova@mail.ru", what="revealed")
            assert card.phone_buttons[0].text() == "☎ +7 916 123-45-67"
            assert card.address_label.text() == "Москва, ул. Ленина, 10, кв. 25"
            assert not card.show_button.isVisible()

        run_app(settings(kamailio, crm), scenario)
        with sqlite3.connect(crm.db_path) as db:
            assert db.execute("SELECT customer_id FROM reveals").fetchall() == [("C-DEMO-1",)]
