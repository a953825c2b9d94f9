"""Outbound task tests: the CRM server's tasks read and changed in its own database, and a job
runner that runs store jobs at once (tests of the Qt-free task board)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from softphone.crm_server import seed_reference as ref


def server_task(db_path: Path, task_id: str) -> dict[str, Any]:
    with sqlite3.connect(db_path, timeout=10) as conn:
        row = conn.execute("SELECT data FROM tasks WHERE id = ?", (task_id,)).fetchone()
    return dict(json.loads(row[0]))


def claim_on_server(db_path: Path, task_id: str, operator_id: str = ref.OTHER_OPERATOR_ID) -> None:
    """Another operator takes the task at the CRM (as its claim route writes it: a new version at
    the end of the changes feed)."""
    doc = server_task(db_path, task_id)
    now = dt.datetime.now(dt.UTC).isoformat().replace("+00:00", "Z")
    doc.update(status="claimed", claimed_by=operator_id, claimed_at=now, updated_at=now)
    doc["version"] += 1
    with sqlite3.connect(db_path, timeout=10) as conn:
        conn.execute(
            "UPDATE tasks SET status = 'claimed', version = ?, data = ? WHERE id = ?",
            (doc["version"], json.dumps(doc, ensure_ascii=False), task_id),
        )
        conn.execute(
            "INSERT OR REPLACE INTO changes (entity_type, entity_id, op) VALUES ('task', ?, 'upsert')",
            (task_id,),
        )


class InlineJobs:
    """A ``JobRunner`` that runs each job at once, on the caller's thread."""

    def submit(
        self,
        job: Callable[[], Any],
        on_done: Callable[[Any], Any] | None = None,
        on_error: Callable[[BaseException], Any] | None = None,
        what: str = "store job",
    ) -> None:
        try:
            result = job()
        except Exception as exc:
            if on_error is None:
                raise
            on_error(exc)
            return
        if on_done is not None:
            on_done(result)
