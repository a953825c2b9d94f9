"""A malformed changes-feed reply stops the sync with a clear error and writes nothing to the store.

(A page that is well-formed but holds a bad record is applied without it: test_sync_quarantine.py.)"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from pathlib import Path

import pytest

from softphone.crm.errors import CrmProtocolError
from softphone.crm.link_status import LinkState
from softphone.store.crm_target import StoreSyncTarget
from softphone.store.db import open_store
from softphone.store.models import Customer, SyncState
from tests.helpers.crm_client_badserver import Reply, canned_server, huge_json_chunks
from tests.helpers.crm_client_kit import crm_client, run

GOOD = {
    "seq": 1,
    "entity_type": "customer",
    "entity_id": "c1",
    "op": "upsert",
    "data": {
        "id": "c1",
        "name": "Ivan Petrov",
        "phones": [{"e164": "+74951234567"}],
        "version": 1,
        "created_at": "2026-01-02T10:00:00Z",
        "updated_at": "2026-01-02T10:00:00Z",
    },
}
WRONG_TYPES = {
    "items": [
        GOOD,
        {**GOOD, "seq": 2, "entity_id": "c2", "data": {**GOOD["data"], "id": "c2", "version": "x"}},
    ],  # type: ignore[dict-item]
    "next_cursor": 2,
    "has_more": False,
}
CASES = {
    "bad_json": (Reply(body=json.dumps(WRONG_TYPES).encode()[:-40]), "not valid JSON"),
    "html_page": (
        Reply(headers={"Content-Type": "text/html"}, body=b"<html><h1>Login to the proxy</h1></html>"),
        "HTML page",
    ),
    "huge_body": (Reply(body=huge_json_chunks(30_000_000), length=False), "size limit"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_malformed_feed_page_is_refused_and_nothing_is_stored(tmp_path: Path, case: str) -> None:
    reply, expected = CASES[case]
    store = open_store(tmp_path / "client.db")
    StoreSyncTarget(store).apply_changes([], 0, dt.datetime(2026, 1, 1, tzinfo=dt.UTC))  # synced before
    with canned_server() as (url, srv):
        srv.routes["/api/v1/changes"] = reply

        async def scenario() -> tuple[str, LinkState, str]:
            async with crm_client(url, "t", store, max_body_bytes=2_000_000) as client:
                with pytest.raises(CrmProtocolError) as info:
                    await client.sync.sync_once()
                await asyncio.sleep(0)
                return str(info.value), client.status.snapshot.state, client.status.snapshot.message

        error, state, message = run(scenario())
    assert expected in error and message == error
    assert "Ivan" not in error and "4951234567" not in error  # no personal data in the message
    assert state is LinkState.OFFLINE
    with store.read_session() as session:
        assert session.query(Customer).count() == 0  # not even the valid first item
        assert session.get(SyncState, "crm").cursor == 0  # type: ignore[union-attr]
    store.close()


def test_invalid_queued_write_is_rejected_locally_without_a_request(tmp_path: Path) -> None:
    from softphone.store import outbox
    from softphone.store.models import OutboxEntry

    store = open_store(tmp_path / "client.db")
    with store.session() as session, session.begin():
        customer = Customer(crm_id="c1", version=1, name="Ivan Petrov", name_key="ivan petrov", notes="")
        session.add(customer)
        session.flush()
        entry_id = outbox.enqueue(session, "customer", customer.id, "update", {"name": ""}, 1).id
    with canned_server() as (url, srv):

        async def scenario() -> int:
            async with crm_client(url, "t", store) as client:
                stats = await client.delivery.deliver_pending()
                return stats.rejected

        assert run(scenario()) == 1
        assert srv.requests == []  # the CRM never saw the broken write
    with store.read_session() as session:
        entry = session.get(OutboxEntry, entry_id)
        assert entry is not None and entry.status == "rejected"
        assert "CustomerUpdate" in (entry.reject_reason or "") and "name" in (entry.reject_reason or "")
    store.close()


def test_malformed_reply_to_a_write_becomes_a_visible_rejection_after_bounded_tries(tmp_path: Path) -> None:
    from softphone.crm.outbox_delivery import MALFORMED_REPLY_TRIES
    from softphone.store import outbox
    from softphone.store.models import OutboxEntry
    from tests.helpers.crm_client_kit import wait_until

    store = open_store(tmp_path / "client.db")
    with store.session() as session, session.begin():
        customer = Customer(crm_id="c1", version=1, name="Ivan Petrov", name_key="ivan petrov", notes="")
        session.add(customer)
        session.flush()
        entry_id = outbox.enqueue(session, "customer", customer.id, "update", {"name": "Ivan Smirnov"}, 1).id
    malformed = {**GOOD["data"], "version": "seven"}  # type: ignore[dict-item]
    with canned_server() as (url, srv):
        srv.routes["/api/v1/customers/c1"] = Reply(body=json.dumps(malformed).encode())

        def entry() -> OutboxEntry:
            with store.read_session() as session:
                found = session.get(OutboxEntry, entry_id)
                assert found is not None
                return found

        async def scenario() -> tuple[int, LinkState]:
            async with crm_client(url, "t", store) as client:
                loop = asyncio.create_task(client.delivery.run())
                try:
                    await wait_until(lambda: entry().status == outbox.REJECTED, 30, "rejected")
                    await wait_until(lambda: client.status.snapshot.rejected == 1, 10, "counted")
                finally:
                    loop.cancel()
                return srv.count("/api/v1/customers/c1"), client.status.snapshot.state

        requests, _state = run(scenario())
    assert requests == MALFORMED_REPLY_TRIES  # bounded: not retried forever with the same key
    reason = entry().reject_reason or ""
    assert "could not be read" in reason and "version" in reason
    assert "Ivan" not in reason
    store.close()
