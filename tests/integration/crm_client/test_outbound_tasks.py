"""The task board against the reference CRM over real SQLite: the list's order, claiming (taken, taken
by someone else meanwhile, CRM away), completing exactly once through the outbox."""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy import select

from softphone.store.db import open_store
from softphone.store.models import OutboundTask, OutboxEntry
from softphone.store.outbound_tasks import TaskRow
from softphone.workspace.outbound.board import TaskBoard, TaskNote
from tests.helpers.crm_client_kit import crm_client, run, wait_until
from tests.helpers.crm_server import running_crm_server
from tests.helpers.task_kit import InlineJobs, claim_on_server, server_task


def local_id(store: object, crm_id: str) -> int:
    with store.read_session() as session:  # type: ignore[attr-defined]
        return int(session.scalar(select(OutboundTask.id).where(OutboundTask.crm_id == crm_id)))


def task_entries(store: object) -> list[tuple[str, str]]:
    with store.read_session() as session:  # type: ignore[attr-defined]
        entries = session.scalars(select(OutboxEntry).where(OutboxEntry.entity_type == "task")).all()
        return [(e.operation, e.status) for e in entries]


def test_claim_conflict_offline_and_completion_exactly_once(tmp_path: Path) -> None:
    with running_crm_server(tmp_path / "crm", seed="demo") as crm:
        store = open_store(tmp_path / "client.db")

        async def scenario() -> None:
            async with crm_client(crm.base_url, crm.token, store, delivery_backoff_max_s=0.3) as client:
                await client.sync.sync_once()
                tasks: list[asyncio.Task[object]] = []
                board = TaskBoard(
                    store,
                    InlineJobs(),
                    crm=lambda: client.api,
                    keep_task=lambda coro, _name: tasks.append(asyncio.ensure_future(coro)),
                    request_sync=lambda: tasks.append(asyncio.ensure_future(client.sync.sync_once())),
                )
                taken: list[TaskRow] = []
                board.on_claimed(taken.append)
                board.refresh()
                rows = board.view.tasks.rows
                # the queue and mine only, by due time then priority; T-DEMO-2 is another operator's
                assert rows and all(r.status == "open" for r in rows)
                assert "T-DEMO-2" not in {r.crm_id for r in rows}
                keys = [(r.due_at, -r.priority) for r in rows]
                assert keys == sorted(keys)
                assert any(r.overdue for r in rows) and not all(r.overdue for r in rows)
                carts = [r for r in rows if r.kind == "abandoned_cart"]  # its items came with the feed
                assert carts and all(
                    r.cart and all(c.qty >= 1 and c.price > 0 for c in r.cart) for r in carts
                )
                assert not any(r.cart for r in rows if r.kind != "abandoned_cart")

                demo1 = local_id(store, "T-DEMO-1")
                board.claim(demo1)
                await wait_until(lambda: bool(taken), 10, "T-DEMO-1 taken")
                assert taken[0].crm_id == "T-DEMO-1" and taken[0].mine and taken[0].customer_name
                assert server_task(crm.db_path, "T-DEMO-1")["claimed_by"] == "op-1"
                assert board.view.active_id == demo1

                other = next(r for r in rows if r.crm_id != "T-DEMO-1")
                await asyncio.to_thread(claim_on_server, crm.db_path, other.crm_id)
                board.claim(other.id)
                await wait_until(lambda: board.view.notes.get(other.id) == TaskNote.TAKEN_BY_OTHER, 10, "409")
                await asyncio.gather(*tasks)  # the sync it asked for brought who has it
                board.refresh()
                row = board.view.row(other.id)
                assert row is not None and row.status == "claimed" and not row.mine  # still listed
                assert board.view.notes[other.id] == TaskNote.TAKEN_BY_OTHER and len(taken) == 1

                board.complete(demo1, "order_confirmed", "Клиент подтвердил")
                board.complete(demo1, "order_confirmed", "again")  # once done, the store refuses another
                assert board.view.notes.get(demo1) == TaskNote.COMPLETE_FAILED
                assert "already done" in board.view.detail[demo1]
                assert demo1 not in {r.id for r in board.view.tasks.rows if r.status != "done"}
                delivery = asyncio.create_task(client.delivery.run())
                try:
                    await wait_until(
                        lambda: server_task(crm.db_path, "T-DEMO-1")["status"] == "done", 20, "done"
                    )
                    await wait_until(
                        lambda: task_entries(store) == [("complete", "delivered")], 10, "delivered"
                    )
                finally:
                    delivery.cancel()
                doc = server_task(crm.db_path, "T-DEMO-1")
                assert (doc["result"], doc["result_note"], doc["version"]) == (
                    "order_confirmed",
                    "Клиент подтвердил",
                    3,
                )
                await asyncio.sleep(0.5)
                assert task_entries(store) == [("complete", "delivered")]  # once

                await asyncio.to_thread(crm.stop)
                third = next(r for r in board.view.tasks.rows if r.status == "open")
                board.claim(third.id)
                await wait_until(
                    lambda: board.view.notes.get(third.id) == TaskNote.CRM_UNREACHABLE, 60, "unreachable note"
                )
                assert board.view.row(third.id).status == "open"  # type: ignore[union-attr]
                with store.read_session() as session:  # nothing queued: a claim needs the CRM's answer
                    assert session.scalar(select(OutboxEntry).where(OutboxEntry.operation == "claim")) is None

        run(scenario(), timeout_s=120)
        store.close()
