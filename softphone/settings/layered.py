"""Layered settings: built-in defaults < machine-wide file < user file, with locked keys.

The machine-wide file (written by IT) may list keys in ``locked = [...]``; a locked key
keeps the machine-wide value whatever the user file says, and ``Settings.set`` refuses it.
"""

from __future__ import annotations

import logging
import os
import sys
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import platformdirs
import tomli_w

from softphone.settings.schema import SPECS_BY_KEY

log = logging.getLogger(__name__)

APP_NAME = "softphone"


class SettingsError(Exception):
    """A settings file cannot be read or holds a bad value."""


class LockedSettingError(SettingsError):
    """The machine-wide policy locks this key."""


def machine_settings_path() -> Path:
    """Where IT puts machine-wide settings on this platform."""
    override = os.environ.get("SOFTPHONE_MACHINE_CONFIG")
    if override:
        return Path(override)
    if sys.platform == "win32":
        program_data = os.environ.get("PROGRAMDATA", r"C:\ProgramData")
        return Path(program_data) / APP_NAME / f"{APP_NAME}.toml"
    return Path("/etc") / APP_NAME / f"{APP_NAME}.toml"


def user_settings_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / f"{APP_NAME}.toml"


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for name, value in table.items():
        key = f"{prefix}{name}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, f"{key}."))
        else:
            flat[key] = value
    return flat


def _read_toml(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"cannot read settings file {path}: {exc}") from exc


def _validated(path: Path, raw: Mapping[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, value in _flatten(raw).items():
        spec = SPECS_BY_KEY.get(key)
        if spec is None:
            log.warning("%s: unknown setting %r ignored", path, key)
            continue
        try:
            values[key] = spec.coerce(value)
        except ValueError as exc:
            raise SettingsError(f"{path}: {exc}") from exc
    return values


class Settings:
    """The effective settings. Read with ``settings["sip.domain"]``; write with ``set`` + ``save``."""

    def __init__(self, machine_path: Path, user_path: Path) -> None:
        self.machine_path = machine_path
        self.user_path = user_path
        machine_raw = _read_toml(machine_path)
        locked = machine_raw.pop("locked", [])
        if not isinstance(locked, list) or not all(isinstance(k, str) for k in locked):
            raise SettingsError(f"{machine_path}: 'locked' must be a list of setting keys")
        unknown = [key for key in locked if key not in SPECS_BY_KEY]
        if unknown:
            raise SettingsError(f"{machine_path}: cannot lock unknown settings {', '.join(unknown)}")
        self._machine = _validated(machine_path, machine_raw)
        self._locked = frozenset(locked)
        self._user = _validated(user_path, _read_toml(user_path))
        overridden = sorted(self._locked & self._user.keys())
        if overridden:
            log.warning("user settings for locked keys ignored: %s", ", ".join(overridden))

    @classmethod
    def load(cls, config_path: Path | None = None) -> Settings:
        """Load the standard layers; ``config_path`` replaces the per-user file (``--config``)."""
        return cls(machine_settings_path(), config_path or user_settings_path())

    def __getitem__(self, key: str) -> Any:
        spec = SPECS_BY_KEY[key]
        if key in self._locked and key in self._machine:
            return self._machine[key]
        if key in self._user:
            return self._user[key]
        return self._machine.get(key, spec.default)

    def source_of(self, key: str) -> str:
        """Which layer the effective value comes from: default, machine or user."""
        if key in self._locked and key in self._machine:
            return "machine"
        if key in self._user:
            return "user"
        return "machine" if key in self._machine else "default"

    def is_locked(self, key: str) -> bool:
        return key in self._locked

    def set(self, key: str, value: Any) -> None:
        spec = SPECS_BY_KEY.get(key)
        if spec is None:
            raise SettingsError(f"unknown setting {key!r}")
        if key in self._locked:
            raise LockedSettingError(f"{key} is set by your administrator and cannot be changed")
        self._user[key] = spec.coerce(value)

    def save(self) -> None:
        """Write the user layer (only keys the user changed) atomically."""
        tree: dict[str, Any] = {}
        for key, value in sorted(self._user.items()):
            section, _, name = key.partition(".")
            tree.setdefault(section, {})[name] = list(value) if isinstance(value, tuple) else value
        self.user_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.user_path.with_suffix(".tmp")
        tmp.write_text(tomli_w.dumps(tree), encoding="utf-8")
        os.replace(tmp, self.user_path)
