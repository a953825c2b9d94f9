"""The app survives many signal emits even on PySide6 builds that leak a reference per emit."""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import softphone.ui  # applies the guard
    from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal

    class Bridge(QObject):
        posted = Signal(object)

    app = QCoreApplication([])
    bridge = Bridge()
    got = []
    bridge.posted.connect(got.append, Qt.ConnectionType.QueuedConnection)
    for n in range(20000):
        bridge.posted.emit(n)
    app.processEvents()
    print(len(got))
    """
)


def test_twenty_thousand_emits_do_not_abort_the_process() -> None:
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "20000"
