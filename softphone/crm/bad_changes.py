"""Changes-feed records that do not match API v1: kept aside (quarantined), never blocking a page.

``parse_changes`` validates a page in chunks; when a chunk fails, its items are validated one by one
and each failing item becomes a ``BadChange``: its raw JSON body, the validation error (locations and
error kinds only, never values: personal data), its entity type and id as far as they can be read,
and its feed ``seq``. The valid items of the page are applied and the cursor moves on; the store
keeps the bad ones where the operator can see them, until the entity arrives valid again (at the
latest on the next full resync, which reads every entity once more).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

MAX_RAW_CHARS = 64 * 1024  # a quarantined body is evidence, not data: a 10 MB field is cut


@dataclass(frozen=True)
class BadChange:
    """One feed record that failed validation."""

    seq: int | None
    entity_type: str
    entity_id: str
    raw: str
    error: str


def bad_change(item: Any, error: str) -> BadChange:
    """A ``BadChange`` from the raw (JSON-decoded) feed item and the description of its error."""
    fields = item if isinstance(item, dict) else {}
    seq = fields.get("seq")
    raw = json.dumps(item, ensure_ascii=False, default=str)
    if len(raw) > MAX_RAW_CHARS:
        raw = raw[:MAX_RAW_CHARS] + f"… ({len(raw)} characters in all)"
    return BadChange(
        seq=seq if isinstance(seq, int) and not isinstance(seq, bool) else None,
        entity_type=_short_text(fields.get("entity_type")),
        entity_id=_short_text(fields.get("entity_id")),
        raw=raw,
        error=error,
    )


def _short_text(value: Any) -> str:
    return value[:64] if isinstance(value, str) else ""
