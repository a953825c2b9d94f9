"""Where the main window opens: where the operator left it, else most of the screen, centred.

``GeometryStore`` keeps Qt's ``saveGeometry()`` bytes in a small state file (not the settings:
it is machine state, e.g. under ``platformdirs.user_state_dir("softphone")``). ``place_window``
restores it, or sizes a first start to ``FIRST_START_SHARE`` of the available screen, and in
both cases keeps the window inside the screen it lands on (a monitor may have gone since).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QRect
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

FIRST_START_SHARE = 0.9


class GeometryStore:
    """One file holding the window geometry; reading or writing it never raises."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> bytes | None:
        try:
            data = self.path.read_bytes()
        except OSError:
            return None
        return data or None

    def save(self, data: bytes) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_bytes(data)
            os.replace(tmp, self.path)
        except OSError as exc:
            log.warning("window geometry not saved: %s", exc)


def first_start_rect(available: QRect, share: float = FIRST_START_SHARE) -> QRect:
    """``share`` of the available area, centred on it."""
    width, height = int(available.width() * share), int(available.height() * share)
    rect = QRect(0, 0, width, height)
    rect.moveCenter(available.center())
    return rect


def fit_into(rect: QRect, available: QRect) -> QRect:
    """``rect`` made no larger than ``available`` and moved inside it."""
    fitted = QRect(rect)
    fitted.setWidth(min(rect.width(), available.width()))
    fitted.setHeight(min(rect.height(), available.height()))
    left = min(max(fitted.left(), available.left()), available.right() - fitted.width() + 1)
    top = min(max(fitted.top(), available.top()), available.bottom() - fitted.height() + 1)
    fitted.moveTo(left, top)
    return fitted


def _screen_for(window: QWidget) -> QScreen | None:
    screen = QGuiApplication.screenAt(window.geometry().center()) or window.screen()
    return screen or QGuiApplication.primaryScreen()


def place_window(window: QWidget, store: GeometryStore | None) -> None:
    """Restore the saved geometry (kept on a screen) or give the window its first-start size."""
    saved = store.load() if store is not None else None
    restored = saved is not None and window.restoreGeometry(QByteArray(saved))
    screen = _screen_for(window)
    if screen is None:
        return
    available = screen.availableGeometry()
    if not restored:
        window.setGeometry(first_start_rect(available))
        return
    frame_extra_w = window.frameGeometry().width() - window.geometry().width()
    frame_extra_h = window.frameGeometry().height() - window.geometry().height()
    inner = QRect(available)
    inner.setWidth(max(1, available.width() - frame_extra_w))
    inner.setHeight(max(1, available.height() - frame_extra_h))
    fitted = fit_into(window.geometry(), inner)
    if fitted != window.geometry():
        window.setGeometry(fitted)


def save_window(window: QWidget, store: GeometryStore | None) -> None:
    if store is not None:
        store.save(bytes(window.saveGeometry().data()))
