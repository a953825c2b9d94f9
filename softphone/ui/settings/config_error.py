"""Start-up problems with the settings files, told to someone who started softphone from a menu
(where standard error is never seen): a critical message box for a broken file, a status-bar
message for a ``--config`` file that does not exist yet.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from softphone.settings.files import SettingsError
from softphone.ui.i18n import install_translator


def display_usable() -> bool:
    """Whether Qt can open a window here (on Linux a missing display would abort the process)."""
    if not sys.platform.startswith("linux"):
        return True
    return bool(
        os.environ.get("QT_QPA_PLATFORM") or os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )


def settings_error_text(error: SettingsError) -> str:
    """File, line and reason, one per line (the reason is the core's English text)."""
    where = str(error.path) if error.path else "-"
    lines = [QCoreApplication.translate("SettingsErrorBox", "File: %1").replace("%1", where)]
    if error.line:
        lines.append(
            QCoreApplication.translate("SettingsErrorBox", "Line: %1").replace("%1", str(error.line))
        )
    lines.append(QCoreApplication.translate("SettingsErrorBox", "Problem: %1").replace("%1", error.reason))
    return "\n".join(lines)


def show_settings_error(error: SettingsError) -> None:
    """Show the error in a modal box and return when the user closes it."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    install_translator(app, "auto")  # the configured language is unknown: the file did not load
    title = QCoreApplication.translate("SettingsErrorBox", "softphone cannot start")
    text = QCoreApplication.translate(
        "SettingsErrorBox",
        "A settings file has an error. Fix it (or move it away to use the defaults) and start again.",
    )
    box = QMessageBox(QMessageBox.Icon.Critical, title, text)
    box.setObjectName("settingsErrorBox")
    box.setInformativeText(settings_error_text(error))
    box.exec()


def missing_config_text(path: object) -> str:
    text = QCoreApplication.translate(
        "SettingsErrorBox",
        "Settings file %1 does not exist; using defaults. It will be created when you save settings.",
    )
    return text.replace("%1", str(path))


def show_missing_config(window: QMainWindow, path: object) -> None:
    window.statusBar().showMessage(missing_config_text(path))
