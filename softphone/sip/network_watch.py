"""Watch the machine's local IP address set and tell the SIP engine when it changes.

pjsip does not notice network changes by itself (see PLATFORM-FACTS); a polling thread is
portable and cheap (one ``psutil.net_if_addrs()`` call every few seconds).
"""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Callable

import psutil

log = logging.getLogger(__name__)


def local_addresses() -> frozenset[str]:
    """All IPv4/IPv6 addresses of all interfaces, loopback excluded."""
    found: set[str] = set()
    for addrs in psutil.net_if_addrs().values():
        for addr in addrs:
            if addr.family in (socket.AF_INET, socket.AF_INET6) and not addr.address.startswith(
                ("127.", "::1")
            ):
                found.add(addr.address.split("%", 1)[0])
    return frozenset(found)


class NetworkWatcher:
    """Calls ``on_change`` (from its own thread) when the address set differs from the last poll."""

    def __init__(
        self,
        on_change: Callable[[], None],
        interval_s: float = 3.0,
        addresses: Callable[[], frozenset[str]] = local_addresses,
    ) -> None:
        self._on_change = on_change
        self._interval_s = interval_s
        self._addresses = addresses
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last: frozenset[str] = frozenset()

    def start(self) -> None:
        self._last = self._addresses()
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="sip-netwatch", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self._interval_s + 2)
            self._thread = None

    def poll_once(self) -> bool:
        """Compare now; call ``on_change`` and return True if the set changed."""
        current = self._addresses()
        if current == self._last:
            return False
        log.info("local addresses changed (%d -> %d)", len(self._last), len(current))
        self._last = current
        self._on_change()
        return True

    def _run(self) -> None:
        while not self._stop.wait(self._interval_s):
            try:
                self.poll_once()
            except Exception:  # a failed poll must not kill the watcher
                log.exception("network poll failed")
