"""Who validates and writes the changes-feed pages a sync fetches: ``PageWriter`` and its in-thread kind.

``SyncService`` fetches pages and hands each raw page to a ``PageWriter`` with ``submit(since,
content)``; the writer validates it (``feed.parse_changes``), then writes it to the store with the
cursor it leads to, in one transaction, strictly in submission order. The returned ``PageTicket``
says when the page was validated (``validated``: its cursor, counts and bad records) and when it was
written (``written``: True, or False when the store already had it, e.g. after a writer process died
between its commit and its reply). A page is written only if the store's cursor is still the one the
page follows (``SyncTarget.apply_page``), so no page is ever applied twice or out of order.

Two kinds:
- ``ThreadPageWriter`` (here): one page at a time in ``asyncio.to_thread``; for the small syncs of
  every minute, where starting processes would cost more than the page.
- ``writer_processes.ProcessPageWriter``: child processes, for full syncs and big backlogs. Their
  pydantic and SQLite work holds no lock of the app's process, so the window's loop never waits for
  it, and two of them validate one page while writing another, on two cores.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Protocol

from softphone.crm.feed import TypedChangesPage, parse_changes


class SyncStoreError(Exception):
    """A validated page could not be written to the local store; its transaction was rolled back."""


@dataclass(frozen=True)
class BadRecord:
    """A record set aside (quarantined): what the log may say about it (no values: personal data)."""

    entity_type: str
    entity_id: str
    error: str


@dataclass(frozen=True)
class PageReport:
    """What validating a page found."""

    next_cursor: int
    has_more: bool
    counts: dict[str, int] = field(default_factory=dict)  # valid records per entity type
    bad: tuple[BadRecord, ...] = ()


def report_of(page: TypedChangesPage) -> PageReport:
    return PageReport(
        next_cursor=page.next_cursor,
        has_more=page.has_more,
        counts=dict(Counter(item.entity_type for item in page.items)),
        bad=tuple(BadRecord(b.entity_type, b.entity_id, b.error) for b in page.bad),
    )


class PageTicket:
    """One submitted page: ``validated`` resolves to its ``PageReport``, ``written`` to True (written
    now) or False (the store had it already). Both fail with the page's error."""

    def __init__(self) -> None:
        loop = asyncio.get_running_loop()
        self.validated: asyncio.Future[PageReport] = loop.create_future()
        self.written: asyncio.Future[bool] = loop.create_future()

    def abandon(self) -> None:
        """The sync stopped before this page's outcome: nobody will await it."""
        for future in (self.validated, self.written):
            if future.done():
                if not future.cancelled():
                    future.exception()  # retrieved: no "exception was never retrieved" warning
            else:
                future.cancel()


class PageWriter(Protocol):
    async def submit(self, since: int, content: bytes) -> PageTicket:
        """Take a raw page that follows cursor ``since``; returns once the writer has room for it."""

    async def close(self) -> None:
        """Stop: pages not written yet are not written (their tickets are cancelled)."""


class PageTarget(Protocol):
    """The part of ``sync.SyncTarget`` the writers use (runs in a worker thread or process)."""

    def apply_page(self, page: TypedChangesPage, since: int, synced_at: dt.datetime) -> bool:
        """Write ``page`` and its cursor in one transaction if the stored cursor is still ``since``;
        False when the cursor already is the page's (written before); raises when it is elsewhere."""


class ThreadPageWriter:
    """Validates and writes one page at a time in a worker thread of the app's process; after a page
    failed, no later page is taken."""

    def __init__(self, target: PageTarget) -> None:
        self._target = target
        self._busy: asyncio.Task[Any] | None = None
        self._tickets: list[PageTicket] = []
        self._failed: BaseException | None = None

    async def submit(self, since: int, content: bytes) -> PageTicket:
        if self._busy is not None:
            with contextlib.suppress(Exception):
                await asyncio.shield(self._busy)
        if self._failed is not None:
            raise self._failed
        ticket = PageTicket()
        self._tickets = [t for t in self._tickets if not t.written.done()] + [ticket]
        self._busy = asyncio.ensure_future(self._work(ticket, since, content))
        return ticket

    async def _work(self, ticket: PageTicket, since: int, content: bytes) -> None:
        try:
            page = await asyncio.to_thread(parse_changes, content)
            if not ticket.validated.done():
                ticket.validated.set_result(report_of(page))
            fresh = await asyncio.to_thread(self._target.apply_page, page, since, dt.datetime.now(dt.UTC))
        except Exception as exc:
            self._failed = exc
            fail_ticket(ticket, exc)
            return
        if not ticket.written.done():
            ticket.written.set_result(fresh)

    async def close(self) -> None:
        if self._busy is not None and not self._busy.done():
            self._busy.cancel()
            with contextlib.suppress(BaseException):
                await self._busy
        for ticket in self._tickets:
            ticket.abandon()


def fail_ticket(ticket: PageTicket, exc: BaseException) -> None:
    """Fail whatever of ``ticket`` is not resolved yet."""
    for future in (ticket.validated, ticket.written):
        if not future.done():
            future.set_exception(exc)
