"""The scripts an operator can use: ``ScriptLibrary``, read from the local store, bad versions refused.

``read_scripts`` (store worker) reads every stored script and checks it (``graph_from_body``), and
lists the script records the CRM sync quarantined (a version the contract refused never reaches the
store: the store keeps the previous one, and the CRM problems view shows the record). The library,
used on the GUI thread, takes such a reading with ``merge``: a script that fails the check now (a
version stored before today's rules, or a rule the CRM does not know) is refused and the version
this library had before is kept when there was one. Each refusal and quarantined version is a
``ScriptProblem`` the panel shows.

Choosing: ``usable(direction, store)`` are the scripts for a call (``store_ids`` and ``direction``
applicability), a shop's own script before the general one of the same call type;
``default_for`` picks the call type's script, falling back along the direction's call types.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import select

from softphone.domain import scripts as rules
from softphone.store.db import Store
from softphone.store.models import QuarantinedChange, Script
from softphone.workspace.scripts.graph import ScriptGraph, ScriptRefused, graph_from_body

log = logging.getLogger(__name__)
MAX_SCRIPTS = 1000  # a bound on what one reading takes


@dataclass(frozen=True, slots=True)
class ScriptProblem:
    crm_id: str
    version: int | None  # the refused version, when known
    reason: str
    kept_version: int | None  # the version in use instead; None: the script cannot be used
    source: Literal["store", "crm"]  # refused when loaded / quarantined by the CRM sync


@dataclass(frozen=True, slots=True)
class QuarantinedScript:
    crm_id: str
    version: int | None
    error: str


@dataclass(frozen=True, slots=True)
class ScriptsReading:
    graphs: Sequence[ScriptGraph] = ()
    refused: Sequence[ScriptRefused] = ()
    quarantined: Sequence[QuarantinedScript] = ()


def _quarantined_version(raw: str) -> int | None:
    try:
        data: Any = json.loads(raw)
        version = data.get("data", {}).get("version")
    except (ValueError, AttributeError):
        return None
    return version if isinstance(version, int) else None


def read_scripts(store: Store) -> ScriptsReading:
    """Every stored script, checked, and the quarantined script records (run on the store worker)."""
    graphs: list[ScriptGraph] = []
    refused: list[ScriptRefused] = []
    with store.read_session() as session:
        for row in session.scalars(select(Script).order_by(Script.crm_id).limit(MAX_SCRIPTS)):
            try:
                graphs.append(
                    graph_from_body(
                        row.crm_id or f"local-{row.id}",
                        row.version,
                        row.call_type,
                        row.title,
                        row.body,
                        row.updated_at,
                    )
                )
            except ScriptRefused as exc:
                refused.append(exc)
        quarantined = [
            QuarantinedScript(q.entity_id, _quarantined_version(q.raw), q.error)
            for q in session.scalars(
                select(QuarantinedChange).where(QuarantinedChange.entity_type == "script").limit(MAX_SCRIPTS)
            )
        ]
    return ScriptsReading(graphs, refused, quarantined)


@dataclass
class ScriptLibrary:
    _graphs: dict[str, ScriptGraph] = field(default_factory=dict)
    problems: list[ScriptProblem] = field(default_factory=list)
    read_at: dt.datetime | None = None

    def merge(self, reading: ScriptsReading) -> None:
        """Take a fresh reading; a refused script keeps the version this library had (if any)."""
        graphs = {g.crm_id: g for g in reading.graphs}
        problems: list[ScriptProblem] = []
        for refusal in reading.refused:
            previous = self._graphs.get(refusal.crm_id)
            if previous is not None:
                graphs[refusal.crm_id] = previous
            kept = previous.version if previous is not None else None
            problems.append(ScriptProblem(refusal.crm_id, refusal.version, refusal.reason, kept, "store"))
            if not any(p.crm_id == refusal.crm_id and p.source == "store" for p in self.problems):
                log.warning("script refused: %s (%s)", refusal, f"v{kept} kept" if kept else "none kept")
        for bad in reading.quarantined:
            kept_graph = graphs.get(bad.crm_id)
            kept = kept_graph.version if kept_graph is not None else None
            problems.append(ScriptProblem(bad.crm_id, bad.version, bad.error, kept, "crm"))
        self._graphs = graphs
        self.problems = problems
        self.read_at = dt.datetime.now(dt.UTC)

    def get(self, crm_id: str) -> ScriptGraph | None:
        return self._graphs.get(crm_id)

    def all(self) -> list[ScriptGraph]:
        return sorted(self._graphs.values(), key=_order)

    def usable(self, direction: str, store_crm_id: str | None) -> list[ScriptGraph]:
        """The scripts for a call, by call type; a shop's own script before the general one."""
        found = [g for g in self._graphs.values() if g.applies_to(direction, store_crm_id)]
        return sorted(found, key=_order)

    def default_for(self, direction: str, store_crm_id: str | None, call_type: str) -> ScriptGraph | None:
        usable = self.usable(direction, store_crm_id)
        for wanted in (call_type, *rules.direction_types(direction)):
            match = next((g for g in usable if g.call_type == wanted), None)
            if match is not None:
                return match
        return usable[0] if usable else None


def _order(graph: ScriptGraph) -> tuple[int, int, str]:
    types = rules.CALL_TYPES
    rank = types.index(graph.call_type) if graph.call_type in types else len(types)
    return rank, 0 if graph.store_ids else 1, graph.crm_id
