"""A media relay on loopback that carries a call's RTP and RTCP with packet loss and jitter of our choosing.

Every audio packet of the call crosses it, both ways, and neither end ever sees the other's real
address (so pjmedia's "follow the address RTP comes from" cannot route around it). Both user
agents bind their media to 127.0.0.1; Kamailio started with ``media_relay=True`` rewrites the SDP
of the caller to ``CALLER_FACE`` (127.0.0.3) and the callee's to ``CALLEE_FACE`` (127.0.0.2),
keeping the ports. ``MediaRelay`` listens on both faces on both port blocks: a packet to
127.0.0.2:Q from the caller's port P goes to the callee's 127.0.0.1:Q from 127.0.0.3:P, and a
packet to 127.0.0.3:P from the callee's port Q to the caller's 127.0.0.1:P from 127.0.0.2:Q. Each
end hears the other exactly at the address its SDP gave.

Both directions pass the same impairment (``Impairment``): ``loss`` (share of packets dropped, at
random or in bursts with the Gilbert model's mean burst ``burst`` in packets) and ``jitter_ms``
(each packet held back a random 0..jitter_ms, so packets may also reorder). The random source is
seeded: a run is repeatable. ``set`` changes the impairment at any time. All traffic stays on
127.0.0.0/8; ``close`` ends it.
"""

from __future__ import annotations

import contextlib
import heapq
import random
import select
import socket
import threading
import time
from dataclasses import dataclass, field

CALLER_FACE = "127.0.0.3"  # where the caller's media seems to be (kamailio-test.cfg, WITH_MEDIA_RELAY)
CALLEE_FACE = "127.0.0.2"  # where the callee's media seems to be
REAL_HOST = "127.0.0.1"
PORTS = 16  # eight RTP/RTCP pairs per side: a new pair for each call of a test


def free_ports(start: int = 21000, tries: int = 100) -> int:
    """An even port opening ``PORTS`` ports free on 127.0.0.1 and on both faces."""
    for port in range(start, start + PORTS * tries, PORTS):
        sockets: list[socket.socket] = []
        try:
            for host in (REAL_HOST, CALLER_FACE, CALLEE_FACE):
                for p in range(port, port + PORTS):
                    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                    sockets.append(s)
                    s.bind((host, p))
            return port
        except OSError:
            continue
        finally:
            for s in sockets:
                s.close()
    raise RuntimeError("no free UDP port block for the relay")


@dataclass
class Impairment:
    loss: float = 0.0  # 0..1
    burst: float = 1.0  # mean loss burst in packets (1: random loss)
    jitter_ms: float = 0.0


@dataclass(order=True)
class _Due:
    at: float
    seq: int
    sock: socket.socket = field(compare=False)
    data: bytes = field(compare=False)
    address: tuple[str, int] = field(compare=False)


class MediaRelay:
    def __init__(
        self, caller_port: int, callee_port: int, impairment: Impairment | None = None, seed: int = 7
    ) -> None:
        self._impairment = impairment or Impairment()
        self._random = random.Random(seed)
        self._lock = threading.Lock()
        self._sockets: dict[tuple[str, int], socket.socket] = {}
        for first in (caller_port, callee_port):
            for port, host in (
                (p, h) for p in range(first, first + PORTS) for h in (CALLER_FACE, CALLEE_FACE)
            ):
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                s.bind((host, port))
                s.setblocking(False)
                self._sockets[(host, port)] = s
        self._bad = {CALLER_FACE: False, CALLEE_FACE: False}  # Gilbert state per direction
        self.forwarded = 0
        self.dropped = 0
        self._queue: list[_Due] = []
        self._seq = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="media-relay", daemon=True)
        self._thread.start()

    def set(self, impairment: Impairment) -> None:
        with self._lock:
            self._impairment = impairment

    def _lost(self, direction: str, imp: Impairment) -> bool:
        if imp.loss <= 0:
            self._bad[direction] = False
            return False
        if imp.burst <= 1:
            return self._random.random() < imp.loss
        leave_bad = 1 / imp.burst  # Gilbert: mean burst 1/r, stationary loss p/(p+r)
        enter_bad = imp.loss * leave_bad / max(1e-9, 1 - imp.loss)
        bad = self._bad[direction]
        bad = self._random.random() >= leave_bad if bad else self._random.random() < enter_bad
        self._bad[direction] = bad
        return bad

    def _run(self) -> None:
        by_fd = {s.fileno(): (address, s) for address, s in self._sockets.items()}
        while not self._stop.is_set():
            now = time.monotonic()
            wait = 0.05 if not self._queue else max(0.0, min(0.05, self._queue[0].at - now))
            ready, _, _ = select.select(list(by_fd), [], [], wait)
            for fd in ready:
                address, sock = by_fd[fd]
                for _ in range(64):  # bounded per wake-up
                    try:
                        data, source = sock.recvfrom(4096)
                    except BlockingIOError:
                        break
                    self._route(address, data, source)
            now = time.monotonic()
            while self._queue and self._queue[0].at <= now:
                due = heapq.heappop(self._queue)
                with contextlib.suppress(OSError):
                    due.sock.sendto(due.data, due.address)

    def _route(self, address: tuple[str, int], data: bytes, source: tuple[str, int]) -> None:
        face, port = address
        other = CALLER_FACE if face == CALLEE_FACE else CALLEE_FACE
        out = self._sockets.get((other, source[1]))  # the sender's port, on the other face
        if out is None:
            return
        with self._lock:
            imp = self._impairment
        if self._lost(face, imp):
            self.dropped += 1
            return
        self.forwarded += 1
        delay = self._random.uniform(0, imp.jitter_ms) / 1000 if imp.jitter_ms > 0 else 0.0
        self._seq += 1
        heapq.heappush(self._queue, _Due(time.monotonic() + delay, self._seq, out, data, (REAL_HOST, port)))

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        for s in self._sockets.values():
            s.close()
