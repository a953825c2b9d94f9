"""The whole app in the test process: ``Application`` through its real start-up steps and window.

``InProcessApp.run(scenario)`` writes a settings file, builds the composition root exactly as
``softphone.app.run`` does (``asyncio.Runner`` on a ``qasync.QEventLoop`` over the test's
``QApplication``), runs every start-up step, then the test's async ``scenario`` inside the same
running loop, and stops in the app's own order, all in one run of the loop (stopping and restarting a
qasync loop mid-test lets Qt run the app's asyncio callbacks with no loop running). The scenario uses
the parts the app built (``app.parts``: window, store, engine...) the way an operator would, through
the window, and waits with ``await app.until(...)`` (bounded).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import qasync
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from softphone.app import Application
from softphone.cli import build_parser
from softphone.settings.layered import Settings


class InProcessApp:
    def __init__(self, qapp: QApplication, home: Path, settings_toml: str = "", *args: str) -> None:
        home.mkdir(parents=True, exist_ok=True)
        self.home = home
        self.config = home / "softphone.toml"
        self.config.write_text(settings_toml, encoding="utf-8")
        self.data_dir = home / "data"
        argv = ["--config", str(self.config), "--data-dir", str(self.data_dir), *args]
        self.args = build_parser().parse_args(argv)
        qapp.setQuitOnLastWindowClosed(False)  # as softphone.app does: quitting is the app's own decision
        self.app = Application(self.args, qapp)
        self.app.settings = Settings.load(self.config)

    @property
    def parts(self) -> Any:
        return self.app.parts

    def run(self, scenario: Callable[[InProcessApp], Awaitable[None]]) -> None:
        """Start the app, run ``scenario(self)`` in its loop, stop the app (also when the scenario fails)."""

        async def whole() -> None:
            try:
                await self.app.start()
                await scenario(self)
            finally:
                await self.app.stop()

        with asyncio.Runner(loop_factory=qasync.QEventLoop) as runner:
            runner.run(whole())
        # the window's deleteLater (and its application-wide shortcuts) must not outlive this app
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    async def until(self, predicate: Callable[[], bool], timeout_s: float = 15.0, what: str = "") -> None:
        """Let the app run until ``predicate()`` holds; fail after ``timeout_s``."""
        deadline = time.monotonic() + timeout_s
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"not within {timeout_s} s: {what or predicate}")
            await asyncio.sleep(0.02)
