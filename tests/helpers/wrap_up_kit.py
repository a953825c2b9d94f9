"""Wrapping a call up in the assembled app's window, as the operator does: pick the result in the
wrap-up form (middle column), type a note, press Ctrl+Shift+Return."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.helpers.app_in_process import InProcessApp
from tests.helpers.crm_server import CrmServer


async def wrap_up(app: InProcessApp, qtbot: QtBot, disposition: str, note: str = "") -> None:
    form = app.parts.wrap_up_form
    assert form is not None
    await app.until(form.isVisible, 15, "the wrap-up form")
    await app.until(lambda: form.disposition.findData(disposition) > 0, 10, "the CRM's dispositions")
    form.disposition.setCurrentIndex(form.disposition.findData(disposition))
    if note:
        form.notes.setPlainText(note)
    qtbot.keyClick(
        app.parts.main_window,
        Qt.Key.Key_Return,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    await app.until(lambda: not form.isVisible(), 10, "the wrap-up finished")


def crm_rows(crm: CrmServer, sql: str, *params: Any) -> list[dict[str, Any]]:
    """JSON documents straight from the CRM server's own database."""
    with sqlite3.connect(crm.db_path, timeout=10) as conn:
        return [json.loads(r[0]) for r in conn.execute(sql, params).fetchall()]


def set_crm_operator(crm: CrmServer, **changes: Any) -> None:
    """Change the seeded operator in the CRM's database (its ACW policy, reasons...)."""
    with sqlite3.connect(crm.db_path, timeout=10) as conn:
        operator = json.loads(conn.execute("SELECT data FROM refdata WHERE kind = 'operator'").fetchone()[0])
        operator.update(changes)
        conn.execute("UPDATE refdata SET data = ? WHERE kind = 'operator'", (json.dumps(operator),))
