"""Pure parts of the CRM transport: backoff, Retry-After, the link status object."""

from __future__ import annotations

import email.utils
import time

from softphone.crm.link_status import LinkSnapshot, LinkState, LinkStatus
from softphone.crm.transport import backoff_delay, parse_retry_after


def test_backoff_grows_and_stays_within_bounds() -> None:
    for attempt in range(12):
        delay = backoff_delay(attempt, 0.5, 8.0)
        assert 0.25 <= delay <= min(8.0, 0.5 * 2**attempt)
    assert max(backoff_delay(10, 0.5, 8.0) for _ in range(50)) > 2.0


def test_retry_after_in_seconds_and_as_http_date() -> None:
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    future = email.utils.formatdate(time.time() + 30, usegmt=True)
    value = parse_retry_after(future)
    assert value is not None and 20 < value <= 31


def test_link_status_notifies_only_on_change_and_survives_bad_listener() -> None:
    status = LinkStatus()
    seen: list[LinkSnapshot] = []

    def broken(_snap: LinkSnapshot) -> None:
        raise RuntimeError("listener bug")

    status.subscribe(broken)
    unsubscribe = status.subscribe(seen.append)
    status.update(state=LinkState.ONLINE, pending_outbox=3)
    status.update(state=LinkState.ONLINE, pending_outbox=3)
    status.update(conflicts=1)
    unsubscribe()
    status.update(state=LinkState.OFFLINE)
    assert [(s.state, s.pending_outbox, s.conflicts) for s in seen] == [
        (LinkState.ONLINE, 3, 0),
        (LinkState.ONLINE, 3, 1),
    ]
    assert status.snapshot.state is LinkState.OFFLINE
