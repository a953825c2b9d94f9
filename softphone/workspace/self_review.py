"""What the operator's self-review of a past call shows (Qt-free; run on the store worker).

``load_self_review(store, interaction_id, folder)`` gathers the call's recording (the compressed
file, if it is still kept), the script's checklist (each required step of the script the call used,
in the script's order, and whether it was visited; visited steps that were not required are
counted) and the rating and notes given so far. Saving the rating is ``call_reviews.save_review``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from softphone.store import call_reviews
from softphone.store.db import Store
from softphone.store.models import Interaction, Script
from softphone.workspace.scripts.graph import ScriptRefused, graph_from_body


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    name: str
    visited: bool


@dataclass(frozen=True, slots=True)
class SelfReview:
    interaction_id: int
    started_at_iso: str
    talk_s: int
    recording: Path | None  # None: not recorded, or retention deleted it
    script_title: str  # "" when the call had no script
    checklist: tuple[ChecklistItem, ...]  # the required steps
    other_visited: int  # steps visited that were not required
    compliance: float | None
    self_rating: int | None
    self_review_note: str


def load_self_review(store: Store, interaction_id: int) -> SelfReview:
    facts = call_reviews.review_facts(store, interaction_id)
    title, checklist, other = "", [], 0
    with store.read_session() as session:
        row = session.get(Interaction, interaction_id)
        assert row is not None  # review_facts checked it
        started, talk_s = row.started_at.isoformat(), row.talk_s
        script = (
            session.scalar(select(Script).where(Script.crm_id == facts.script_crm_id))
            if facts.script_crm_id
            else None
        )
        if script is not None:
            visited = set(facts.script_steps)
            try:
                graph = graph_from_body(
                    script.crm_id or "", script.version, script.call_type, script.title, script.body
                )
            except ScriptRefused:
                graph = None
            if graph is not None:
                title = graph.title
                checklist = [
                    ChecklistItem(step.short_name, key in visited)
                    for key, step in graph.steps.items()
                    if step.required
                ]
                other = len(visited - graph.required_ids)
    recording = Path(facts.recording_file) if facts.recording_file else None
    if recording is not None and not recording.is_file():
        recording = None
    return SelfReview(
        interaction_id=interaction_id,
        started_at_iso=started,
        talk_s=talk_s,
        recording=recording,
        script_title=title,
        checklist=tuple(checklist),
        other_visited=other,
        compliance=facts.script_compliance,
        self_rating=facts.self_rating,
        self_review_note=facts.self_review_note,
    )
