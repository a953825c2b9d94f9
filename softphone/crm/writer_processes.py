"""``ProcessPageWriter``: feed pages validated and written by child processes (see ``page_writers``).

A first sync validates and writes 300,000 entities. In the app's own process that work holds the GIL
in long C calls (pydantic-core, sqlite) and the window's loop stalls; in child processes it holds
nothing of ours, and two children use two cores: one validates page N+1 while the other writes
page N. Pages are written strictly in order: a page is sent to an idle child, which validates it and
says so; the app tells the child holding the oldest unwritten page to write it once the page before
it is written. Each write is one transaction of the page and its cursor, done only if the store's
cursor is still the one the page follows (``SyncTarget.apply_page``).

The children are the app's: started on the first page (``command``, e.g. ``python -m
softphone.store.sync_worker STORE``), ended by ``close()`` (their stdin is closed and they exit; one
that does not within ``stop_grace_s`` is killed), and they exit by themselves when the app's process
is gone (end of their stdin). A child that dies is replaced and its page sent again (at most
``max_restarts`` times per writer): if it died after its commit, the cursor check finds the page
written and it is not applied twice. Each child has two I/O threads here (blocking pipe I/O), which
hand its replies to the asyncio loop with ``call_soon_threadsafe``.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
import queue
import subprocess
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from softphone.child_process import stop_child
from softphone.crm.errors import CrmProtocolError
from softphone.crm.page_writers import BadRecord, PageReport, PageTicket, SyncStoreError, fail_ticket
from softphone.crm.writer_wire import WireClosed, read_message, write_message

log = logging.getLogger(__name__)


_Message = tuple[dict[str, Any], bytes]


class _State(enum.Enum):
    SENT = "sent"  # the child is validating it
    VALID = "valid"  # validated, waiting for its turn
    WRITING = "writing"


@dataclass(eq=False)
class _Page:
    id: int
    since: int
    content: bytes
    ticket: PageTicket
    state: _State = _State.SENT
    worker: _Worker | None = None


@dataclass(eq=False)
class _Worker:
    process: subprocess.Popen[bytes]
    outgoing: queue.SimpleQueue[_Message | None] = field(default_factory=queue.SimpleQueue)
    page: _Page | None = None

    def send(self, header: dict[str, Any], body: bytes = b"") -> None:
        self.outgoing.put((header, body))

    def finish(self) -> None:
        """Close the child's stdin once everything queued is sent: it exits."""
        self.outgoing.put(None)


class ProcessPageWriter:
    """A ``PageWriter`` on up to ``workers`` child processes; use from one asyncio loop."""

    def __init__(
        self,
        command: Sequence[str],
        *,
        workers: int = 2,
        max_restarts: int = 3,
        stop_grace_s: float = 5.0,
    ) -> None:
        self._command = list(command)
        self._size = max(1, workers)
        self._max_restarts = max_restarts
        self._stop_grace_s = stop_grace_s
        self._loop = asyncio.get_running_loop()
        self._workers: list[_Worker] = []
        self._pages: dict[int, _Page] = {}
        self._next_id = 0
        self._next_write = 0
        self._writing: _Page | None = None
        self._restarts = 0
        self._failed: BaseException | None = None
        self._closing = False
        self._room = asyncio.Event()

    def worker_pids(self) -> list[int]:
        return [w.process.pid for w in self._workers]

    async def submit(self, since: int, content: bytes) -> PageTicket:
        worker = await self._idle_worker()
        page = _Page(self._next_id, since, content, PageTicket())
        self._next_id += 1
        self._pages[page.id] = page
        self._assign(worker, page)
        return page.ticket

    async def close(self) -> None:
        self._closing = True
        workers, self._workers = self._workers, []
        for worker in workers:
            worker.finish()
        if workers:
            await asyncio.to_thread(self._end, [w.process for w in workers])
        for page in self._pages.values():
            page.ticket.abandon()
        self._pages.clear()

    def _end(self, processes: list[subprocess.Popen[bytes]]) -> None:
        for process in processes:
            try:
                process.wait(timeout=self._stop_grace_s)
            except subprocess.TimeoutExpired:
                log.warning("CRM sync writer process %d did not exit; ending it", process.pid)
                stop_child(process, grace_s=1.0, kill_wait_s=5.0)

    # ------------------------------------------------------------ workers
    async def _idle_worker(self) -> _Worker:
        while True:
            if self._failed is not None:
                raise self._failed
            for worker in self._workers:
                if worker.page is None:
                    return worker
            if len(self._workers) < self._size:
                return self._spawn()
            self._room.clear()
            await self._room.wait()

    def _spawn(self) -> _Worker:
        try:
            process = subprocess.Popen(self._command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        except OSError as exc:
            raise SyncStoreError(f"the CRM sync writer process could not be started ({exc})") from exc
        worker = _Worker(process)
        self._workers.append(worker)
        name = f"sync-writer-{process.pid}"
        threading.Thread(target=self._send_loop, args=(worker,), name=f"{name}-out", daemon=True).start()
        threading.Thread(target=self._read_loop, args=(worker,), name=f"{name}-in", daemon=True).start()
        log.debug("CRM sync writer process %d started", process.pid)
        return worker

    def _send_loop(self, worker: _Worker) -> None:
        stdin = worker.process.stdin
        assert stdin is not None
        try:
            while (item := worker.outgoing.get()) is not None:
                write_message(stdin, *item)
        except OSError:  # the child is gone; its reader reports that
            pass
        finally:
            with contextlib.suppress(OSError):
                stdin.close()

    def _read_loop(self, worker: _Worker) -> None:
        stdout = worker.process.stdout
        assert stdout is not None
        try:
            while True:
                header, _body = read_message(stdout)
                self._post(self._on_message, worker, header)
        except (WireClosed, OSError, ValueError):
            pass
        try:
            code = worker.process.wait(timeout=self._stop_grace_s)
        except subprocess.TimeoutExpired:  # it closed its stdout but lives on: not ours to trust
            stop_child(worker.process, grace_s=1.0, kill_wait_s=5.0)
            code = worker.process.returncode
        self._post(self._on_exit, worker, code)

    def _post(self, callback: Any, *args: Any) -> None:
        with contextlib.suppress(RuntimeError):  # the loop is closed: the app is ending
            self._loop.call_soon_threadsafe(callback, *args)

    def _assign(self, worker: _Worker, page: _Page) -> None:
        worker.page, page.worker, page.state = page, worker, _State.SENT
        worker.send({"op": "page", "id": page.id, "since": page.since}, page.content)

    def _release(self, worker: _Worker) -> None:
        worker.page = None
        self._room.set()

    # ------------------------------------------------------------ replies (on the loop)
    def _on_message(self, worker: _Worker, header: dict[str, Any]) -> None:
        page = self._pages.get(header.get("id", -1))
        if self._closing or page is None or page.worker is not worker:
            return  # about a page given up (the writer failed or closed)
        op = header.get("op")
        if op == "valid":
            page.state = _State.VALID
            if not page.ticket.validated.done():
                page.ticket.validated.set_result(_report(header))
            self._write_next()
        elif op == "written":
            del self._pages[page.id]
            self._writing = None
            self._next_write += 1
            if not page.ticket.written.done():
                page.ticket.written.set_result(bool(header.get("fresh", True)))
            self._release(worker)
            self._write_next()
        elif op == "invalid":
            self._fail(CrmProtocolError(str(header.get("error", "the changes page does not match API v1"))))
        else:  # "failed", or a message we do not know: stop before anything is written out of order
            self._fail(SyncStoreError(str(header.get("error", f"unexpected reply {op!r}"))))

    def _write_next(self) -> None:
        if self._failed is not None or self._writing is not None:
            return
        page = self._pages.get(self._next_write)
        if page is not None and page.state is _State.VALID and page.worker is not None:
            page.state = _State.WRITING
            self._writing = page
            page.worker.send({"op": "write", "id": page.id})

    def _on_exit(self, worker: _Worker, code: int | None) -> None:
        if worker not in self._workers:
            return  # closed by us
        self._workers.remove(worker)
        page = worker.page
        log.warning(
            "CRM sync writer process %d ended (exit code %s)%s",
            worker.process.pid,
            code,
            "" if page is None else f" with the page after cursor {page.since}",
        )
        if page is None or self._failed is not None:
            self._room.set()
            return
        if self._writing is page:
            self._writing = None
        self._restarts += 1
        if self._restarts > self._max_restarts:
            self._fail(SyncStoreError(f"the CRM sync writer process ended {self._restarts} times"))
            return
        try:
            replacement = self._spawn()
        except SyncStoreError as exc:
            self._fail(exc)
            return
        self._assign(replacement, page)  # validated and written again; the cursor check sees a done write

    def _fail(self, exc: BaseException) -> None:
        """Stop writing: every page not written yet fails with ``exc`` (the sync stops there)."""
        if self._failed is None:
            self._failed = exc
        for page in self._pages.values():
            fail_ticket(page.ticket, exc)
        self._room.set()


def _report(header: dict[str, Any]) -> PageReport:
    return PageReport(
        next_cursor=int(header["next_cursor"]),
        has_more=bool(header["has_more"]),
        counts={str(k): int(v) for k, v in dict(header.get("counts") or {}).items()},
        bad=tuple(BadRecord(str(t), str(i), str(e)) for t, i, e in header.get("bad") or ()),
    )
