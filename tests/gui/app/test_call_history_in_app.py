"""Recent calls in the assembled app: every answered, rejected and cancelled call is recorded by the
app's own wiring (not a recorder a test built), shown in the window, and still there after a restart."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from softphone.settings.secrets import SecretStore
from tests.helpers.app_in_process import InProcessApp
from tests.helpers.kamailio import Kamailio
from tests.helpers.sip_peer import SipPeer

pytestmark = pytest.mark.sip


def operator_settings(kamailio: Kamailio) -> str:
    return f'[sip]\nusername = "1001"\ndomain = "127.0.0.1"\nport = {kamailio.port}\nwatch_network = false\n'


def history_rows(app: InProcessApp) -> int:
    return int(app.parts.main_window.history.topLevelItemCount())


def test_five_calls_leave_five_rows_shown_and_kept_after_a_restart(
    qtbot: QtBot,
    run_app: Callable[..., InProcessApp],
    kamailio: Kamailio,
    peer_factory: Callable[[str], SipPeer],
) -> None:
    SecretStore().put(SecretStore.sip_key("1001", "127.0.0.1"), "1001pw")
    bob = peer_factory("bob")
    uri = f"sip:1001@127.0.0.1:{kamailio.port}"

    async def five_calls(app: InProcessApp) -> None:
        window = app.parts.main_window
        gui_thread_sql: list[str] = []

        def on_sql(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
            if threading.current_thread() is threading.main_thread():
                gui_thread_sql.append(statement)

        event.listen(app.parts.store.engine, "before_cursor_execute", on_sql)
        await app.until(lambda: window.registration.label.text() == "Registered", what="registered")
        bob.register("1002", kamailio.port)
        bob.cmd("policy", incoming="answer")

        async def ring() -> int:
            peer_call = int(bob.cmd("call", uri=uri)["id"])
            await app.until(lambda: window.lines.ringing_line() is not None, what="ringing")
            return peer_call

        async def ended(what: str) -> None:
            await app.until(lambda: window.lines.live_lines() == [], what=what)

        # 1-2: answered with the keyboard, then hung up by the caller / by the operator (F6)
        for operator_hangs_up in (False, True):
            peer_call = await ring()
            qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
            await app.until(lambda: window.lines.connected_line() is not None, what="connected")
            if operator_hangs_up:
                qtbot.keyClick(window, Qt.Key.Key_F6)
            else:
                bob.cmd("hangup", id=peer_call)
            await ended("answered call ended")
        # 3: rejected by the operator with the card's button
        await ring()
        line = window.lines.ringing_line()
        assert line is not None
        qtbot.mouseClick(window.calls.widgets[line.call_id].reject_button, Qt.MouseButton.LeftButton)
        await ended("rejected")
        # 4: the caller gives up while it rings
        bob.cmd("hangup", id=await ring())
        await ended("cancelled")
        # 5: an outgoing call the peer answers, hung up by the operator
        window.call_back("1002")
        await app.until(lambda: window.lines.connected_line() is not None, what="outgoing connected")
        qtbot.keyClick(window, Qt.Key.Key_F6)
        await ended("outgoing ended")
        await app.until(lambda: history_rows(app) == 5, what="five rows in Recent calls")
        rows = await asyncio.to_thread(app.parts.call_history.recent, 10)
        outcomes = sorted(r.outcome for r in rows)
        assert outcomes == ["answered", "answered", "answered", "cancelled", "declined"]
        assert sorted(r.direction for r in rows) == ["inbound"] * 4 + ["outbound"]
        event.remove(app.parts.store.engine, "before_cursor_execute", on_sql)
        assert gui_thread_sql == []  # recording and showing calls never ran SQL on the GUI thread

    first = run_app(operator_settings(kamailio), five_calls)

    async def after_restart(app: InProcessApp) -> None:
        await app.until(lambda: history_rows(app) == 5, what="rows after a restart")
        last = app.parts.main_window.dialer.last_dialled
        assert last is not None and last.target == "1002"  # redial is seeded from the recorded history

    run_app(operator_settings(kamailio), after_restart, home=first.home)
