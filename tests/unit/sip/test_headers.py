"""Parsing raw SIP text: headers, numbers, auto-answer requests, SDP direction."""

from __future__ import annotations

import pytest

from softphone.sip import headers as h

INVITE = (
    "INVITE sip:+4930555@pbx.example.com;user=phone SIP/2.0\r\n"
    'From: "Anna K" <sip:+491701234567@pbx.example.com>;tag=1\r\n'
    "t: <sip:0800123@pbx.example.com>\r\n"
    "Call-Info: <sip:pbx.example.com>;answer-after=3\r\n"
    "X-Long: first\r\n second\r\n"
    "garbage line without colon\r\n"
    "Via: a\r\nVia: b\r\n"
    "\r\n"
    "v=0\r\nX-Not-A-Header: body\r\n"
)


def test_parse_headers_expands_compact_names_folds_and_ignores_body() -> None:
    start, hdrs = h.parse_headers(INVITE)
    assert start.startswith("INVITE sip:+4930555@")
    assert hdrs["to"] == ("<sip:0800123@pbx.example.com>",)
    assert hdrs["via"] == ("a", "b")
    assert hdrs["x-long"] == ("first second",)
    assert "x-not-a-header" not in hdrs
    assert h.request_uri(start) == "sip:+4930555@pbx.example.com;user=phone"


def test_numbers_and_display_names() -> None:
    _, hdrs = h.parse_headers(INVITE)
    assert h.user_part(hdrs["from"][0]) == "+491701234567"
    assert h.display_name(hdrs["from"][0]) == "Anna K"
    assert h.user_part("tel:+4930123;phone-context=x") == "+4930123"
    assert h.user_part("sip:pbx.example.com") == ""
    assert h.user_part(h.request_uri("INVITE sip:+4930555@x;user=phone SIP/2.0")) == "+4930555"


@pytest.mark.parametrize(
    ("name", "value", "delay"),
    [
        ("call-info", "<sip:x>;answer-after=3", 3.0),
        ("call-info", "<sip:x>;purpose=icon", None),
        ("alert-info", "<http://x>;info=alert-autoanswer", 0.0),
        ("alert-info", "<http://x>;answer-after=5", 5.0),
        ("alert-info", "Auto Answer", 0.0),
        ("alert-info", "<http://x/ring.wav>", None),
        ("answer-mode", "Auto", 0.0),
    ],
)
def test_auto_answer_forms(name: str, value: str, delay: float | None) -> None:
    assert h.auto_answer_delay({name: (value,)}) == delay


def test_auto_answer_absent_without_headers() -> None:
    assert h.auto_answer_delay({}) is None


@pytest.mark.parametrize(
    ("sdp", "direction"),
    [
        ("v=0\r\nm=audio 4000 RTP/AVP 0\r\na=sendonly\r\n", "sendonly"),
        ("v=0\r\na=inactive\r\nm=audio 4000 RTP/AVP 0\r\n", "inactive"),
        ("v=0\r\na=sendonly\r\nm=audio 4000 RTP/AVP 0\r\na=sendrecv\r\n", "sendrecv"),
        ("v=0\r\nm=audio 0 RTP/AVP 0\r\n", "inactive"),
        ("v=0\r\nm=audio 4000 RTP/AVP 0\r\n", "sendrecv"),
    ],
)
def test_sdp_direction(sdp: str, direction: str) -> None:
    assert h.sdp_direction(sdp) == direction


def test_clean_text_turns_bytes_that_are_not_utf8_into_replacement_characters() -> None:
    from_swig = b'"\xff\xfe Bad \xd0\x98" <sip:666@example.org>'.decode("utf-8", "surrogateescape")
    cleaned = h.clean_text(from_swig)
    assert cleaned == '"\ufffd\ufffd Bad И" <sip:666@example.org>'
    assert h.display_name(cleaned) == "\ufffd\ufffd Bad И"
    assert h.clean_text("\ud800x").encode("utf-8") == b"?x"  # a surrogate that stands for no byte
    assert h.clean_text("Иван") == "Иван"


def test_called_number_prefers_the_original_diversion_then_p_called_party_id_then_to() -> None:
    start = "INVITE sip:1001@10.0.0.5 SIP/2.0"
    to = ("<sip:1001@pbx.example.com>",)
    assert h.called_number(start, {"to": to}) == "1001"
    pcpi = {"to": to, "p-called-party-id": ("<sip:+74952223344@pbx.example.com>",)}
    assert h.called_number(start, pcpi) == "+74952223344"
    # two diversions in one header and a third below it: the bottom one is what the caller dialled
    diverted = {
        **pcpi,
        "diversion": (
            '"Queue, sales" <sip:2000@pbx>;reason=unconditional, <sip:3000@pbx>;reason=no-answer',
            "<tel:+78001002030>;reason=unconditional",
        ),
    }
    assert h.called_number(start, diverted) == "+78001002030"
    assert h.called_number(start, {}) == "1001"  # no To: the Request-URI


def test_split_header_list_keeps_commas_inside_brackets_and_quotes() -> None:
    assert h.split_header_list('"A, B" <sip:1@x;a=1,2>;r=1 , <sip:2@x>') == [
        '"A, B" <sip:1@x;a=1,2>;r=1',
        "<sip:2@x>",
    ]
