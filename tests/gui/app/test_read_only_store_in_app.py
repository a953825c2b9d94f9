"""A read-only local store is said in the window at start-up, not only when the first edit fails."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from softphone.store.db import open_store
from tests.helpers.app_in_process import InProcessApp


@pytest.fixture
def read_only_store(tmp_path: Path) -> Iterator[Path]:
    """An existing store file the app's user cannot write: read-only permissions, or for root (whom
    permissions do not stop) the immutable attribute, taken off again afterwards."""
    home = tmp_path / "home"
    path = home / "data" / "softphone.sqlite3"
    open_store(path).close()
    if os.geteuid() == 0:
        made = subprocess.run(["chattr", "+i", str(path)], capture_output=True, timeout=10)
        if made.returncode != 0:
            pytest.skip(f"cannot make a read-only file here: {made.stderr.decode(errors='replace')}")
        try:
            yield home
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True, timeout=10)
    else:
        path.chmod(0o444)
        yield home
        path.chmod(0o644)


def test_read_only_store_is_said_in_the_window_at_start_up(
    qtbot: QtBot, run_app: Callable[..., InProcessApp], read_only_store: Path
) -> None:
    async def look(app: InProcessApp) -> None:
        assert app.parts.store_read_only is not None
        notice = app.parts.main_window.findChild(QLabel, "read_only_store_notice")
        assert notice is not None and notice.isVisible()
        assert "read-only" in notice.text()
        assert "softphone.sqlite3" in notice.toolTip()

    run_app("[sip]\nwatch_network = false\n", look, home=read_only_store)


def test_writable_store_shows_no_notice(qtbot: QtBot, run_app: Callable[..., InProcessApp]) -> None:
    async def look(app: InProcessApp) -> None:
        assert app.parts.store_read_only is None
        assert app.parts.main_window.findChild(QLabel, "read_only_store_notice") is None

    run_app("[sip]\nwatch_network = false\n", look)
