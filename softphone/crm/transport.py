"""Async HTTP transport to the central CRM (API v1) on ``httpx.AsyncClient``.

Owns everything about the wire and nothing about resources: base URL, Bearer token (handed in by the
composition root, which reads it from the keyring), connect/read timeouts, retries with jittered
exponential backoff of requests that are safe to repeat (GETs, and writes carrying an Idempotency-Key),
429 Retry-After, TLS verification (on by default, optional CA file), a reply size limit, and the mapping
of HTTP outcomes to the exceptions of ``softphone.crm.errors``. Typed methods live in ``api.py``.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import json
import logging
import random
import ssl
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

with contextlib.suppress(ImportError):
    # httpx loads its asyncio network backend at the first request, on the loop: 20 ms of imports in
    # the middle of the first sync. Loaded here instead, with the app's other modules at start-up.
    import anyio._backends._asyncio  # noqa: F401
    import httpcore._backends.anyio  # noqa: F401
    import sniffio  # noqa: F401

from softphone.crm.errors import (
    CrmAuthError,
    CrmConflict,
    CrmError,
    CrmNotFound,
    CrmProtocolError,
    CrmRateLimited,
    CrmRejected,
    CrmServerError,
    CrmTimeout,
    CrmTlsError,
    CrmUnreachable,
)
from softphone.domain.masking import mask_url

log = logging.getLogger(__name__)

JSON_TYPES = ("application/json", "application/problem+json")
RETRYABLE_STATUSES = frozenset({500, 502, 503, 504})


@dataclass(frozen=True)
class TransportConfig:
    """Wire settings of the CRM link; defaults suit an office network."""

    base_url: str
    connect_timeout_s: float = 5.0
    read_timeout_s: float = 30.0
    max_attempts: int = 4
    backoff_base_s: float = 0.25
    backoff_max_s: float = 8.0
    max_retry_after_s: float = 60.0
    max_body_bytes: int = 20 * 1024 * 1024
    verify_tls: bool = True
    ca_file: Path | None = None
    user_agent: str = "softphone-crm-client/1"


@dataclass(frozen=True)
class CrmResponse:
    """A checked reply: status, headers and the raw JSON bytes (``b""`` for 204)."""

    status: int
    headers: httpx.Headers
    content: bytes = field(repr=False)

    def json(self) -> Any:
        """The body parsed as JSON (CrmProtocolError if it is not JSON)."""
        return parse_json(self.content, self.status)


def parse_json(content: bytes, status: int) -> Any:
    try:
        return json.loads(content)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CrmProtocolError(
            f"CRM reply (HTTP {status}) is not valid JSON: {type(exc).__name__} at byte "
            f"{getattr(exc, 'pos', getattr(exc, 'start', '?'))}"
        ) from None


def backoff_delay(attempt: int, base_s: float, max_s: float) -> float:
    """Full-jitter exponential backoff: uniform in [base/2, min(max, base * 2**attempt)]."""
    ceiling = min(max_s, base_s * (2 ** min(attempt, 30)))
    return random.uniform(min(base_s / 2, ceiling), ceiling)


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or HTTP-date); None if absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _ssl_context(config: TransportConfig) -> ssl.SSLContext | bool:
    if not config.verify_tls:
        return False
    if config.ca_file is not None:
        if not config.ca_file.is_file():
            raise CrmTlsError(f"CRM CA file not found: {config.ca_file}")
        return ssl.create_default_context(cafile=str(config.ca_file))
    return ssl.create_default_context()


def _is_cert_error(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    for _ in range(10):
        if seen is None:
            return False
        if isinstance(seen, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY_FAILED" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


class CrmTransport:
    """One HTTP/1.1 connection pool to the CRM, used from one asyncio loop."""

    def __init__(
        self,
        config: TransportConfig,
        token: str,
        *,
        event_hooks: Mapping[str, list[Callable[..., Any]]] | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        on_answer: Callable[[bool], None] | None = None,
    ) -> None:
        """``on_answer(False)`` is called at each timeout, ``on_answer(True)`` at each reply that is not
        a refused token: the link status says "not answering" from the first timeout, not after the
        retries, and "syncing" again as soon as the CRM answers."""
        self._config = config
        self._sleep = sleep
        self._on_answer = on_answer
        self._client = httpx.AsyncClient(
            base_url=config.base_url.rstrip("/") + "/",
            headers={
                "Authorization": f"Bearer {token}",
                "Accept": "application/json",
                "User-Agent": config.user_agent,
            },
            timeout=httpx.Timeout(
                config.read_timeout_s, connect=config.connect_timeout_s, pool=config.connect_timeout_s
            ),
            verify=_ssl_context(config),
            event_hooks=dict(event_hooks or {}),
            follow_redirects=False,
        )

    def set_token(self, token: str) -> None:
        """Use a new token (the operator fixed it in settings) for the following requests."""
        self._client.headers["Authorization"] = f"Bearer {token}"

    @property
    def config(self) -> TransportConfig:
        return self._config

    async def aclose(self) -> None:
        await self._client.aclose()

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str | int | float | bool | None] | None = None,
        json_body: Any = None,
        idempotency_key: str | None = None,
        if_match: str | None = None,
        raw_body: tuple[bytes, str] | None = None,
    ) -> CrmResponse:
        """Send a request, retrying when safe; returns a 2xx reply or raises a ``CrmError``.
        ``raw_body`` is (bytes, media type) for a non-JSON body (a call recording)."""
        headers: dict[str, str] = {}
        if idempotency_key is not None:
            headers["Idempotency-Key"] = idempotency_key
        if if_match is not None:
            headers["If-Match"] = if_match
        clean_params = {k: _param(v) for k, v in (params or {}).items() if v is not None}
        retryable = method.upper() == "GET" or idempotency_key is not None
        query = "&".join(f"{k}={v}" for k, v in clean_params.items())
        shown = mask_url(f"{path}?{query}" if query else path)
        content = None if json_body is None else json.dumps(json_body, separators=(",", ":")).encode()
        if content is not None:
            headers["Content-Type"] = "application/json"
        elif raw_body is not None:
            content, headers["Content-Type"] = raw_body
        attempts = max(1, self._config.max_attempts)
        for attempt in range(attempts):
            last = attempt == attempts - 1 or not retryable
            try:
                return await self._attempt(method, path.lstrip("/"), clean_params, content, headers, shown)
            except CrmRateLimited as exc:
                wait = exc.retry_after
                if last or (wait is not None and wait > self._config.max_retry_after_s):
                    raise
                if wait is None:
                    wait = backoff_delay(attempt, self._config.backoff_base_s, self._config.backoff_max_s)
                log.info("CRM rate limit on %s %s: waiting %.2f s", method, shown, wait)
                await self._sleep(wait)
            except (CrmUnreachable, CrmServerError) as exc:
                if last or isinstance(exc, CrmTlsError):
                    raise
                wait = backoff_delay(attempt, self._config.backoff_base_s, self._config.backoff_max_s)
                log.info("CRM %s %s failed (%s); retry %d in %.2f s", method, shown, exc, attempt + 1, wait)
                await self._sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _attempt(
        self,
        method: str,
        path: str,
        params: dict[str, str],
        content: bytes | None,
        headers: dict[str, str],
        shown: str,
    ) -> CrmResponse:
        started = time.monotonic()
        try:
            async with self._client.stream(
                method, path, params=params, content=content, headers=headers
            ) as response:
                body = await self._read_limited(response, shown)
        except httpx.TimeoutException as exc:
            self._answered(False)
            raise CrmTimeout(f"CRM did not answer in time ({type(exc).__name__}) on {shown}") from None
        except httpx.ConnectError as exc:
            if _is_cert_error(exc):
                raise CrmTlsError(
                    "CRM TLS certificate is not trusted (configure its CA file if it is a private CA)"
                ) from None
            raise CrmUnreachable(f"cannot connect to the CRM: {_short(exc)}") from None
        except httpx.TransportError as exc:
            raise CrmUnreachable(f"connection to the CRM failed: {type(exc).__name__}") from None
        if response.status_code not in (401, 403):
            self._answered(True)
        log.debug(
            "CRM %s %s -> %d (%d bytes, %.0f ms)",
            method,
            shown,
            response.status_code,
            len(body),
            (time.monotonic() - started) * 1000,
        )
        return self._check(response, body, shown)

    def _answered(self, answered: bool) -> None:
        if self._on_answer is None:
            return
        try:
            self._on_answer(answered)
        except Exception:  # a status listener must not break a request
            log.exception("CRM answer listener failed")

    async def _read_limited(self, response: httpx.Response, shown: str) -> bytes:
        limit = self._config.max_body_bytes
        declared = response.headers.get("Content-Length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            raise CrmProtocolError(
                f"CRM reply to {shown} is too big ({int(declared)} bytes, limit {limit}); not read"
            )
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > limit:
                raise CrmProtocolError(f"CRM reply to {shown} exceeded the size limit of {limit} bytes")
            chunks.append(chunk)
        return b"".join(chunks)

    def _check(self, response: httpx.Response, body: bytes, shown: str) -> CrmResponse:
        status = response.status_code
        ctype = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        is_json = ctype in JSON_TYPES
        if 200 <= status < 300:
            if status != 204 and body and not is_json:
                raise CrmProtocolError(
                    f"CRM reply to {shown} has content type {ctype or 'none'!r} instead of JSON"
                    + (" (an HTML page: a proxy or login page in the way?)" if "html" in ctype else "")
                )
            return CrmResponse(status, response.headers, body)
        detail = _error_body(body) if is_json else {}
        if status in (401, 403):
            raise CrmAuthError(
                "CRM refused the token (HTTP 401): check the CRM token in settings"
                if status == 401
                else "CRM token lacks the permission for this operation (HTTP 403)",
                status,
            )
        if status == 429:
            raise CrmRateLimited(
                f"CRM rate limit reached on {shown}", parse_retry_after(response.headers.get("Retry-After"))
            )
        if status == 404:
            raise CrmNotFound(f"not found on the CRM: {shown}")
        if status == 412:
            current = detail.get("current")
            raise CrmConflict(
                f"CRM has a newer version ({shown}); yours was not applied",
                current if isinstance(current, dict) else None,
            )
        if status in RETRYABLE_STATUSES or status >= 500:
            extra = "" if is_json or not body else f" ({ctype or 'no content type'} body)"
            raise CrmServerError(f"CRM server error HTTP {status} on {shown}{extra}", status)
        if 400 <= status < 500:
            reason = str(detail.get("reason") or detail.get("message") or f"HTTP {status}")
            fields = _field_errors(detail)
            raise CrmRejected(f"CRM rejected {shown}: {reason}", status, reason, fields)
        raise CrmProtocolError(f"unexpected HTTP status {status} from the CRM on {shown}")


def _param(value: str | int | float | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _short(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text[:200]


def _error_body(body: bytes) -> dict[str, Any]:
    """Flatten the usual error shapes ({"detail": {...}}, {"detail": [...]}, {...}) into one dict."""
    try:
        data = json.loads(body) if body else {}
    except (UnicodeDecodeError, json.JSONDecodeError):
        return {}
    if not isinstance(data, dict):
        return {}
    error = data.get("error")
    if isinstance(error, dict):  # API v1: {"error": {"code", "message", "fields"}, "current"?: {...}}
        merged = dict(data)
        merged["reason"] = str(error.get("message") or error.get("code") or "")
        merged["code"] = error.get("code")
        merged["field_errors"] = error.get("fields")
        return merged
    detail = data.get("detail")
    if isinstance(detail, dict):
        merged = dict(data)
        merged.update(detail)
        return merged
    if isinstance(detail, list):
        merged = dict(data)
        merged["errors"] = detail
        merged.setdefault("reason", "invalid request")
        return merged
    if isinstance(detail, str):
        merged = dict(data)
        merged.setdefault("reason", detail)
        return merged
    return data


def _field_errors(detail: Mapping[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    raw = detail.get("field_errors") or detail.get("fields") or detail.get("errors")
    if isinstance(raw, dict):
        out.update({str(k): str(v) for k, v in raw.items()})
    elif isinstance(raw, list):
        for item in raw:
            if isinstance(item, dict):
                loc = item.get("loc") or item.get("field") or ()
                name = ".".join(str(p) for p in loc) if isinstance(loc, list | tuple) else str(loc)
                out[name] = str(item.get("msg") or item.get("message") or "invalid")
    return out


__all__ = ["CrmError", "CrmResponse", "CrmTransport", "TransportConfig", "backoff_delay", "parse_retry_after"]
