"""The one phone-number normaliser: whatever people type or SIP peers send, as E.164.

``parse_phone(raw, region)`` reads ``"+7 (916) 123-45-67"``, ``"8 (495) 123-45-67"`` (Russian trunk
prefix), ``"7-916-123-45-67"`` (country code without ``+``), ``"tel:+7...;ext=1"``, ``"callto:..."``
and ``"sip:+7...@host;user=phone"``; ``region`` (the ``ui.default_region`` setting) decides how a
number without a country code is read. Junk (letters, fewer than 7 or more than 15 digits, a short
extension such as ``"101"``) gives ``None``; nothing here raises for any input.

``normalize_phone`` is the E.164 string of a *possible* number (the right length for its country):
the store and the CRM match on it. ``PhoneNumber.valid`` says whether the number is also in the
numbering plan, which the dialer requires before it dials.

``find_phones(text, region)`` reads a phone *field* as people fill it in a CRM: an extension
(``"8-912-000-11-22 доб. 12"``, kept), two numbers in one field, a trailing name, a foreign number
written without ``+`` (``"375291234567"``). It returns every number found (``phonenumbers``'
matcher); an empty list means the field is to be kept and shown as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

DEFAULT_REGION = "RU"
MAX_PHONE_CHARS = 64
MIN_DIGITS, MAX_DIGITS = 7, 15

_TEL_SCHEMES = ("tel:", "callto:")
_SIP_SCHEMES = ("sip:", "sips:")
_PHONE_CHARS = re.compile(r"^\+?[0-9()\-.\s/]+$")
_E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")
_DIGIT_RUN = re.compile(r"(?<![0-9+])[0-9]{11,15}(?![0-9])")
MAX_FIELD_CHARS = 200


@dataclass(frozen=True, slots=True)
class PhoneNumber:
    """A phone number read from text: ``e164`` to store and dial, ``international`` to show."""

    e164: str
    international: str  # "+7 495 123-45-67"
    valid: bool  # in the numbering plan, not only the right length


def strip_tel_scheme(text: str) -> str:
    """``"tel:+7 495 ...;ext=1"`` -> ``"+7 495 ..."``; any other text is only trimmed."""
    cleaned = text.strip()
    lowered = cleaned.lower()
    for scheme in _TEL_SCHEMES:
        if lowered.startswith(scheme):
            return cleaned[len(scheme) :].split(";", 1)[0].strip()
    return cleaned


def phone_text(text: str) -> str:
    """The part of ``text`` that may be a number: tel: URIs unwrapped, the user part of a SIP URI."""
    cleaned = strip_tel_scheme(text)
    if cleaned.lower().startswith(_SIP_SCHEMES):
        cleaned = cleaned.split(":", 1)[1].split("@", 1)[0].split(";", 1)[0].strip()
    return cleaned


def has_only_phone_characters(text: str) -> bool:
    """Digits and the separators people type in numbers (``+`` only in front)."""
    return bool(_PHONE_CHARS.match(text.strip()))


def parse_phone(raw: str | None, region: str = DEFAULT_REGION) -> PhoneNumber | None:
    """The number ``raw`` stands for, or ``None`` when it is not a plausible phone number."""
    if not raw or len(raw) > MAX_PHONE_CHARS:
        return None
    text = phone_text(raw)
    if not has_only_phone_characters(text):
        return None
    digits = re.sub(r"\D", "", text)
    if not MIN_DIGITS <= len(digits) <= MAX_DIGITS:
        return None
    region = (region or DEFAULT_REGION).upper()
    if not text.startswith("+") and len(digits) == 11 and digits[0] in "78" and _uses_plus_seven(region):
        # Russian habits: "8 (495) ..." (trunk prefix) and "7-916-..." (country code without "+").
        text = "+7" + digits[1:]
    try:
        parsed = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return PhoneNumber(
        e164=phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164),
        international=phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL),
        valid=phonenumbers.is_valid_number(parsed),
    )


def normalize_phone(raw: str | None, region: str = DEFAULT_REGION) -> str | None:
    """E.164 form of ``raw`` (``"+79161234567"``), or ``None`` when it is not a plausible number."""
    number = parse_phone(raw, region)
    return number.e164 if number is not None else None


@dataclass(frozen=True, slots=True)
class FoundPhone:
    """One number found in a phone field: E.164 (indexed for screen-pop) and its extension, if any."""

    e164: str
    extension: str | None = None


def find_phones(text: str | None, region: str = DEFAULT_REGION) -> list[FoundPhone]:
    """Every phone number in a free-text phone field, in order, without repeats; [] if none."""
    if not text:
        return []
    text = text.strip()
    if _E164.match(text):  # the usual case, and the fast one (full syncs read 100,000s of these)
        return [FoundPhone(text)]
    text = text[:MAX_FIELD_CHARS]
    region = (region or DEFAULT_REGION).upper()
    found: dict[str, FoundPhone] = {}
    whole = parse_phone(text, region)
    if whole is not None:
        found[whole.e164] = FoundPhone(whole.e164)
    else:
        matcher = phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.POSSIBLE)
        for match in matcher:
            e164 = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
            found.setdefault(e164, FoundPhone(e164, match.number.extension or None))
    if not found:  # a foreign number typed without "+": the digits may carry their country code
        for run in _DIGIT_RUN.findall(text):
            number = parse_phone("+" + run, region)
            if number is not None and number.valid:
                found.setdefault(number.e164, FoundPhone(number.e164))
    return list(found.values())


def _uses_plus_seven(region: str) -> bool:
    return phonenumbers.country_code_for_region(region) == 7
