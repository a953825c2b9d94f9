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


def _collections(generation: int) -> int:
    return int(gc.get_stats()[generation]["collections"])


def test_young_collections_go_on_but_no_full_collection_runs_while_held() -> None:
    gc.set_threshold(50, 2, 2)  # unheld: a full collection every few hundred allocations
    hold = FullCollectionHold()
    hold.hold()
    young, full = _collections(0), _collections(2)
    garbage = [[[] for _ in range(10)] for _ in range(2_000)]
    del garbage
    assert _collections(0) > young  # the cheap ones still run: no garbage piles up
    assert _collections(2) == full
    hold.release()
    assert gc.get_threshold() == (50, 2, 2) and not hold.holding


def test_holding_twice_then_releasing_restores_the_first_threshold() -> None:
    gc.set_threshold(700, 10, 10)
    hold = FullCollectionHold()
    hold.hold()
    hold.hold()
    hold.release()
    assert gc.get_threshold() == (700, 10, 10)
