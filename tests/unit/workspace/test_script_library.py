"""Scripts as the operator gets them: a malformed version, from the CRM sync or found when loaded, is
refused with a clear reason and the previous version stays in use; choosing a script for a call."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from softphone.crm.api import parse_changes
from softphone.crm_server.seed_scripts import SCRIPTS
from softphone.store import quarantine
from softphone.store.crm_target import StoreSyncTarget
from softphone.store.db import Store, open_store
from softphone.store.models import Script
from softphone.workspace.scripts.library import ScriptLibrary, read_scripts

NOW = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
CONFIRM = next(d for d in SCRIPTS if d["id"] == "SCR-CONFIRM")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "store.db")
    yield opened
    opened.close()


def feed(*docs: dict[str, Any], seq: int = 1) -> bytes:
    items = [
        {
            "seq": seq + i,
            "entity_type": "script",
            "entity_id": d["id"],
            "op": "upsert",
            "data": {**d, "updated_at": NOW.isoformat()},
        }
        for i, d in enumerate(docs)
    ]
    return json.dumps({"items": items, "next_cursor": seq + len(docs) - 1, "has_more": False}).encode()


def sync(store: Store, content: bytes) -> None:
    page = parse_changes(content)
    StoreSyncTarget(store).apply_changes(page.items, page.next_cursor, NOW, page.bad)


def version(doc: dict[str, Any], n: int, **node_changes: dict[str, Any]) -> dict[str, Any]:
    changed = copy.deepcopy(doc)
    changed["version"] = n
    for node_id, fields in node_changes.items():
        changed["nodes"].setdefault(node_id, {"id": node_id, "kind": "say", "text": ""}).update(fields)
    return changed


MALFORMED = {
    "a loop with no way out": {
        "payment": {"next": "delivery_change"},
        "delivery_change": {"next": "payment"},
    },
    "a dangling branch": {"confirm": {"options": [{"label": "Да", "next": "gone"}]}},
    "an unknown variable": {"greet": {"text": "Здравствуйте, {customer.nickname}!"}},
}
REASONS = {
    "a loop with no way out": "never reach an end",
    "a dangling branch": "points to a missing step 'gone'",
    "an unknown variable": "unknown variable {customer.nickname}",
}


@pytest.mark.parametrize("fault", list(MALFORMED))
def test_a_malformed_version_from_the_crm_is_quarantined_and_the_previous_one_kept(
    store: Store, fault: str
) -> None:
    sync(store, feed(version(CONFIRM, 1)))
    library = ScriptLibrary()
    library.merge(read_scripts(store))
    assert library.get("SCR-CONFIRM") is not None and library.problems == []

    bad = version(CONFIRM, 2, **MALFORMED[fault])
    other = version(next(d for d in SCRIPTS if d["id"] == "SCR-CART"), 1)
    sync(store, feed(bad, other, seq=2))  # the same page carries a good script: sync goes on

    with store.read_session() as session:
        rows = {r.crm_id: r.version for r in session.scalars(select(Script))}
        [kept] = quarantine.rows(session)
    assert rows == {"SCR-CONFIRM": 1, "SCR-CART": 1}
    assert kept.entity_id == "SCR-CONFIRM" and REASONS[fault] in kept.error  # the CRM problems view
    library.merge(read_scripts(store))
    graph = library.get("SCR-CONFIRM")
    assert graph is not None and graph.version == 1
    [problem] = library.problems
    assert (problem.crm_id, problem.version, problem.kept_version, problem.source) == (
        "SCR-CONFIRM",
        2,
        1,
        "crm",
    )
    assert REASONS[fault] in problem.reason

    sync(store, feed(version(CONFIRM, 3), seq=4))  # a good version later: taken, problem gone
    library.merge(read_scripts(store))
    assert library.get("SCR-CONFIRM").version == 3  # type: ignore[union-attr]
    assert library.problems == []


def test_a_stored_script_that_fails_when_loaded_is_refused_and_the_previous_version_kept(
    store: Store,
) -> None:
    sync(store, feed(version(CONFIRM, 1)))
    library = ScriptLibrary()
    library.merge(read_scripts(store))
    with store.session() as session, session.begin():  # e.g. written by an older app with older rules
        row = session.scalar(select(Script).where(Script.crm_id == "SCR-CONFIRM"))
        assert row is not None
        body = copy.deepcopy(row.body)
        body["start_node"] = "missing"
        row.body, row.version = body, 2
    reading = read_scripts(store)
    [refused] = reading.refused
    assert "the start step 'missing' is not a step of the script" in refused.reason
    library.merge(reading)
    assert library.get("SCR-CONFIRM").version == 1  # type: ignore[union-attr]
    [problem] = library.problems
    assert (problem.version, problem.kept_version, problem.source) == (2, 1, "store")

    fresh = ScriptLibrary()  # nothing to fall back on: the script is not offered, and it says why
    fresh.merge(reading)
    assert fresh.get("SCR-CONFIRM") is None and fresh.problems[0].kept_version is None


def test_the_call_s_shop_and_direction_pick_the_default_script(store: Store) -> None:
    sync(store, feed(*SCRIPTS))
    library = ScriptLibrary()
    library.merge(read_scripts(store))
    assert len(library.all()) == len(SCRIPTS)

    def default(direction: str, shop: str | None, call_type: str) -> str | None:
        graph = library.default_for(direction, shop, call_type)
        return graph.crm_id if graph else None

    assert default("inbound", "S-MSK", "inbound_order") == "SCR-INBOUND"
    assert default("inbound", "S-KIDS", "inbound_order") == "SCR-INBOUND-KIDS"  # the shop's own first
    assert default("inbound", None, "inbound_order") == "SCR-INBOUND"
    assert default("outbound", "S-SPB", "delivery_feedback") == "SCR-FEEDBACK-GARDEN"
    assert default("outbound", "S-MSK", "delivery_feedback") == "SCR-FEEDBACK"
    assert default("inbound", "S-MSK", "order_confirmation") == "SCR-INBOUND"  # outbound-only: fall back
    usable_in = {g.crm_id for g in library.usable("inbound", "S-MSK")}
    assert usable_in == {"SCR-INBOUND", "SCR-DELIVERY", "SCR-COMPLAINT"}
    usable_out = [g.call_type for g in library.usable("outbound", "S-KIDS")]
    assert usable_out == [
        "order_confirmation",
        "complaint",
        "delivery_feedback",
        "abandoned_cart",
        "new_registration",
    ]
