"""Building blocks for CRM client tests: a wired client (transport, api, store adapters) and helpers.

Everything is real: httpx over loopback to a real server, a real SQLite store opened with
``open_store``. ``run`` runs a coroutine in a fresh event loop with a hard timeout.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from softphone.crm.api import CrmApi
from softphone.crm.link_status import LinkStatus
from softphone.crm.outbox_delivery import OutboxDelivery
from softphone.crm.sync import SyncService
from softphone.crm.transport import CrmTransport, TransportConfig
from softphone.crm.writer_processes import ProcessPageWriter
from softphone.store import outbox
from softphone.store.crm_target import StoreOutboxQueue, StoreSyncTarget
from softphone.store.db import Store
from softphone.store.models import Customer
from softphone.store.sync_worker import command

T = TypeVar("T")


def run(coro: Awaitable[T], timeout_s: float = 120.0) -> T:
    async def main() -> T:
        return await asyncio.wait_for(coro, timeout=timeout_s)  # type: ignore[arg-type]

    return asyncio.run(main())


@dataclass
class Client:
    transport: CrmTransport
    api: CrmApi
    status: LinkStatus
    sync: SyncService
    delivery: OutboxDelivery
    requests: list[str]
    writers: list[ProcessPageWriter]


@asynccontextmanager
async def crm_client(
    base_url: str,
    token: str,
    store: Store,
    *,
    page_size: int = 2000,
    delivery_backoff_max_s: float = 0.5,
    writer_processes: bool = True,
    writer_command: list[str] | None = None,
    **transport_options: Any,
) -> AsyncIterator[Client]:
    """A client wired like the app does it; ``requests`` records every request sent (method + path),
    ``writers`` every sync writer made. ``writer_processes=False``: every page validated and written
    in a worker thread; ``writer_command``: the writer processes run this instead."""
    requests: list[str] = []

    async def record(request: httpx.Request) -> None:
        requests.append(f"{request.method} {request.url.path}")

    options: dict[str, Any] = {"backoff_base_s": 0.05, "backoff_max_s": 0.2, **transport_options}
    status = LinkStatus()
    transport = CrmTransport(
        TransportConfig(base_url=base_url, **options),
        token,
        event_hooks={"request": [record]},
        on_answer=status.crm_answered,  # as the app wires it (crm_link.py)
    )
    api = CrmApi(transport)
    writers: list[ProcessPageWriter] = []

    def make_writer() -> ProcessPageWriter:
        writers.append(ProcessPageWriter(writer_command or command(store.path)))
        return writers[-1]

    sync = SyncService(
        api,
        StoreSyncTarget(store),
        status,
        page_size=page_size,
        process_writer=make_writer if writer_processes else None,
    )
    delivery = OutboxDelivery(
        api,
        StoreOutboxQueue(store),
        status,
        backoff_base_s=0.05,
        backoff_max_s=delivery_backoff_max_s,
    )
    try:
        yield Client(transport, api, status, sync, delivery, requests, writers)
    finally:
        await transport.aclose()


def local_customer(store: Store, crm_id: str) -> Customer | None:
    with store.read_session() as session:
        return session.scalar(
            select(Customer).where(Customer.crm_id == crm_id).options(selectinload(Customer.phones))
        )


def count_rows(store: Store, model: Any) -> int:
    with store.read_session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def enqueue(
    store: Store,
    entity_type: str,
    local_id: int,
    operation: str,
    payload: Mapping[str, Any],
    base_version: int | None = None,
) -> int:
    with store.session() as session, session.begin():
        entry = outbox.enqueue(session, entity_type, local_id, operation, payload, base_version)
        return entry.id


async def wait_until(predicate: Callable[[], bool], timeout_s: float, what: str) -> None:
    """Poll ``predicate`` every 20 ms; AssertionError naming ``what`` after ``timeout_s``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)
