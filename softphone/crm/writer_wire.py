"""The messages between the app and its sync writer processes, over the child's stdin and stdout.

A message is a small JSON header (``{"op": ..., ...}``) and an optional body of raw bytes (a feed
page), framed as two big-endian 32-bit lengths, the header, then the body. Blocking I/O on binary
files: the child reads its stdin, the app reads and writes in its own I/O threads.

App -> writer: ``page`` (id, since; body: the page as received), ``write`` (id), ``drop`` (id).
Writer -> app: ``valid`` (id, next_cursor, has_more, counts, bad), ``invalid`` (id, error),
``written`` (id, fresh), ``failed`` (id, error). End of the child's stdin means: exit.
"""

from __future__ import annotations

import json
import struct
from typing import IO, Any

_LENGTHS = struct.Struct(">II")
MAX_HEADER = 16 * 1024 * 1024


class WireClosed(Exception):
    """The other side closed the pipe (or sent something that is not a message)."""


def write_message(stream: IO[bytes], header: dict[str, Any], body: bytes = b"") -> None:
    encoded = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode()
    stream.write(_LENGTHS.pack(len(encoded), len(body)) + encoded)
    if body:
        stream.write(body)
    stream.flush()


def read_message(stream: IO[bytes]) -> tuple[dict[str, Any], bytes]:
    """The next message; ``WireClosed`` at the end of the stream."""
    header_size, body_size = _LENGTHS.unpack(_read_exactly(stream, _LENGTHS.size))
    if header_size > MAX_HEADER:
        raise WireClosed(f"message header of {header_size} bytes")
    header = json.loads(_read_exactly(stream, header_size))
    if not isinstance(header, dict):
        raise WireClosed("message header is not an object")
    return header, _read_exactly(stream, body_size) if body_size else b""


def _read_exactly(stream: IO[bytes], size: int) -> bytes:
    data = stream.read(size)
    if data is None or len(data) != size:
        raise WireClosed("end of stream")
    return data
