"""``SyncService``: first full sync and then incremental sync of the local store from the CRM.

Both read the CRM's compacted changes feed (``GET /changes?since=``): from 0 on the first run (every
entity exactly once), from the saved cursor afterwards. The raw pages go to a ``PageWriter``
(``page_writers``), which validates each one and applies it to the store together with the cursor it
leads to, in one transaction and in feed order, so a restart resumes exactly where the last applied
page ended. A full sync or a backlog (a first page of ``PROCESS_PAGE_BYTES`` or more) goes to writer
processes (``writer_processes``), which validate one page while writing another and never hold the
app's loop; a small sync is done in a worker thread. The next page is fetched as soon as a page
arrives (its cursor read from its end, ``feed.cursor_hint``, checked once it is validated). Runs
periodically and on demand; reports through ``LinkStatus``.

A record of a page that does not validate never blocks the page: it is quarantined by the target
(see ``bad_changes``) and the cursor moves on. ``request_full_resync`` reads everything again from 0,
retrying the quarantined records. A sync that starts while the CRM is offline, not answering or
refusing the token keeps that state until the CRM answers (no "syncing" flicker on every retry).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from softphone.crm import schemas as s
from softphone.crm.api import CrmApi
from softphone.crm.bad_changes import BadChange
from softphone.crm.errors import CrmAuthError, CrmError, CrmProtocolError, CrmRateLimited, CrmTimeout
from softphone.crm.feed import CursorHint, TypedChange, TypedChangesPage, cursor_hint
from softphone.crm.link_status import UNAVAILABLE, LinkState, LinkStatus
from softphone.crm.page_writers import PageTicket, PageWriter, SyncStoreError, ThreadPageWriter
from softphone.crm.transport import backoff_delay

log = logging.getLogger(__name__)
T = TypeVar("T")
COUNTED_TYPES = ("customer", "order", "product", "task")
# A sync whose first page is this big (a backlog) or that reads everything (a full sync) is validated
# and written by writer processes; a small one in a worker thread (starting processes costs more).
PROCESS_PAGE_BYTES = 256 * 1024
PAGE_TIMEOUT_S = (
    300.0  # a page is validated and written in well under a second; a stuck writer is not waited for
)
__all__ = ["SyncService", "SyncStoreError", "SyncTarget"]


@dataclass(frozen=True)
class ReferenceData:
    """Small lists refreshed as a whole on every full sync."""

    operator: s.Operator
    stores: list[s.Store]
    delivery_services: list[s.DeliveryService]
    payment_methods: list[s.PaymentMethod]
    dispositions: list[s.Disposition]


class SyncTarget(Protocol):
    """Where synced data goes (the local store). Methods run in a worker thread."""

    def load_cursor(self) -> int | None:
        """The feed cursor of the last applied page; None if never synced."""

    def apply_reference(self, data: ReferenceData) -> None: ...

    def apply_changes(
        self,
        items: Sequence[TypedChange],
        cursor: int,
        synced_at: dt.datetime,
        bad: Sequence[BadChange] = (),
    ) -> None:
        """Apply the page, quarantine its ``bad`` records and save ``cursor`` and ``synced_at``, all
        in the same transaction; a quarantined entity applied valid here leaves the quarantine."""

    def apply_page(self, page: TypedChangesPage, since: int, synced_at: dt.datetime) -> bool:
        """``apply_changes`` of a page that follows cursor ``since``, done only if the stored cursor is
        still ``since``; False when it already is the page's (written before); raises otherwise."""

    def start_full_resync(self) -> None:
        """Forget the cursor and the quarantine, so that the next sync reads every entity again."""

    def count_quarantined(self) -> int: ...


@dataclass
class SyncProgress:
    """Counts per entity type; ``total`` is known (approximately) only during a full sync."""

    full: bool
    done: dict[str, int] = field(default_factory=dict)
    total: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class SyncResult:
    full: bool
    applied: int
    cursor: int


ProgressCallback = Callable[[SyncProgress], None]


class SyncService:
    """Keeps the store in step with the CRM. One instance per store; use from one asyncio loop."""

    def __init__(
        self,
        api: CrmApi,
        target: SyncTarget,
        status: LinkStatus,
        *,
        interval_s: float = 60.0,
        page_size: int = 2000,
        on_progress: ProgressCallback | None = None,
        on_synced: Callable[[], None] | None = None,
        process_writer: Callable[[], PageWriter] | None = None,
    ) -> None:
        """``on_synced`` is called after each successful sync, before the status says online (the link
        uses it to lift the outbox's auth pause: the token works). ``process_writer`` makes the writer
        of full syncs and backlogs (``writer_processes.ProcessPageWriter``); without it every page is
        validated and written in a worker thread."""
        self._process_writer = process_writer
        self._read_hints = True
        self._api = api
        self._on_synced = on_synced
        self._full_resync = False
        self._target = target
        self._status = status
        self._interval_s = interval_s
        self._page_size = max(1, min(page_size, s.MAX_CHANGES_PAGE))
        self._on_progress = on_progress
        self._wake = asyncio.Event()
        self._lock = asyncio.Lock()
        self._auth_blocked = False
        self.last_error: CrmError | None = None

    # ------------------------------------------------------------ public API
    def request_sync(self) -> None:
        """Ask the periodic loop to sync now (also clears a previous auth error: new token given)."""
        self._auth_blocked = False
        self._wake.set()

    def request_full_resync(self) -> None:
        """Read every entity again (from cursor 0) at the next sync, retrying quarantined records."""
        self._full_resync = True
        self.request_sync()

    async def sync_once(self) -> SyncResult:
        """Full sync if never synced, else incremental. Raises ``CrmError`` on failure."""
        async with self._lock:
            previous = self._status.snapshot.state
            if previous not in (*UNAVAILABLE, LinkState.AUTH_ERROR):  # until the CRM answers again
                self._status.update(state=LinkState.SYNCING, message="")
            self._status.sync_running = True
            try:
                result = await self._sync()
            except CrmAuthError as exc:
                self._auth_blocked = True
                self._fail(exc, LinkState.AUTH_ERROR)
                raise
            except CrmTimeout as exc:
                self._fail(exc, LinkState.NOT_ANSWERING)
                raise
            except CrmError as exc:
                self._fail(exc, LinkState.OFFLINE)
                raise
            except SyncStoreError as exc:
                log.error("CRM sync: %s", exc)
                self._status.update(state=previous, message=str(exc))
                raise
            except BaseException:
                self._status.update(state=previous)
                raise
            finally:
                self._status.sync_running = False
            self.last_error = None
            if self._on_synced is not None:
                self._on_synced()
            quarantined = await asyncio.to_thread(self._target.count_quarantined)
            self._status.update(
                state=LinkState.ONLINE, last_sync_at=_now(), message="", quarantined=quarantined
            )
            return result

    async def run(self) -> None:
        """Sync now, then every ``interval_s`` and whenever ``request_sync()`` is called; until cancelled.

        After an error the next try comes sooner (jittered backoff, at most ``interval_s``); after an
        auth error nothing is sent until ``request_sync()`` (the user fixed the token)."""
        failures = 0
        while True:
            self._wake.clear()
            if self._auth_blocked:
                await self._wake.wait()
                continue
            try:
                await self.sync_once()
                failures = 0
                wait = self._interval_s
            except CrmAuthError:
                continue
            except CrmRateLimited as exc:
                failures += 1
                wait = max(exc.retry_after or 0.0, backoff_delay(failures, 1.0, self._interval_s))
            except (CrmError, SyncStoreError):
                failures += 1
                wait = backoff_delay(failures, 1.0, self._interval_s)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=wait)

    # ------------------------------------------------------------ internals
    def _fail(self, exc: CrmError, state: LinkState) -> None:
        self.last_error = exc
        log.warning("CRM sync failed: %s", exc)
        self._status.update(state=state, message=str(exc))

    async def _sync(self) -> SyncResult:
        if self._full_resync:
            await asyncio.to_thread(self._target.start_full_resync)
            self._full_resync = False
        cursor = await asyncio.to_thread(self._target.load_cursor)
        full = cursor is None
        progress = SyncProgress(full=full)
        if full:
            progress.total = await self._totals()
            await self._reference()
            self._report(progress)
        position = cursor or 0
        started = time.monotonic()
        first = (await self._api.changes_raw(position, self._page_size)).content
        big = full or len(first) >= PROCESS_PAGE_BYTES
        writer = self._process_writer() if big and self._process_writer else ThreadPageWriter(self._target)
        try:
            position, applied = await self._pump(writer, first, position, progress)
        finally:
            await writer.close()
        log.info(
            "CRM %s sync: %d changes applied in %.1f s, cursor %d",
            "full" if full else "incremental",
            applied,
            time.monotonic() - started,
            position,
        )
        return SyncResult(full=full, applied=applied, cursor=position)

    async def _pump(
        self, writer: PageWriter, content: bytes, since: int, progress: SyncProgress
    ) -> tuple[int, int]:
        """Hand pages to ``writer`` in feed order, fetching the next one while earlier ones are
        validated and written; returns the cursor reached and how many changes were applied."""
        waiting: deque[tuple[PageTicket, CursorHint | None, int]] = deque()
        applied = 0
        reached = since
        try:
            while True:
                ticket = await writer.submit(since, content)
                hint = cursor_hint(content) if self._read_hints else None
                waiting.append((ticket, hint, since))
                if hint is None:  # the page's end is not the usual one: wait for its validation
                    report = await _in_time(asyncio.shield(ticket.validated), since)
                    hint = CursorHint(report.next_cursor, report.has_more)
                while waiting and waiting[0][0].written.done():
                    applied += await self._settle(*waiting.popleft(), progress)
                reached = hint.next_cursor
                if not hint.has_more:
                    break
                since = hint.next_cursor
                content = (await self._api.changes_raw(since, self._page_size)).content
            while waiting:
                applied += await self._settle(*waiting.popleft(), progress)
        except BaseException:
            for ticket, _hint, _since in waiting:
                ticket.abandon()
            raise
        return reached, applied

    async def _settle(
        self, ticket: PageTicket, hint: CursorHint | None, since: int, progress: SyncProgress
    ) -> int:
        """Wait for one page to be written; check the cursor read from its end; report it."""
        try:
            report = await _in_time(ticket.validated, since)
            if hint is not None and hint != CursorHint(report.next_cursor, report.has_more):
                self._read_hints = False  # read every page whole from now on
                raise CrmProtocolError("the changes page's end does not match its content; read again")
            for bad in report.bad:  # locations and kinds only: no values (personal data) in the log
                kind = bad.entity_type or "record"
                log.warning("CRM %s %s quarantined: %s", kind, bad.entity_id, bad.error)
            if not await _in_time(ticket.written, since):
                log.info(
                    "CRM page after cursor %d was in the store already (its writer ended after saving it)",
                    since,
                )
        except (CrmError, SyncStoreError):
            raise
        except Exception as exc:
            # the store's own message may quote row values (personal data): name the kind only
            raise SyncStoreError(
                f"saving CRM changes after cursor {since} to the local store failed ({type(exc).__name__})"
            ) from exc
        for entity_type, count in report.counts.items():
            progress.done[entity_type] = progress.done.get(entity_type, 0) + count
        self._report(progress)
        return sum(report.counts.values())

    async def _totals(self) -> dict[str, int]:
        counts = await asyncio.gather(*(self._api.count(t) for t in COUNTED_TYPES))
        return dict(zip(COUNTED_TYPES, counts, strict=True))

    async def _reference(self) -> None:
        operator, stores, services, payments, dispositions = await asyncio.gather(
            self._api.me(),
            self._api.stores(),
            self._api.delivery_services(),
            self._api.payment_methods(),
            self._api.dispositions(),
        )
        data = ReferenceData(operator, stores, services, payments, dispositions)
        await asyncio.to_thread(self._target.apply_reference, data)

    def _report(self, progress: SyncProgress) -> None:
        self._status.update(
            sync_done=sum(progress.done.values()),
            sync_total=sum(progress.total.values()) if progress.full else 0,
        )
        if self._on_progress is None:
            return
        try:
            self._on_progress(progress)
        except Exception:
            log.exception("sync progress callback failed")


async def _in_time(outcome: Awaitable[T], since: int) -> T:
    """A page's outcome, or ``SyncStoreError`` after ``PAGE_TIMEOUT_S`` (a stuck writer)."""
    try:
        return await asyncio.wait_for(outcome, PAGE_TIMEOUT_S)
    except TimeoutError:
        raise SyncStoreError(
            f"the CRM changes after cursor {since} were not saved within {PAGE_TIMEOUT_S:.0f} s"
        ) from None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
