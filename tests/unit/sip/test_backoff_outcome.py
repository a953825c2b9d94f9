"""Registration retry policy and call outcome mapping."""

from __future__ import annotations

import random

import pytest

from softphone.sip.backoff import Backoff, failure_reason, is_retryable
from softphone.sip.call_outcome import EndFacts, call_outcome
from softphone.sip.events import CallDirection, CallOutcome


@pytest.mark.parametrize(
    ("code", "retry"),
    [
        (401, False),
        (403, False),
        (404, False),
        (407, False),
        (408, True),
        (503, True),
        (500, True),
        (0, True),
        (600, True),
    ],
)
def test_only_non_auth_failures_are_retried(code: int, retry: bool) -> None:
    assert is_retryable(code) is retry


def test_failure_reason_names_the_likely_cause() -> None:
    assert "wrong username or password" in failure_reason(401, "Unauthorized")
    assert failure_reason(503, "Service Unavailable") == "503 Service Unavailable"


def test_backoff_grows_with_jitter_and_stays_in_bounds() -> None:
    backoff = Backoff(1.0, 8.0, random.Random(7))
    delays = [backoff.next_delay() for _ in range(10)]
    assert all(1.0 <= d <= 8.0 for d in delays)
    assert max(delays[5:]) > max(delays[:1])
    assert len(set(delays)) > 5  # jittered, not a fixed ladder
    backoff.reset()
    assert backoff.next_delay() <= 1.0 + 1e-9


def test_backoff_rejects_bad_bounds() -> None:
    with pytest.raises(ValueError):
        Backoff(0, 1)
    with pytest.raises(ValueError):
        Backoff(5, 1)


@pytest.mark.parametrize(
    ("facts", "outcome"),
    [
        (EndFacts(CallDirection.OUTBOUND, status_code=486), CallOutcome.BUSY),
        (EndFacts(CallDirection.OUTBOUND, status_code=603), CallOutcome.DECLINED),
        (EndFacts(CallDirection.OUTBOUND, status_code=480), CallOutcome.NO_ANSWER),
        (EndFacts(CallDirection.OUTBOUND, cancelled_here=True, status_code=487), CallOutcome.CANCELLED),
        (EndFacts(CallDirection.OUTBOUND, status_code=404), CallOutcome.FAILED),
        (EndFacts(CallDirection.OUTBOUND, connected=True, status_code=200), CallOutcome.ANSWERED),
        (EndFacts(CallDirection.OUTBOUND, connected=True, transferred=True), CallOutcome.TRANSFERRED),
        (EndFacts(CallDirection.INBOUND, status_code=487), CallOutcome.CANCELLED),
        (EndFacts(CallDirection.INBOUND, rejected_here=True, status_code=603), CallOutcome.DECLINED),
        (EndFacts(CallDirection.INBOUND, dnd_rejected=True, status_code=486), CallOutcome.MISSED),
        (EndFacts(CallDirection.INBOUND, status_code=408), CallOutcome.MISSED),
    ],
)
def test_call_outcome(facts: EndFacts, outcome: CallOutcome) -> None:
    assert call_outcome(facts) is outcome
