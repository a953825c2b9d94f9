"""The operator's own routes on the reference CRM: the state (latest wins), callbacks (for me or the
queue, in the changes feed) and escalations (idempotent)."""

from __future__ import annotations

from pathlib import Path

import httpx

from softphone.crm import schemas as s
from tests.helpers.crm_server import running_crm_server


def test_the_latest_state_wins_and_a_reason_goes_with_not_ready_only(tmp_path: Path) -> None:
    with (
        running_crm_server(tmp_path) as crm,
        httpx.Client(base_url=crm.api_url, headers=crm.headers, timeout=10) as api,
    ):
        assert api.get("/me/state").status_code == 404  # no state said yet
        _latest_wins(api)


def _latest_wins(api: httpx.Client) -> None:
    newer = {"state": "not_ready", "reason": "lunch", "since": "2026-12-04T10:00:05Z"}
    assert api.put("/me/state", json=newer).status_code == 200
    older = {"state": "ready", "since": "2026-12-04T10:00:00Z"}  # arrived late
    current = s.AgentState.model_validate(api.put("/me/state", json=older).json())
    assert (current.state, current.reason) == ("not_ready", "lunch")
    assert api.get("/me/state").json()["state"] == "not_ready"
    bad = api.put("/me/state", json={"state": "ready", "reason": "lunch", "since": "2026-12-04T10:01:00Z"})
    assert bad.status_code == 422 and "reason" in bad.json()["error"]["fields"]
    unknown = api.put(
        "/me/state", json={"state": "not_ready", "reason": "nap", "since": "2026-12-04T10:01:00Z"}
    )
    assert unknown.status_code == 422


def test_a_callback_for_me_is_claimed_and_one_for_the_queue_is_open(api: httpx.Client) -> None:
    cursor = api.get("/changes", params={"since": 0, "limit": 5000}).json()["next_cursor"]
    body = {
        "customer_id": "C-DEMO-1",
        "phone": "+79161234567",
        "due_at": "2026-12-05T10:00:00Z",
        "note": "Размер",
    }
    mine = s.Task.model_validate(api.post("/tasks", json=body, headers={"Idempotency-Key": "cb-1"}).json())
    assert (mine.kind, mine.status, mine.claimed_by) == ("callback", "claimed", "op-1")
    again = api.post("/tasks", json=body, headers={"Idempotency-Key": "cb-1"})
    assert again.json()["id"] == mine.id  # a repeat is the same task
    queue = s.Task.model_validate(api.post("/tasks", json={**body, "for_queue": True}).json())
    assert queue.status == "open" and queue.claimed_by is None
    feed = api.get("/changes", params={"since": cursor, "limit": 5000}).json()["items"]
    assert {i["entity_id"] for i in feed if i["entity_type"] == "task"} == {mine.id, queue.id}
    assert api.post("/tasks", json={**body, "customer_id": "C-NOPE"}).status_code == 422


def test_an_escalation_is_stored_once(api: httpx.Client) -> None:
    body = {"id": "esc-test-1", "customer_id": "C-DEMO-1", "priority": "urgent", "note": "Не включается"}
    first = api.post("/escalations", json=body, headers={"Idempotency-Key": "esc-1"})
    assert first.status_code == 201
    escalation = s.Escalation.model_validate(first.json())
    assert (escalation.priority, escalation.status, escalation.operator_id) == ("urgent", "open", "op-1")
    assert api.post("/escalations", json=body, headers={"Idempotency-Key": "esc-1"}).json() == first.json()
    assert api.post("/escalations", json=body).status_code == 409  # the same id without the key
    assert api.post("/escalations", json={**body, "id": None, "note": ""}).status_code == 422
