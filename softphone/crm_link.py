"""The central CRM link as one part: transport, sync loop and outbox delivery, wired to the store.

With no ``crm.base_url`` configured (and always in ``--demo``) the app starts its own reference CRM
(``softphone.crm_server``) on 127.0.0.1 as a child process, so a fresh install works out of the box.
A configured CRM's bearer token is read from the keyring only. Without one the link says so
(``LinkState.NO_TOKEN``, the window offers "Sign in…"), local work continues and edits wait in the
outbox; ``use_token`` (the sign-in dialog) stores nothing itself but starts sync and delivery with
the new token at once, and also lifts a pause after the CRM refused the old token.

While the CRM refuses the token (or none is saved) the link looks at the keyring again at once and
then every ``AUTH_RETRY_S`` (so ``softphone --store-crm-token`` run meanwhile is picked up), and
tries the CRM again with what it finds: the CRM may accept the same token again (it was restored
there). A sync that succeeds lifts the outbox's auth pause, so waiting edits go out without a restart.

Full syncs and backlogs are validated and written by sync writer processes of the link's own
(``crm.writer_processes`` running ``store.sync_worker``), started for that sync and ended with it;
``stop`` waits for the sync to end them.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from softphone.crm.api import CrmApi
from softphone.crm.errors import CrmError
from softphone.crm.link_status import LinkSnapshot, LinkState, LinkStatus
from softphone.crm.outbox_delivery import OutboxDelivery
from softphone.crm.sync import SyncService
from softphone.crm.transport import CrmTransport, TransportConfig
from softphone.crm.writer_processes import ProcessPageWriter
from softphone.demo.embedded_crm import EmbeddedCrm, EmbeddedCrmError, start_embedded_crm
from softphone.settings.secrets import KeyringUnavailable, SecretStore
from softphone.store.db import Store

log = logging.getLogger("softphone.crm")

NO_TOKEN_MESSAGE = "No CRM access token is saved in the system keyring for this CRM."
AUTH_RETRY_S = 30.0
STOP_WAIT_S = 10.0
TOKEN_STATES = (LinkState.AUTH_ERROR, LinkState.NO_TOKEN)

KeepTask = Callable[[Any, str], "asyncio.Task[Any]"]


class CrmLink:
    def __init__(
        self,
        status: LinkStatus,
        store: Store,
        secrets: SecretStore,
        keep_task: KeepTask,
        *,
        auth_retry_s: float = AUTH_RETRY_S,
    ) -> None:
        self.status = status
        self._auth_retry_s = auth_retry_s
        self._token = ""
        self._token_watch: asyncio.Task[Any] | None = None
        self._store = store
        self._secrets = secrets
        self._keep_task = keep_task
        self.base_url = ""
        self.embedded: EmbeddedCrm | None = None
        self.transport: CrmTransport | None = None
        self.api: CrmApi | None = None
        self.sync: SyncService | None = None
        self.delivery: OutboxDelivery | None = None
        self._tasks: list[asyncio.Task[Any]] = []

    @property
    def configured_url(self) -> str:
        """The configured CRM's base URL; empty when the embedded CRM runs."""
        return "" if self.embedded is not None else self.base_url

    def start(
        self,
        base_url: str,
        *,
        embedded_dir: Path | None,
        timeout_s: float,
        ca_file: str,
        sync_interval_s: float,
    ) -> None:
        """Start the link; ``embedded_dir`` set means: run the embedded reference CRM there."""
        token: str | None
        if embedded_dir is not None:
            try:
                self.embedded = start_embedded_crm(embedded_dir, seed="demo")
            except EmbeddedCrmError as exc:  # work goes on offline; local edits wait in the outbox
                self.status.update(state=LinkState.OFFLINE, message=str(exc))
                log.error("%s", exc)
                return
            base_url, token = self.embedded.base_url, self.embedded.token
        else:
            token = self._saved_token(base_url)
        self.base_url = base_url
        config = TransportConfig(
            base_url=base_url,
            read_timeout_s=timeout_s,
            connect_timeout_s=min(5.0, timeout_s),
            ca_file=Path(ca_file) if ca_file else None,
        )
        self._token = token or ""
        try:
            self.transport = CrmTransport(config, token or "", on_answer=self.status.crm_answered)
        except CrmError as exc:  # e.g. the configured CA file is missing
            self.status.update(state=LinkState.OFFLINE, message=str(exc))
            log.error("CRM link not started: %s", exc)
            return
        from softphone.store.crm_target import StoreOutboxQueue, StoreSyncTarget
        from softphone.store.sync_worker import command

        self.api = CrmApi(self.transport)
        self.sync = SyncService(
            self.api,
            StoreSyncTarget(self._store),
            self.status,
            interval_s=sync_interval_s,
            on_synced=self._token_works,
            process_writer=lambda: ProcessPageWriter(command(self._store.path)),
        )
        self.delivery = OutboxDelivery(self.api, StoreOutboxQueue(self._store), self.status)
        self._store.on_outbox_written(self.delivery.notify)
        if embedded_dir is None:
            self.status.subscribe(self._watch_token)
        if token:
            self._start_loops()
        else:
            self._watch_token(self.status.snapshot)

    def _token_works(self) -> None:
        """A sync succeeded: writes that waited for a valid token may go now."""
        if self.delivery is not None and self.delivery.auth_paused:
            log.info("CRM accepts the token again; delivering the waiting changes")
            self.delivery.resume()

    def _watch_token(self, snapshot: LinkSnapshot) -> None:
        """Entering auth error or no token: look at the keyring again now and every few seconds."""
        if snapshot.state in TOKEN_STATES and self._token_watch is None:
            self._token_watch = self._keep_task(self._recheck_token(), "crm-token-watch")

    async def _recheck_token(self) -> None:
        probe = False  # the first look only checks for a new token: the CRM has just refused this one
        try:
            while self.status.snapshot.state in TOKEN_STATES:
                token = await asyncio.to_thread(self._keyring_token)
                if token and token != self._token:
                    log.info("a new CRM token was found in the keyring")
                    self.use_token(token)
                elif token and probe and self.sync is not None and self._tasks:
                    self.sync.request_sync()  # the same token: the CRM may accept it again
                probe = True
                await asyncio.sleep(self._auth_retry_s)
        finally:
            self._token_watch = None

    def _keyring_token(self) -> str | None:
        try:
            return self._secrets.get(SecretStore.crm_key(self.base_url))
        except KeyringUnavailable:
            return None

    def use_token(self, token: str) -> None:
        """A new token (sign-in dialog): sync and deliver with it now."""
        if self.transport is None or self.sync is None or self.delivery is None:
            return
        self._token = token
        self.transport.set_token(token)
        if self._tasks:
            self.sync.request_sync()
            self.delivery.resume()
        else:
            self._start_loops()
        log.info("CRM token replaced; syncing and delivering with it")

    def _start_loops(self) -> None:
        assert self.sync is not None and self.delivery is not None
        self._tasks = [
            self._keep_task(self.sync.run(), "crm-sync"),
            self._keep_task(self.delivery.run(), "crm-delivery"),
        ]

    def _saved_token(self, base_url: str) -> str | None:
        try:
            token = self._secrets.get(SecretStore.crm_key(base_url))
        except KeyringUnavailable as exc:
            self.status.update(state=LinkState.NO_TOKEN, message=str(exc))
            log.error("CRM token unavailable: %s", exc)
            return None
        if not token:
            self.status.update(state=LinkState.NO_TOKEN, message=NO_TOKEN_MESSAGE)
            log.error("%s", NO_TOKEN_MESSAGE)
        return token

    async def stop(self) -> None:
        tasks = [task for task in [*self._tasks, self._token_watch] if task is not None]
        for task in tasks:
            task.cancel()
        if tasks:  # a sync ends its writer processes on the way out, before the store is closed
            await asyncio.wait(tasks, timeout=STOP_WAIT_S)
        if self.transport is not None:
            await self.transport.aclose()
        if self.embedded is not None:
            self.embedded.stop()
