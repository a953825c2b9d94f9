"""Asks the operator for the SIP password without blocking the event loop.

Used when the keyring has no password for the account (first start, or no keyring at all) and when
the registrar refused the password sent. The dialog is opened non-modally-blocking (``open()``, not
``exec()``) so asyncio keeps running. What the operator types goes to ``SipLogin``, which saves it
only once the registrar accepted it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from softphone.sip_login import PasswordRequest, PasswordWhy


def prompt_text(request: PasswordRequest) -> str:
    account = f"{request.username}@{request.domain}"
    if request.why == PasswordWhy.REFUSED:
        return QCoreApplication.translate(
            "PasswordPrompt", "The server refused the password for {0}. Enter the password again:"
        ).format(account)
    return QCoreApplication.translate("PasswordPrompt", "Password for {0}:").format(account)


def ask_password(
    parent: QWidget | None, request: PasswordRequest, on_answer: Callable[[str], None]
) -> QInputDialog:
    """Open the prompt; ``on_answer`` gets the password if the operator confirms a non-empty one."""
    dialog = QInputDialog(parent)
    dialog.setObjectName("sipPasswordPrompt")
    dialog.setWindowTitle(QCoreApplication.translate("PasswordPrompt", "SIP password"))
    dialog.setLabelText(prompt_text(request))
    dialog.setTextEchoMode(QLineEdit.EchoMode.Password)

    def accepted(text: str) -> None:
        if text:
            on_answer(text)

    dialog.textValueSelected.connect(accepted)
    dialog.open()
    return dialog
