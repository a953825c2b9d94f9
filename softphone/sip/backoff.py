"""Registration retry policy: which failures are worth retrying, and when to try again."""

from __future__ import annotations

import random

# Wrong credentials or a forbidden account: retrying cannot help, it only floods the registrar.
_FINAL_CODES = frozenset({401, 403, 404, 407})


def is_retryable(code: int) -> bool:
    """True for timeouts, transport errors (pjsip: 408/503/0) and 5xx/6xx; never for auth failures."""
    if code in _FINAL_CODES:
        return False
    return code == 0 or code == 408 or code >= 480


def failure_reason(code: int, reason: str) -> str:
    """A reason an operator can act on."""
    if code in (401, 407):
        return f"{code} {reason}: wrong username or password?"
    if code == 403:
        return f"{code} {reason}: account not allowed to register (wrong credentials or disabled)"
    if code == 404:
        return f"{code} {reason}: unknown user or domain"
    return f"{code} {reason}".strip()


class Backoff:
    """Jittered exponential backoff between ``min_s`` and ``max_s``: full jitter over the upper half.

    ``next_delay()`` grows the delay; ``reset()`` after a success.
    """

    def __init__(self, min_s: float, max_s: float, rng: random.Random | None = None) -> None:
        if min_s <= 0 or max_s < min_s:
            raise ValueError(f"need 0 < min_s <= max_s, got {min_s}, {max_s}")
        self.min_s = min_s
        self.max_s = max_s
        self._rng = rng or random.Random()
        self._attempt = 0

    @property
    def attempt(self) -> int:
        return self._attempt

    def next_delay(self) -> float:
        ceiling = min(self.max_s, self.min_s * (2 ** min(self._attempt, 30)))
        self._attempt += 1
        return max(self.min_s, self._rng.uniform(ceiling / 2, ceiling))

    def reset(self) -> None:
        self._attempt = 0
