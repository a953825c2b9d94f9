"""The script of each live call: ``ScriptDesk`` hangs a ``CallScript`` on every ``CallSession``.

Subscribed to ``CallSessions`` by the composition root. When a call starts (and whenever screen-pop
hangs another ``CallCustomer`` / ``CallStore`` on it) the desk reads, on the store worker, the
scripts (``library.read_scripts``) and the variables' values (``context.load_context``), then starts
the call's run with the default script for its direction, shop and customer (the operator may
``switch``); a call dialled for an outbound task (``CallTask``) has the task's kind as its call type.
Until screen-pop has put a customer on the call the variables show placeholders and the
run still works; no interaction can be saved without a customer (``gaps`` says so).

Every answer, back or jump goes through the desk (``pick``, ``answer_text``, ``back``, ``jump``):
it changes the run, tells the listeners (the panel) at once, and keeps the run's answers in a draft
interaction (``local_writes.save_script_answers``) on the store worker, coalesced, so a crash mid-call
loses nothing; ``InteractionLog`` completes that draft at hang-up. A consultation call for an
attended transfer gets no script. Used on the GUI thread; store work goes through ``JobRunner``.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from softphone.listeners import Listeners
from softphone.store import local_writes, outbound_tasks, shops
from softphone.store.db import Store
from softphone.store.jobs import JobRunner
from softphone.workspace.call_context import CallCustomer, CallStore, CallTask
from softphone.workspace.call_session import CallSession
from softphone.workspace.scripts.context import ScriptContext, load_context
from softphone.workspace.scripts.library import ScriptLibrary, ScriptsReading, read_scripts
from softphone.workspace.scripts.run import ScriptRun
from softphone.workspace.sessions import ChangeKind, SessionChange

log = logging.getLogger(__name__)
PREVIEW_CALL_ID = -1  # a preview belongs to no call


@dataclass(frozen=True, slots=True)
class ScriptProgress:
    """A run's state as saved with the call (a snapshot taken on the GUI thread)."""

    script_id: str
    answers: dict[str, str]
    steps: tuple[str, ...]
    compliance: float


@dataclass(eq=False)
class Draft:
    """The call's draft interaction; its id is set and read on the store worker only."""

    interaction_id: int | None = None
    latest: tuple[int, ScriptProgress] | None = None  # (customer id, progress) to save next
    queued: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)


@dataclass(eq=False)
class CallScript:
    """The script of one call (``session.attached(CallScript)``)."""

    call_id: int
    direction: str
    started_at: float
    context: ScriptContext | None = None  # None until the first reading answered
    run: ScriptRun | None = None
    chosen_by_operator: bool = False
    ended: bool = False
    draft: Draft = field(default_factory=Draft)
    loaded_for: tuple[CallCustomer | None, CallStore | None] = (None, None)
    loads: int = 0
    task_kind: str | None = None  # the kind of the outbound task the call was dialled for
    preview: bool = False  # shown before its call (a task just taken): read-only, nothing saved

    @property
    def progress(self) -> ScriptProgress | None:
        if self.run is None:
            return None
        return ScriptProgress(self.run.graph.crm_id, self.run.answers, self.run.visited, self.run.compliance)


class ScriptDesk:
    def __init__(self, store: Store, jobs: JobRunner, library: ScriptLibrary | None = None) -> None:
        self._store = store
        self._jobs = jobs
        self.library = library or ScriptLibrary()
        self._listeners: Listeners[CallScript] = Listeners(log, "call script")

    def subscribe(self, listener: Callable[[CallScript], None]) -> Callable[[], None]:
        return self._listeners.subscribe(listener)

    # ---- the live calls -------------------------------------------------------------------------
    def on_session_change(self, change: SessionChange) -> None:
        session = change.session
        if session.consult_for is not None:
            return
        script = session.attached(CallScript)
        if change.kind == ChangeKind.ENDED:
            if script is not None:
                script.ended = True
                self._listeners.tell(script)
            return
        if script is None:
            script = CallScript(session.call_id, session.direction.value, session.started_at)
            session.attach(script)
            self._load(session, script)
            self._listeners.tell(script)
        elif (session.attached(CallCustomer), session.attached(CallStore)) != script.loaded_for:
            self._load(session, script)

    def _load(self, session: CallSession, script: CallScript) -> None:
        customer, shop = session.attached(CallCustomer), session.attached(CallStore)
        task = session.attached(CallTask)
        script.loaded_for = (customer, shop)
        script.loads += 1
        token = script.loads

        def read() -> tuple[ScriptsReading, ScriptContext]:
            if task is not None:
                with self._store.read_session() as db:
                    script.task_kind = outbound_tasks.task_kind(db, task.task_id)
            return read_scripts(self._store), load_context(self._store, customer, shop)

        self._jobs.submit(
            read,
            on_done=lambda result: self._loaded(script, token, *result),
            what="script and call context reading",
        )

    def _loaded(
        self, script: CallScript, token: int, reading: ScriptsReading, context: ScriptContext
    ) -> None:
        self.library.merge(reading)
        if token != script.loads:
            return  # a newer customer or shop was put on the call meanwhile
        script.context = context
        if not script.ended or script.preview:
            untouched = script.run is None or (script.run.revision == 0 and not script.chosen_by_operator)
            if untouched:
                graph = self.library.default_for(
                    script.direction,
                    context.store_crm_id,
                    context.default_call_type(script.direction, script.task_kind),
                )
                script.run = ScriptRun(graph) if graph is not None else None
        if not script.ended:
            self._keep(script)
        self._listeners.tell(script)

    def preview(self, customer: CallCustomer, task_kind: str | None) -> CallScript:
        """The script an outbound call to ``customer`` for a task of ``task_kind`` starts with, to read
        before dialling (read-only, nothing saved); the call's own script replaces it."""
        script = CallScript(PREVIEW_CALL_ID, "outbound", time.time(), ended=True, preview=True)
        script.task_kind = task_kind
        script.loaded_for = (customer, None)
        script.loads = 1

        def read() -> tuple[ScriptsReading, ScriptContext]:
            with self._store.read_session() as session:  # the shop as screen-pop picks it for a call out
                found = (
                    shops.shop_of_customer(session, customer.customer_id) if customer.customer_id else None
                )
                found = found or shops.operator_shop(session)
            shop = CallStore(found.id, found.crm_id, found.name, found.colour) if found is not None else None
            return read_scripts(self._store), load_context(self._store, customer, shop)

        self._jobs.submit(
            read, on_done=lambda result: self._loaded(script, 1, *result), what="script preview reading"
        )
        return script

    # ---- the operator's moves -------------------------------------------------------------------
    def switch(self, script: CallScript, crm_id: str) -> bool:
        """Start the script ``crm_id`` on this call instead (the operator's choice)."""
        graph = self.library.get(crm_id)
        if graph is None or script.ended:
            return False
        script.run = ScriptRun(graph)
        script.chosen_by_operator = True
        return self._changed(script, True)

    def pick(self, script: CallScript, number: int) -> bool:
        return self._changed(script, script.run is not None and not script.ended and script.run.pick(number))

    def answer_text(self, script: CallScript, value: str) -> bool:
        run = script.run
        return self._changed(script, run is not None and not script.ended and run.answer_text(value))

    def back(self, script: CallScript) -> bool:
        return self._changed(script, script.run is not None and not script.ended and script.run.back())

    def jump(self, script: CallScript, step_id: str) -> bool:
        return self._changed(script, script.run is not None and not script.ended and script.run.jump(step_id))

    def _changed(self, script: CallScript, moved: bool) -> bool:
        if moved:
            self._listeners.tell(script)  # the panel first: the step is painted before any saving
            self._keep(script)
        return moved

    # ---- the draft ------------------------------------------------------------------------------
    def _keep(self, script: CallScript) -> None:
        """Save the run's state in the call's draft interaction (coalesced: one job queued at a time)."""
        context, progress = script.context, script.progress
        if script.ended or context is None or context.customer_id is None or progress is None:
            return
        draft = script.draft
        started = dt.datetime.fromtimestamp(script.started_at, dt.UTC)
        with draft.lock:
            draft.latest = (context.customer_id, progress)
            if draft.queued:
                return
            draft.queued = True

        def save() -> None:
            with draft.lock:
                draft.queued = False
                latest = draft.latest
            if latest is None:
                return
            customer_id, snap = latest
            draft.interaction_id = local_writes.save_script_answers(
                self._store,
                customer_id,
                snap.script_id,
                snap.answers,
                draft.interaction_id,
                steps=snap.steps,
                compliance=snap.compliance,
                started_at=started,
                direction=script.direction,
            )

        self._jobs.submit(save, what="script answers draft")

    def current(self, session: CallSession | None) -> CallScript | None:
        return session.attached(CallScript) if session is not None else None
