"""Stream samples folded into a call's live quality and the summary the history keeps."""

from __future__ import annotations

import pytest

from softphone.sip.events import CallDirection, CallQualitySampled, CallState, CallStateChanged
from softphone.workspace.call_quality import CallQuality
from softphone.workspace.sessions import CallSessions, ChangeKind, SessionChange


def sample(
    at: float, packets: int, lost: int, jitter: float = 2.0, rtt: float | None = 20.0
) -> CallQualitySampled:
    return CallQualitySampled(1, "PCMU", packets, lost, 1.0 if lost else 0.0, jitter, rtt, 40.0, at)


def test_a_clean_call_reads_about_4_4() -> None:
    quality = CallQuality()
    reading = quality.fold(sample(1.5, 75, 0))
    assert reading.loss_pct == 0 and reading.one_way_delay_ms == 50.0
    assert reading.mos == pytest.approx(4.39, abs=0.03) and not reading.poor


def test_loss_is_measured_over_the_last_seconds() -> None:
    quality = CallQuality()
    quality.fold(sample(1.5, 75, 0))
    quality.fold(sample(3.0, 150, 0))
    bad = quality.fold(sample(4.5, 200, 25))  # 25 of the last ~150 expected went missing
    assert bad.loss_pct == pytest.approx(100 * 25 / 150, abs=0.1)
    assert bad.poor
    for step in range(1, 10):  # then clean again: the window forgets the loss
        good = quality.fold(sample(4.5 + 1.5 * step, 200 + 75 * step, 25))
    assert good.loss_pct == 0 and not good.poor
    assert quality.worst_mos == bad.mos


def test_summary_is_the_whole_call() -> None:
    quality = CallQuality()
    assert quality.summary() is None
    quality.fold(sample(1.5, 95, 5, jitter=4.0, rtt=None))
    quality.fold(sample(3.0, 190, 10, jitter=6.0, rtt=30.0))
    summary = quality.summary()
    assert summary is not None
    assert summary.loss_pct == 5.0 and summary.jitter_ms == 5.0 and summary.rtt_ms == 30.0
    assert 1.0 < summary.mos < 4.5


def test_sessions_fold_samples_into_the_live_call() -> None:
    sessions = CallSessions()
    changes: list[SessionChange] = []
    sessions.subscribe(changes.append)
    assert sessions.apply(sample(1.0, 10, 0)) is None  # no such call: ignored
    sessions.apply(CallStateChanged(1, CallDirection.OUTBOUND, CallState.ACTIVE, "100", connected_at=1.0))
    change = sessions.apply(sample(1.5, 75, 0))
    assert change is not None and change.kind is ChangeKind.CHANGED
    quality = change.session.attached(CallQuality)
    assert quality is not None and quality.reading is not None and quality.reading.codec == "PCMU"
