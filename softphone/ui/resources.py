"""Where the UI's bundled files live: translations, sounds and icons under ``resources/``."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """``resources/`` of the source tree, or of a PyInstaller bundle (``sys._MEIPASS``)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def translations_dir() -> Path:
    return resources_dir() / "translations"


def ringtone_path() -> Path:
    return resources_dir() / "sounds" / "ringtone.wav"


def icon_path(name: str) -> Path:
    return resources_dir() / "icons" / name
