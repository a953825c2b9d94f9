"""Optimistic concurrency (If-Match / 412) and Idempotency-Key behaviour, including across a restart."""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx
import pytest

from softphone.crm import schemas as s
from tests.helpers.crm_server import running_crm_server


def _new_customer(api: httpx.Client, name: str) -> s.Customer:
    response = api.post("/customers", json={"name": name, "phones": [{"e164": "+79990001122"}]})
    assert response.status_code == 201, response.text
    return s.Customer.model_validate(response.json())


def test_stale_if_match_is_412_with_current_then_succeeds_with_current_version(api: httpx.Client) -> None:
    customer = _new_customer(api, "Орлова Вера Павловна")
    first = api.patch(f"/customers/{customer.id}", json={"notes": "оператор A"}, headers={"If-Match": '"1"'})
    assert first.status_code == 200
    assert first.json()["version"] == 2
    assert first.headers["ETag"] == '"2"'

    stale = api.patch(f"/customers/{customer.id}", json={"notes": "оператор B"}, headers={"If-Match": "1"})
    assert stale.status_code == 412
    conflict = s.CustomerConflict.model_validate(stale.json())
    assert conflict.error.code == "version_conflict"
    assert conflict.current.notes == "оператор A"  # B sees what A wrote
    assert conflict.current.version == 2

    retry = api.patch(
        f"/customers/{customer.id}",
        json={"notes": "оператор B"},
        headers={"If-Match": str(conflict.current.version)},
    )
    assert retry.status_code == 200
    assert retry.json()["notes"] == "оператор B"
    assert retry.json()["version"] == 3


def test_patch_without_if_match_is_428_and_changes_nothing(api: httpx.Client) -> None:
    customer = _new_customer(api, "Зайцев Олег Юрьевич")
    response = api.patch(f"/customers/{customer.id}", json={"name": "Другое Имя"})
    assert response.status_code == 428
    assert api.get(f"/customers/{customer.id}").json()["name"] == "Зайцев Олег Юрьевич"


def test_patch_cannot_null_required_fields(api: httpx.Client) -> None:
    customer = _new_customer(api, "Гусев Павел Игоревич")
    response = api.patch(
        f"/customers/{customer.id}", json={"name": None, "email": None}, headers={"If-Match": "1"}
    )
    assert response.status_code == 422
    assert set(response.json()["error"]["fields"]) == {"name"}
    assert api.get(f"/customers/{customer.id}").json()["version"] == 1


def test_repeated_idempotency_key_returns_first_response_and_writes_once(api: httpx.Client) -> None:
    name = f"Повторов Идемпотент {uuid.uuid4().hex[:6]}"
    key = str(uuid.uuid4())
    body = {"name": name, "phones": [{"e164": "+79995554433", "kind": "mobile"}]}
    first = api.post("/customers", json=body, headers={"Idempotency-Key": key})
    second = api.post("/customers", json=body, headers={"Idempotency-Key": key})
    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert second.headers.get("Idempotent-Replayed") == "true"
    assert api.get("/customers", params={"q": name}).json()["total"] == 1


def test_reusing_a_key_for_a_different_request_is_refused(api: httpx.Client) -> None:
    key = str(uuid.uuid4())
    first = api.post("/customers", json={"name": "Ключев Первый"}, headers={"Idempotency-Key": key})
    assert first.status_code == 201
    other = api.post("/customers", json={"name": "Ключев Второй"}, headers={"Idempotency-Key": key})
    assert other.status_code == 422
    assert "Idempotency-Key" in other.json()["error"]["fields"]
    assert api.get("/customers", params={"q": "Ключев Второй"}).json()["total"] == 0


def test_failed_write_stores_no_response_so_a_corrected_retry_with_the_key_works(api: httpx.Client) -> None:
    customer = _new_customer(api, "Ошибкин Сергей")
    key = str(uuid.uuid4())
    stale = api.patch(
        f"/customers/{customer.id}", json={"tags": ["VIP"]}, headers={"If-Match": "7", "Idempotency-Key": key}
    )
    assert stale.status_code == 412
    ok = api.patch(
        f"/customers/{customer.id}", json={"tags": ["VIP"]}, headers={"If-Match": "1", "Idempotency-Key": key}
    )
    assert ok.status_code == 200
    assert ok.json()["tags"] == ["VIP"]


def test_client_supplied_id_is_kept_and_a_duplicate_is_409(api: httpx.Client) -> None:
    client_id = f"local-{uuid.uuid4().hex}"
    created = api.post("/customers", json={"id": client_id, "name": "Офлайнова Мария"})
    assert created.status_code == 201
    assert created.json()["id"] == client_id
    duplicate = api.post("/customers", json={"id": client_id, "name": "Офлайнова Мария"})
    assert duplicate.status_code == 409


def test_idempotency_keys_survive_a_server_restart(tmp_path: Path) -> None:
    with (
        running_crm_server(tmp_path, seed="none") as crm,
        httpx.Client(base_url=crm.api_url, headers=crm.headers, timeout=10) as api,
    ):
        key = {"Idempotency-Key": "restart-key-1"}
        first = api.post("/customers", json={"name": "Рестартов Пётр"}, headers=key)
        assert first.status_code == 201
        port = crm.port
        crm.stop()
        with pytest.raises(httpx.TransportError):
            api.get("/health")
        crm.start()
        assert crm.port == port
        again = api.post("/customers", json={"name": "Рестартов Пётр"}, headers=key)
        assert again.json() == first.json()
        assert api.get("/customers", params={"q": "Рестартов"}).json()["total"] == 1


def test_server_keeps_data_across_restart_without_reseeding(tmp_path: Path) -> None:
    with running_crm_server(tmp_path, seed="demo") as server:
        url = f"{server.api_url}/customers"
        before = httpx.get(url, headers=server.headers, timeout=10).json()["total"]
        httpx.post(url, json={"name": "Новикова Дарья"}, headers=server.headers, timeout=10)
        server.stop()
        server.start()
        assert httpx.get(url, headers=server.headers, timeout=10).json()["total"] == before + 1
