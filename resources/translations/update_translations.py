"""Refresh ``softphone_ru.ts`` from the UI sources and compile it to ``softphone_ru.qm``.

    .venv/bin/python resources/translations/update_translations.py

New strings appear in the .ts as "unfinished": translate them (Qt Linguist, ``pyside6-linguist``,
or by editing the XML) and run this again. ``tests/gui/test_translations.py`` fails while any
UI string lacks a Russian translation.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
TS = HERE / "softphone_ru.ts"
QM = HERE / "softphone_ru.qm"


def tool(name: str) -> str:
    """A Qt Linguist tool from the venv's bin, PATH, or the PySide6 package directory."""
    candidate = Path(sys.executable).with_name(f"pyside6-{name}")
    if candidate.exists():
        return str(candidate)
    found = shutil.which(f"pyside6-{name}")
    if found:
        return found
    import PySide6

    package = Path(PySide6.__file__).parent
    for path in (package / name, package / "Qt" / "libexec" / name):
        if path.exists():
            return str(path)
    raise SystemExit(f"pyside6-{name} not found")


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "softphone" / "ui").rglob("*.py"))


def lupdate(ts: Path) -> None:
    args = [
        tool("lupdate"),
        "-no-obsolete",
        "-locations",
        "none",
        "-source-language",
        "en",
        "-target-language",
        "ru",
        *sources(),
        "-ts",
        str(ts),
    ]
    subprocess.run(args, cwd=ROOT, check=True, capture_output=True, timeout=120)


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([tool("lrelease"), str(ts), "-qm", str(qm)], check=True, capture_output=True, timeout=120)


def main() -> None:
    lupdate(TS)
    lrelease(TS, QM)
    unfinished = TS.read_text(encoding="utf-8").count('type="unfinished"')
    print(f"{TS.name}: {unfinished} unfinished; compiled {QM.name}")


if __name__ == "__main__":
    main()
