"""The one masking policy: what a log line may show of a phone, a name, free text, a URL."""

from __future__ import annotations

import pytest

from softphone.domain.masking import mask_name, mask_phone, mask_text, mask_url


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("+79161234567", "+*********67"),
        ("+7 (916) 123-45-67", "+*********67"),
        ("89161234567", "*********67"),
        ("sip:+79161234567@10.0.0.1:5060", "+*********67"),
        ('"Anna" <sip:+491701234567@pbx.example.com>;tag=1', "+**********67"),
        ("tel:+74951234567;ext=1", "+*********67"),
        ("sip:1001@127.0.0.1", "**01"),
        ("12", "***"),
        ("operator", "***"),
        ("", ""),
        (None, ""),
    ],
)
def test_a_phone_keeps_only_its_last_two_digits(value: str | None, masked: str) -> None:
    assert mask_phone(value) == masked


def test_a_name_keeps_first_letters() -> None:
    assert mask_name("Ivan Petrov") == "I*** P*****"
    assert mask_name("Иванов  Пётр") == "И***** П***"
    assert mask_name(None) == ""


def test_free_text_has_phone_like_runs_masked_and_the_rest_kept() -> None:
    assert mask_text("call from +7 (495) 123-45-67 ok") == "call from +*********67 ok"
    assert mask_text("sip:89161234599@127.0.0.1") == "sip:*********99@127.0.0.1"
    assert mask_text("port 5060 and 12 items") == "port 5060 and 12 items"
    assert mask_text("registrar 192.168.100.200:5060") == "registrar 192.168.100.200:5060"


def test_url_query_values_are_hidden_except_technical_keys() -> None:
    url = mask_url("/api/v1/customers?phone=+74951234567&limit=5&q=Petrov")
    assert url == "/api/v1/customers?phone=***&limit=5&q=***"
    assert mask_url("/api/v1/customers/by-phone/+74951234567") == "/api/v1/customers/by-phone/+*********67"
