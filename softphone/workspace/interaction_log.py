"""The interaction of each call, logged at hang-up: locally at once and to the CRM through the outbox.

``InteractionLog.on_session_change`` is subscribed to ``CallSessions`` by the composition root. When
an answered call ends with a known customer (``CallCustomer`` with a ``customer_id``, put there by
screen-pop), it writes, on the store worker, one interaction with ``local_writes.log_call``: the
``interactions`` row (the timeline shows it at once) and its outbox entry in the same transaction
(``OutboxDelivery`` sends it exactly once, with its Idempotency-Key, when the CRM answers). It has
channel call, the direction, talk and hold time, the call's start, and the script's id, answers,
compliance and visited steps (``CallScript``); it completes the call's draft when the script kept
one.

With a wrap-up (``hand_over``, wired by the composition root) the interaction is not sent at
hang-up: the call's draft gets its times at once (``wrap_up_writes.keep_call_draft``, so an app
killed during the wrap-up loses nothing: ``complete_drafts`` logs it at the next start) and the
record goes to the wrap-up (``workspace/wrap_up.WrapUp``), which fills in the disposition, notes,
after-call time, linked order and task and calls ``send``: then it is logged and queued, once.

The call's history row: the interaction (its draft too) is written with the id of the call's
``call_history`` row, which the history recorder, subscribed before, has written by then on the same
store worker; both share the session's ``CallLink``, so a history row written later (the store
refused it for a while) is linked when it is (``store/call_history``). A draft completed at the
next start keeps its link.

Exactly once: a session is logged only on its one ``ENDED`` change and is marked
(``InteractionLogged``) before the write is queued. A write the database refused for now
(``OperationalError``) is kept in memory and tried again with the next one; a write failing for a
reason of its own is tried ``MAX_TRIES`` times, then dropped with the reason logged (no personal
data). ``complete_drafts`` logs drafts a crash left behind (at start-up, before any call).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from softphone.store import call_history, local_writes, wrap_up_writes
from softphone.store.call_history import CallLink
from softphone.store.db import Store
from softphone.store.jobs import JobRunner
from softphone.store.models import Interaction, OutboundTask
from softphone.workspace.call_context import CallCustomer
from softphone.workspace.call_recorder import call_link
from softphone.workspace.call_session import CallSession
from softphone.workspace.scripts.desk import CallScript, Draft, ScriptProgress
from softphone.workspace.sessions import ChangeKind, SessionChange

log = logging.getLogger(__name__)
MAX_UNSAVED = 1000
MAX_TRIES = 3
MAX_DRAFTS = 500


@dataclass(frozen=True, slots=True)
class InteractionLogged:
    """On a session whose interaction was handed to the store."""

    customer_id: int


@dataclass(eq=False)
class CallInteraction:
    """What is written for one call (values taken on the GUI thread at hang-up)."""

    call_id: int
    customer_id: int
    started_at: dt.datetime
    direction: str
    talk_s: int
    hold_s: int
    progress: ScriptProgress | None
    draft: Draft | None
    tries: int = 0
    draft_id: int | None = None  # the draft kept during the wrap-up (store worker only)
    disposition: str | None = None
    notes: str = ""
    acw_s: int = 0
    order_local_id: int | None = None  # the order made or confirmed on the call (``CallOrder``)
    order_crm_id: str | None = None
    task_crm_id: str | None = None
    task_local_id: int | None = None
    link: CallLink | None = None  # the call's history row, shared with the history recorder


def call_interaction(session: CallSession, customer_id: int) -> CallInteraction:
    script = session.attached(CallScript)
    return CallInteraction(
        call_id=session.call_id,
        customer_id=customer_id,
        started_at=dt.datetime.fromtimestamp(session.started_at, dt.UTC),
        direction=session.direction.value,
        talk_s=min(86_400, round(session.talk_time_s())),
        hold_s=min(86_400, round(session.hold_time_s())),
        progress=script.progress if script is not None else None,
        draft=script.draft if script is not None else None,
        link=call_link(session),
    )


HandOver = Callable[[CallInteraction, CallSession], None]


class InteractionLog:
    def __init__(
        self,
        store: Store,
        jobs: JobRunner,
        on_logged: Callable[[list[int]], None] | None = None,
        hand_over: HandOver | None = None,
        on_call_logged: Callable[[int, int], None] | None = None,
    ) -> None:
        """``on_call_logged(call_id, interaction_id)`` is told on the store worker which interaction
        each call became (the call's recording is filed under it; it must hand over to its thread)."""
        self._store = store
        self._jobs = jobs
        self.on_logged = on_logged  # hears the ids logged (the KPI strip refreshes)
        self.hand_over = hand_over  # the wrap-up; None: logged at hang-up
        self._on_call_logged = on_call_logged
        self._unsaved: list[CallInteraction] = []  # touched by the store worker only
        self._lock = threading.Lock()

    def on_session_change(self, change: SessionChange) -> None:
        session = change.session
        if change.kind != ChangeKind.ENDED or session.attached(InteractionLogged) is not None:
            return
        customer = session.attached(CallCustomer)
        if session.consult_for is not None or not session.was_answered:
            return  # a consultation with a colleague, or a call nobody talked on
        if customer is None or customer.customer_id is None:
            log.info("call %d ended with no known customer: no interaction logged", session.call_id)
            return
        record = call_interaction(session, customer.customer_id)
        session.attach(InteractionLogged(customer.customer_id))
        if self.hand_over is None:
            self.send(record)
            return
        self._jobs.submit(lambda: self.keep(record), what="call interaction kept for the wrap-up")
        self.hand_over(record, session)

    def send(self, record: CallInteraction) -> None:
        """Log ``record`` and queue it for the CRM (on the store worker); call it once per record."""
        self._jobs.submit(lambda: self.write(record), on_done=self._logged, what="call interaction log")

    def keep(self, record: CallInteraction) -> None:
        """Keep the call's times on its draft until the wrap-up is done (runs on the store worker)."""
        draft_id = record.draft.interaction_id if record.draft is not None else None
        history_id = record.link.history_id if record.link is not None else None
        try:
            kept = record.draft_id = wrap_up_writes.keep_call_draft(
                self._store,
                record.customer_id,
                record.started_at,
                direction=record.direction,
                talk_s=record.talk_s,
                hold_s=record.hold_s,
                interaction_id=draft_id,
                call_history_id=history_id,
            )
        except Exception as exc:  # the interaction is still logged in full when the wrap-up is done
            log.error("call %d draft not kept: %s", record.call_id, exc.__class__.__name__)
            return
        if record.draft is not None:
            record.draft.interaction_id = record.draft_id
        self._link(record, kept, history_id)

    def write(self, record: CallInteraction) -> list[int]:
        """Write ``record`` and any earlier ones not written yet (runs on the store worker)."""
        with self._lock:
            self._unsaved.append(record)
            del self._unsaved[:-MAX_UNSAVED]
            written: list[int] = []
            kept: list[CallInteraction] = []
            for item in self._unsaved:
                try:
                    written.append(self._log(item))
                    if self._on_call_logged is not None:
                        self._on_call_logged(item.call_id, written[-1])
                except OperationalError as exc:  # the store, not the record: all kept for the next try
                    log.error("call interaction not saved yet (%s): kept", exc.__class__.__name__)
                    kept.append(item)
                except Exception as exc:
                    item.tries += 1
                    if item.tries < MAX_TRIES:
                        kept.append(item)
                    else:
                        log.error(
                            "call %d interaction dropped after %d tries: %s",
                            item.call_id,
                            item.tries,
                            exc.__class__.__name__,
                        )
            self._unsaved = kept
            return written

    def _log(self, item: CallInteraction) -> int:
        progress = item.progress
        draft = item.draft
        draft_id = draft.interaction_id if draft is not None else None
        history_id = item.link.history_id if item.link is not None else None
        interaction_id = local_writes.log_call(
            self._store,
            item.customer_id,
            item.started_at,
            direction=item.direction,
            disposition=item.disposition,
            notes=item.notes,
            talk_s=item.talk_s,
            hold_s=item.hold_s,
            acw_s=item.acw_s,
            script_crm_id=progress.script_id if progress else None,
            script_answers=progress.answers if progress else {},
            script_compliance=progress.compliance if progress else None,
            script_steps=progress.steps if progress else (),
            order_crm_id=item.order_crm_id,
            order_local_id=item.order_local_id,
            task_crm_id=item.task_crm_id or _task_crm_id(self._store, item.task_local_id),
            call_history_id=history_id,
            interaction_id=draft_id if draft_id is not None else item.draft_id,
        )
        item.draft_id = None
        if draft is not None:
            draft.interaction_id = None  # completed: a late draft save must not touch it
        self._link(item, interaction_id, history_id)
        return interaction_id

    def _link(self, item: CallInteraction, interaction_id: int, written_with: int | None) -> None:
        """The call's history row was written after ``interaction_id`` was: link them now."""
        if item.link is None:
            return
        history_id = item.link.interaction_written(interaction_id, written_with)
        if history_id is None:
            return
        try:
            call_history.link(self._store, interaction_id, history_id)
        except Exception as exc:  # the interaction stands; the Recent calls list just cannot open it
            log.error(
                "call %d interaction not linked to its history row: %s", item.call_id, type(exc).__name__
            )

    def _logged(self, ids: list[int]) -> None:
        if ids and self.on_logged is not None:
            self.on_logged(ids)

    @property
    def unsaved_count(self) -> int:
        with self._lock:
            return len(self._unsaved)

    def complete_drafts(self) -> None:
        """Log the drafts an earlier run left behind (the app stopped mid-call), on the store worker."""
        self._jobs.submit(lambda: complete_drafts(self._store), on_done=self._logged, what="left drafts")


def complete_drafts(store: Store) -> list[int]:
    """Log every draft interaction as it is (its talk and hold time are not known); returns their ids."""
    with store.read_session() as session:
        drafts = [
            (row.id, row.customer_id, row.started_at, row.direction, row.talk_s, row.hold_s)
            for row in session.scalars(select(Interaction).where(Interaction.is_draft).limit(MAX_DRAFTS))
        ]
    done = []
    for interaction_id, customer_id, started_at, direction, talk_s, hold_s in drafts:
        if customer_id is None:
            continue
        try:
            done.append(
                local_writes.log_call(
                    store,
                    customer_id,
                    started_at,
                    direction=direction,
                    talk_s=talk_s or 0,
                    hold_s=hold_s or 0,
                    interaction_id=interaction_id,
                )
            )
        except Exception as exc:
            log.error("draft interaction %d not logged: %s", interaction_id, exc.__class__.__name__)
    if done:
        log.info("%d call interaction(s) left as drafts by an earlier run logged", len(done))
    return done


def _task_crm_id(store: Store, task_local_id: int | None) -> str | None:
    """The CRM id of the task the call was made for (a task always comes from the CRM)."""
    if task_local_id is None:
        return None
    with store.read_session() as session:
        task = session.get(OutboundTask, task_local_id)
        return task.crm_id if task is not None else None
