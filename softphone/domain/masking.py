"""The one policy for personal data in log lines (logs never hold a customer's phone or name).

- a phone number keeps its last two digits: ``"+7 (916) 123-45-67"`` -> ``"+*********67"``; of a SIP
  or tel: URI only the user part is shown that way (``"sip:+7916...67@host"`` -> ``"+*********67"``);
  anything with fewer than three digits becomes ``"***"``;
- a name keeps the first letter of each word: ``"Ivan Petrov"`` -> ``"I*** P*****"``;
- free text has every phone-like run of 7 or more digits masked as a phone (IPv4 addresses, ports,
  counts are left alone), also a URL-encoded one (``?phone=%2B7916...``, as an HTTP client logs
  it), and the display names of SIP addresses masked as names (``"Anna K" <sip:...>`` and
  ``From: Anna K <sip:...>`` in a raw SIP message, as the pjsip log shows them);
- a URL has phone-like digits in its path masked and every query value hidden except well-known
  technical keys (``cursor``, ``limit``, ...).

The logging filter (``softphone.logging_setup``) applies ``mask_text`` to every record as a safety
net; code that logs something it knows is personal masks it at the call site with these functions.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

from softphone.domain.phones import MIN_DIGITS, phone_text

HIDDEN = "***"
KEPT_DIGITS = 2
# A "+" or digit, then separators people type in numbers, ending on a digit; not inside a word.
_PHONE_LIKE = re.compile(r"(?<![\w.])\+?\d[\d\s\-().]{5,}\d(?![\w.])")
# A quoted display name before a SIP/tel URI, anywhere in the text.
_QUOTED_NAME = re.compile(r'"((?:[^"\\\r\n]|\\.)+)"(?=\s*<(?:sips?|tel):)', re.IGNORECASE)
# An unquoted display name at the start of an address header line of a SIP message.
_HEADER_NAME = re.compile(
    r"(?im)^((?:from|to|f|t|contact|m|p-asserted-identity|p-preferred-identity|remote-party-id|"
    r"referred-by|b|refer-to|r)[ \t]*:[ \t]*)([^\s\"<;,:][^\"<;\r\n]*?)(?=[ \t]*<(?:sips?|tel):)"
)
_ENCODED_PLUS_PHONE = re.compile(r"%2[Bb](\d{7,15})(?!\d)")
_IPV4 = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}$")
_SAFE_QUERY_KEYS = frozenset({"cursor", "limit", "page", "page_size", "since", "offset", "status", "type"})


def mask_phone(value: str | None) -> str:
    """``"+79161234567"`` -> ``"+*********67"``: enough to tell two numbers apart in a log, no more."""
    if not value:
        return ""
    user = _user_part(value)
    digits = [c for c in user if c.isdigit()]
    if len(digits) <= KEPT_DIGITS:
        return HIDDEN
    prefix = "+" if user.startswith("+") else ""
    return prefix + "*" * (len(digits) - KEPT_DIGITS) + "".join(digits[-KEPT_DIGITS:])


def mask_name(value: str | None) -> str:
    """``"Ivan Petrov"`` -> ``"I*** P*****"``."""
    if not value:
        return ""
    return " ".join(word[:1] + "*" * (len(word) - 1) for word in value.split())


def mask_text(value: str) -> str:
    """Mask every phone-like run of digits and every SIP display name inside free text."""
    if "<" in value:
        value = _QUOTED_NAME.sub(lambda m: f'"{mask_name(m.group(1))}"', value)
        value = _HEADER_NAME.sub(lambda m: m.group(1) + mask_name(m.group(2)), value)
    if "%2" in value:
        value = _ENCODED_PLUS_PHONE.sub(lambda m: "%2B" + mask_phone(m.group(1)), value)
    return _PHONE_LIKE.sub(_mask_match, value)


def mask_url(url: str) -> str:
    """Path with phone-like digits masked; query values masked except well-known technical keys."""
    parts = urlsplit(url)
    path = mask_text(parts.path)
    if not parts.query:
        return path
    masked = []
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        masked.append(f"{key}={value if key in _SAFE_QUERY_KEYS else HIDDEN}")
    return f"{path}?{'&'.join(masked)}"


def _mask_match(match: re.Match[str]) -> str:
    text = match.group(0)
    if _IPV4.match(text) or sum(c.isdigit() for c in text) < MIN_DIGITS:
        return text
    return mask_phone(text.strip())


def _user_part(value: str) -> str:
    """The user of a ``sip:``/``tel:`` URI or name-addr (``"Ivan" <sip:...>``), else the text itself."""
    text = value.strip()
    if "<" in text and ">" in text:
        text = text[text.index("<") + 1 : text.index(">")]
    return phone_text(text).split("@", 1)[0]
