"""Layered settings: built-in defaults < machine-wide file < user file, with locked keys.

Read typed values as attributes (``settings.sip.port`` is an ``int``); change them with
``settings.set(Sip.port, 5070)`` and write the user file with ``save``. The machine-wide file
(written by IT) may list keys in ``locked = [...]``; a locked key keeps the machine-wide value
(or the default) whatever the user file says, and ``set`` refuses it. Both files carry a format
``version``; older files are upgraded on reading (see ``upgrade.py``).
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar

import platformdirs
import tomli_w

from softphone.settings.files import LockedSettingError, SettingsError, flatten, line_of, read_toml
from softphone.settings.schema import (
    BY_KEY,
    Agent,
    Audio,
    Crm,
    Headset,
    Recording,
    Setting,
    Sip,
    Store,
    Ui,
)
from softphone.settings.upgrade import CURRENT_VERSION, upgrade

__all__ = ["LockedSettingError", "Settings", "SettingsError", "SettingsFile"]

log = logging.getLogger(__name__)

APP_NAME = "softphone"
T = TypeVar("T")
Source = Literal["default", "machine", "user"]


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


def missing_file_note(path: Path) -> str:
    """What to say when ``--config`` names a file that does not exist yet."""
    return f"Settings file {path} does not exist; using defaults. It will be created when you save settings."


@dataclass(frozen=True, slots=True)
class SettingsFile:
    """One layer's file as read at start-up (for ``--show-settings`` and messages)."""

    role: Literal["machine", "user"]
    path: Path
    found: bool


def _validated(path: Path, text: str, table: Mapping[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, value in flatten(table).items():
        spec = BY_KEY.get(key)
        if spec is None:
            log.warning("%s: unknown setting %r ignored", path, key)
            continue
        try:
            values[key] = spec.coerce(value)
        except ValueError as exc:
            raise SettingsError(f"{key}: {exc}", path, line_of(text, key)) from exc
    return values


class Settings:
    """The effective settings, one typed section per TOML table."""

    def __init__(self, machine_path: Path, user_path: Path, *, user_path_given: bool = False) -> None:
        self.machine_path = machine_path
        self.user_path = user_path
        machine_raw, machine_text = read_toml(machine_path)
        machine_raw = upgrade(machine_raw, machine_path, machine_text)
        locked = machine_raw.pop("locked", [])
        if not isinstance(locked, list) or not all(isinstance(k, str) for k in locked):
            raise SettingsError(
                "'locked' must be a list of setting keys", machine_path, line_of(machine_text, "locked")
            )
        unknown = [key for key in locked if key not in BY_KEY]
        if unknown:
            raise SettingsError(
                f"cannot lock unknown settings {', '.join(unknown)}",
                machine_path,
                line_of(machine_text, "locked"),
            )
        self._machine = _validated(machine_path, machine_text, machine_raw)
        self._locked = frozenset(locked)
        user_raw, user_text = read_toml(user_path)
        self._user = _validated(user_path, user_text, upgrade(user_raw, user_path, user_text))
        self.files = (
            SettingsFile("machine", machine_path, machine_path.exists()),
            SettingsFile("user", user_path, user_path.exists()),
        )
        self.missing_config: Path | None = None
        """The ``--config`` file when it does not exist (defaults apply; ``save`` creates it)."""
        if user_path_given and not self.files[1].found:
            self.missing_config = user_path
            log.warning("%s", missing_file_note(user_path))
        overridden = sorted(self._locked & self._user.keys())
        if overridden:
            log.warning("user settings for locked keys ignored: %s", ", ".join(overridden))
        self.sip = Sip(self)
        self.crm = Crm(self)
        self.ui = Ui(self)
        self.headset = Headset(self)
        self.agent = Agent(self)
        self.recording = Recording(self)
        self.audio = Audio(self)
        self.store = Store(self)

    @classmethod
    def load(cls, config_path: Path | None = None) -> Settings:
        """Load the standard layers; ``config_path`` replaces the per-user file (``--config``)."""
        return cls(
            machine_settings_path(), config_path or user_settings_path(), user_path_given=bool(config_path)
        )

    def value(self, setting: Setting[T]) -> T:
        """The effective value (what ``settings.<section>.<name>`` returns)."""
        key = setting.key
        layers = (self._machine,) if key in self._locked else (self._user, self._machine)
        for layer in layers:
            if key in layer:
                return layer[key]  # type: ignore[no-any-return]  # coerced to T on reading
        return setting.default

    def source_of(self, setting: Setting[Any]) -> Source:
        """Which layer the effective value comes from."""
        key = setting.key
        if key in self._user and key not in self._locked:
            return "user"
        return "machine" if key in self._machine else "default"

    def is_locked(self, setting: Setting[Any]) -> bool:
        return setting.key in self._locked

    def set(self, setting: Setting[T], value: T) -> None:
        """Change a value in the user layer (validated); ``save`` writes it."""
        if setting.key in self._locked:
            raise LockedSettingError(f"{setting.key} is set by your administrator and cannot be changed")
        try:
            self._user[setting.key] = setting.coerce(value)
        except ValueError as exc:
            raise SettingsError(f"{setting.key}: {exc}", self.user_path) from exc

    def save(self) -> None:
        """Write the user layer (only keys the user set) atomically, at the current version."""
        tree: dict[str, Any] = {"version": CURRENT_VERSION}
        for key, value in sorted(self._user.items()):
            spec = BY_KEY[key]
            tree.setdefault(spec.section, {})[spec.name] = spec.to_toml(value)
        self.user_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.user_path.with_suffix(".tmp")
        tmp.write_text(tomli_w.dumps(tree), encoding="utf-8")
        os.replace(tmp, self.user_path)
        self.missing_config = None
