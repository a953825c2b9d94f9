"""Helper processes started by tests end with the test process, even when it is killed or aborts.

A test process that dies without running its fixtures' teardown (a pjsua2 assertion, SIGKILL, a
CI timeout) would leave Kamailio, coturn or the CRM server running and holding their ports. On
Linux the command is started through util-linux ``setpriv --pdeathsig TERM``, which asks the kernel
to send SIGTERM to the child when its parent thread is gone, then execs the command (same PID).
The signal follows the *thread* that started the child: a helper started from a worker thread
(``asyncio.to_thread(crm.start)`` in a test restoring the CRM after an outage) was killed as soon as
that thread ended, and a test's next request found the port closed. ``popen_bound`` starts children
of other threads from one thread that lives as long as the test process.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

SETPRIV = shutil.which("setpriv")


def bound_to_test_process(argv: list[str]) -> list[str]:
    """``argv`` wrapped so the child gets SIGTERM when the test process dies (unchanged without setpriv)."""
    if SETPRIV is None:
        return argv
    return [SETPRIV, "--pdeathsig", "TERM", "--", *argv]


_spawner: ThreadPoolExecutor | None = None
_spawner_lock = threading.Lock()


def popen_bound(argv: list[str], **popen_args: Any) -> subprocess.Popen[Any]:
    """``subprocess.Popen`` of ``bound_to_test_process(argv)``, started from the main thread or from
    the one long-lived spawner thread, so the child ends with the test process and not before."""
    if threading.current_thread() is threading.main_thread():
        return subprocess.Popen(bound_to_test_process(argv), **popen_args)
    global _spawner
    with _spawner_lock:
        if _spawner is None:
            _spawner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="helper-spawner")
        spawner = _spawner
    return spawner.submit(subprocess.Popen, bound_to_test_process(argv), **popen_args).result(timeout=30)
