"""Store work off the GUI thread: one worker thread runs database jobs in order.

The GUI must never wait on SQLite (a sync batch may hold the write lock for a while), so UI code
submits a job and gets its result back through a callback. ``StoreJobs`` is Qt-free: the
composition root gives it ``deliver``, which carries the callback to the GUI thread
(``GuiThread.post``); tests may pass a direct call.

A job that raises delivers the exception to ``on_error`` (or logs it); jobs never pile up unbounded:
``submit`` refuses work after ``close``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Protocol, TypeVar

log = logging.getLogger(__name__)
R = TypeVar("R")
Deliver = Callable[[Callable[[], Any]], None]


class JobRunner(Protocol):
    """What UI code and the workspace need of ``StoreJobs`` (tests may pass their own)."""

    def submit(
        self,
        job: Callable[[], Any],
        on_done: Callable[[Any], Any] | None = ...,
        on_error: Callable[[BaseException], Any] | None = ...,
        what: str = ...,
    ) -> Any: ...


class StoreJobs:
    def __init__(self, deliver: Deliver, thread_name: str = "store-jobs") -> None:
        self._deliver = deliver
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=thread_name)
        self._closed = False

    def submit(
        self,
        job: Callable[[], R],
        on_done: Callable[[R], Any] | None = None,
        on_error: Callable[[BaseException], Any] | None = None,
        what: str = "store job",
    ) -> Future[R] | None:
        """Run ``job()`` on the worker; ``on_done(result)`` / ``on_error(exc)`` come back via ``deliver``."""
        if self._closed:
            log.warning("%s not run: the store is closing", what)
            return None
        future = self._pool.submit(job)

        def finished(done: Future[R]) -> None:
            exc = done.exception()
            if exc is not None:
                log.error("%s failed: %s", what, exc.__class__.__name__, exc_info=exc)
                if on_error is not None:
                    self._deliver(lambda: on_error(exc))
            elif on_done is not None:
                result = done.result()
                self._deliver(lambda: on_done(result))

        future.add_done_callback(finished)
        return future

    def close(self) -> None:
        """Finish the queued jobs (each one short transaction) and stop the worker."""
        self._closed = True
        self._pool.shutdown(wait=True, cancel_futures=False)
