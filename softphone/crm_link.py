"""Start-up of the central CRM link: transport, sync loop and outbox delivery, wired to the store.

With no ``crm.base_url`` configured (and always in ``--demo``) the app starts its own reference CRM
(``softphone.crm_server``) on 127.0.0.1 as a child process, so a fresh install works out of the box.
A configured CRM's bearer token is read from the keyring only; without one the link stays in the
"access denied" state with a plain message, and local work continues (edits wait in the outbox).
"""

from __future__ import annotations

import gc
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from softphone.crm.api import CrmApi
from softphone.crm.errors import CrmError
from softphone.crm.link_status import LinkState, LinkStatus
from softphone.crm.outbox_delivery import OutboxDelivery
from softphone.crm.sync import SyncService
from softphone.crm.transport import CrmTransport, TransportConfig
from softphone.settings.secrets import KeyringUnavailable, SecretStore
from softphone.store.crm_target import StoreOutboxQueue, StoreSyncTarget

if TYPE_CHECKING:
    from softphone.app import Application, Undo

log = logging.getLogger("softphone.crm")


def start_crm_link(app: Application) -> Undo:
    """Build and start the CRM link; returns the coroutine-returning undo that stops it."""
    settings = app.settings
    status = LinkStatus()
    app.parts["link_status"] = status
    embedded = None
    token: str | None
    base_url = str(settings["crm.base_url"]).strip()
    if app.args.demo or not base_url:
        from softphone.demo.embedded_crm import EmbeddedCrmError, start_embedded_crm

        try:
            embedded = start_embedded_crm(app.data_dir / "embedded-crm", seed="demo")
        except EmbeddedCrmError as exc:  # work goes on offline; local edits wait in the outbox
            status.update(state=LinkState.OFFLINE, message=str(exc))
            log.error("%s", exc)
            return _stopper(None, None, [])
        app.parts["embedded_crm"] = embedded
        base_url, token = embedded.base_url, embedded.token
    else:
        token = _configured_token(app.parts["secrets"], base_url, status)
    config = TransportConfig(
        base_url=base_url,
        read_timeout_s=float(settings["crm.timeout_s"]),
        connect_timeout_s=min(5.0, float(settings["crm.timeout_s"])),
        ca_file=Path(settings["crm.ca_file"]) if settings["crm.ca_file"] else None,
    )
    try:
        transport = CrmTransport(config, token or "")
    except CrmError as exc:  # e.g. the configured CA file is missing
        status.update(state=LinkState.OFFLINE, message=str(exc))
        log.error("CRM link not started: %s", exc)
        return _stopper(None, embedded, [])
    api = CrmApi(transport)
    store = app.parts["store"]
    sync = SyncService(api, StoreSyncTarget(store), status, interval_s=float(settings["crm.sync_interval_s"]))
    delivery = OutboxDelivery(api, StoreOutboxQueue(store), status)
    store.on_outbox_written(delivery.notify)
    app.parts.update(crm_api=api, crm_sync=sync, crm_delivery=delivery)
    tasks = []
    if token:
        tasks = [app.keep_task(sync.run(), "crm-sync"), app.keep_task(delivery.run(), "crm-delivery")]
    gc.freeze()  # start-up objects live for the whole session: keep them out of the GC's scans
    return _stopper(transport, embedded, tasks)


def _configured_token(secrets: SecretStore, base_url: str, status: LinkStatus) -> str | None:
    try:
        token = secrets.get(SecretStore.crm_key(base_url))
    except KeyringUnavailable as exc:
        status.update(state=LinkState.AUTH_ERROR, message=str(exc))
        log.error("CRM token unavailable: %s", exc)
        return None
    if not token:
        message = "No CRM access token is saved in the system keyring for this CRM; ask IT to set it up."
        status.update(state=LinkState.AUTH_ERROR, message=message)
        log.error("%s", message)
    return token


def _stopper(transport: CrmTransport | None, embedded: Any, tasks: list[Any]) -> Undo:
    async def stop() -> None:
        for task in tasks:
            task.cancel()
        if transport is not None:
            await transport.aclose()
        if embedded is not None:
            embedded.stop()

    return stop
