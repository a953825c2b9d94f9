"""Full collections wait while call audio flows; the collector's own threshold comes back after."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from softphone.gc_pauses import FullCollectionHold


@pytest.fixture(autouse=True)
def thresholds_kept() -> Iterator[None]:
    saved = gc.get_threshold()
    yield
    gc.set_threshold(*saved)


def _full_collections() -> int:
    return int(gc.get_stats()[2]["collections"])


def test_no_full_collection_runs_while_held_and_the_threshold_comes_back() -> None:
    gc.set_threshold(50, 2, 2)  # a full collection every few hundred allocations
    hold = FullCollectionHold()
    hold.hold()
    before = _full_collections()
    garbage = [[[] for _ in range(10)] for _ in range(20_000)]  # young collections galore
    del garbage
    assert _full_collections() == before
    hold.release()
    assert gc.get_threshold() == (50, 2, 2) and not hold.holding
    garbage = [[[] for _ in range(10)] for _ in range(20_000)]
    del garbage
    assert _full_collections() > before


def test_holding_twice_then_releasing_restores_the_first_threshold() -> None:
    gc.set_threshold(700, 10, 10)
    hold = FullCollectionHold()
    hold.hold()
    hold.hold()
    hold.release()
    assert gc.get_threshold() == (700, 10, 10)
