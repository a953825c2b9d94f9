"""Sign in to the central CRM: the operator (or IT at the desk) pastes the CRM access token.

Shown from the CRM indicator's "Sign in…" when no token is saved or the CRM refused the saved one.
The token goes to the system keyring (never a file) and the link starts syncing with it at once.
IT can do the same without the window: ``echo "$TOKEN" | softphone --store-crm-token``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget


def ask_crm_token(parent: QWidget | None, base_url: str, on_token: Callable[[str], None]) -> QInputDialog:
    """Open the prompt; ``on_token`` gets the stripped token if the operator confirms a non-empty one."""
    dialog = QInputDialog(parent)
    dialog.setObjectName("crmTokenPrompt")
    dialog.setWindowTitle(QCoreApplication.translate("CrmTokenPrompt", "Sign in to the CRM"))
    dialog.setLabelText(
        QCoreApplication.translate(
            "CrmTokenPrompt",
            "Access token for {0}\n(it is saved in the system keyring; IT can also set it with "
            "softphone --store-crm-token):",
        ).format(base_url)
    )
    dialog.setTextEchoMode(QLineEdit.EchoMode.Password)

    def accepted(text: str) -> None:
        if text.strip():
            on_token(text.strip())

    dialog.textValueSelected.connect(accepted)
    dialog.open()
    return dialog
