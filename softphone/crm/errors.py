"""Exceptions of the CRM client: one class per thing a caller must handle differently.

Messages say what went wrong in plain words and never contain the reply body, tokens or personal
data (phones, names, addresses): they end up in logs and in the status bar.
"""

from __future__ import annotations

from typing import Any


class CrmError(Exception):
    """Base class of every error raised by the CRM client."""


class CrmUnreachable(CrmError):
    """The CRM could not be reached: connection refused, DNS, TLS handshake, timeout."""


class CrmTimeout(CrmUnreachable):
    """The CRM accepted the connection (or the connect hung) but did not answer in time: a hung CRM."""


class CrmTlsError(CrmUnreachable):
    """The CRM's TLS certificate was not trusted (wrong CA, self-signed, expired, wrong host)."""


class CrmServerError(CrmError):
    """The CRM answered with a 5xx status (after the allowed retries)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class CrmAuthError(CrmError):
    """The token was refused (401) or lacks the right (403). Never retried automatically."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class CrmRateLimited(CrmError):
    """The CRM kept answering 429; ``retry_after`` is its last hint in seconds (None if absent)."""

    def __init__(self, message: str, retry_after: float | None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class CrmNotFound(CrmError):
    """The requested entity does not exist on the CRM (404)."""


class CrmConflict(CrmError):
    """412: our version is stale. ``current`` is the CRM's current entity (raw JSON object)."""

    def __init__(self, message: str, current: dict[str, Any] | None) -> None:
        super().__init__(message)
        self.current = current
        self.entity: Any = None  # the validated schemas model of ``current``, set by api.py


class CrmRejected(CrmError):
    """422 (or another 4xx): the CRM refused the data. ``reason`` and ``field_errors`` are kept."""

    def __init__(self, message: str, status: int, reason: str, field_errors: dict[str, str]) -> None:
        super().__init__(message)
        self.status = status
        self.reason = reason
        self.field_errors = field_errors


class CrmProtocolError(CrmError):
    """The reply was not what API v1 promises: bad JSON, HTML page, wrong types, too big."""


TRANSIENT_ERRORS: tuple[type[CrmError], ...] = (
    CrmUnreachable,
    CrmServerError,
    CrmRateLimited,
    CrmProtocolError,
)
"""Errors after which the same request (same Idempotency-Key) may be tried again later."""
