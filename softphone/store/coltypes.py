"""Column types of the local store: UTC datetimes and money as integer kopecks.

SQLite has no timezone-aware datetime nor decimal type. ``UtcDateTime`` stores naive UTC and gives
back aware UTC datetimes (naive input is refused: it would be ambiguous). ``Money`` stores a
``Decimal`` in roubles as an integer count of kopecks, so sums and comparisons stay exact in SQL.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from sqlalchemy import DateTime, Integer
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

KOPECKS = Decimal(100)


class UtcDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware datetime stored as naive UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; pass a timezone-aware one")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        assert isinstance(value, dt.datetime)
        return value.replace(tzinfo=dt.UTC)


class Money(TypeDecorator[Decimal]):
    """Roubles as ``Decimal`` with two places, stored as integer kopecks."""

    impl = Integer
    cache_ok = True

    def process_bind_param(self, value: Decimal | int | str | None, dialect: Dialect) -> int | None:
        return None if value is None else to_kopecks(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return (Decimal(int(value)) / KOPECKS).quantize(Decimal("0.01"))


def to_kopecks(value: Decimal | int | str) -> int:
    """``Decimal("12.34")`` -> ``1234``; rounds half-even past two places."""
    amount = Decimal(value) * KOPECKS
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
