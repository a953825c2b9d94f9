"""Call recordings and self-reviews in the local store, and their way to the CRM through the outbox.

- ``recording_stored(store, interaction_id, file_name, media_type)``: the interaction's recording
  was compressed; notes its file and queues ONE ``interaction.recording`` outbox entry (the
  delivery PUTs the file; retried until the CRM takes it, exactly once: a second call for the same
  file queues nothing). The entry's status is the upload state (``upload_state``).
- ``save_review(store, interaction_id, rating, note)``: the operator's rating (1-5) and notes, kept
  locally and queued as ``interaction.review`` (``PATCH /interactions/{id}``).
- ``uploads_pending(store)``: the files whose upload is not delivered yet (retention spares them).
- ``review_facts(store, interaction_id)``: what the self-review shows: the script's steps visited,
  its compliance, the recording's file, the rating and notes.

Entries of one interaction go in order after its create (the outbox orders per entity).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from softphone.crm import schemas as s
from softphone.store import outbox
from softphone.store.db import Store
from softphone.store.models import Interaction, OutboxEntry


class ReviewError(Exception):
    """No such interaction, or a rating outside 1-5."""


@dataclass(frozen=True, slots=True)
class ReviewFacts:
    interaction_id: int
    script_crm_id: str | None
    script_steps: tuple[str, ...]
    script_compliance: float | None
    recording_file: str | None
    upload_state: str | None  # the outbox status of its upload (pending, delivered...), None: none
    self_rating: int | None
    self_review_note: str


def _interaction(session: object, interaction_id: int) -> Interaction:
    row = session.get(Interaction, interaction_id)  # type: ignore[attr-defined]
    if row is None or row.is_draft:
        raise ReviewError(f"no logged interaction {interaction_id}")
    return row  # type: ignore[no-any-return]


def recording_stored(store: Store, interaction_id: int, file_name: str, media_type: str) -> bool:
    """Returns True when the upload was queued (False: it already was, for this file)."""
    if media_type not in s.RECORDING_MEDIA_TYPES:
        raise ReviewError(f"unknown recording type {media_type}")
    with store.session() as session, session.begin():
        row = _interaction(session, interaction_id)
        if row.recording_file == file_name:
            return False
        row.recording_file = file_name
        outbox.enqueue(
            session, "interaction", row.id, "recording", {"path": file_name, "media_type": media_type}
        )
        return True


def save_review(store: Store, interaction_id: int, rating: int, note: str = "") -> None:
    try:
        body = s.InteractionReview(self_rating=rating, self_review_note=note)
    except ValueError as exc:
        raise ReviewError("the rating is 1 to 5 and the note at most 10,000 characters") from exc
    with store.session() as session, session.begin():
        row = _interaction(session, interaction_id)
        row.self_rating, row.self_review_note = body.self_rating, body.self_review_note
        outbox.enqueue(session, "interaction", row.id, "review", body.model_dump(mode="json"))


def uploads_pending(store: Store) -> frozenset[str]:
    """The recording files whose upload has not been delivered yet (retention keeps them)."""
    with store.read_session() as session:
        payloads = session.scalars(
            select(OutboxEntry.payload).where(
                OutboxEntry.entity_type == "interaction",
                OutboxEntry.operation == "recording",
                OutboxEntry.status != outbox.DELIVERED,
                OutboxEntry.status != outbox.DISMISSED,
            )
        ).all()
    return frozenset(str(p.get("path")) for p in payloads if isinstance(p, dict))


def review_facts(store: Store, interaction_id: int) -> ReviewFacts:
    with store.read_session() as session:
        row = _interaction(session, interaction_id)
        state = session.scalar(
            select(OutboxEntry.status)
            .where(
                OutboxEntry.entity_type == "interaction",
                OutboxEntry.entity_local_id == interaction_id,
                OutboxEntry.operation == "recording",
            )
            .order_by(OutboxEntry.seq.desc())
            .limit(1)
        )
        return ReviewFacts(
            interaction_id=row.id,
            script_crm_id=row.script_crm_id,
            script_steps=tuple(row.script_steps or ()),
            script_compliance=row.script_compliance,
            recording_file=row.recording_file,
            upload_state=state,
            self_rating=row.self_rating,
            self_review_note=row.self_review_note or "",
        )
