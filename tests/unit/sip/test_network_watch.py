"""The network watcher tells the engine only when the address set really changes."""

from __future__ import annotations

from softphone.sip.network_watch import NetworkWatcher, local_addresses


def test_change_is_reported_once_per_change() -> None:
    sets = iter([frozenset({"10.0.0.2"}), frozenset({"10.0.0.2"}), frozenset({"192.168.1.5"})])
    calls: list[int] = []
    watcher = NetworkWatcher(lambda: calls.append(1), addresses=lambda: next(sets))
    watcher._last = next(sets)
    assert watcher.poll_once() is False
    assert watcher.poll_once() is True
    assert calls == [1]


def test_local_addresses_exclude_loopback() -> None:
    assert not any(a.startswith("127.") or a == "::1" for a in local_addresses())
