"""The package's layers: imports go one way (read from the source, so a lazy import counts too).

The CRM client never imports the local store or the UI; the Qt-free core (domain, CRM client,
store, SIP engine, settings, audio) never imports PySide6 or ``softphone.ui``; the domain rules
import nothing else of the app; the call-audio core (``softphone/audio``) imports nothing else of
the app and never pjsua2 (only ``softphone/sip`` talks to pjsua2, through its loader).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import softphone

PACKAGE = Path(softphone.__file__).parent
CORE = ("domain", "crm", "store", "sip", "settings", "workspace", "headset", "audio")


def package_of(path: Path) -> str:
    return ".".join(("softphone", *path.relative_to(PACKAGE).parent.parts))


def imported_modules(path: Path, package: str) -> set[str]:
    """Every module ``path`` imports, at any level of the file (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def modules_of(subpackage: str) -> list[Path]:
    return sorted((PACKAGE / subpackage).rglob("*.py"))


def offending_names(names: set[str], forbidden: tuple[str, ...]) -> list[str]:
    return sorted(name for name in names if any(name == f or name.startswith(f + ".") for f in forbidden))


def offending(paths: list[Path], forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in paths
        for name in offending_names(imported_modules(path, package_of(path)), forbidden)
    ]


def test_the_crm_client_knows_nothing_of_the_store_or_the_ui() -> None:
    assert offending(modules_of("crm"), ("softphone.store", "softphone.ui", "softphone.crm_server")) == []


@pytest.mark.parametrize("subpackage", CORE)
def test_the_core_never_imports_qt_or_the_ui(subpackage: str) -> None:
    assert modules_of(subpackage), f"softphone/{subpackage} has no modules"
    assert offending(modules_of(subpackage), ("PySide6", "shiboken6", "softphone.ui")) == []


def test_domain_rules_stand_alone() -> None:
    allowed = {"softphone.domain"}
    outside = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in modules_of("domain")
        for name in sorted(imported_modules(path, package_of(path)))
        if name.startswith("softphone.") and not any(name.startswith(a) for a in allowed)
    ]
    assert outside == []
    assert offending(modules_of("domain"), ("sqlalchemy", "pydantic", "httpx")) == []


def test_call_audio_core_stands_alone_and_never_touches_pjsua2() -> None:
    outside = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in modules_of("audio")
        for name in sorted(imported_modules(path, package_of(path)))
        if name.startswith("softphone.") and not name.startswith("softphone.audio")
    ]
    assert outside == []
    assert offending(modules_of("audio"), ("pjsua2", "pjsua2_own", "PySide6")) == []


def test_only_the_loader_imports_pjsua2() -> None:
    importers = [
        str(path.relative_to(PACKAGE))
        for path in sorted(PACKAGE.rglob("*.py"))
        if offending_names(imported_modules(path, package_of(path)), ("pjsua2", "pjsua2_own"))
    ]
    assert importers == ["sip/pjsua2_loader.py"]


def test_the_checker_sees_lazy_and_relative_imports(tmp_path: Path) -> None:
    # The layer tests would pass trivially if the walker missed imports.
    probe = tmp_path / "probe.py"
    source = (
        "import PySide6.QtCore\n\n"
        "def later():\n    from softphone.store import db\n    from ..ui import main_window\n"
    )
    probe.write_text(source, encoding="utf-8")
    found = imported_modules(probe, "softphone.crm")
    assert {"PySide6.QtCore", "softphone.store", "softphone.store.db", "softphone.ui.main_window"} <= found
    assert offending_names(found, ("softphone.store", "softphone.ui", "PySide6")) == [
        "PySide6.QtCore",
        "softphone.store",
        "softphone.store.db",
        "softphone.ui",
        "softphone.ui.main_window",
    ]


def test_only_hid_device_imports_hidapi() -> None:
    importers = [
        str(path.relative_to(PACKAGE))
        for path in sorted(PACKAGE.rglob("*.py"))
        if offending_names(imported_modules(path, package_of(path)), ("hid", "hidraw"))
    ]
    assert importers == ["headset/hid_device.py"]
