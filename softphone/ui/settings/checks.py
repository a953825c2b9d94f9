"""Validation of setting values beyond their type, each returning a translated problem or None.

Used by the settings pages as ``check=`` of a field; an empty value is always accepted where the
setting treats empty as "not used" or "the default".
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication

_HOST = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.\-]*[A-Za-z0-9])?$|^\[[0-9A-Fa-f:.]+\]$")


def host_name(value: Any) -> str | None:
    """A host name or address, without a scheme, user or port."""
    if value and not _HOST.match(str(value)):
        return QCoreApplication.translate(
            "SettingChecks",
            "Enter a host name or address only, e.g. pbx.example.com (no sip:, spaces or port).",
        )
    return None


def user_name(value: Any) -> str | None:
    if value and re.search(r"[\s@:]", str(value)):
        return QCoreApplication.translate(
            "SettingChecks", "Enter the user part only, without spaces, @ or :."
        )
    return None


def host_ports(value: Any) -> str | None:
    """Each entry ``host`` or ``host:port``."""
    for entry in value:
        host, _, port = str(entry).rpartition(":") if ":" in str(entry) else (str(entry), "", "")
        if host_name(host) or not host or (port and not (port.isdigit() and 0 < int(port) < 65536)):
            return QCoreApplication.translate(
                "SettingChecks", "Each server is host or host:port, separated by commas."
            )
    return None


def sip_uri(value: Any) -> str | None:
    if value and not str(value).lower().startswith(("sip:", "sips:")):
        return QCoreApplication.translate(
            "SettingChecks", "Enter a SIP URI starting with sip:, e.g. sip:proxy.example.com;lr."
        )
    return None


def regular_expression(value: Any) -> str | None:
    if not value:
        return None
    try:
        re.compile(str(value))
    except re.error:
        return QCoreApplication.translate(
            "SettingChecks", "Enter a valid regular expression, e.g. 1[0-9]{3} for extensions 1000-1999."
        )
    return None


def http_url(value: Any) -> str | None:
    if not value:
        return None
    parts = urlsplit(str(value))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return QCoreApplication.translate(
            "SettingChecks", "Enter an address starting with https://, e.g. https://crm.example.com/api."
        )
    return None


def existing_file(value: Any) -> str | None:
    if value and not Path(str(value)).expanduser().is_file():
        return QCoreApplication.translate("SettingChecks", "No such file.")
    return None


def absolute_path(value: Any) -> str | None:
    if value and not Path(str(value)).expanduser().is_absolute():
        return QCoreApplication.translate(
            "SettingChecks", "Enter a full path, e.g. /home/operator/softphone.sqlite3."
        )
    return None


def region_code(value: Any) -> str | None:
    if not re.fullmatch(r"[A-Z]{2}", str(value)):
        return QCoreApplication.translate(
            "SettingChecks", "Enter a two-letter country code in capitals, e.g. RU."
        )
    return None
