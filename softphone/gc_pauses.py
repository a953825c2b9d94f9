"""Keeping the cycle collector's full collections out of a call's audio.

A full (generation 2) collection holds the GIL for as long as it takes, and every thread of the
audio path needs the GIL: pjmedia's clock thread in the bridge port, the ``audio-io`` thread. Measured
on the benchmark's calls: 13-16 ms for the first full collection after start-up, half a second
into the call, where the microphone ring waits at most 8 ms for a chunk. ``FullCollectionHold``
holds full collections back while the bridge's clock runs (the young generations, about 1 ms each,
are still collected) and gives the collector its threshold back when the clock stops: the
collection that was due runs then, between calls. Start-up has its own rule
(``softphone.startup_memory``).
"""

from __future__ import annotations

import gc

_NEVER = 1_000_000_000  # generation-1 collections before a full one: not within any call


class FullCollectionHold:
    """Owner thread of the bridge's clock: ``hold`` when it starts, ``release`` when it stops."""

    def __init__(self) -> None:
        self._saved: int | None = None

    @property
    def holding(self) -> bool:
        return self._saved is not None

    def hold(self) -> None:
        if self._saved is None:
            young, middle, self._saved = gc.get_threshold()
            gc.set_threshold(young, middle, _NEVER)

    def release(self) -> None:
        if self._saved is not None:
            young, middle, _ = gc.get_threshold()
            gc.set_threshold(young, middle, self._saved)
            self._saved = None
