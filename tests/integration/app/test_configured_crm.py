"""The installed app against a configured central CRM (the reference server on loopback): IT saves the
token with ``--store-crm-token``, the app syncs; a wrong or missing token and an unreachable CRM give
a clear message, no retry storm, and the app keeps running."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.app_process import run_app, start_app
from tests.helpers.crm_server import CrmServer, running_crm_server
from tests.helpers.kamailio import free_port


@pytest.fixture(scope="module")
def crm(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CrmServer]:
    with running_crm_server(tmp_path_factory.mktemp("crm"), seed="demo", token="central-token") as server:
        yield server


def _configure(home: Path, base_url: str, token: str | None) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    config = home / "user.toml"
    config.write_text(f'[crm]\nbase_url = "{base_url}"\nsync_interval_s = 1.0\n')
    if token is not None:
        code, out = run_app(home, "--config", str(config), "--store-crm-token", stdin=token + "\n")
        assert code == 0, out
    return config


def _run_for(home: Path, config: Path, seconds: float) -> str:
    run = start_app(home, "--config", str(config), "--data-dir", str(home / "data"))
    run.wait_for(r"softphone \S+ started in")
    time.sleep(seconds)  # let the periodic sync run a few rounds (interval 1 s)
    assert run.stop() == 0, run.text()[-4000:]
    out = run.text()
    assert "Traceback" not in out, out[-4000:]
    return out


def test_app_syncs_with_the_configured_crm_using_the_keyring_token(tmp_path: Path, crm: CrmServer) -> None:
    config = _configure(tmp_path, crm.base_url, crm.token)
    out = _run_for(tmp_path, config, 4)
    assert re.search(r"CRM full sync: \d+ changes applied", out), out[-4000:]
    assert "embedded CRM" not in out
    assert crm.token not in out  # the token never reaches the log


def test_wrong_token_is_reported_once_and_not_retried(tmp_path: Path, crm: CrmServer) -> None:
    config = _configure(tmp_path, crm.base_url, "not-the-token")
    out = _run_for(tmp_path, config, 4)
    failures = re.findall(r"CRM sync failed: CRM refused the token", out)
    assert len(failures) == 1, out[-4000:]  # 4 sync intervals passed: no retry storm
    assert "CRM full sync" not in out


def test_missing_token_is_explained_and_the_app_still_runs(tmp_path: Path, crm: CrmServer) -> None:
    config = _configure(tmp_path, crm.base_url, None)
    out = _run_for(tmp_path, config, 1)
    assert "No CRM access token is saved in the system keyring" in out


def test_unreachable_crm_leaves_the_app_working_offline(tmp_path: Path) -> None:
    config = _configure(tmp_path, f"http://127.0.0.1:{free_port()}", "some-token")
    out = _run_for(tmp_path, config, 3)
    assert "CRM sync failed" in out
    assert "softphone stopped" in out
