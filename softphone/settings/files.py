"""Reading one settings file: TOML parsing, and errors that name the file, the line and the reason.

The line matters to whoever fixes the file (often IT, starting from a menu entry that hides the
terminal), so a syntax error keeps tomllib's line and a bad value is traced back to the line
where its key is written.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)\s*$")
_TABLE_HEADER = re.compile(r"^\s*\[\s*([A-Za-z0-9_.\-\s\"']+?)\s*\]\s*(#.*)?$")


class SettingsError(Exception):
    """A settings file cannot be read or holds a bad value; says which file and line, and why."""

    def __init__(self, reason: str, path: Path | None = None, line: int | None = None) -> None:
        self.reason = reason
        self.path = path
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.path is None:
            return self.reason
        where = f"{self.path}, line {self.line}" if self.line else str(self.path)
        return f"{where}: {self.reason}"


class LockedSettingError(SettingsError):
    """The machine-wide policy locks this key."""


def read_toml(path: Path) -> tuple[dict[str, Any], str]:
    """The parsed table and the file's text; both empty when the file does not exist."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, ""
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"cannot read the file: {exc}", path) from exc
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        position = _TOML_POSITION.search(message)
        line = getattr(exc, "lineno", None) or (int(position.group(1)) if position else None)
        reason = _TOML_POSITION.sub("", message) if position else message
        raise SettingsError(f"not valid TOML: {reason}", path, line) from exc


def line_of(text: str, key: str) -> int | None:
    """The 1-based line where ``key`` (``name`` at top level or ``section.name``) is assigned."""
    table = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        header = _TABLE_HEADER.match(raw)
        if header and not raw.lstrip().startswith("[["):
            table = _normal_key(header.group(1))
            continue
        assigned, sep, _rest = raw.partition("=")
        if not sep or raw.lstrip().startswith("#"):
            continue
        name = _normal_key(assigned)
        if (f"{table}.{name}" if table else name) == key:
            return number
    return None


def _normal_key(text: str) -> str:
    parts = [part.strip().strip("\"'") for part in text.strip().split(".")]
    return ".".join(parts)


def flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{"sip": {"port": 5060}}`` as ``{"sip.port": 5060}``."""
    flat: dict[str, Any] = {}
    for name, value in table.items():
        key = f"{prefix}{name}"
        if isinstance(value, Mapping):
            flat.update(flatten(value, f"{key}."))
        else:
            flat[key] = value
    return flat
