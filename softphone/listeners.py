"""Plain-callback subscriptions for the Qt-free core: ``Listeners[T]``.

A core object (the live calls, the CRM link status) tells its readers about a change by calling
them with one value. The list keeps a strong reference to every listener, so a subscriber lives as
long as what it listens to, and one failing listener is logged and never keeps the others (or the
caller's work) from going on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Listeners(Generic[T]):
    def __init__(self, log: logging.Logger, what: str) -> None:
        self._listeners: list[Callable[[T], None]] = []
        self._log = log
        self._what = what

    def subscribe(self, listener: Callable[[T], None]) -> Callable[[], None]:
        """Add a listener; returns a function that removes it."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def tell(self, value: T) -> None:
        for listener in list(self._listeners):
            try:
                listener(value)
            except Exception:  # a faulty reader must not stop the others or the work that changed
                self._log.exception("%s listener failed", self._what)
