"""Numbers, money and dates follow the UI language chosen in settings, not the system locale: a
Russian window writes "1 234,50 ₽" and 05.12.2026, an English one "1,234.50 ₽" and 12/5/26."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication, QDoubleSpinBox
from pytestqt.qtbot import QtBot

from softphone.store.customer_details import OrderLine
from softphone.ui.i18n import (
    day_month,
    install_translator,
    short_date,
    short_date_time,
    short_time,
    ui_locale,
)
from softphone.ui.workspace.texts import delivery_text, money

NBSP = "\u00a0"  # the Russian group separator


@pytest.fixture
def restore_language(qapp: QApplication) -> Iterator[QApplication]:
    before = QLocale()
    yield qapp
    install_translator(qapp, "en")
    QLocale.setDefault(before)


def spin_text(qtbot: QtBot, value: float) -> str:
    box = QDoubleSpinBox()  # built after the language is chosen, as the app's windows are
    qtbot.addWidget(box)
    box.setRange(0, 1_000_000)
    box.setDecimals(2)
    box.setValue(value)
    return box.text()


def order(day: dt.date) -> OrderLine:
    fields = {name: None for name in OrderLine.__dataclass_fields__}  # type: ignore[attr-defined]
    fields.update(delivery_date=day, delivery_from=dt.time(10, 0), delivery_to=dt.time(14, 0))
    fields.update(delivery_service="СДЭК", delivery_method="Курьер")
    return OrderLine(**fields)


def test_a_russian_window_writes_russian_numbers_and_dates(
    qtbot: QtBot, restore_language: QApplication
) -> None:
    install_translator(restore_language, "ru")
    assert money(Decimal("1234.50")) == f"1{NBSP}234,50 ₽"
    assert spin_text(qtbot, 1234.5) == "1234,50"  # a field being edited shows no group separator
    day = dt.date(2026, 3, 12)
    assert short_date(day) == "12.03.2026" and day_month(day) == "12.03"
    assert short_time(dt.time(14, 5)) == "14:05"
    assert delivery_text(order(day)) == "12.03 10:00–14:00 · СДЭК, Курьер"


def test_an_english_window_writes_english_numbers_and_dates_on_a_russian_system(
    qtbot: QtBot, restore_language: QApplication
) -> None:
    install_translator(restore_language, "ru")  # as a Russian system would have it
    install_translator(restore_language, "en")  # the operator chose English
    assert money(Decimal("1234.50")) == "1,234.50 ₽"
    assert spin_text(qtbot, 1234.5) == "1234.50"
    day = dt.date(2026, 3, 12)
    assert short_date(day) == "3/12/26" and day_month(day) == "3/12"
    assert short_time(dt.time(14, 5)) == "2:05\u202fPM" or short_time(dt.time(14, 5)) == "2:05 PM"
    assert short_date_time(dt.datetime(2026, 3, 12, 14, 5)).startswith("3/12/26 2:05")


def test_the_systems_country_conventions_stay_when_it_speaks_the_chosen_language() -> None:
    assert ui_locale("en", QLocale("en_GB")).name() == "en_GB"
    assert ui_locale("ru", QLocale("en_GB")).language() == QLocale.Language.Russian
    assert ui_locale("en", QLocale("de_DE")).language() == QLocale.Language.English
    assert ui_locale("ru", QLocale("ru_RU")).name() == "ru_RU"
