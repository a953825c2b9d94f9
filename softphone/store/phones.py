"""Phone numbers: E.164 normalisation (``phonenumbers``, default region RU) and masking for logs.

- ``normalize_phone(raw, region="RU") -> str | None``: ``"+7 (916) 123-45-67"``, ``"8 (495) 123-45-67"``,
  ``"7-916-123-45-67"``, ``"79161234567"``, ``"tel:+7..."`` -> ``"+79161234567"``; junk (letters,
  too short or long, SIP extensions like ``"101"``) -> ``None``. Never raises.
- ``mask_phone(value) -> str``: every digit but the last two replaced by ``*`` (``"+*********67"``),
  for log lines; personal data never goes to logs unmasked.
"""

from __future__ import annotations

import re

import phonenumbers

DEFAULT_REGION = "RU"
_ALLOWED = re.compile(r"^\+?[0-9 ()\-.\u00a0]+$")
_MAX_INPUT = 64


def normalize_phone(raw: str | None, region: str = DEFAULT_REGION) -> str | None:
    """E.164 form of ``raw``, or ``None`` when it is not a plausible phone number."""
    if not raw:
        return None
    text = raw.strip()
    if len(text) > _MAX_INPUT:
        return None
    lowered = text.lower()
    for prefix in ("tel:", "sip:", "sips:"):
        if lowered.startswith(prefix):
            text = text[len(prefix) :].split("@", 1)[0].split(";", 1)[0]
            break
    if not _ALLOWED.match(text):
        return None
    digits = re.sub(r"\D", "", text)
    if len(digits) < 7 or len(digits) > 15:
        return None
    if not text.lstrip().startswith("+") and region == "RU" and len(digits) == 11 and digits[0] in "78":
        # Russian habits: "8 (495) ..." (trunk prefix) and "7-916-..." (country code without "+").
        text = "+7" + digits[1:]
    try:
        parsed = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def mask_phone(value: str | None) -> str:
    """``"+79161234567"`` -> ``"+*********67"``: digits but the last two hidden, the rest kept."""
    if not value:
        return ""
    total = sum(ch.isdigit() for ch in value)
    seen = 0
    out = []
    for ch in value:
        if ch.isdigit():
            seen += 1
            out.append(ch if seen > total - 2 else "*")
        elif ch.isalpha():
            out.append("*")
        else:
            out.append(ch)
    return "".join(out)
