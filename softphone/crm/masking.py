"""Masking of personal data before anything CRM-related reaches a log line.

Phone numbers keep their last two digits, names and other free text keep their first letter. The CRM
token never goes through here: it is simply never logged.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

_DIGIT_RUN = re.compile(r"\+?\d[\d\s().-]{4,}\d")
_SAFE_QUERY_KEYS = frozenset({"cursor", "limit", "page", "page_size", "since", "offset", "status", "type"})


def mask_phone(value: str) -> str:
    """``+79161234567`` -> ``+*********67``: enough to tell two numbers apart in a log, no more."""
    digits = [c for c in value if c.isdigit()]
    if len(digits) <= 2:
        return "*" * len(digits)
    prefix = "+" if value.strip().startswith("+") else ""
    return prefix + "*" * (len(digits) - 2) + "".join(digits[-2:])


def mask_name(value: str) -> str:
    """``Ivan Petrov`` -> ``I*** P*****``."""
    return " ".join(word[:1] + "*" * (len(word) - 1) for word in value.split())


def mask_text(value: str) -> str:
    """Mask every phone-like run of digits inside free text."""
    return _DIGIT_RUN.sub(lambda m: mask_phone(m.group(0)), value)


def mask_url(url: str) -> str:
    """Path with phone-like digits masked; query values masked except well-known technical keys."""
    parts = urlsplit(url)
    path = mask_text(parts.path)
    if not parts.query:
        return path
    masked = []
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        masked.append(f"{key}={value if key in _SAFE_QUERY_KEYS else '***'}")
    return f"{path}?{'&'.join(masked)}"
