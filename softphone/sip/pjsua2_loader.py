"""Which pjsua2 the SIP engine runs on: the one place that imports it.

Two builds can be installed side by side, under different names:

- ``pjsua2_own`` (package ``pjsua2_own.pjsua2``): pjproject 2.17 built from source by
  ``scripts/build-pjsua2`` with OpenSSL 3 (TLS 1.3), Opus, the epoll ioqueue (1024 handles) and
  ``NDEBUG``, so a burst of calls fails calls instead of aborting the process. The default on Linux.
- ``pjsua2`` from the ``pjsua2-python`` wheel on PyPI (pjproject 2.15, select() ioqueue with 64
  handles, assertions on, TLS 1.2, no Opus): the fallback, and what Windows uses.

``SOFTPHONE_PJSUA2`` makes the choice explicit: ``own`` (fail if it is missing), ``wheel``, or
``auto`` (the default: ``own`` on Linux when installed, else the wheel). ``LOADED`` says which was
taken; the engine logs it with ``Endpoint.libVersion()`` at start. Modules of ``softphone.sip`` write
``from softphone.sip.pjsua2_loader import pj`` instead of ``import pjsua2 as pj``.
"""

from __future__ import annotations

import importlib
import os
import sys
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING

__all__ = ["ENV_VAR", "LOADED", "LoadedPjsua2", "pj"]

ENV_VAR = "SOFTPHONE_PJSUA2"
_OWN_MODULE = "pjsua2_own.pjsua2"
_WHEEL_MODULE = "pjsua2"


@dataclass(frozen=True, slots=True)
class LoadedPjsua2:
    """The pjsua2 module in use: ``kind`` is "own" or "wheel"; ``path`` is where it was loaded from."""

    kind: str
    path: str
    module: ModuleType

    @property
    def is_own_build(self) -> bool:
        return self.kind == "own"


def load(choice: str | None = None, platform: str = sys.platform) -> LoadedPjsua2:
    """Import the build that ``choice`` (default: ``$SOFTPHONE_PJSUA2`` or "auto") names."""
    choice = (choice if choice is not None else os.environ.get(ENV_VAR, "auto")).strip().lower() or "auto"
    if choice not in ("auto", "own", "wheel"):
        raise ImportError(f"{ENV_VAR}={choice!r}: expected 'own', 'wheel' or 'auto'")
    if choice == "own" or (choice == "auto" and platform.startswith("linux")):
        try:
            return _imported("own", _OWN_MODULE)
        except ImportError:
            if choice == "own":
                raise
    return _imported("wheel", _WHEEL_MODULE)


def _imported(kind: str, name: str) -> LoadedPjsua2:
    module = importlib.import_module(name)
    return LoadedPjsua2(kind, str(getattr(module, "__file__", "") or ""), module)


LOADED = load()
if TYPE_CHECKING:
    import pjsua2 as pj
else:
    pj = LOADED.module
