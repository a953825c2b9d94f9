"""The committed OpenAPI document is exactly what the server app generates (single source of truth)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from softphone.crm.schemas import API_PREFIX
from softphone.crm_server.app import TITLE, openapi_document

COMMITTED = Path(__file__).parents[3] / "resources" / "openapi" / "crm-v1.json"


def test_committed_openapi_matches_the_app() -> None:
    committed = json.loads(COMMITTED.read_text(encoding="utf-8"))
    regenerated = json.loads(json.dumps(openapi_document()))
    assert committed == regenerated, (
        "resources/openapi/crm-v1.json is stale; regenerate it with "
        "`python -m softphone.crm_server --dump-openapi resources/openapi/crm-v1.json`"
    )
    assert committed["info"]["title"] == TITLE == "softphone central CRM API"
    assert committed["info"]["version"] == "1"


def test_dump_openapi_command_writes_the_same_document(tmp_path: Path) -> None:
    target = tmp_path / "out" / "crm.json"
    subprocess.run(
        [sys.executable, "-m", "softphone.crm_server", "--dump-openapi", str(target)], check=True, timeout=60
    )
    assert target.read_text(encoding="utf-8") == COMMITTED.read_text(encoding="utf-8")


def test_every_operation_is_authenticated_and_documents_auth_and_validation_errors() -> None:
    doc = json.loads(COMMITTED.read_text(encoding="utf-8"))
    for path, operations in doc["paths"].items():
        assert path.startswith(API_PREFIX)
        if path == f"{API_PREFIX}/health":
            continue
        for method, operation in operations.items():
            assert operation.get("security") == [{"HTTPBearer": []}], (method, path)
            assert {"401", "422", "429"} <= set(operation["responses"]), (method, path)
