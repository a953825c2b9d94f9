"""The window's notice that the local store is read-only (found at start-up, not at the first edit).

Calls keep working, but nothing can be saved: no call history, no edits, no CRM sync. The notice sits
in the status bar for the whole session; its tooltip gives the detail for IT.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QMainWindow

OBJECT_NAME = "read_only_store_notice"


def show_read_only_store(window: QMainWindow, detail: str) -> QLabel:
    """Add the notice to ``window``'s status bar (once) and return it."""
    found = window.findChild(QLabel, OBJECT_NAME)
    if isinstance(found, QLabel):
        return found

    def tr(text: str) -> str:
        return QCoreApplication.translate("ReadOnlyStoreNotice", text)

    notice = QLabel(tr("⚠ The local database is read-only: edits and call history cannot be saved"), window)
    notice.setObjectName(OBJECT_NAME)
    notice.setStyleSheet("color: #b00020; font-weight: bold;")
    notice.setToolTip(
        tr(
            "The softphone cannot write its local database, so your changes, the call history and the "
            "CRM sync cannot be saved. Calls still work. Ask IT to make the file and its folder "
            "writable for you, then restart the softphone."
        )
        + "\n"
        + detail
    )
    window.statusBar().addPermanentWidget(notice)
    return notice
