"""Auth, validation and lookup behaviour of the reference CRM server as a client sees it."""

from __future__ import annotations

import httpx
import pytest

from softphone.crm import schemas as s
from tests.helpers.crm_server import CrmServer


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer wrong-token"}, {"Authorization": "test-token"}]
)
def test_requests_without_the_right_token_get_401(crm: CrmServer, headers: dict[str, str]) -> None:
    response = httpx.get(f"{crm.api_url}/me", headers=headers, timeout=10)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert s.ErrorBody.model_validate(response.json()).error.code == "unauthorized"


def test_writes_without_token_are_rejected_before_validation_and_store_nothing(
    crm: CrmServer, api: httpx.Client
) -> None:
    before = api.get("/customers", params={"q": "Безтокенов"}).json()["total"]
    response = httpx.post(f"{crm.api_url}/customers", json={"name": "Безтокенов Иван"}, timeout=10)
    assert response.status_code == 401
    assert api.get("/customers", params={"q": "Безтокенов"}).json()["total"] == before == 0


def test_health_needs_no_token(crm: CrmServer) -> None:
    assert httpx.get(f"{crm.api_url}/health", timeout=10).json() == {"status": "ok", "api_version": "1"}


def test_operator_profile(api: httpx.Client) -> None:
    me = s.Operator.model_validate(api.get("/me").json())
    assert me.sip_extension == "1001"
    assert set(me.store_ids) == {st["id"] for st in api.get("/stores").json()}
    assert me.compensation_limit > 0
    assert me.after_call_work.mode in ("timed", "manual")


def test_dialled_number_identifies_the_store(api: httpx.Client) -> None:
    stores = [s.Store.model_validate(x) for x in api.get("/stores").json()]
    by_number = {number: store.name for store in stores for number in store.phone_numbers}
    assert by_number["+74952223344"] == "ТехноДом"
    assert len(by_number) == sum(len(store.phone_numbers) for store in stores)  # no number serves two stores


def test_customer_found_by_phone_in_any_common_form(api: httpx.Client) -> None:
    for typed in ("+79161234567", "89161234567", "+7 (916) 123-45-67"):
        page = s.Page[s.Customer].model_validate(api.get("/customers", params={"phone": typed}).json())
        assert [c.id for c in page.items] == ["C-DEMO-1"], typed
    shared = api.get("/customers", params={"phone": "+74957654321"}).json()
    assert {c["id"] for c in shared["items"]} == {"C-DEMO-2", "C-DEMO-4"}


def test_customer_search_by_part_of_name_is_case_insensitive(api: httpx.Client) -> None:
    page = api.get("/customers", params={"q": "иванова анна"}).json()
    assert "C-DEMO-1" in {c["id"] for c in page["items"]}
    assert api.get("/customers", params={"q": "%"}).json()["total"] == 0  # wildcards are literal


def test_bad_phone_query_is_422_naming_the_field(api: httpx.Client) -> None:
    response = api.get("/customers", params={"phone": "позвоните мне"})
    assert response.status_code == 422
    assert "phone" in s.ErrorBody.model_validate(response.json()).error.fields


def test_invalid_customer_body_is_422_with_every_bad_field(api: httpx.Client) -> None:
    body = {"name": "", "phones": [{"e164": "12345", "kind": "mobile"}], "emial": "x@y.ru"}
    response = api.post("/customers", json=body)
    assert response.status_code == 422
    fields = s.ErrorBody.model_validate(response.json()).error.fields
    assert {"name", "phones.0.e164", "emial"} <= set(fields)


def test_malformed_json_is_422(api: httpx.Client) -> None:
    response = api.post("/customers", content=b"{not json", headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"


def test_unknown_entity_is_404_with_error_body(api: httpx.Client) -> None:
    response = api.get("/orders/O-NOPE")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_interaction_log_appears_in_customer_history(api: httpx.Client) -> None:
    body = {
        "customer_id": "C-DEMO-3",
        "channel": "call",
        "direction": "inbound",
        "disposition": "consultation",
        "notes": "Спрашивала про гарантию",
        "talk_s": 95,
        "hold_s": 10,
        "acw_s": 20,
        "script_id": "SCR-INBOUND",
        "script_answers": {"wanted_product": "чайник"},
        "script_compliance": 0.8,
        "script_steps": ["greet", "known", "what", "stock", "delivery"],
        "started_at": "2030-01-01T09:00:00+03:00",
    }
    created = s.Interaction.model_validate(api.post("/interactions", json=body).json())
    assert created.started_at.isoformat() == "2030-01-01T06:00:00+00:00"  # normalised to UTC
    history = api.get("/customers/C-DEMO-3/interactions").json()
    assert history["items"][0]["id"] == created.id  # newest first
    assert history["items"][0]["script_answers"] == {"wanted_product": "чайник"}
    assert history["items"][0]["script_compliance"] == 0.8
    assert history["items"][0]["script_steps"] == ["greet", "known", "what", "stock", "delivery"]


def test_script_compliance_needs_its_script_and_stays_within_0_and_1(api: httpx.Client) -> None:
    base = {"customer_id": "C-DEMO-3", "started_at": "2030-01-01T09:00:00Z"}
    no_script = api.post("/interactions", json={**base, "script_steps": ["greet"], "script_compliance": 1})
    assert no_script.status_code == 422 and set(no_script.json()["error"]["fields"]) == {"script_id"}
    too_much = api.post("/interactions", json={**base, "script_id": "SCR-INBOUND", "script_compliance": 1.5})
    assert too_much.status_code == 422 and "script_compliance" in too_much.json()["error"]["fields"]


def test_interaction_with_unknown_references_is_rejected(api: httpx.Client) -> None:
    body = {"customer_id": "C-NOPE", "disposition": "nonsense", "started_at": "2030-01-01T09:00:00Z"}
    response = api.post("/interactions", json=body)
    assert response.status_code == 422
    assert set(response.json()["error"]["fields"]) == {"customer_id", "disposition"}
