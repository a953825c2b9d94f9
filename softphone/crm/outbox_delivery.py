"""``OutboxDelivery``: sends the store's outbox entries to the CRM, in order per entity, exactly once.

Each entry goes with its own Idempotency-Key, so a repeat after a lost reply or a crash is answered
from the CRM's record instead of being applied twice. Outcomes:

* 2xx: the entry is marked delivered with the CRM's reply (new version, CRM id of a create);
* 412: marked ``conflict`` with our payload and the CRM's current entity - never silently overwritten;
* 422 (and other refusals, 404): marked ``rejected`` with the CRM's reason and field errors - kept;
* 401/403: delivery pauses, the link shows ``auth_error``, nothing is sent until ``resume()``;
* unreachable, 5xx, 429: the entry stays pending and the whole delivery waits a jittered, bounded,
  cancellable backoff, for as long as the CRM is away;
* a malformed reply: the same, but after ``MALFORMED_REPLY_TRIES`` such replies to one entry it is
  marked ``rejected`` with the reason, for the operator to see (not retried forever).

Entries are sent one at a time in global outbox order (so a create always precedes the writes that
refer to it). A new entry wakes the loop at once through ``notify()`` (callable from any thread).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import threading
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from softphone.crm import schemas as s
from softphone.crm.api import CrmApi
from softphone.crm.errors import (
    TRANSIENT_ERRORS,
    CrmAuthError,
    CrmConflict,
    CrmError,
    CrmNotFound,
    CrmProtocolError,
    CrmRateLimited,
    CrmRejected,
    CrmTimeout,
)
from softphone.crm.link_status import UNAVAILABLE, LinkState, LinkStatus
from softphone.crm.outbox_queue import OutboxQueue, PendingWrite
from softphone.crm.transport import backoff_delay

log = logging.getLogger(__name__)
UNRESOLVED_RETRY_S = 5.0
MALFORMED_REPLY_TRIES = 3


@dataclass
class DeliveryStats:
    delivered: int = 0
    conflicts: int = 0
    rejected: int = 0


class PayloadError(Exception):
    """A queued payload does not fit its CRM request model (a bug in the writer): rejected locally."""


def _model(model: type[BaseModel], payload: dict[str, Any]) -> Any:
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        fields = [".".join(str(p) for p in e["loc"]) for e in exc.errors(include_input=False)]
        raise PayloadError(f"queued {model.__name__} is invalid: {', '.join(fields[:5])}") from None


def _call_for(api: CrmApi, w: PendingWrite) -> Awaitable[BaseModel]:
    """The one API call an outbox entry stands for."""
    p, key, crm_id, version = w.payload, w.idempotency_key, w.entity_crm_id or "", w.base_version
    match (w.entity_type, w.operation):
        case ("customer", "create"):
            return api.create_customer(_model(s.CustomerCreate, p), key=key)
        case ("customer", "update"):
            if version is None:
                raise PayloadError("customer update without the version it was based on")
            return api.update_customer(crm_id, _model(s.CustomerUpdate, p), version=version, key=key)
        case ("order", "create"):
            return api.create_order(_model(s.OrderCreate, p), key=key)
        case ("order", "update"):
            if version is None:
                raise PayloadError("order update without the version it was based on")
            return api.update_order(crm_id, _model(s.OrderUpdate, p), version=version, key=key)
        case ("order", "cancel"):
            cancel = _model(s.OrderCancel, p)
            return api.cancel_order(crm_id, cancel.reason, key=key, version=version)
        case ("order", "return"):
            return api.create_return(crm_id, _model(s.OrderReturnCreate, p), key=key, version=version)
        case ("interaction", "create"):
            return api.create_interaction(_model(s.InteractionCreate, p), key=key)
        case ("interaction", "review"):
            return api.review_interaction(crm_id, _model(s.InteractionReview, p), key=key)
        case ("interaction", "recording"):
            return _upload_recording(api, crm_id, p, key)
        case ("task", "claim"):
            return api.claim_task(crm_id, key=key)
        case ("task", "create"):
            return api.create_callback(_model(s.CallbackCreate, p), key=key)
        case ("escalation", "create"):
            return api.create_escalation(_model(s.EscalationCreate, p), key=key)
        case ("task", "complete"):
            return api.complete_task(crm_id, _model(s.TaskComplete, p), key=key)
    raise PayloadError(f"no CRM call for {w.entity_type}.{w.operation}")


async def _upload_recording(api: CrmApi, crm_id: str, payload: dict[str, Any], key: str) -> BaseModel:
    """PUT the call's recording file (read off the event loop); a file retention already deleted
    cannot be sent: the entry is rejected with that reason, for the operator to see."""
    media_type, path = payload.get("media_type"), payload.get("path")
    if media_type not in s.RECORDING_MEDIA_TYPES or not isinstance(path, str):
        raise PayloadError("queued recording upload has no file or an unknown media type")
    try:
        audio = await asyncio.to_thread(Path(path).read_bytes)
    except OSError as exc:
        raise PayloadError(f"the recording file cannot be read ({exc.__class__.__name__})") from None
    if len(audio) > s.MAX_RECORDING_BYTES:
        raise PayloadError("the recording is larger than the CRM accepts")
    return await api.put_recording(crm_id, audio, media_type, key=key)


class OutboxDelivery:
    """Delivers the outbox while ``run()`` is awaited; ``deliver_pending()`` does one pass."""

    def __init__(
        self,
        api: CrmApi,
        queue: OutboxQueue,
        status: LinkStatus,
        *,
        batch_size: int = 50,
        parallel: int = 8,
        backoff_base_s: float = 0.5,
        backoff_max_s: float = 30.0,
        now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ) -> None:
        self._api = api
        self._queue = queue
        self._status = status
        self._batch_size = batch_size
        self._parallel = max(1, parallel)
        self._backoff_base_s = backoff_base_s
        self._backoff_max_s = backoff_max_s
        self._now = now
        self._wake = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_thread: int | None = None
        self._auth_paused = False
        self._malformed: dict[int, int] = {}  # entry id -> unreadable replies to it in this session
        self.stats = DeliveryStats()
        self.last_error: CrmError | None = None

    # ------------------------------------------------------------ control
    def notify(self) -> None:
        """A new entry was enqueued (the local-write layer's callback). Safe from any thread."""
        loop = self._loop
        if loop is None or threading.get_ident() == self._loop_thread:
            self._wake.set()
        elif not loop.is_closed():
            loop.call_soon_threadsafe(self._wake.set)

    def resume(self) -> None:
        """The token was fixed: leave the auth pause and deliver now."""
        self._auth_paused = False
        self.notify()

    @property
    def auth_paused(self) -> bool:
        return self._auth_paused

    # ------------------------------------------------------------ delivery
    async def run(self) -> None:
        """Deliver until cancelled: immediately on ``notify()``, with backoff while the CRM is away."""
        self._loop = asyncio.get_running_loop()
        self._loop_thread = threading.get_ident()
        failures = 0
        while True:
            self._wake.clear()
            if self._auth_paused:
                await self._wake.wait()
                continue
            wait: float | None = None
            try:
                await self.deliver_pending()
                failures = 0
            except CrmAuthError:
                continue
            except CrmError as exc:
                failures += 1
                wait = backoff_delay(failures, self._backoff_base_s, self._backoff_max_s)
                if isinstance(exc, CrmRateLimited) and exc.retry_after is not None:
                    wait = max(wait, min(exc.retry_after, self._backoff_max_s * 4))
                log.info("CRM delivery paused for %.1f s: %s", wait, exc)
            except Exception as exc:  # the local store failed: keep the loop alive, try again later
                failures += 1
                wait = backoff_delay(failures, self._backoff_base_s, self._backoff_max_s)
                log.error("CRM delivery: local store error (%s); retry in %.1f s", type(exc).__name__, wait)
            if wait is None:
                await self._idle_wait()
            else:
                # while the CRM is away a new entry does not shorten the wait (no request per keystroke)
                await asyncio.sleep(wait)

    async def _idle_wait(self) -> None:
        # also wake up now and then: entries postponed (unresolved references) become due again
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(UNRESOLVED_RETRY_S):  # not wait_for: it can swallow a cancel (3.11)
                await self._wake.wait()

    async def deliver_pending(self) -> DeliveryStats:
        """Deliver every deliverable entry. Raises ``CrmAuthError`` (paused) or a transient
        ``CrmError`` (the entry stays pending) when the CRM cannot take more now."""
        done = DeliveryStats()
        try:
            await self._deliver_window(done)
        except CrmAuthError as exc:
            self._auth_paused = True
            self.last_error = exc
            self._status.update(state=LinkState.AUTH_ERROR, message=str(exc))
            raise
        except CrmError as exc:
            self.last_error = exc
            if self._status.snapshot.state != LinkState.SYNCING:
                state = LinkState.NOT_ANSWERING if isinstance(exc, CrmTimeout) else LinkState.OFFLINE
                self._status.update(state=state, message=str(exc))
            raise
        finally:
            await self._publish_counts()
        back = (*UNAVAILABLE, LinkState.AUTH_ERROR)
        if self._status.snapshot.state in back and done.delivered:
            self._status.update(state=LinkState.ONLINE, message="")
        return done

    async def _deliver_window(self, done: DeliveryStats) -> None:
        """Keep up to ``parallel`` writes on the wire until nothing deliverable is left.

        The queue hands out the oldest pending entry of each entity (per-entity order is its job), so
        the writes in flight are of different entities and independent. As soon as one is answered
        another starts; accepted writes are recorded in one transaction per group while the others
        travel, and an entity's next entry is fetched once its previous one is recorded. Until
        something got through in this pass one write goes alone: a refused token or a CRM that is down
        costs one request, not a volley. On a failure nothing new starts, the writes in flight end,
        every accepted one is recorded, then the failure is raised (a refused token first)."""
        ready: deque[PendingWrite] = deque()
        active: dict[asyncio.Future[Any], PendingWrite] = {}
        accepted: list[tuple[int, dict[str, Any]]] = []
        recording: asyncio.Future[None] | None = None
        unsettled: set[int] = set()  # entries sent and not recorded yet: still pending in the queue
        waiting: list[PendingWrite] = []  # entries that refer to an entity not in the CRM yet
        fetch = True  # the queue may hold entries not seen yet
        failure: BaseException | None = None
        recorded: list[int] = []
        try:
            while True:
                if failure is None and fetch and not ready:
                    fetch = False
                    batch = await asyncio.to_thread(self._queue.next_batch, self._batch_size, set(unsettled))
                    waiting = [w for w in batch if w.unresolved is not None]
                    ready.extend(w for w in batch if w.unresolved is None)
                    fetch = len(batch) >= self._batch_size and bool(ready)
                window = self._parallel if done.delivered or accepted or recording is not None else 1
                while failure is None and ready and len(active) < window:
                    write = ready.popleft()
                    unsettled.add(write.entry_id)
                    active[asyncio.ensure_future(self._deliver_one(write, done))] = write
                if accepted and recording is None:
                    recording = asyncio.ensure_future(self._record_delivered(accepted, done))
                    recorded, accepted = [entry_id for entry_id, _reply in accepted], []
                pending = {*active, *([recording] if recording is not None else [])}
                if not pending:
                    if failure is not None:
                        raise failure
                    if fetch or ready:
                        continue
                    break
                finished, _ = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
                for future in finished:
                    try:
                        result, failed = future.result(), None
                    except Exception as exc:
                        result, failed = None, exc
                        if failure is None or (
                            isinstance(exc, CrmAuthError) and not isinstance(failure, CrmAuthError)
                        ):
                            failure = exc
                    if future is recording:
                        recording, fetch = None, True  # the entities' next entries are due now
                        if failed is None:
                            unsettled.difference_update(recorded)
                    elif isinstance(result, tuple):
                        accepted.append(result)
                        del active[future]
                    else:
                        write = active.pop(future)
                        if failed is None:  # ended as a conflict or a rejection, recorded as such
                            unsettled.discard(write.entry_id)
            await self._postpone(waiting)
        finally:
            for future in active:
                future.cancel()
            if recording is not None:
                await recording

    async def _postpone(self, writes: list[PendingWrite]) -> None:
        """Each waits for a create of another entity: look again later."""
        for write in writes:
            await asyncio.to_thread(
                self._queue.retry,
                write.entry_id,
                write.unresolved or "",
                self._now() + dt.timedelta(seconds=UNRESOLVED_RETRY_S),
            )

    async def _record_delivered(
        self, accepted: list[tuple[int, dict[str, Any]]], done: DeliveryStats
    ) -> None:
        await asyncio.to_thread(self._queue.delivered_many, accepted)
        for _ in accepted:
            self._count(done, "delivered")

    async def _deliver_one(
        self, write: PendingWrite, done: DeliveryStats
    ) -> tuple[int, dict[str, Any]] | None:
        """Send one write; returns ``(entry id, CRM reply)`` when accepted (recorded by the caller),
        None when it ended as a conflict or rejection (recorded here)."""
        try:
            result = await _call_for(self._api, write)
        except PayloadError as exc:
            await asyncio.to_thread(self._queue.rejected, write.entry_id, str(exc), {})
            self._count(done, "rejected")
            return None
        except CrmConflict as exc:
            theirs = exc.entity.model_dump(mode="json") if exc.entity is not None else (exc.current or {})
            await asyncio.to_thread(self._queue.conflict, write.entry_id, theirs)
            self._count(done, "conflicts")
            log.info("outbox entry %d (%s.%s) conflicts", write.entry_id, write.entity_type, write.operation)
            return None
        except CrmRejected as exc:
            await asyncio.to_thread(self._queue.rejected, write.entry_id, exc.reason, exc.field_errors)
            self._count(done, "rejected")
            log.info("outbox entry %d rejected: %s", write.entry_id, exc.reason)
            return None
        except CrmNotFound:
            reason = f"{write.entity_type} no longer exists in the CRM"
            await asyncio.to_thread(self._queue.rejected, write.entry_id, reason, {})
            self._count(done, "rejected")
            return None
        except CrmProtocolError as exc:
            if not await self._unreadable_reply(write, exc, done):
                raise
            return None
        except TRANSIENT_ERRORS as exc:
            await asyncio.to_thread(self._queue.retry, write.entry_id, str(exc), self._now())
            raise
        self._malformed.pop(write.entry_id, None)
        return write.entry_id, result.model_dump(mode="json")

    async def _unreadable_reply(
        self, write: PendingWrite, exc: CrmProtocolError, done: DeliveryStats
    ) -> bool:
        """The CRM's reply to ``write`` could not be read: try again (False) or, after
        ``MALFORMED_REPLY_TRIES``, mark it rejected with the reason (True)."""
        tries = self._malformed[write.entry_id] = self._malformed.get(write.entry_id, 0) + 1
        if tries < MALFORMED_REPLY_TRIES:
            await asyncio.to_thread(self._queue.retry, write.entry_id, str(exc), self._now())
            return False
        self._malformed.pop(write.entry_id, None)
        reason = f"the CRM's reply to this change could not be read ({tries} tries): {exc}"
        await asyncio.to_thread(self._queue.rejected, write.entry_id, reason, {})
        self._count(done, "rejected")
        log.warning("outbox entry %d rejected: %s", write.entry_id, reason)
        return True

    def _count(self, done: DeliveryStats, field: str) -> None:
        setattr(done, field, getattr(done, field) + 1)
        setattr(self.stats, field, getattr(self.stats, field) + 1)

    async def _publish_counts(self) -> None:
        counts = await asyncio.to_thread(self._queue.counts)
        self._status.update(
            pending_outbox=counts.pending, conflicts=counts.conflicts, rejected=counts.rejected
        )
