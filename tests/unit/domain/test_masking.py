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


def test_display_names_in_a_raw_sip_message_are_masked() -> None:
    message = (
        "INVITE sip:+74951234567@pbx SIP/2.0\r\n"
        'From: "Анна Петрова" <sip:+79161234567@pbx>;tag=1\r\n'
        "To: Ivan Petrov <sip:0800123@pbx>\r\n"
        "Contact: <sip:101@10.0.0.5:5060>\r\n"
        "Subject: call me back\r\n"
    )
    masked = mask_text(message)
    assert 'From: "А*** П******" <sip:+*********67@pbx>;tag=1' in masked
    assert "To: I*** P***** <sip:*****23@pbx>" in masked
    assert "Contact: <sip:101@10.0.0.5:5060>" in masked
    assert "Subject: call me back" in masked
    assert "Петрова" not in masked and "Petrov" not in masked


def test_url_query_values_are_hidden_except_technical_keys() -> None:
    url = mask_url("/api/v1/customers?phone=+74951234567&limit=5&q=Petrov")
    assert url == "/api/v1/customers?phone=***&limit=5&q=***"
    assert mask_url("/api/v1/customers/by-phone/+74951234567") == "/api/v1/customers/by-phone/+*********67"


def test_a_url_encoded_phone_in_a_logged_request_is_masked() -> None:
    line = 'HTTP Request: GET http://crm/api/v1/customers?phone=%2B79997776655&limit=10 "HTTP/1.1 200 OK"'
    assert mask_text(line) == (
        'HTTP Request: GET http://crm/api/v1/customers?phone=%2B*********55&limit=10 "HTTP/1.1 200 OK"'
    )
