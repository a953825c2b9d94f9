"""Install the UI translation chosen in settings: "auto" (system locale), "ru" or "en".

English is the source language, so "en" installs nothing. For Russian the app's
``softphone_ru.qm`` and Qt's own ``qtbase_ru.qm`` (standard buttons, context menus) are loaded.
Translators are parented to the application, so they live as long as it does; calling again
replaces them (the caller re-creates or re-translates its widgets).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from softphone.ui.resources import translations_dir

log = logging.getLogger(__name__)

SUPPORTED = ("en", "ru")
TRANSLATOR_NAME = "softphone_translator"


def resolve_language(language: str, system_locale: QLocale | None = None) -> str:
    """Map a settings value to a supported language code; unknown values fall back to English."""
    choice = (language or "auto").strip().lower()
    if choice == "auto":
        locale = system_locale or QLocale.system()
        choice = locale.name().split("_", 1)[0].lower()
    if choice not in SUPPORTED:
        if language.strip().lower() not in ("auto", ""):
            log.warning("Unknown UI language %r; using English", language)
        return "en"
    return choice


def install_translator(
    app: QCoreApplication, language: str = "auto", directory: Path | None = None
) -> list[QTranslator]:
    """Install the translators for ``language``; returns them (already owned by ``app``)."""
    for old in app.findChildren(QTranslator, TRANSLATOR_NAME):
        app.removeTranslator(old)
        old.setParent(None)
        old.deleteLater()
    code = resolve_language(language)
    # numbers and money in the language of the window: "12 840,00 ₽" in Russian, "12,840.00 ₽" in English
    QLocale.setDefault(QLocale(QLocale.Language.Russian if code == "ru" else QLocale.Language.English))
    if code == "en":
        return []
    installed: list[QTranslator] = []
    candidates = [
        (directory or translations_dir(), f"softphone_{code}"),
        (Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)), f"qtbase_{code}"),
    ]
    for folder, name in candidates:
        translator = QTranslator(app)
        translator.setObjectName(TRANSLATOR_NAME)
        if translator.load(name, str(folder)):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            log.warning("Translation %s not found in %s", name, folder)
            translator.setParent(None)
    return installed
