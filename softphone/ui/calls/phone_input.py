"""Turn what an operator types or pastes into something the SIP engine can dial.

Accepts the common ways a phone number is written ("+7 (495) 123-45-67", "8 495 1234567",
"tel:+74951234567"), short internal extensions ("101") and SIP URIs ("sip:101@pbx"). Phone
numbers are normalised with ``phonenumbers`` to E.164; the default region (RU) is configurable.
Qt-free so it can be tested and reused without a display.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

import phonenumbers

DEFAULT_REGION = "RU"
MAX_EXTENSION_DIGITS = 6  # internal PBX extensions are short; anything longer must be a phone number
MAX_INPUT_CHARS = 256

_URI_SCHEMES = ("sip:", "sips:")
_TEL_SCHEMES = ("tel:", "callto:")
_ALLOWED_PHONE_CHARS = re.compile(r"^[0-9+()\-.\s/]+$")
_EXTENSION = re.compile(rf"^[0-9*#]{{1,{MAX_EXTENSION_DIGITS}}}$")


class TargetKind(enum.StrEnum):
    PHONE = "phone"  # a valid public number, target is E.164
    EXTENSION = "extension"  # short internal number, dialled as typed
    URI = "uri"  # sip:/sips: URI, dialled as typed


class NumberProblem(enum.StrEnum):
    EMPTY = "empty"
    BAD_CHARACTERS = "bad_characters"
    INVALID = "invalid"  # parses, but no such number exists in the numbering plan
    TOO_LONG = "too_long"


@dataclass(frozen=True, slots=True)
class DialTarget:
    """What to dial (``target``) and how to show it to a person (``display``)."""

    kind: TargetKind
    target: str
    display: str


@dataclass(frozen=True, slots=True)
class NumberInput:
    """The outcome of reading the number field: a target, or the reason there is none."""

    target: DialTarget | None
    problem: NumberProblem | None = None


def strip_scheme(text: str) -> str:
    """Remove a ``tel:``/``callto:`` prefix and tel-URI parameters; keep SIP URIs untouched."""
    cleaned = text.strip()
    lowered = cleaned.lower()
    for scheme in _TEL_SCHEMES:
        if lowered.startswith(scheme):
            cleaned = cleaned[len(scheme) :].split(";", 1)[0].strip()
            break
    return cleaned


def read_number(text: str, region: str = DEFAULT_REGION) -> NumberInput:
    """Interpret the dialer's text. Never raises for user input; problems come back as values."""
    if len(text) > MAX_INPUT_CHARS:
        return NumberInput(None, NumberProblem.TOO_LONG)
    cleaned = strip_scheme(text)
    if not cleaned:
        return NumberInput(None, NumberProblem.EMPTY)
    if cleaned.lower().startswith(_URI_SCHEMES):
        return NumberInput(DialTarget(TargetKind.URI, cleaned, cleaned))
    compact = re.sub(r"[\s\-.()/]", "", cleaned)
    if _EXTENSION.match(compact):
        return NumberInput(DialTarget(TargetKind.EXTENSION, compact, compact))
    if not _ALLOWED_PHONE_CHARS.match(cleaned):
        return NumberInput(None, NumberProblem.BAD_CHARACTERS)
    try:
        parsed = phonenumbers.parse(cleaned, region.upper() or DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return NumberInput(None, NumberProblem.INVALID)
    if not phonenumbers.is_valid_number(parsed):
        return NumberInput(None, NumberProblem.INVALID)
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    readable = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return NumberInput(DialTarget(TargetKind.PHONE, e164, readable))


def display_number(raw: str, region: str = DEFAULT_REGION) -> str:
    """A readable form of a number received from the network, or the raw text if it is not one."""
    result = read_number(raw, region)
    return result.target.display if result.target is not None else raw.strip()
