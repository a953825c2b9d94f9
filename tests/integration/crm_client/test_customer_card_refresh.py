"""The card's CRM side against the real reference server: a refresh brings the customer's history
into the store, an unknown number is found in the CRM, a masked operator reveals the full data (the
CRM records it), and with the CRM gone the refresh gives up in bounded time."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx

from softphone.crm import schemas as s
from softphone.store.customer_details import CustomerDetails
from softphone.store.db import Store, open_store
from softphone.store.models import Customer
from softphone.workspace.customer_loader import CustomerLoader
from tests.helpers.crm_client_kit import crm_client, local_customer, run
from tests.helpers.crm_server import running_crm_server


class DirectJobs:
    """Store jobs run at once on the loop's thread (the test has no GUI thread to hand back to)."""

    def submit(
        self,
        job: Callable[[], Any],
        on_done: Callable[[Any], Any] | None = None,
        on_error: Callable[[BaseException], Any] | None = None,
        what: str = "",
    ) -> None:
        try:
            result = job()
        except Exception as exc:
            if on_error is not None:
                on_error(exc)
            return
        if on_done is not None:
            on_done(result)


def loader_for(store: Store, api: Any, tasks: list[asyncio.Task[Any]]) -> CustomerLoader:
    def keep(coro: Awaitable[Any], _name: str) -> None:
        tasks.append(asyncio.ensure_future(coro))

    return CustomerLoader(store, DirectJobs(), lambda: api, keep, timeout_s=10)


async def answer(start: Callable[[Callable[[Any], None]], None]) -> Any:
    future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
    start(lambda value: future.done() or future.set_result(value))
    return await asyncio.wait_for(future, 15)


def test_refresh_find_and_reveal_against_the_reference_crm(tmp_path: Path) -> None:
    with running_crm_server(tmp_path / "crm", seed="demo", extra_args=["--masked-personal-data"]) as crm:
        store = open_store(tmp_path / "client.db")

        async def scenario() -> None:
            async with crm_client(crm.base_url, crm.token, store) as client:
                await client.sync.sync_once()
                tasks: list[asyncio.Task[Any]] = []
                loader = loader_for(store, client.api, tasks)
                anna = local_customer(store, "C-DEMO-1")
                assert anna is not None
                before = loader.read(anna.id)
                assert before is not None and before.masked  # the CRM said so in /me
                assert not [e for e in before.timeline if e.channel != "order"]  # the feed has no history

                fresh: CustomerDetails | None = await answer(lambda done: loader.refresh("C-DEMO-1", done))
                assert fresh is not None
                channels = [e.channel for e in fresh.timeline if e.channel != "order"]
                assert {"call", "email", "chat", "note"} <= set(channels)
                assert fresh.timeline[0].at >= fresh.timeline[-1].at
                assert [o.crm_id for o in fresh.orders][:1] == ["O-DEMO-1"]  # the open order first

                # a customer the CRM got after our sync calls: found in the CRM, stored here
                created = httpx.post(
                    f"{crm.api_url}/customers",
                    json={"name": "Новиков Игорь", "phones": [{"e164": "+79997776655"}]},
                    headers=crm.headers,
                    timeout=10,
                )
                assert created.status_code == 201, created.text
                ids = await answer(lambda done: loader.find_in_crm("+79997776655", done))
                with store.read_session() as session:
                    assert [session.get(Customer, i).name for i in ids] == ["Новиков Игорь"]  # type: ignore[union-attr]

                contacts: s.CustomerContacts = await answer(
                    lambda done: loader.reveal("C-DEMO-1", done, lambda why: done(why))
                )
                assert [p.e164 for p in contacts.phones] == ["+79161234567"]
                assert contacts.addresses[0].street == "ул. Ленина"
                await asyncio.gather(*tasks)

        run(scenario())
        with sqlite3.connect(crm.db_path) as db:
            assert db.execute("SELECT customer_id, operator_id FROM reveals").fetchall() == [
                ("C-DEMO-1", "op-1")
            ]

        crm.stop()  # the CRM is gone: the refresh says so in bounded time, the local card stays

        async def offline() -> None:
            async with crm_client(crm.base_url, crm.token, store, max_attempts=2) as client:
                loader = loader_for(store, client.api, [])
                assert await answer(lambda done: loader.refresh("C-DEMO-1", done)) is None
                errors: list[str] = []
                await answer(
                    lambda done: loader.reveal("C-DEMO-1", done, lambda why: (errors.append(why), done(why)))
                )
                assert errors

        run(offline(), timeout_s=30)
        store.close()
