"""FastAPI application of the reference CRM server: auth, rate limiting, error bodies, routers."""

from __future__ import annotations

import hmac
import math
import threading
import time
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPBearer
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from softphone.crm import schemas as s
from softphone.crm_server import (
    routes_agent,
    routes_customers,
    routes_feed,
    routes_orders,
    routes_recordings,
    routes_reference,
)
from softphone.crm_server.common import ApiError, ServerState
from softphone.crm_server.db import Database

TITLE = "softphone central CRM API"
OPEN_PATHS = {f"{s.API_PREFIX}/health"}
bearer_scheme = HTTPBearer(auto_error=False, description="The operator's CRM API token")


class RateLimiter:
    """A token bucket: ``rate`` requests per second sustained, bursts up to ``rate``."""

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self.capacity = max(1.0, rate)
        self._tokens = self.capacity
        self._stamp = time.monotonic()
        self._lock = threading.Lock()

    def acquire(self) -> float:
        """0 when the request may pass, otherwise the seconds until it would."""
        with self._lock:
            now = time.monotonic()
            self._tokens = min(self.capacity, self._tokens + (now - self._stamp) * self.rate)
            self._stamp = now
            if self._tokens >= 1.0:
                self._tokens -= 1.0
                return 0.0
            return (1.0 - self._tokens) / self.rate


def _validation_fields(exc: RequestValidationError) -> dict[str, str]:
    fields: dict[str, str] = {}
    for err in exc.errors():
        loc = [str(part) for part in err.get("loc", ())]
        if loc and loc[0] in {"body", "query", "path", "header"} and len(loc) > 1:
            loc = loc[1:]
        name = ".".join(loc) or "body"
        msg = str(err.get("msg", "invalid"))
        fields[name] = f"{fields[name]}; {msg}" if name in fields else msg
    return fields


class GuardMiddleware:
    """Bearer-token check and rate limit for the API paths."""

    def __init__(self, app: ASGIApp, token: str, limiter: RateLimiter | None) -> None:
        self.app = app
        self.token = token.encode()
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if not path.startswith(s.API_PREFIX) or path in OPEN_PATHS:
            await self.app(scope, receive, send)
            return
        refusal: ApiError | None = None
        wait = self.limiter.acquire() if self.limiter is not None else 0.0
        if wait > 0:
            refusal = ApiError(
                429,
                "rate_limited",
                "Too many requests",
                headers={"Retry-After": str(max(1, math.ceil(wait)))},
            )
        else:
            scheme, _, presented = Headers(scope=scope).get("authorization", "").partition(" ")
            if scheme.lower() != "bearer" or not hmac.compare_digest(presented.strip().encode(), self.token):
                refusal = ApiError(
                    401,
                    "unauthorized",
                    "A valid bearer token is required",
                    headers={"WWW-Authenticate": 'Bearer realm="crm"'},
                )
        if refusal is not None:
            await refusal.response()(scope, receive, send)
            return
        await self.app(scope, receive, send)


def create_app(
    db: Database,
    token: str,
    *,
    rate_limit: float | None = None,
    operator_id: str = "op-1",
    masked_personal_data: bool = False,
) -> FastAPI:
    app = FastAPI(
        title=TITLE,
        version=s.API_VERSION,
        description="Contract between the softphone desktop client and the central CRM. "
        "Money is a decimal string in roubles; timestamps are ISO-8601 UTC.",
        separate_input_output_schemas=False,
    )
    app.state.crm = ServerState(
        db=db, token=token, operator_id=operator_id, masked_personal_data=masked_personal_data
    )
    limiter = RateLimiter(rate_limit) if rate_limit else None

    # a plain ASGI middleware: Starlette's BaseHTTPMiddleware (``@app.middleware``) costs an extra
    # task and stream per request, a large share of this server's CPU per write
    app.add_middleware(GuardMiddleware, token=token, limiter=limiter)

    @app.exception_handler(ApiError)
    async def on_api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return exc.response()

    @app.exception_handler(RequestValidationError)
    async def on_validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return ApiError(422, "validation_error", "The request is invalid", _validation_fields(exc)).response()

    @app.exception_handler(StarletteHTTPException)
    async def on_http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400:  # FastAPI's "error parsing the body" (e.g. not UTF-8): a bad body
            return ApiError(
                422, "validation_error", "The body is not valid JSON", {"body": str(exc.detail)}
            ).response()
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return ApiError(exc.status_code, code, str(exc.detail), headers=dict(exc.headers or {})).response()

    @app.get(f"{s.API_PREFIX}/health", response_model=s.Health, tags=["meta"])
    def health() -> s.Health:
        """Liveness probe; needs no token."""
        return s.Health(status="ok", api_version=s.API_VERSION)

    for module in (
        routes_reference,
        routes_customers,
        routes_orders,
        routes_feed,
        routes_agent,
        routes_recordings,
    ):
        # The dependency declares the bearer scheme in the OpenAPI document; `guard` enforces it.
        app.include_router(module.router, prefix=s.API_PREFIX, dependencies=[Depends(bearer_scheme)])
    return app


def openapi_document() -> dict[str, Any]:
    """The OpenAPI document of the API (what ``--dump-openapi`` writes)."""
    db = Database(Path(":memory:"))
    try:
        return create_app(db, "unused").openapi()
    finally:
        db.close()
