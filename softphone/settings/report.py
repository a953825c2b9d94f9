"""The effective settings as a TOML document for IT (``softphone --show-settings``).

A comment header names the files read; then every setting, grouped by ``[section]``, as
``name = value  # source[, locked]`` under its description. The text parses back with tomllib
and is a valid user file at the current format version.
"""

from __future__ import annotations

from typing import Any

import tomli_w

from softphone.settings.layered import Settings, missing_file_note
from softphone.settings.schema import SECTIONS
from softphone.settings.upgrade import CURRENT_VERSION


def settings_report(settings: Settings) -> str:
    lines = [f"# Effective softphone settings (settings format version {CURRENT_VERSION})."]
    for file in settings.files:
        lines.append(f"# {file.role} file: {file.path}{'' if file.found else ' (not found)'}")
    if settings.missing_config is not None:
        lines.append(f"# {missing_file_note(settings.missing_config)}")
    lines += [
        "# Each value says where it comes from: default, machine or user.",
        "",
        f"version = {CURRENT_VERSION}",
    ]
    for section in SECTIONS:
        lines += ["", f"[{section.name}]"]
        for spec in section.settings():
            lock = ", locked" if settings.is_locked(spec) else ""
            value = _toml_value(spec.to_toml(settings.value(spec)))
            lines.append(f"# {spec.description}")
            lines.append(f"{spec.name} = {value}  # {settings.source_of(spec)}{lock}")
    return "\n".join(lines) + "\n"


def _toml_value(value: Any) -> str:
    """One TOML value on one line (tomli_w would spread arrays over several)."""
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    return tomli_w.dumps({"v": value}).removeprefix("v = ").rstrip("\n")
