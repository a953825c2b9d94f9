"""What ``OutboxDelivery`` needs from an outbox: the ``OutboxQueue`` protocol and its plain values.

The CRM client knows nothing of the local store: the store implements this protocol
(``softphone.store.crm_target.StoreOutboxQueue``) and the composition root hands it over.
Every method runs in a worker thread (``asyncio.to_thread``), never on the asyncio loop.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class PendingWrite:
    """A detached copy of one outbox entry, ready to be sent; ``payload`` has CRM ids resolved."""

    entry_id: int
    seq: int
    entity_type: str
    entity_local_id: int
    entity_crm_id: str | None
    operation: str
    payload: dict[str, Any]
    base_version: int | None
    idempotency_key: str
    attempts: int
    unresolved: str | None = None  # what this write still waits for (a local entity not yet in the CRM)


@dataclass(frozen=True)
class OutboxCounts:
    pending: int
    conflicts: int
    rejected: int


class OutboxQueue(Protocol):
    """The outbox as ``OutboxDelivery`` needs it; each method is one transaction of the outbox."""

    def next_batch(self, limit: int, exclude: Collection[int] = ()) -> list[PendingWrite]:
        """The next deliverable entries (the oldest pending one of each entity), leaving out the
        entries ``exclude`` (on the wire, or answered and not recorded yet)."""

    def delivered_many(self, results: Sequence[tuple[int, dict[str, Any]]]) -> None: ...
    def retry(self, entry_id: int, error: str, next_attempt_at: dt.datetime) -> None: ...
    def conflict(self, entry_id: int, theirs: dict[str, Any]) -> None: ...
    def rejected(self, entry_id: int, reason: str, field_errors: dict[str, str]) -> None: ...
    def counts(self) -> OutboxCounts: ...
