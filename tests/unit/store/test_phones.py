"""E.164 normalisation of what operators and SIP peers send, and masking for logs."""

from __future__ import annotations

import pytest

from softphone.store.phones import mask_phone, normalize_phone


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+79161234567", "+79161234567"),
        ("+7 (916) 123-45-67", "+79161234567"),
        ("8 (495) 123-45-67", "+74951234567"),
        ("8-916-123-45-67", "+79161234567"),
        ("7-916-123-45-67", "+79161234567"),
        ("79161234567", "+79161234567"),
        ("9161234567", "+79161234567"),
        ("  +7 916 123 45 67  ", "+79161234567"),
        ("tel:+74951234567", "+74951234567"),
        ("sip:+74951234567@pbx.example.com;user=phone", "+74951234567"),
        ("8 800 555 35 35", "+78005553535"),
        ("+44 20 7946 0958", "+442079460958"),
    ],
)
def test_accepted_formats_become_e164(raw: str, expected: str) -> None:
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize(
    "raw", ["", None, "101", "12345", "abc", "+7 916 ABC 45 67", "+7000000000000000000", "call me", "1" * 100]
)
def test_junk_gives_none(raw: str | None) -> None:
    assert normalize_phone(raw) is None


def test_mask_keeps_only_the_last_two_digits() -> None:
    assert mask_phone("+79161234567") == "+*********67"
    assert mask_phone("+7 (916) 123-45-67") == "+* (***) ***-**-67"
    assert mask_phone("") == ""
    assert "916" not in mask_phone("sip:+79161234567@host")
