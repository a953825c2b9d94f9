"""A real client process that delivers its store's outbox to the CRM until it is empty (for kill -9 tests).

``python -m tests.helpers.crm_client_worker --store PATH --base-url URL`` reads the CRM token from
stdin (secrets never go on the command line or into the environment), prints ``delivering`` once
started and ``delivered`` after each entry it delivered, and exits 0 when no pending entry is left
(or 3 after ``--max-seconds``).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from softphone.crm.api import CrmApi
from softphone.crm.link_status import LinkStatus
from softphone.crm.outbox_delivery import OutboxDelivery
from softphone.crm.transport import CrmTransport, TransportConfig
from softphone.store.crm_target import StoreOutboxQueue
from softphone.store.db import open_store


class ReportingQueue(StoreOutboxQueue):
    """Prints ``delivered`` for each committed delivery, so the parent can kill at chosen points."""

    def delivered_many(self, results: Sequence[tuple[int, Mapping[str, Any]]]) -> None:
        super().delivered_many(results)
        for _ in results:
            print("delivered", flush=True)


async def deliver(store_path: Path, base_url: str, token: str, max_seconds: float) -> int:
    store = open_store(store_path)
    transport = CrmTransport(
        TransportConfig(base_url=base_url, backoff_base_s=0.05, backoff_max_s=0.2), token
    )
    queue = ReportingQueue(store)
    delivery = OutboxDelivery(CrmApi(transport), queue, LinkStatus(), batch_size=20, backoff_max_s=0.3)
    print("delivering", flush=True)
    deadline = time.monotonic() + max_seconds
    try:
        while time.monotonic() < deadline:
            try:
                await delivery.deliver_pending()
            except Exception as exc:  # transient: the parent may be restarting the server
                print(f"retry after: {type(exc).__name__}", flush=True)
                await asyncio.sleep(0.1)
                continue
            if queue.counts().pending == 0:
                return 0
            await asyncio.sleep(0.05)
        return 3
    finally:
        await transport.aclose()
        store.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--max-seconds", type=float, default=60.0)
    args = parser.parse_args()
    token = sys.stdin.readline().strip()
    return asyncio.run(deliver(args.store, args.base_url, token, args.max_seconds))


if __name__ == "__main__":
    raise SystemExit(main())
