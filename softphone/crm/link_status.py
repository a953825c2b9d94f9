"""The state of the CRM link as one observable value object, free of Qt.

``SyncService`` and ``OutboxDelivery`` update it; the UI subscribes with a plain callback and re-emits
a Qt signal. Listeners are called on the thread that made the change (the asyncio loop thread).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum

from softphone.listeners import Listeners

log = logging.getLogger(__name__)


class LinkState(StrEnum):
    ONLINE = "online"
    OFFLINE = "offline"
    NOT_ANSWERING = "not_answering"  # requests time out: the CRM is hung or overloaded
    SYNCING = "syncing"
    AUTH_ERROR = "auth_error"  # the CRM refused the token
    NO_TOKEN = "no_token"  # no token saved for the configured CRM: nothing was sent


@dataclass(frozen=True)
class LinkSnapshot:
    """What the status bar shows: state, last good sync, and what waits in the outbox."""

    state: LinkState = LinkState.OFFLINE
    last_sync_at: dt.datetime | None = None
    pending_outbox: int = 0
    conflicts: int = 0
    rejected: int = 0
    quarantined: int = 0  # CRM feed records kept aside because they did not validate
    message: str = ""
    sync_done: int = 0  # changes applied in the running sync
    sync_total: int = 0  # expected total during a full sync (0 = unknown)


Listener = Callable[[LinkSnapshot], None]


UNAVAILABLE = (LinkState.OFFLINE, LinkState.NOT_ANSWERING)
NOT_ANSWERING_MESSAGE = "The CRM accepts connections but does not answer (hung or overloaded)."


class LinkStatus:
    """Holds the current ``LinkSnapshot`` and tells listeners when it changes.

    ``crm_answered`` is the transport's report of each request's fate: a timeout says "not answering"
    at once (not after the retries), and only a reply ends it. ``sync_running`` lets that reply show
    "syncing" again while a sync goes on."""

    def __init__(self) -> None:
        self._snapshot = LinkSnapshot()
        self._listeners: Listeners[LinkSnapshot] = Listeners(log, "CRM link status")
        self.sync_running = False

    def crm_answered(self, answered: bool) -> None:
        """A request got a reply other than 401/403 (``True``) or timed out (``False``)."""
        state = self._snapshot.state
        if not answered:
            if state not in (LinkState.AUTH_ERROR, LinkState.NO_TOKEN):
                self.update(state=LinkState.NOT_ANSWERING, message=NOT_ANSWERING_MESSAGE)
        elif state in (*UNAVAILABLE, LinkState.AUTH_ERROR) and self.sync_running:
            self.update(state=LinkState.SYNCING, message="")

    @property
    def snapshot(self) -> LinkSnapshot:
        return self._snapshot

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Add a listener; returns a function that removes it."""
        return self._listeners.subscribe(listener)

    def update(
        self,
        *,
        state: LinkState | None = None,
        last_sync_at: dt.datetime | None = None,
        pending_outbox: int | None = None,
        conflicts: int | None = None,
        rejected: int | None = None,
        quarantined: int | None = None,
        message: str | None = None,
        sync_done: int | None = None,
        sync_total: int | None = None,
    ) -> None:
        """Change some fields; listeners are called only if something actually changed."""
        new = replace(
            self._snapshot,
            state=self._snapshot.state if state is None else state,
            last_sync_at=self._snapshot.last_sync_at if last_sync_at is None else last_sync_at,
            pending_outbox=self._snapshot.pending_outbox if pending_outbox is None else pending_outbox,
            conflicts=self._snapshot.conflicts if conflicts is None else conflicts,
            rejected=self._snapshot.rejected if rejected is None else rejected,
            quarantined=self._snapshot.quarantined if quarantined is None else quarantined,
            message=self._snapshot.message if message is None else message,
            sync_done=self._snapshot.sync_done if sync_done is None else sync_done,
            sync_total=self._snapshot.sync_total if sync_total is None else sync_total,
        )
        if new == self._snapshot:
            return
        self._snapshot = new
        self._listeners.tell(new)
