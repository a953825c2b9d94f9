"""One Python thread state for the whole life of a thread that Python did not start.

A thread started outside Python (Qt's ``audio-io`` ``QThread``, pjmedia's clock thread) that calls
into Python gets a thread state from ``PyGILState_Ensure`` and loses it at the matching
``PyGILState_Release``: PySide6 does that around every slot it runs there, SWIG around every
pjsua2 callback. Each time, CPython builds a thread state and tears it down again: an allocation,
a 16 KB ``mmap`` for its frame stack and the ``munmap`` after, a ``gettid``, the interpreter's thread
list locked twice (seen with ``strace -k`` on ``audio-io`` during a call: 100 such pairs a second,
one per slot). ``ThreadStatePin.pin()``, called from Python code running on such a thread, takes one
more ``PyGILState_Ensure`` and keeps it until ``unpin()`` on the same thread: the state then lives
as long as the pin, and each later call only takes the GIL.

A thread that ends without ``unpin()`` (pjmedia's clock thread ends inside ``setNoDev``, with no
Python on it) leaves its state behind: ``release_ended()``, on another thread once the pinned one
has ended, clears and deletes it.
"""

from __future__ import annotations

import ctypes
import threading
from typing import Any


def _c_api(name: str, restype: Any, *argtypes: Any) -> Any:
    function = getattr(ctypes.pythonapi, name)  # PyDLL: called with the GIL held
    function.restype = restype
    function.argtypes = list(argtypes)
    return function


_ensure = _c_api("PyGILState_Ensure", ctypes.c_int)
_release = _c_api("PyGILState_Release", None, ctypes.c_int)
_current = _c_api("PyThreadState_Get", ctypes.c_void_p)
_clear = _c_api("PyThreadState_Clear", None, ctypes.c_void_p)
_delete = _c_api("PyThreadState_Delete", None, ctypes.c_void_p)
_state_id = _c_api("PyThreadState_GetID", ctypes.c_uint64, ctypes.c_void_p)


def current_thread_state_id() -> int:
    """The calling thread's state's unique id (a new state gets a new id, unlike its address)."""
    return int(_state_id(_current()))


def _started_by_python() -> bool:
    """A ``threading`` thread (a foreign one shows, if at all, as a ``_DummyThread``)."""
    known = threading._active.get(threading.get_ident())  # type: ignore[attr-defined]
    return known is not None and not isinstance(known, threading._DummyThread)


class ThreadStatePin:
    """Keeps the calling thread's Python thread state between calls into Python."""

    def __init__(self) -> None:
        self.thread: int | None = None  # the pinned thread's ident
        self._gil_state: int | None = None
        self._state: int | None = None  # its PyThreadState*

    def pin(self) -> None:
        """On the thread to keep: idempotent. A pin held for another thread must be released first."""
        if self.thread == threading.get_ident():
            return
        if self.thread is not None:
            raise RuntimeError("this pin holds another thread's state")
        if _started_by_python():
            return  # its state lives as long as it does; release_ended must never delete it
        self._gil_state = _ensure()
        self._state = _current()
        self.thread = threading.get_ident()

    def unpin(self) -> None:
        """On the pinned thread (from Python code it runs): the next release frees its state."""
        if self.thread is None:
            return
        if threading.get_ident() != self.thread:
            raise RuntimeError("a thread state pin is released on its own thread only")
        gil_state, self._gil_state, self.thread, self._state = self._gil_state, None, None, None
        assert gil_state is not None
        _release(gil_state)

    def release_ended(self) -> None:
        """On another thread, once the pinned thread has ended: clear and delete its state."""
        if self.thread is None:
            return
        if threading.get_ident() == self.thread:
            raise RuntimeError("release_ended is for a thread that has ended")
        state, self._state, self.thread, self._gil_state = self._state, None, None, None
        _clear(state)
        _delete(state)
