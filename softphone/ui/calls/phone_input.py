"""Turn what an operator types or pastes into something the SIP engine can dial.

Accepts the common ways a phone number is written ("+7 (495) 123-45-67", "8 495 1234567",
"tel:+74951234567"), short internal extensions ("101") and SIP URIs ("sip:101@pbx"). This module
only sorts the text into those kinds and says what is wrong with it; phone numbers are read by the
one normaliser, ``softphone.domain.phones`` (E.164, default region from ``ui.default_region``),
and the dialer dials only numbers that are in the numbering plan. Qt-free so it can be tested and
reused without a display.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from softphone.domain.phones import DEFAULT_REGION, has_only_phone_characters, parse_phone, strip_tel_scheme

MAX_EXTENSION_DIGITS = 6  # internal PBX extensions are short; anything longer must be a phone number
MAX_INPUT_CHARS = 256

_URI_SCHEMES = ("sip:", "sips:")
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
    return strip_tel_scheme(text)


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
    if not has_only_phone_characters(cleaned):
        return NumberInput(None, NumberProblem.BAD_CHARACTERS)
    number = parse_phone(cleaned, region)
    if number is None or not number.valid:
        return NumberInput(None, NumberProblem.INVALID)
    return NumberInput(DialTarget(TargetKind.PHONE, number.e164, number.international))


def display_number(raw: str, region: str = DEFAULT_REGION) -> str:
    """A readable form of a number received from the network, or the raw text if it is not one."""
    result = read_number(raw, region)
    return result.target.display if result.target is not None else raw.strip()
