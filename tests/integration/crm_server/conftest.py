"""Fixtures: one demo-seeded reference CRM server per session, and an authenticated httpx client."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.helpers.crm_server import CrmServer, running_crm_server


@pytest.fixture(scope="session")
def crm(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CrmServer]:
    with running_crm_server(tmp_path_factory.mktemp("crm"), seed="demo") as server:
        yield server


@pytest.fixture
def api(crm: CrmServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=crm.api_url, headers=crm.headers, timeout=10.0) as client:
        yield client
