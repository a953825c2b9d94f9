"""Call recordings not filed yet, in the local store: which WAV belongs to which call.

A row is written (``add``) before the engine starts writing the call's ``call-<uuid>.wav``, with
the app run that records it (``run_id``), the call's start and direction; the call's customer
(``set_customer``) and its logged interaction (``set_interaction``) are added when known. The row
goes (``remove``) once the WAV is compressed and its upload queued. Rows of an earlier run
(``left_over``) are the recordings of calls a killed or quit app never filed: the next start
recovers them (``workspace.recording_recovery``). ``interaction_for`` finds the interaction such a
call was logged as: the one noted on the row, else the call's interaction by its start and customer
(a script's draft or a wrap-up's draft, completed at start-up by ``interaction_log.complete_drafts``).
``wav_paths`` are spared by the retention's stale-WAV deletion. Run all of it off the GUI thread.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from sqlalchemy import delete, insert, select, update

from softphone.store.db import Store
from softphone.store.models import Interaction, PendingRecording

MAX_ROWS = 500  # rows recovered per start (bounded; the rest at the next one)


@dataclass(frozen=True, slots=True)
class LeftRecording:
    id: int
    wav_path: str
    started_at: dt.datetime
    direction: str
    customer_id: int | None
    interaction_id: int | None
    tries: int


class Filing(enum.Enum):
    """Where a left recording's interaction stands."""

    LOGGED = "logged"  # a logged interaction: file it under it
    DRAFT = "draft"  # still a draft (its completion failed): try again at the next start
    NONE = "none"  # the call left no interaction: nothing to file it under


def add(
    store: Store,
    wav_path: str,
    run_id: str,
    started_at: dt.datetime,
    direction: str = "",
    customer_id: int | None = None,
) -> None:
    with store.session() as session, session.begin():
        session.execute(
            insert(PendingRecording).values(
                wav_path=wav_path,
                run_id=run_id,
                started_at=started_at,
                direction=direction,
                customer_id=customer_id,
                tries=0,
            )
        )


def set_customer(store: Store, wav_path: str, customer_id: int) -> None:
    _set(store, wav_path, customer_id=customer_id)


def set_interaction(store: Store, wav_path: str, interaction_id: int) -> None:
    _set(store, wav_path, interaction_id=interaction_id)


def _set(store: Store, wav_path: str, **values: int) -> None:
    with store.session() as session, session.begin():
        session.execute(
            update(PendingRecording).where(PendingRecording.wav_path == wav_path).values(**values)
        )


def remove(store: Store, wav_path: str) -> None:
    with store.session() as session, session.begin():
        session.execute(delete(PendingRecording).where(PendingRecording.wav_path == wav_path))


def tried(store: Store, wav_path: str) -> int:
    """One more recovery could not file it; returns how many have tried."""
    with store.session() as session, session.begin():
        session.execute(
            update(PendingRecording)
            .where(PendingRecording.wav_path == wav_path)
            .values(tries=PendingRecording.tries + 1)
        )
        return int(
            session.scalar(select(PendingRecording.tries).where(PendingRecording.wav_path == wav_path)) or 0
        )


def left_over(store: Store, run_id: str, limit: int = MAX_ROWS) -> list[LeftRecording]:
    """Rows of runs other than ``run_id`` (this run's are calls in progress or being filed)."""
    with store.read_session() as session:
        rows = session.scalars(
            select(PendingRecording)
            .where(PendingRecording.run_id != run_id)
            .order_by(PendingRecording.id)
            .limit(limit)
        ).all()
        return [
            LeftRecording(
                r.id, r.wav_path, r.started_at, r.direction, r.customer_id, r.interaction_id, r.tries
            )
            for r in rows
        ]


def wav_paths(store: Store) -> frozenset[str]:
    with store.read_session() as session:
        return frozenset(session.scalars(select(PendingRecording.wav_path).limit(10 * MAX_ROWS)).all())


def interaction_for(store: Store, left: LeftRecording) -> tuple[Filing, int | None]:
    """The interaction ``left``'s call was logged as (the newest one of the call's start and customer)."""
    with store.read_session() as session:
        if left.interaction_id is not None:
            row = session.get(Interaction, left.interaction_id)
        else:
            query = select(Interaction).where(
                Interaction.started_at == left.started_at, Interaction.channel == "call"
            )
            if left.customer_id is not None:
                query = query.where(Interaction.customer_id == left.customer_id)
            row = session.scalars(query.order_by(Interaction.id.desc()).limit(1)).first()
        if row is None:
            return Filing.NONE, None
        return (Filing.DRAFT if row.is_draft else Filing.LOGGED), row.id
