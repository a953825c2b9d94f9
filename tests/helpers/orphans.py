"""Helper processes started by tests end with the test process, even when it is killed or aborts.

A test process that dies without running its fixtures' teardown (a pjsua2 assertion, SIGKILL, a
CI timeout) would leave Kamailio, coturn or the CRM server running and holding their ports. On
Linux the command is started through util-linux ``setpriv --pdeathsig TERM``, which asks the kernel
to send SIGTERM to the child when its parent thread is gone, then execs the command (same PID).
Start helpers from the test's main thread: the signal follows the thread that started them.
"""

from __future__ import annotations

import shutil

SETPRIV = shutil.which("setpriv")


def bound_to_test_process(argv: list[str]) -> list[str]:
    """``argv`` wrapped so the child gets SIGTERM when the test process dies (unchanged without setpriv)."""
    if SETPRIV is None:
        return argv
    return [SETPRIV, "--pdeathsig", "TERM", "--", *argv]
