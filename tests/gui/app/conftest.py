"""Fixtures for tests of the assembled app: the real start-up steps in the test process."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import kamailio_fixture, peer_factory  # noqa: F401 - re-exported fixtures
from tests.helpers.app_in_process import InProcessApp

Scenario = Callable[[InProcessApp], Awaitable[None]]


@pytest.fixture
def run_app(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Callable[..., InProcessApp]:
    """``run_app(settings_toml, scenario, *args, home=...)``: start the app, run the scenario, stop it."""
    monkeypatch.setenv("SOFTPHONE_MACHINE_CONFIG", str(tmp_path / "machine.toml"))  # no machine file

    def run(settings_toml: str, scenario: Scenario, *args: str, home: Path | None = None) -> InProcessApp:
        app = InProcessApp(qapp, home or tmp_path / "home", settings_toml, *args)
        app.run(scenario)
        return app

    return run
