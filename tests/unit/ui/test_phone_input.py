"""Reading what an operator types or pastes into the dialer (pure function, no Qt)."""

from __future__ import annotations

import pytest

from softphone.ui.calls.phone_input import (
    MAX_INPUT_CHARS,
    NumberProblem,
    TargetKind,
    display_number,
    read_number,
)


@pytest.mark.parametrize(
    "text",
    [
        "+7 (495) 123-45-67",
        "8 495 1234567",
        "tel:+74951234567",
        "84951234567",
        "TEL:+7-495-123-45-67;ext=1",
        " +7 495 123 45 67 ",
        "(495) 123-45-67",
    ],
)
def test_common_russian_formats_become_one_e164_number(text: str) -> None:
    result = read_number(text)
    assert result.problem is None
    assert result.target is not None
    assert result.target.kind is TargetKind.PHONE
    assert result.target.target == "+74951234567"
    assert result.target.display == "+7 495 123-45-67"


def test_region_decides_how_national_numbers_are_read() -> None:
    london = read_number("020 7946 0958", region="GB").target
    assert london is not None and london.target == "+442079460958"
    assert read_number("020 7946 0958", region="RU").target is None


@pytest.mark.parametrize("text", ["101", "5000", "*97", "10#"])
def test_short_extensions_are_dialled_as_typed(text: str) -> None:
    target = read_number(text).target
    assert target is not None and target.kind is TargetKind.EXTENSION and target.target == text


def test_sip_uri_is_kept_untouched() -> None:
    target = read_number("sip:sales@pbx.example.com").target
    assert (
        target is not None and target.kind is TargetKind.URI and target.target == "sip:sales@pbx.example.com"
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", NumberProblem.EMPTY),
        ("   ", NumberProblem.EMPTY),
        ("tel:", NumberProblem.EMPTY),
        ("+7 495 12", NumberProblem.INVALID),
        ("+7 000 000-00-00", NumberProblem.INVALID),
        ("call me maybe", NumberProblem.BAD_CHARACTERS),
        ("+7495;1234567", NumberProblem.BAD_CHARACTERS),
        ("1" * (MAX_INPUT_CHARS + 1), NumberProblem.TOO_LONG),
    ],
)
def test_bad_input_gives_a_reason_and_no_target(text: str, problem: NumberProblem) -> None:
    result = read_number(text)
    assert result.target is None
    assert result.problem is problem


def test_display_number_formats_network_numbers_and_keeps_the_rest() -> None:
    assert display_number("+79031234567") == "+7 903 123-45-67"
    assert display_number("anonymous") == "anonymous"
