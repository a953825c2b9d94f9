"""The operator's outbound task board: the list, taking a task, dialling it, completing it.

``TaskBoard`` (GUI thread; store work through ``JobRunner``, the CRM on the asyncio loop):
- ``refresh()`` reads the list on the store worker (``store.outbound_tasks.read_task_list``) and
  tells the listeners a ``BoardView``; the composition root calls it when the changes feed brought
  something (the link status' last sync moved) and after every own change.
- ``claim(task_id)`` asks the CRM at once (claiming needs its answer: two operators must not call
  the same customer). Taken: the CRM's task is written locally and ``claimed`` listeners hear the
  row (the window opens the card). 409: the note says someone else has it (or it is done), and the
  row stays on the list, shown so. CRM unreachable or not configured: the note says the task cannot
  be taken now; nothing is queued.
- ``dialled(call_id, task_id)``: the call the operator placed for a task; when its session starts the
  board hangs ``CallTask`` on it before the other readers (screen-pop, the script desk) hear it
  started, so the script is the task's kind. The board must be subscribed to ``CallSessions`` before them.
- ``complete(task_id, result, note)``: ``local_writes.complete_task`` (the local row and the outbox
  entry in one transaction; the outbox delivers it once, with its idempotency key).
"""

from __future__ import annotations

import enum
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from softphone.crm.api import CrmApi
from softphone.crm.errors import CrmError, CrmRejected, CrmUnreachable
from softphone.listeners import Listeners
from softphone.store import local_writes, outbound_tasks
from softphone.store.db import Store
from softphone.store.jobs import JobRunner
from softphone.store.outbound_tasks import TaskList, TaskRow
from softphone.workspace.call_context import CallTask
from softphone.workspace.sessions import SessionChange

log = logging.getLogger(__name__)

KeepTask = Callable[[Any, str], Any]
MAX_PENDING_DIALS = 16


class TaskNote(enum.Enum):
    """What happened to a task in this session, beyond what the store says."""

    CLAIMING = "claiming"
    TAKEN_BY_OTHER = "taken_by_other"  # the CRM said 409: another operator claimed it meanwhile
    ALREADY_DONE = "already_done"  # the CRM said 409: it was completed meanwhile
    CRM_UNREACHABLE = "crm_unreachable"  # claiming needs the CRM's answer
    CLAIM_FAILED = "claim_failed"  # another refusal (the detail is in ``BoardView.detail``)
    COMPLETE_FAILED = "complete_failed"


@dataclass(frozen=True)
class BoardView:
    tasks: TaskList
    notes: dict[int, TaskNote] = field(default_factory=dict)
    detail: dict[int, str] = field(default_factory=dict)
    active_id: int | None = None  # the task the operator took last (its card is open)

    def row(self, task_id: int) -> TaskRow | None:
        return next((r for r in self.tasks.rows if r.id == task_id), None)


EMPTY = BoardView(TaskList((), (), None))


class TaskBoard:
    def __init__(
        self,
        store: Store,
        jobs: JobRunner,
        crm: Callable[[], CrmApi | None],
        keep_task: KeepTask,
        request_sync: Callable[[], None] | None = None,
    ) -> None:
        self._store, self._jobs, self._crm, self._keep_task = store, jobs, crm, keep_task
        self._request_sync = request_sync
        self.view = EMPTY
        self._notes: dict[int, TaskNote] = {}
        self._detail: dict[int, str] = {}
        self._active: int | None = None
        self._completing: set[int] = set()
        self._pending_dials: dict[int, int] = {}  # call id -> task id, until the session starts
        self._reads = 0
        self._changed: Listeners[BoardView] = Listeners(log, "task board")
        self._claimed: Listeners[TaskRow] = Listeners(log, "task claimed")

    def subscribe(self, listener: Callable[[BoardView], None]) -> Callable[[], None]:
        return self._changed.subscribe(listener)

    def on_claimed(self, listener: Callable[[TaskRow], None]) -> Callable[[], None]:
        return self._claimed.subscribe(listener)

    # ---- reading --------------------------------------------------------------------------------
    def refresh(self, then: Callable[[], None] | None = None) -> None:
        self._reads += 1
        token = self._reads
        kept = tuple(self._notes)

        def read() -> TaskList:
            with self._store.read_session() as session:
                return outbound_tasks.read_task_list(session, also=kept)

        def done(tasks: TaskList) -> None:
            if token == self._reads:
                self._show(tasks)
            if then is not None:
                then()

        self._jobs.submit(read, on_done=done, what="outbound task list reading")

    def _show(self, tasks: TaskList | None = None) -> None:
        self.view = BoardView(tasks or self.view.tasks, dict(self._notes), dict(self._detail), self._active)
        self._changed.tell(self.view)

    def _note(self, task_id: int, note: TaskNote | None, detail: str = "") -> None:
        if note is None:
            self._notes.pop(task_id, None)
            self._detail.pop(task_id, None)
        else:
            self._notes[task_id] = note
            self._detail[task_id] = detail
        self._show()

    # ---- taking a task --------------------------------------------------------------------------
    def claim(self, task_id: int) -> None:
        row = self.view.row(task_id)
        if row is None or row.crm_id is None or self._notes.get(task_id) == TaskNote.CLAIMING:
            return
        if row.mine:  # already ours: just open it again
            self._take(row)
            return
        api = self._crm()
        if api is None:
            self._note(task_id, TaskNote.CRM_UNREACHABLE)
            return
        self._note(task_id, TaskNote.CLAIMING)
        self._keep_task(self._claim(api, task_id, row.crm_id), f"claim task {row.crm_id}")

    async def _claim(self, api: CrmApi, task_id: int, crm_id: str) -> None:
        try:
            task = await api.claim_task(crm_id, key=str(uuid.uuid4()))
        except CrmRejected as exc:
            if exc.status == 409:
                done = exc.reason == "task_done" or "done" in exc.reason
                self._note(task_id, TaskNote.ALREADY_DONE if done else TaskNote.TAKEN_BY_OTHER)
                if self._request_sync is not None:
                    self._request_sync()  # the feed brings who has it now
            else:
                self._note(task_id, TaskNote.CLAIM_FAILED, exc.reason)
            return
        except CrmUnreachable:
            self._note(task_id, TaskNote.CRM_UNREACHABLE)
            return
        except CrmError as exc:
            log.warning("claiming task %s failed: %s", crm_id, exc)
            self._note(task_id, TaskNote.CLAIM_FAILED, str(exc))
            return

        def taken() -> None:
            row = self.view.row(task_id)
            if row is not None:
                self._take(row)

        def written(_result: object) -> None:
            self._notes.pop(task_id, None)
            self.refresh(then=taken)

        self._jobs.submit(
            lambda: outbound_tasks.apply_claimed(self._store, task),
            on_done=written,
            on_error=lambda exc: self._note(task_id, TaskNote.CLAIM_FAILED, str(exc)),
            what="claimed task writing",
        )

    def _take(self, row: TaskRow) -> None:
        self._active = row.id
        self._show()
        self._claimed.tell(row)

    # ---- dialling and completing ----------------------------------------------------------------
    def dialled(self, call_id: int, task_id: int) -> None:
        if len(self._pending_dials) >= MAX_PENDING_DIALS:
            self._pending_dials.pop(next(iter(self._pending_dials)))
        self._pending_dials[call_id] = task_id

    def on_session_change(self, change: SessionChange) -> None:
        task_id = self._pending_dials.pop(change.session.call_id, None)
        if task_id is not None:  # STARTED (or, for a call that failed at once, ENDED)
            change.session.attach(CallTask(task_id))  # before the later readers hear it started

    def complete(self, task_id: int, result: str, note: str = "") -> None:
        """Complete a task; a second request while the first is being written is ignored (and the
        store refuses a task already done), so one outcome reaches the outbox."""
        if task_id in self._completing:
            return
        self._completing.add(task_id)

        def done(_r: object) -> None:
            self._completing.discard(task_id)
            self._notes.pop(task_id, None)
            if self._active == task_id:
                self._active = None
            self.refresh()

        def failed(exc: BaseException) -> None:
            self._completing.discard(task_id)
            self._note(task_id, TaskNote.COMPLETE_FAILED, str(exc))

        self._jobs.submit(
            lambda: local_writes.complete_task(self._store, task_id, result, note),
            on_done=done,
            on_error=failed,
            what="task completion",
        )
