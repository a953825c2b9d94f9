"""The changes feed as the client reads it: one pass for a valid page, bad records set aside, the cursor
read from the page's end."""

from __future__ import annotations

import json
from typing import Any

import pytest

from softphone.crm import feed
from softphone.crm.errors import CrmProtocolError
from softphone.crm.feed import CursorHint, cursor_hint, parse_changes


def customer(n: int, **data: Any) -> dict[str, Any]:
    body = {
        "id": f"C{n}",
        "name": f"Иванов {n}",
        "phones": [{"e164": f"+7916{n:07d}"}],
        "version": 1,
        "created_at": "2026-01-02T10:00:00Z",
        "updated_at": "2026-01-02T10:00:00+03:00",
        **data,
    }
    return {"seq": n, "entity_type": "customer", "entity_id": f"C{n}", "op": "upsert", "data": body}


def page(items: list[dict[str, Any]], has_more: bool = False) -> bytes:
    cursor = items[-1]["seq"] if items else 0
    return json.dumps({"items": items, "next_cursor": cursor, "has_more": has_more}).encode()


def test_a_valid_page_is_validated_in_one_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    slow = []
    monkeypatch.setattr(feed, "_split_chunk", lambda *args: slow.append(args))
    monkeypatch.setattr(feed, "_ITEMS", None)  # the record-by-record way would fail loudly
    parsed = parse_changes(page([customer(n) for n in range(1, 301)], has_more=True))
    assert [i.entity_id for i in parsed.items] == [f"C{n}" for n in range(1, 301)]
    assert (parsed.next_cursor, parsed.has_more, parsed.bad) == (300, True, [])
    first = parsed.items[0].data
    assert first is not None and first.updated_at.utcoffset() is not None
    assert first.updated_at.hour == 7  # converted to UTC
    assert not slow


def test_one_bad_record_among_many_is_set_aside_and_the_rest_kept_in_order() -> None:
    items = [customer(n) for n in range(1, 501)]
    items[250] = customer(251, version="seven")
    items.append({"seq": 501, "entity_type": "widget", "entity_id": "W1", "op": "upsert", "data": {}})
    parsed = parse_changes(page(items))
    assert [i.seq for i in parsed.items] == [n for n in range(1, 501) if n != 251]
    assert [(b.seq, b.entity_type, b.entity_id) for b in parsed.bad] == [
        (251, "customer", "C251"),
        (501, "widget", "W1"),
    ]
    assert "version: int_parsing" in parsed.bad[0].error and "union_tag" in parsed.bad[1].error
    assert "seven" not in parsed.bad[0].error  # locations and kinds only, never values
    assert parsed.next_cursor == 501


def test_the_fast_and_the_record_by_record_ways_give_the_same_page() -> None:
    content = page([customer(n, tags=["vip"], notes="x" * n) for n in range(1, 120)])
    fast = parse_changes(content)
    envelope = feed._ENVELOPE.validate_json(content)
    items: list[Any] = []
    bad: list[Any] = []
    feed._split_chunk(envelope.items, items, bad)
    assert fast.items == items and not bad


@pytest.mark.parametrize(
    ("content", "where"),
    [
        (b'{"items": [], "next_cursor": 3', "not valid JSON"),
        (b'{"items": [], "has_more": false}', "next_cursor: missing"),
        (b'{"items": {}, "next_cursor": 1, "has_more": false}', "items"),
    ],
)
def test_a_page_that_is_not_a_feed_page_is_refused(content: bytes, where: str) -> None:
    with pytest.raises(CrmProtocolError) as info:
        parse_changes(content)
    assert where in str(info.value)


def test_the_cursor_is_read_from_the_end_of_the_page() -> None:
    assert cursor_hint(page([customer(1), customer(7)], has_more=True)) == CursorHint(7, True)
    assert cursor_hint(b'{"items":[],"next_cursor":0,"has_more":false}\n') == CursorHint(0, False)
    # written in another order, or with the pattern inside a record: not read, the page is parsed whole
    assert cursor_hint(b'{"next_cursor":5,"has_more":true,"items":[]}') is None
    tricky = customer(1, notes='","next_cursor":99,"has_more":false}')
    assert cursor_hint(json.dumps({"items": [tricky], "has_more": True, "next_cursor": 1}).encode()) is None
    assert cursor_hint(b"") is None
