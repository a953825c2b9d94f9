"""Property-based checks (schemathesis) of the running reference server against its own OpenAPI.

The document is the committed ``resources/openapi/crm-v1.json``. Every documented operation
is called with generated, authenticated requests; the server must never
answer 5xx, and every answer's status, content type and body must be the ones the document declares.
Bounded: a few examples per operation, on a server of its own (generated writes stay here).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.helpers.crm_server import CrmServer, running_crm_server

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(scope="module")
def conformance_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CrmServer]:
    with running_crm_server(tmp_path_factory.mktemp("crm-schemathesis"), seed="demo") as server:
        yield server


# Call recordings are raw audio bodies (PUT /interactions/{id}/recording): any bytes, small
for _media_type in ("audio/ogg", "audio/flac"):
    schemathesis.openapi.media_type(_media_type, st.binary(min_size=0, max_size=512))

# The committed contract document (tests/unit/crm_server checks it matches the app).
schema = schemathesis.openapi.from_path(Path(__file__).parents[3] / "resources" / "openapi" / "crm-v1.json")


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_server_conforms_to_its_openapi(case: schemathesis.Case, conformance_server: CrmServer) -> None:
    case.call_and_validate(
        base_url=conformance_server.base_url, headers=conformance_server.headers, checks=CHECKS, timeout=10
    )
