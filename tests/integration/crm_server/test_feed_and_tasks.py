"""The changes feed (paging, exactly-once, compaction), outbound tasks, rate limiting, the large seed."""

from __future__ import annotations

import time
from pathlib import Path

import httpx

from softphone.crm import schemas as s
from softphone.crm_server.seed_scripts import SCRIPTS
from softphone.domain.scripts import CALL_TYPES
from tests.helpers.crm_server import running_crm_server


def _drain(api: httpx.Client, since: int, limit: int) -> tuple[list[s.ChangeItem], int]:
    items: list[s.ChangeItem] = []
    for _ in range(10_000):  # bounded: far more pages than any seed here has
        page = s.ChangesPage.model_validate(
            api.get("/changes", params={"since": since, "limit": limit}).json()
        )
        items += page.items
        assert page.next_cursor >= since
        since = page.next_cursor
        if not page.has_more:
            return items, since
    raise AssertionError("changes feed never ended")


def test_changes_feed_pages_return_every_entity_once_in_order(tmp_path: Path) -> None:
    with (
        running_crm_server(tmp_path, seed="demo") as crm,
        httpx.Client(base_url=crm.api_url, headers=crm.headers, timeout=10) as api,
    ):
        items, cursor = _drain(api, 0, 37)
        seqs = [i.seq for i in items]
        assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
        keys = [(i.entity_type, i.entity_id) for i in items]
        assert len(set(keys)) == len(keys)
        counts = {t: sum(1 for i in items if i.entity_type == t) for t in ("customer", "order", "task")}
        assert counts["customer"] == api.get("/customers", params={"limit": 1}).json()["total"]
        assert counts["order"] == api.get("/orders", params={"limit": 1}).json()["total"]
        assert counts["task"] == api.get("/tasks", params={"limit": 1}).json()["total"]
        for item in items[:: max(1, len(items) // 50)]:
            assert item.parse_data() is not None  # documents match the contract models

        assert _drain(api, cursor, 37)[0] == []  # nothing new
        patched = api.patch("/customers/C-DEMO-1", json={"notes": "обновлено"}, headers={"If-Match": "1"})
        assert patched.status_code == 200
        created = api.post("/customers", json={"name": "Лентова Лента"}).json()
        api.patch("/customers/C-DEMO-1", json={"tags": ["VIP", "постоянный"]}, headers={"If-Match": "2"})
        delta, _ = _drain(api, cursor, 1)
        # C-DEMO-1 changed twice but appears once, at its latest state, after the new customer.
        assert [(d.entity_id, d.op) for d in delta] == [(created["id"], "upsert"), ("C-DEMO-1", "upsert")]
        latest = delta[1].parse_data()
        assert isinstance(latest, s.Customer)
        assert (latest.version, latest.tags) == (3, ["VIP", "постоянный"])


def test_changes_limit_is_bounded(api: httpx.Client) -> None:
    assert api.get("/changes", params={"limit": s.MAX_CHANGES_PAGE + 1}).status_code == 422
    assert api.get("/changes", params={"since": -1}).status_code == 422


def test_claim_and_complete_a_task(api: httpx.Client) -> None:
    open_tasks = [
        s.Task.model_validate(t)
        for t in api.get("/tasks", params={"status": "open", "limit": 200}).json()["items"]
    ]
    assert open_tasks and all(t.status == "open" for t in open_tasks)
    task = next(t for t in open_tasks if t.id != "T-DEMO-1")
    claimed = s.Task.model_validate(api.post(f"/tasks/{task.id}/claim").json())
    assert (claimed.status, claimed.claimed_by) == ("claimed", "op-1")
    assert api.post(f"/tasks/{task.id}/claim").json()["version"] == claimed.version  # re-claim is a no-op
    bad = api.post(f"/tasks/{task.id}/complete", json={"result": "whatever"})
    assert bad.status_code == 422
    done = api.post(f"/tasks/{task.id}/complete", json={"result": "order_confirmed", "note": "всё ок"})
    assert done.json()["status"] == "done" and done.json()["result_note"] == "всё ок"
    assert api.post(f"/tasks/{task.id}/complete", json={"result": "order_confirmed"}).status_code == 409
    assert task.id not in {
        t["id"] for t in api.get("/tasks", params={"status": "open", "limit": 200}).json()["items"]
    }


def test_task_claimed_by_another_operator_cannot_be_taken(api: httpx.Client) -> None:
    response = api.post("/tasks/T-DEMO-2/claim")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "task_claimed"


def test_scripts_are_valid_branching_graphs(api: httpx.Client) -> None:
    scripts = [s.Script.model_validate(x) for x in api.get("/scripts").json()]
    assert {sc.call_type for sc in scripts} == set(CALL_TYPES)  # all seven call types
    assert {sc.id for sc in scripts if sc.store_ids} == {"SCR-INBOUND-KIDS", "SCR-FEEDBACK-GARDEN"}
    confirm = s.Script.model_validate(api.get("/scripts/SCR-CONFIRM").json())
    assert "{customer.polite_name}" in confirm.nodes[confirm.start_node].text
    assert confirm.direction == "outbound" and confirm.nodes[confirm.start_node].required
    assert any(n.kind == "choice" and len(n.options) > 1 for n in confirm.nodes.values())
    assert any(n.action == "schedule_callback" for n in confirm.nodes.values())


def test_rate_limit_answers_429_with_retry_after(tmp_path: Path) -> None:
    with (
        running_crm_server(tmp_path, seed="none", rate_limit=2) as crm,
        httpx.Client(base_url=crm.api_url, headers=crm.headers, timeout=10) as api,
    ):
        statuses = []
        for _ in range(20):
            response = api.get("/order-statuses")
            statuses.append(response.status_code)
            if response.status_code == 429:
                break
        assert statuses[-1] == 429, statuses
        assert int(response.headers["Retry-After"]) >= 1
        assert response.json()["error"]["code"] == "rate_limited"
        time.sleep(int(response.headers["Retry-After"]))
        assert api.get("/order-statuses").status_code == 200  # honouring Retry-After works


def test_large_seed_produces_the_configured_counts(tmp_path: Path) -> None:
    with (
        running_crm_server(tmp_path, seed="large", extra_args=["--scale", "0.01"]) as crm,
        httpx.Client(base_url=crm.api_url, headers=crm.headers, timeout=30) as api,
    ):
        assert api.get("/customers", params={"limit": 1}).json()["total"] == 1_000
        assert api.get("/orders", params={"limit": 1}).json()["total"] == 2_000
        assert api.get("/tasks", params={"limit": 1}).json()["total"] == 20
        items, _ = _drain(api, 0, s.MAX_CHANGES_PAGE)
        assert len(items) == 1_000 + 2_000 + 20 + 64 + len(
            SCRIPTS
        )  # customers, orders, tasks, products, scripts
        orders = [i.parse_data() for i in items if i.entity_type == "order"][:200]
        assert all(isinstance(o, s.Order) and o.totals.total >= 0 for o in orders)
