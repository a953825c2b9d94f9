"""Install the UI translation chosen in settings: "auto" (system locale), "ru" or "en".

English is the source language, so "en" installs nothing. For Russian the app's
``softphone_ru.qm`` and Qt's own ``qtbase_ru.qm`` (standard buttons, context menus) are loaded.
Translators are parented to the application, so they live as long as it does; calling again
replaces them (the caller re-creates or re-translates its widgets).

Numbers, money and dates follow the UI language, not the system's: ``install_translator`` makes
``ui_locale`` the default ``QLocale`` (a Russian window shows "1 234,50 ₽", an English one
"1,234.50 ₽"); when the system's own locale speaks the chosen language, its country's conventions
are kept (en_GB dates in an English window on a British system). The language is chosen at start
(the Interface page says a change takes effect after a restart), before any window is built, so every
widget (spin boxes, date fields) is created with it. ``short_time`` / ``day_month`` / ``short_date``
/ ``short_date_time`` write dates and times in that locale.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLibraryInfo, QLocale, QTime, QTranslator

from softphone.ui.resources import translations_dir

log = logging.getLogger(__name__)

SUPPORTED = ("en", "ru")
TRANSLATOR_NAME = "softphone_translator"
LANGUAGES = {"en": QLocale.Language.English, "ru": QLocale.Language.Russian}
_YEAR = re.compile(r"[^dM]*y+[^dM]*")  # the year and the separator next to it, in a Qt date format


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
    QLocale.setDefault(ui_locale(code))
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


def ui_locale(code: str, system_locale: QLocale | None = None) -> QLocale:
    """The locale numbers and dates are written in for UI language ``code`` ("en" / "ru")."""
    language = LANGUAGES.get(code, QLocale.Language.English)
    system = system_locale or QLocale.system()
    return QLocale(system) if system.language() == language else QLocale(language)


def short_time(moment: dt.datetime | dt.time) -> str:
    """``14:05`` (Russian), ``2:05 PM`` (English, US)."""
    at = moment.timetz() if isinstance(moment, dt.datetime) else moment
    return QLocale().toString(QTime(at.hour, at.minute), QLocale.FormatType.ShortFormat)


def day_month(day: dt.date) -> str:
    """A day of this year: ``12.03`` (Russian), ``3/12`` (English, US)."""
    fmt = _YEAR.sub("", QLocale().dateFormat(QLocale.FormatType.ShortFormat)) or "d MMM"
    return QLocale().toString(QDate(day.year, day.month, day.day), fmt)


def day_month_time(moment: dt.datetime) -> str:
    """A moment of this year as given (no time-zone change): ``12.03 14:05`` / ``3/12 2:05 PM``."""
    return f"{day_month(moment.date())} {short_time(moment)}"


def short_date(day: dt.date) -> str:
    """``12.03.2026`` (Russian), ``3/12/26`` (English, US)."""
    return QLocale().toString(QDate(day.year, day.month, day.day), QLocale.FormatType.ShortFormat)


def short_date_time(moment: dt.datetime) -> str:
    """A moment in local time with its date: ``12.03.2026 14:05`` / ``3/12/26 2:05 PM``."""
    local = moment.astimezone() if moment.tzinfo is not None else moment
    return f"{short_date(local.date())} {short_time(local)}"


def date_time_format() -> str:
    """The locale's short date-and-time format, for date-time fields (``QDateTimeEdit``)."""
    return QLocale().dateTimeFormat(QLocale.FormatType.ShortFormat)


def qt_date_time(moment: dt.datetime) -> QDateTime:
    return QDateTime.fromSecsSinceEpoch(int(moment.timestamp()))
