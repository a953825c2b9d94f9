"""Asks the operator for the SIP password without blocking the event loop.

Used when the keyring has no password for the account (first start, or no keyring at all).
The dialog is opened non-modally-blocking (``open()``, not ``exec()``) so asyncio keeps running.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget


def ask_password(
    parent: QWidget | None, username: str, domain: str, on_answer: Callable[[str], None]
) -> QInputDialog:
    """Open the prompt; ``on_answer`` gets the password if the operator confirms a non-empty one."""
    dialog = QInputDialog(parent)
    dialog.setObjectName("sipPasswordPrompt")
    dialog.setWindowTitle(QCoreApplication.translate("PasswordPrompt", "SIP password"))
    dialog.setLabelText(
        QCoreApplication.translate("PasswordPrompt", "Password for {0}@{1}:").format(username, domain)
    )
    dialog.setTextEchoMode(QLineEdit.EchoMode.Password)

    def accepted(text: str) -> None:
        if text:
            on_answer(text)

    dialog.textValueSelected.connect(accepted)
    dialog.open()
    return dialog
