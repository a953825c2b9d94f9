"""Keeping start-up from leaving memory behind that the running app never uses (idle RSS).

- PySide6 installs an import hook (``shibokensupport.feature``) that asks of every module imported
  after it whether its source mentions "PySide6", through ``inspect.getsource``, which keeps every
  line of every module in ``linecache``: about 35 MB for the app's ~700 later imports, and 0.5 s
  of start-up. ``skip_unused_imports`` makes it answer from the file's bytes, caching nothing.
- httpx imports its command-line client (rich, pygments, click: 6 MB) whenever those happen to be
  installed; the app never runs it, so ``skip_unused_imports`` makes that optional import fail as
  it would without them.
- glibc gives each thread that allocates a heap (arena) of its own, up to 8 per core, and the app
  has a dozen threads: ``limit_malloc_arenas`` lets them share two (about 4 MB less; they seldom
  allocate at the same time).
- The cycle collector is off during start-up (``hold_collection_during_start_up``): start-up
  makes hundreds of thousands of objects that live for the whole session, and each full collection
  of them held the GIL for 35-87 ms (measured, 3-5 of them per start). Every Python thread stops
  meanwhile, the audio path's too, and a call can already be ringing: the benchmark's first call
  lost a microphone frame to them. ``release_start_up_memory`` runs once start-up is over: it drops
  what ``linecache`` still holds (a traceback reads its few lines again), moves everything alive
  out of the collector's scans (``gc.freeze``) and turns the collector back on, then asks glibc to
  return freed heap pages (``malloc_trim``). No full collection before the freeze: it would be the
  same long pause; the cyclic garbage start-up leaves (about a thousand objects) stays frozen.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import importlib
import linecache
import logging
import sys
from types import ModuleType

log = logging.getLogger(__name__)


def _mentions_pyside(module: ModuleType) -> bool:
    """What ``shibokensupport.feature._mod_uses_pyside`` tells, without going through linecache."""
    spec = getattr(module, "__spec__", None)
    origin = getattr(spec, "origin", None)
    if not isinstance(origin, str) or not origin.endswith(".py"):
        return False
    try:
        with open(origin, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return False


def skip_unused_imports() -> None:
    """Call before the app's imports: no linecache filling by PySide6's hook, no httpx command line."""
    sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]  # httpx falls back to a stub
    importlib.import_module("PySide6.QtCore")  # installs the hook
    feature = sys.modules.get("shibokensupport.feature")
    if feature is not None and hasattr(feature, "_mod_uses_pyside"):
        setattr(feature, "_mod_uses_pyside", _mentions_pyside)  # noqa: B010 (private, checked above)
    else:  # another PySide6 version: nothing to fix, or a different hook
        log.debug("PySide6 feature hook not found; source scan left as it is")


def _libc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None


_M_ARENA_MAX = -8  # mallopt parameter (glibc malloc.h)


def limit_malloc_arenas(arenas: int = 2) -> None:
    """Call early, before the app's threads start (arenas already made stay)."""
    libc = _libc()
    if libc is not None and hasattr(libc, "mallopt"):
        libc.mallopt(_M_ARENA_MAX, arenas)


def hold_collection_during_start_up() -> None:
    """Call first, before the app's imports: no cycle collection until ``release_start_up_memory``."""
    gc.disable()


def release_start_up_memory() -> None:
    linecache.clearcache()
    gc.freeze()  # start-up objects live for the whole session: keep them out of the GC's scans
    gc.enable()
    log.info("cycle collector on, %d start-up objects frozen", gc.get_freeze_count())
    libc = _libc()
    if libc is not None and hasattr(libc, "malloc_trim"):  # glibc only (not musl)
        libc.malloc_trim(0)
