"""Settings file format versions and the steps that bring an older file up to the current one.

Each file carries ``version = N`` at the top. A file without it is version 1: the format read
before versions existed, which accepted loose values (``auto_answer = "yes"``, ``port = "5060"``,
``stun_servers = "a:3478, b:3478"``). Version 2 is strict TOML types, so the step 1 -> 2 converts
those loose values; whatever it cannot convert is left for validation to report with its line.
A future renamed key gets its own step here (``_STEPS[2] = ...``), never a special case elsewhere.

Upgrading happens in memory on every read; the next ``Settings.save`` writes the current version.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from softphone.settings.files import SettingsError, line_of
from softphone.settings.schema import BY_KEY

log = logging.getLogger(__name__)

CURRENT_VERSION = 2

_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}


def _loose_to_strict(table: dict[str, Any]) -> dict[str, Any]:
    """Version 1 -> 2: string spellings of booleans, numbers and lists become real TOML values."""
    upgraded: dict[str, Any] = {}
    for section, values in table.items():
        if not isinstance(values, dict):
            upgraded[section] = values
            continue
        upgraded[section] = {
            name: _strict_value(f"{section}.{name}", value) for name, value in values.items()
        }
    return upgraded


def _strict_value(key: str, value: Any) -> Any:
    spec = BY_KEY.get(key)
    if spec is None or not isinstance(value, str):
        return value
    text = value.strip()
    try:
        if spec.type is bool and text.lower() in _TRUE | _FALSE:
            return text.lower() in _TRUE
        if spec.type is int:
            return int(text)
        if spec.type is float:
            return float(text)
    except ValueError:
        return value
    if spec.type is tuple:
        return [part.strip() for part in text.split(",") if part.strip()]
    return value


_STEPS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _loose_to_strict}


def upgrade(table: dict[str, Any], path: Path, text: str) -> dict[str, Any]:
    """The file's table brought to ``CURRENT_VERSION``, without the ``version`` key."""
    table = dict(table)
    version = table.pop("version", 1)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise SettingsError(
            f"version must be a whole number from 1, got {version!r}", path, line_of(text, "version")
        )
    if version > CURRENT_VERSION:
        raise SettingsError(
            f"written by a newer softphone (settings version {version}); "
            f"this one reads versions up to {CURRENT_VERSION}",
            path,
            line_of(text, "version"),
        )
    if version < CURRENT_VERSION and text:
        log.info("%s: upgrading settings from version %d to %d", path, version, CURRENT_VERSION)
    for step in range(version, CURRENT_VERSION):
        table = _STEPS[step](table)
    return table
