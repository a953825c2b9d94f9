"""The CRM client against a real loopback HTTP(S) server sending malformed or hostile replies."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import pytest

from softphone.crm.api import CrmApi
from softphone.crm.errors import (
    CrmAuthError,
    CrmConflict,
    CrmProtocolError,
    CrmRateLimited,
    CrmRejected,
    CrmServerError,
    CrmTlsError,
    CrmUnreachable,
)
from softphone.crm.transport import CrmTransport, TransportConfig
from tests.helpers.crm_client_badserver import Reply, canned_server, huge_json_chunks, make_ca_and_cert

T = TypeVar("T")
CUSTOMER = {
    "id": "c1",
    "name": "Ivan Petrov",
    "phones": [{"e164": "+74951234567", "kind": "mobile"}],
    "version": 3,
    "created_at": "2026-01-02T10:00:00Z",
    "updated_at": "2026-01-02T10:00:00Z",
}
CUSTOMER_PATH = "/api/v1/customers/c1"


def run(coro: Awaitable[T]) -> T:
    async def main() -> T:
        return await coro

    return asyncio.run(asyncio.wait_for(main(), timeout=60))


async def call(
    base_url: str, fn: str | Callable[[CrmApi], Awaitable[object]], *args: object, **config: object
) -> object:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        await asyncio.sleep(min(seconds, 0.01))

    cfg = TransportConfig(base_url=base_url, backoff_base_s=0.01, backoff_max_s=0.02, **config)  # type: ignore[arg-type]
    transport = CrmTransport(cfg, "secret-token", sleep=sleep)
    try:
        api = CrmApi(transport)
        result = await (fn(api) if callable(fn) else getattr(api, fn)(*args))
    finally:
        await transport.aclose()
    return result, waits


def test_valid_reply_is_returned_as_a_validated_model() -> None:
    with canned_server() as (url, srv):
        srv.routes[CUSTOMER_PATH] = Reply(body=json.dumps(CUSTOMER).encode())
        customer, _ = run(call(url, "get_customer", "c1"))
    assert customer.name == "Ivan Petrov" and customer.version == 3
    assert srv.requests[0].headers["Authorization"] == "Bearer secret-token"


def test_bad_json_is_a_protocol_error_naming_the_problem() -> None:
    with canned_server() as (url, srv):
        srv.routes[CUSTOMER_PATH] = Reply(body=b'{"id": "c1", "name": "Ivan Pe')
        with pytest.raises(CrmProtocolError, match="not valid JSON") as info:
            run(call(url, "get_customer", "c1"))
    assert "Ivan" not in str(info.value)


def test_html_error_page_is_a_protocol_error() -> None:
    with canned_server() as (url, srv):
        srv.routes[CUSTOMER_PATH] = Reply(
            headers={"Content-Type": "text/html; charset=utf-8"},
            body=b"<html><body><h1>Proxy login required</h1></body></html>",
        )
        with pytest.raises(CrmProtocolError, match="HTML page"):
            run(call(url, "get_customer", "c1"))


def test_wrong_types_name_the_fields_but_not_the_personal_values() -> None:
    bad = dict(CUSTOMER, version="three", phones=[{"e164": 84951234567}])
    with canned_server() as (url, srv):
        srv.routes[CUSTOMER_PATH] = Reply(body=json.dumps(bad).encode())
        with pytest.raises(CrmProtocolError) as info:
            run(call(url, "get_customer", "c1"))
    text = str(info.value)
    assert "version" in text and "phones.0.e164" in text
    assert "4951234567" not in text and "Ivan" not in text


def test_huge_streamed_body_is_cut_off_at_the_limit() -> None:
    with canned_server() as (url, srv):
        srv.routes["/api/v1/stores"] = Reply(body=huge_json_chunks(40_000_000), length=False)
        with pytest.raises(CrmProtocolError, match="size limit of 1000000 bytes"):
            run(call(url, "stores", max_body_bytes=1_000_000))


def test_huge_declared_body_is_refused_without_reading_it() -> None:
    with canned_server() as (url, srv):
        srv.routes["/api/v1/stores"] = Reply(body=b"[" + b" " * 3_000_000 + b"]")
        with pytest.raises(CrmProtocolError, match="too big"):
            run(call(url, "stores", max_body_bytes=1_000_000))


def test_rate_limit_waits_for_retry_after_then_succeeds() -> None:
    with canned_server() as (url, srv):
        srv.routes[CUSTOMER_PATH] = [
            Reply(429, {"Content-Type": "application/json", "Retry-After": "2"}, b'{"error": {}}'),
            Reply(body=json.dumps(CUSTOMER).encode()),
        ]
        customer, waits = run(call(url, "get_customer", "c1"))
    assert customer.id == "c1"
    assert waits == [2.0]
    assert srv.count(CUSTOMER_PATH) == 2


def test_rate_limit_longer_than_allowed_is_reported_not_waited() -> None:
    with canned_server() as (url, srv):
        srv.routes[CUSTOMER_PATH] = Reply(429, {"Content-Type": "application/json", "Retry-After": "3600"})
        with pytest.raises(CrmRateLimited) as info:
            run(call(url, "get_customer", "c1"))
    assert info.value.retry_after == 3600
    assert srv.count(CUSTOMER_PATH) == 1


def test_wrong_token_is_one_request_and_a_clear_auth_error() -> None:
    with canned_server() as (url, srv):
        srv.routes[CUSTOMER_PATH] = Reply(
            401, body=b'{"error": {"code": "unauthorized", "message": "A valid bearer token is required"}}'
        )
        with pytest.raises(CrmAuthError, match="token"):
            run(call(url, "get_customer", "c1"))
    assert srv.count(CUSTOMER_PATH) == 1


def test_server_errors_are_retried_a_bounded_number_of_times() -> None:
    with canned_server() as (url, srv):
        srv.routes[CUSTOMER_PATH] = Reply(503, {"Content-Type": "text/html"}, b"<html>down</html>")
        with pytest.raises(CrmServerError, match="503"):
            run(call(url, "get_customer", "c1", max_attempts=3))
    assert srv.count(CUSTOMER_PATH) == 3


def test_conflict_and_rejection_carry_the_crm_reply() -> None:
    current = dict(CUSTOMER, version=5, name="Ivan Sidorov")
    conflict = {"error": {"code": "version_conflict", "message": "changed"}, "current": current}
    rejected = {"error": {"code": "validation_error", "message": "invalid", "fields": {"name": "too long"}}}
    from softphone.crm import schemas as s

    with canned_server() as (url, srv):
        srv.routes[CUSTOMER_PATH] = [
            Reply(412, body=json.dumps(conflict).encode()),
            Reply(422, body=json.dumps(rejected).encode()),
        ]
        update = s.CustomerUpdate(name="X")
        with pytest.raises(CrmConflict) as c_info:
            run(call(url, lambda api: api.update_customer("c1", update, version=3, key="k1")))
        with pytest.raises(CrmRejected) as r_info:
            run(call(url, lambda api: api.update_customer("c1", update, version=3, key="k2")))
    assert c_info.value.entity.version == 5 and c_info.value.entity.name == "Ivan Sidorov"
    assert r_info.value.field_errors == {"name": "too long"} and r_info.value.reason == "invalid"
    assert srv.requests[0].headers["If-Match"] == "3"
    assert srv.requests[0].headers["Idempotency-Key"] == "k1"


def test_connection_refused_is_unreachable() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(CrmUnreachable, match="cannot connect"):
        run(call(f"http://127.0.0.1:{port}", "me", max_attempts=2))


def test_self_signed_certificate_refused_by_default_accepted_with_its_ca(tmp_path: Path) -> None:
    ca, cert, key = make_ca_and_cert(tmp_path)
    with canned_server(tls=(cert, key)) as (url, srv):
        srv.routes[CUSTOMER_PATH] = Reply(body=json.dumps(CUSTOMER).encode())
        with pytest.raises(CrmTlsError, match="not trusted"):
            run(call(url, "get_customer", "c1"))
        customer, _ = run(call(url, "get_customer", "c1", ca_file=ca))
    assert customer.id == "c1"
    assert srv.count(CUSTOMER_PATH) == 1


def test_missing_ca_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CrmTlsError, match="CA file not found"):
        CrmTransport(TransportConfig("https://127.0.0.1:1", ca_file=tmp_path / "nope.pem"), "t")
