"""The composition root: builds every part, wires them, starts them in order and stops them in reverse.

Nothing else in softphone reaches for a global; every object gets its dependencies here.
Start-up is a list of named, logged steps; each step may register how to undo itself, and
shutdown runs those in reverse order. The order that matters most is the SIP engine's:
the UI lets go of calls first, then the engine hangs up, drops its pjsua2 objects and
destroys the library (see PLATFORM-FACTS), and only then do the store and child processes go.

asyncio runs inside Qt through ``asyncio.Runner(loop_factory=qasync.QEventLoop)``.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import platformdirs
import qasync
from PySide6.QtWidgets import QApplication

from softphone import __version__
from softphone.logging_setup import configure_logging
from softphone.parts import Parts
from softphone.settings.layered import Settings, SettingsError
from softphone.sip.owner_loop import prefer_prompt_thread_switches
from softphone.startup_memory import release_start_up_memory
from softphone.ui.diagnostics import start_busy_gui_if_asked

log = logging.getLogger("softphone.app")

Undo = Callable[[], Awaitable[None] | None]
WORKER_THREADS = 2


class Application:
    """Owns the running app's parts and their lifecycle."""

    def __init__(self, args: argparse.Namespace, qt_app: QApplication) -> None:
        self.args = args
        self.qt_app = qt_app
        self.data_dir: Path = args.data_dir or Path(platformdirs.user_data_dir("softphone", appauthor=False))
        self._undo: list[tuple[str, Undo]] = []
        self._tasks: set[asyncio.Task[Any]] = set()
        self.settings: Settings
        self.parts = Parts()
        self.request_quit: Callable[[], None] = qt_app.quit  # replaced by the running loop's quit event

    # ----- lifecycle -------------------------------------------------------------------------
    async def start(self) -> None:
        from softphone import wiring  # the steps live in their own module to keep this one short

        begun = time.monotonic()
        for name, step in wiring.startup_steps(self):
            step_begun = time.monotonic()
            log.info("start-up: %s", name)
            try:
                undo = step()
                if asyncio.iscoroutine(undo):
                    undo = await undo
            except StartupError:
                raise
            except Exception as exc:
                log.exception("start-up step %s failed", name)
                raise StartupError(f"{name}: {exc}") from exc
            if undo is not None:
                self._undo.append((name, undo))
            log.debug("start-up: %s done in %.0f ms", name, (time.monotonic() - step_begun) * 1000)
        release_start_up_memory()
        log.info("softphone %s started in %.0f ms", __version__, (time.monotonic() - begun) * 1000)

    async def stop(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.wait(self._tasks, timeout=5)
        while self._undo:
            name, undo = self._undo.pop()
            log.info("shutdown: %s", name)
            try:
                result = undo()
                if asyncio.iscoroutine(result):
                    await asyncio.wait_for(result, timeout=15)
            except Exception:  # keep going: the later steps (SIP, store) matter more
                log.exception("shutdown step %s failed", name)
        log.info("softphone stopped")

    def keep_task(self, coro: Awaitable[Any], name: str) -> asyncio.Task[Any]:
        """Run a background coroutine and keep a reference so it is not garbage-collected."""
        task = asyncio.ensure_future(coro)
        task.set_name(name)
        self._tasks.add(task)

        def done(finished: asyncio.Task[Any]) -> None:
            self._tasks.discard(finished)
            if not finished.cancelled() and finished.exception() is not None:
                log.error("background task %s failed", name, exc_info=finished.exception())

        task.add_done_callback(done)
        return task


async def _run_until_quit(application: Application) -> int:
    """Start, wait for a quit request, then stop while the loop is still running.

    Qt's own ``quit()`` would end the qasync loop before the async shutdown steps run, so every
    way out (last window closed, SIGINT/SIGTERM, ``--exit-after``) only sets ``quitting``; the
    Qt application is told to quit after ``stop()`` has finished."""
    loop = asyncio.get_running_loop()
    # asyncio.to_thread's workers: store and parsing work of sync and delivery, one or two at a time
    # (SQLite serialises writers). The default pool grows to 6 threads, each keeping the stack pages
    # deep library calls touched.
    loop.set_default_executor(ThreadPoolExecutor(max_workers=WORKER_THREADS, thread_name_prefix="io-worker"))
    quitting = asyncio.Event()
    application.request_quit = quitting.set
    qt_app = application.qt_app
    qt_app.setQuitOnLastWindowClosed(False)
    qt_app.lastWindowClosed.connect(quitting.set)
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, quitting.set)
        except (NotImplementedError, RuntimeError):  # Windows, or a loop without signal support
            signal.signal(sig, lambda *_: loop.call_soon_threadsafe(quitting.set))
    exit_code = 0
    try:
        await application.start()
        if application.args.exit_after is not None:
            loop.call_later(application.args.exit_after, quitting.set)
        await quitting.wait()
    except StartupError as exc:
        log.error("start-up failed: %s", exc)
        exit_code = 2
    finally:
        await application.stop()
    return exit_code


class StartupError(Exception):
    """A part could not start; the message is for the operator or IT."""


def run(args: argparse.Namespace) -> int:
    """Start the app with parsed command-line arguments; returns the process exit code."""
    log_file = configure_logging(args.log_level)
    log.info("softphone %s, Python %s, log file %s", __version__, sys.version.split()[0], log_file)
    try:
        settings = Settings.load(args.config)
    except SettingsError as exc:
        log.error("%s", exc)
        print(f"softphone: {exc}", file=sys.stderr)
        from softphone.ui.settings.config_error import display_usable, show_settings_error

        if args.exit_after is None and display_usable():  # started from a menu, stderr is unseen
            show_settings_error(exc)
        return 2
    prefer_prompt_thread_switches()
    qt_app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(qt_app, QApplication)
    qt_app.setApplicationName("softphone")
    qt_app.setApplicationVersion(__version__)
    qt_app.setOrganizationName("softphone")
    application = Application(args, qt_app)
    application.settings = settings
    start_busy_gui_if_asked(qt_app)  # benchmarks only (SOFTPHONE_BENCH_BUSY_GUI)
    with asyncio.Runner(loop_factory=qasync.QEventLoop) as runner:
        return runner.run(_run_until_quit(application))
