"""The engine says at start which pjsua2 build it runs (ours or the wheel) and its pjproject version."""

from __future__ import annotations

import logging

import pytest

from softphone.sip.engine import SipEngine
from softphone.sip.pjsua2_loader import LOADED

from .conftest import EventLog

pytestmark = pytest.mark.sip


def test_the_engine_logs_the_pjsua2_build_and_version(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="softphone.sip")
    engine = SipEngine(EventLog())
    engine.start()
    engine.stop()
    version = "2.17" if LOADED.is_own_build else "2.15"
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("pjsua2: ")]
    assert len(lines) == 1
    assert lines[0].startswith(f"pjsua2: {LOADED.kind} build, pjproject {version}")
