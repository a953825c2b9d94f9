"""A hung CRM (the process stopped with SIGSTOP: connections are accepted, nothing is answered) is
reported as "not answering" from the first timeout on, without flipping back to "syncing" on every
retry, until a request succeeds again."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from pathlib import Path

from softphone.crm.link_status import LinkSnapshot, LinkState
from softphone.store.db import open_store
from tests.helpers.crm_client_kit import crm_client, run, wait_until
from tests.helpers.crm_server import running_crm_server


def test_hung_crm_says_not_answering_from_the_first_timeout_until_it_answers(tmp_path: Path) -> None:
    (tmp_path / "crm").mkdir()
    with running_crm_server(tmp_path / "crm", seed="demo") as crm:
        store = open_store(tmp_path / "client.db")
        assert crm.process is not None
        pid = crm.process.pid  # the server this test started: stopped and continued by its PID only

        async def scenario() -> tuple[list[LinkSnapshot], int, LinkState]:
            async with crm_client(crm.base_url, crm.token, store, read_timeout_s=1.0) as client:
                await client.sync.sync_once()
                client.sync._interval_s = 0.5  # a short period: many retries while the CRM hangs
                seen: list[LinkSnapshot] = []
                client.status.subscribe(seen.append)
                os.kill(pid, signal.SIGSTOP)
                try:
                    sent = len(client.requests)
                    loop = asyncio.create_task(client.sync.run())
                    client.sync.request_sync()
                    not_answering = lambda: client.status.snapshot.state == LinkState.NOT_ANSWERING  # noqa: E731
                    await wait_until(not_answering, 30, "not answering")
                    tries_when_said = len(client.requests) - sent
                    # keep hanging through several whole retry rounds (4 tries each)
                    await wait_until(lambda: len(client.requests) - sent >= 10, 60, "retries")
                    hung = list(seen)
                finally:
                    os.kill(pid, signal.SIGCONT)
                await wait_until(lambda: client.status.snapshot.state == LinkState.ONLINE, 60, "online again")
                loop.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await loop
                return hung, tries_when_said, client.status.snapshot.state

        hung, tries_when_said, final = run(scenario())
        assert tries_when_said == 1  # said at the first timeout, not after the retries
        states = [snap.state for snap in hung]
        first = states.index(LinkState.NOT_ANSWERING)
        assert all(state == LinkState.NOT_ANSWERING for state in states[first:])  # no flipping back
        assert "does not answer" in hung[-1].message or "did not answer" in hung[-1].message
        assert final == LinkState.ONLINE
        store.close()
