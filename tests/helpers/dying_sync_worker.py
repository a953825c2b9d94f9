"""A sync writer process that dies once, at the worst moment: its page committed, its reply not sent.

``python -m tests.helpers.dying_sync_worker STORE MARKER N``: a real ``softphone.store.sync_worker``
whose N-th ``written`` reply is never sent: the process exits (code 9) instead, after creating
``MARKER``; processes started later (the replacements) find the marker and behave.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import IO

from softphone.store import sync_worker


class DiesBeforeReplying:
    def __init__(self, stream: IO[bytes], marker: Path, replies: int) -> None:
        self._stream = stream
        self._marker = marker
        self._left = replies

    def write(self, data: bytes) -> int:
        if b'"op":"written"' in data and not self._marker.exists():
            self._left -= 1
            if self._left == 0:
                self._marker.touch()
                os._exit(9)
        return self._stream.write(data)

    def flush(self) -> None:
        self._stream.flush()


if __name__ == "__main__":
    store, marker, replies = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    sync_worker.serve(store, sys.stdin.buffer, DiesBeforeReplying(sys.stdout.buffer, marker, replies))
