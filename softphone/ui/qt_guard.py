"""Guard against a PySide6 6.12.0 reference-count bug that aborts Python 3.11 processes.

Measured here (PySide6-Essentials 6.12.0, CPython 3.11): every ``SignalInstance.emit()`` called
from Python drops one reference to ``True`` that it never took (and a failed ``disconnect`` one to
``False``). After a few thousand emits CPython hits ``bool_dealloc`` and aborts with "Fatal Python
error: deallocating True or False". 6.11.3 does not have the bug; on Python 3.12+ the bools are
immortal so it is harmless. The proper fix is pinning PySide6 to a good version; until then,
``protect_bool_refcounts()`` detects the leak with one probe emit and, only if it is present, adds
2**40 references to ``True`` and ``False`` (static singletons that are never freed), which no
session can use up.
"""

from __future__ import annotations

import ctypes
import logging
import sys

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)
_RESERVE = 1 << 40


class _Probe(QObject):
    fired = Signal()


def emit_leaks_bool_reference() -> bool:
    """True when a Python ``emit()`` loses a reference to ``True`` (the PySide6 6.12.0 bug)."""
    probe = _Probe()
    before = sys.getrefcount(True)
    probe.fired.emit()
    after = sys.getrefcount(True)
    return after < before


def protect_bool_refcounts() -> bool:
    """Apply the reserve if this interpreter + PySide6 combination needs it; returns whether it did."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if not emit_leaks_bool_reference():
        return False
    for singleton in (True, False):
        refcount = ctypes.c_ssize_t.from_address(id(singleton))
        if refcount.value < _RESERVE:
            refcount.value += _RESERVE
    log.info("PySide6 emit() reference leak detected: reserved references to True/False")
    return True
