"""The one way back to the GUI thread, for every core source (SIP engine, CRM link, store jobs).

The core is Qt-free and calls plain callbacks on whatever thread it runs on: the pjsua2 owner
thread, a store worker thread, the asyncio loop. The composition root wraps those callbacks with
``GuiThread.wrap`` (or posts with ``GuiThread.post``), so the UI code behind them always runs on the
GUI thread, in the order the calls were made, and asserts that it does (``assert_gui_thread``).
Like Picard's ``to_main`` / Blink's ``run_in_gui_thread``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, ParamSpec

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot

log = logging.getLogger(__name__)
P = ParamSpec("P")


def assert_gui_thread() -> None:
    """Fail loudly when UI code runs off the GUI thread (a missing ``GuiThread.wrap``)."""
    app = QCoreApplication.instance()
    assert app is not None and QThread.currentThread() is app.thread(), "must run on the GUI thread"


class GuiThread(QObject):
    """Hands calls over to the thread this object lives on (create it on the GUI thread)."""

    _posted = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._posted.connect(self._run, Qt.ConnectionType.QueuedConnection)

    def post(self, fn: Callable[[], Any]) -> None:
        """Run ``fn()`` on the GUI thread soon; safe from any thread, never blocks."""
        self._posted.emit(fn)

    def wrap(self, fn: Callable[P, Any]) -> Callable[P, None]:
        """A callback for a core source: each call is carried out by ``fn`` on the GUI thread."""

        def handed_over(*args: P.args, **kwargs: P.kwargs) -> None:
            self._posted.emit(lambda: fn(*args, **kwargs))

        return handed_over

    @Slot(object)
    def _run(self, fn: Callable[[], Any]) -> None:
        assert QThread.currentThread() is self.thread(), "queued call ran off the GUI thread"
        try:
            fn()
        except Exception:  # one failing handler must not stop the events behind it
            log.exception("handler on the GUI thread failed")
