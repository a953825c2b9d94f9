"""The one phone normaliser: what operators type and SIP peers send, as E.164."""

from __future__ import annotations

import pytest

from softphone.domain.phones import find_phones, normalize_phone, parse_phone, strip_tel_scheme


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
        ("TEL:+7-495-123-45-67;ext=1", "+74951234567"),
        ("callto:84951234567", "+74951234567"),
        ("sip:+74951234567@pbx.example.com;user=phone", "+74951234567"),
        ("8 800 555 35 35", "+78005553535"),
        ("+44 20 7946 0958", "+442079460958"),
        ("+7\u00a0916\u00a0123-45-67", "+79161234567"),
    ],
)
def test_accepted_formats_become_e164(raw: str, expected: str) -> None:
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        None,
        "101",
        "12345",
        "abc",
        "+7 916 ABC 45 67",
        "+7000000000000000000",
        "call me",
        "1" * 100,
        "7+9",
    ],
)
def test_junk_gives_none(raw: str | None) -> None:
    assert normalize_phone(raw) is None


def test_the_default_region_decides_how_national_numbers_are_read() -> None:
    assert normalize_phone("020 7946 0958", "GB") == "+442079460958"
    assert normalize_phone("020 7946 0958", "RU") is None
    assert normalize_phone("8 (495) 123-45-67", "KZ") == "+74951234567"  # Kazakhstan shares +7 and trunk 8
    assert normalize_phone("+7 916 123-45-67", "GB") == "+79161234567"  # a country code wins over the region


def test_a_possible_number_is_stored_but_only_a_valid_one_is_marked_dialable() -> None:
    unassigned = parse_phone("+7 000 000-00-00")
    assert unassigned is not None and unassigned.e164 == "+70000000000" and not unassigned.valid
    real = parse_phone("84951234567")
    assert real is not None and real.valid and real.international == "+7 495 123-45-67"


def test_tel_uri_is_unwrapped_and_other_text_only_trimmed() -> None:
    assert strip_tel_scheme(" tel:+74951234567;phone-context=x ") == "+74951234567"
    assert strip_tel_scheme(" sip:101@pbx ") == "sip:101@pbx"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("+74951234567", [("+74951234567", None)]),
        ("8-912-000-11-22 доб. 12", [("+79120001122", "12")]),
        ("+7 921 222 33 44, +7 921 222 33 45", [("+79212223344", None), ("+79212223345", None)]),
        ("+7 (999) 888-77-66 Татьяна", [("+79998887766", None)]),
        ("375291234567", [("+375291234567", None)]),
        ("8 (495) 123-45-67", [("+74951234567", None)]),
        ("ask at reception", []),
        ("", []),
    ],
)
def test_find_phones_reads_phone_fields_as_people_fill_them(
    text: str, expected: list[tuple[str, str | None]]
) -> None:
    assert [(p.e164, p.extension) for p in find_phones(text)] == expected
