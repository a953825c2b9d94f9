"""After-call work: the call's wrap-up (disposition, notes, callback, escalation, linked order) and
the one moment its interaction is sent. Qt-free.

``WrapUp`` gets each ended call's interaction from ``InteractionLog`` (its ``hand_over``) and keeps
it as the ``pending`` wrap-up while the operator is in after-call work. The form keeps its values on
it (``set_draft``); ``finish`` checks them (a disposition that needs a note) and sends the
interaction with the disposition, notes, the after-call time and the linked order / task, then tells
the state machine the call is wrapped up. Leaving after-call work any other way (Ready in an
optional policy, the time box running out, the next call) finishes it with what the form holds, so
every interaction is sent exactly once and none waits for ever.

``schedule_callback`` and ``escalate`` write locally and through the outbox on the store worker;
``on_done`` hears the local id or the error. A script step's callback or escalation comes as a request
(``request_from_script``, ``wrap_up_requests``): the pending wrap-up holds it with its note from the
script (the step's reason and the operator's answer), the form shows the note editable, and what the
operator did not send by hand is sent when the wrap-up is finished, with the note as it then reads.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from softphone.listeners import Listeners
from softphone.store import wrap_up_writes
from softphone.store.db import Store
from softphone.store.jobs import JobRunner
from softphone.store.wrap_up_writes import DispositionChoice
from softphone.workspace.agent_state import AgentState, AgentStateMachine, AgentStatus
from softphone.workspace.call_context import CallCustomer, CallOrder, CallTask
from softphone.workspace.call_session import CallSession
from softphone.workspace.interaction_log import CallInteraction, InteractionLog
from softphone.workspace.wrap_up_requests import (
    CALLBACK,
    ESCALATION,
    ScriptRequest,
    add_request,
    requests_with_notes,
)

log = logging.getLogger(__name__)
PRIORITIES = ("low", "normal", "high", "urgent")


class WrapUpProblem(Exception):
    """What the operator must fix before the wrap-up can be finished (said in the form)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(eq=False)
class PendingWrapUp:
    """The call being wrapped up."""

    call_id: int
    customer_id: int | None
    customer_name: str
    record: CallInteraction | None  # None: no interaction (an unknown caller)
    order: CallOrder | None
    acw_started: float
    session: CallSession | None = None  # the ended call: an order saved in the wrap-up hangs on it too
    disposition: str | None = None
    notes: str = ""
    actions: list[str] = field(default_factory=list)  # what was done meanwhile ("callback", "escalation")
    requests: list[ScriptRequest] = field(default_factory=list)  # the script's, not sent yet


Done = Callable[[int | None, Exception | None], None]


class WrapUp:
    def __init__(
        self,
        store: Store,
        jobs: JobRunner,
        machine: AgentStateMachine,
        interactions: InteractionLog,
        *,
        clock: Callable[[], float] = time.time,
        operator_id: Callable[[], str | None] = lambda: None,
    ) -> None:
        self._store = store
        self._jobs = jobs
        self._machine = machine
        self._interactions = interactions
        self._clock = clock
        self._operator_id = operator_id
        self.pending: PendingWrapUp | None = None
        self.finished_count = 0
        self._choices_cache: list[DispositionChoice] = []
        self._listeners: Listeners[PendingWrapUp | None] = Listeners(log, "wrap-up")
        interactions.hand_over = self.begin
        machine.subscribe(self._on_agent_state)

    def subscribe(self, listener: Callable[[PendingWrapUp | None], None]) -> Callable[[], None]:
        """Hear the pending wrap-up when one begins or changes, and None once it is finished."""
        return self._listeners.subscribe(listener)

    # ---- the call's wrap-up ---------------------------------------------------------------------
    def begin(self, record: CallInteraction | None, session: CallSession) -> None:
        """A call ended (from ``InteractionLog``): its wrap-up is now pending."""
        if self.pending is not None:
            self._finish(self.pending, checked=False)  # the earlier one goes with what it has
        customer = session.attached(CallCustomer)
        order = session.attached(CallOrder)
        task = session.attached(CallTask)
        if record is not None:
            record.task_local_id = task.task_id if task is not None else None
        self.pending = PendingWrapUp(
            session.call_id,
            customer.customer_id if customer is not None else None,
            customer.name if customer is not None else "",
            record,
            order,
            self._clock(),
            session,
            requests=requests_with_notes(session),
        )
        self._listeners.tell(self.pending)

    def request_from_script(
        self,
        session: CallSession,
        kind: str,
        customer_id: int,
        step_id: str,
        due_at: dt.datetime | None = None,
        priority: str = "normal",
    ) -> None:
        """A script step asks for a callback or an escalation: it goes with this call's wrap-up."""
        if kind == ESCALATION and priority not in PRIORITIES:
            raise ValueError(f"unknown priority {priority!r}")
        add_request(session, ScriptRequest(kind, customer_id, step_id, due_at, priority))
        pending = self.pending
        if pending is not None and pending.call_id == session.call_id:
            pending.requests = requests_with_notes(session)
            self._listeners.tell(pending)

    def attach_order(self, order: CallOrder) -> None:
        """An order saved right after the call (in after-call work) is the call's linked order."""
        if self.pending is not None:
            self.pending.order = order
            self._listeners.tell(self.pending)

    def set_draft(self, disposition: str | None, notes: str) -> None:
        if self.pending is not None:
            self.pending.disposition, self.pending.notes = disposition or None, notes

    def problem(self, choices: list[DispositionChoice]) -> WrapUpProblem | None:
        pending = self.pending
        if pending is None or pending.record is None:
            return None
        if pending.disposition is None:
            return WrapUpProblem("no_disposition", "choose the call's result")
        chosen = next((c for c in choices if c.code == pending.disposition), None)
        if chosen is not None and chosen.requires_note and not pending.notes.strip():
            return WrapUpProblem("needs_note", f"the result {chosen.label!r} needs a note")
        return None

    def finish(self, choices: list[DispositionChoice]) -> None:
        """The operator finished the wrap-up; raises ``WrapUpProblem`` (nothing sent) when it is not right."""
        problem = self.problem(choices)
        if problem is not None:
            raise problem
        if self.pending is not None:
            self._finish(self.pending, checked=True)
        self._machine.wrapped_up()

    def _finish(self, pending: PendingWrapUp, *, checked: bool) -> None:
        self.pending = None
        record = pending.record
        if record is not None:
            record.disposition = pending.disposition
            record.notes = pending.notes[:10_000]
            record.acw_s = min(86_400, max(0, math.floor(self._clock() - pending.acw_started)))
            order = pending.order
            if order is None and pending.session is not None:
                order = pending.session.attached(CallOrder)  # saved by the order editor after the call
            if order is not None:
                record.order_local_id = order.order_id
                record.order_crm_id = order.crm_id
            if not checked and record.disposition is not None and not record.notes.strip():
                # finished by the clock or the next call: a result that needs a note cannot go without one
                needs = [c for c in self._choices_cache if c.code == record.disposition and c.requires_note]
                if needs:
                    record.disposition = None
            self._interactions.send(record)
        self._send_requests(pending)
        self.finished_count += 1
        self._listeners.tell(None)

    def remember_choices(self, choices: list[DispositionChoice]) -> None:
        self._choices_cache = list(choices)

    def _on_agent_state(self, state: AgentState) -> None:
        if state.status != AgentStatus.AFTER_CALL_WORK and self.pending is not None:
            self._finish(self.pending, checked=False)

    # ---- what the wrap-up (or a script step) can do ---------------------------------------------
    def load_dispositions(self, on_done: Callable[[list[DispositionChoice]], None]) -> None:
        def done(choices: list[DispositionChoice]) -> None:
            self.remember_choices(choices)
            on_done(choices)

        self._jobs.submit(lambda: wrap_up_writes.dispositions(self._store), on_done=done, what="dispositions")

    def schedule_callback(
        self,
        customer_id: int,
        due_at: dt.datetime,
        note: str,
        for_queue: bool,
        on_done: Done | None = None,
    ) -> None:
        """A callback task for this operator, or for the queue (``for_queue``); it answers the
        script's callback request, if there is one (the form's note is the request's, edited)."""
        self._callback(
            self.pending, self._take_request(CALLBACK), customer_id, due_at, note, for_queue, on_done
        )

    def _callback(
        self,
        pending: PendingWrapUp | None,
        request: ScriptRequest | None,
        customer_id: int,
        due_at: dt.datetime,
        note: str,
        for_queue: bool,
        on_done: Done | None = None,
    ) -> None:
        order = pending.order if pending is not None else None
        operator = self._operator_id()
        self._submit(
            "callback",
            lambda: wrap_up_writes.schedule_callback(
                self._store,
                customer_id,
                due_at,
                note,
                for_queue=for_queue,
                operator_id=operator,
                order_crm_id=order.crm_id if order is not None else None,
            ),
            on_done,
            pending,
            request,
        )

    def escalate(self, customer_id: int, priority: str, note: str, on_done: Done | None = None) -> None:
        """Hand the customer's problem to a technical specialist with ``priority`` (low..urgent); it
        answers the script's escalation request, if there is one."""
        if priority not in PRIORITIES:
            raise ValueError(f"unknown priority {priority!r}")
        self._escalate(self.pending, self._take_request(ESCALATION), customer_id, priority, note, on_done)

    def _escalate(
        self,
        pending: PendingWrapUp | None,
        request: ScriptRequest | None,
        customer_id: int,
        priority: str,
        note: str,
        on_done: Done | None = None,
    ) -> None:
        order = pending.order if pending is not None else None
        self._submit(
            "escalation",
            lambda: wrap_up_writes.escalate(
                self._store,
                customer_id,
                priority,
                note,
                order_crm_id=order.crm_id if order is not None else None,
            ),
            on_done,
            pending,
            request,
        )

    def _take_request(self, kind: str) -> ScriptRequest | None:
        """The pending wrap-up's first script request of ``kind`` not sent yet, now marked sent."""
        pending = self.pending
        request = next(
            (r for r in (pending.requests if pending else []) if r.kind == kind and not r.sent), None
        )
        if request is not None:
            request.sent = True
        return request

    def _send_requests(self, pending: PendingWrapUp) -> None:
        """The wrap-up is over: what the script asked for and the operator did not send goes now."""
        for request in pending.requests:
            if request.sent:
                continue
            request.sent = True
            if request.kind == CALLBACK:
                due = request.due_at or dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
                self._callback(pending, request, request.customer_id, due, request.note, False)
            else:
                self._escalate(pending, request, request.customer_id, request.priority, request.note)

    def _submit(
        self,
        what: str,
        write: Callable[[], int],
        on_done: Done | None,
        pending: PendingWrapUp | None,
        request: ScriptRequest | None = None,
    ) -> None:
        def run() -> tuple[int | None, Exception | None]:
            try:
                return write(), None
            except Exception as exc:  # a clear error for the form; nothing was written
                log.warning("%s not saved: %s", what, exc.__class__.__name__)
                return None, exc

        def done(result: tuple[int | None, Exception | None]) -> None:
            if result[1] is None and pending is not None:
                pending.actions.append(what)
            elif result[1] is not None and request is not None and pending is self.pending:
                request.sent = False  # not written: the wrap-up still offers it (and sends it at the end)
            if on_done is not None:
                on_done(*result)

        self._jobs.submit(run, on_done=done, what=what)
