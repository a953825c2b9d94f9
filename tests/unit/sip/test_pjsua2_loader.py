"""Which pjsua2 build the engine loads: our own (``pjsua2_own``) or the PyPI wheel, chosen explicitly."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from softphone.sip.pjsua2_loader import ENV_VAR, LOADED, load

OWN_INSTALLED = importlib.util.find_spec("pjsua2_own") is not None


def test_the_wheel_when_asked_for() -> None:
    loaded = load("wheel")
    assert loaded.kind == "wheel" and not loaded.is_own_build
    assert loaded.module.__name__ == "pjsua2"
    assert hasattr(loaded.module, "Endpoint")


def test_the_wheel_on_windows_even_with_our_build_installed() -> None:
    assert load("auto", platform="win32").kind == "wheel"


def test_our_build_by_default_on_linux_when_installed() -> None:
    loaded = load("auto", platform="linux")
    assert loaded.kind == ("own" if OWN_INSTALLED else "wheel")
    if OWN_INSTALLED:
        assert loaded.module.__name__ == "pjsua2_own.pjsua2"
        assert hasattr(loaded.module, "Endpoint")


def test_the_engine_uses_what_the_environment_chose() -> None:
    assert LOADED.kind == load().kind  # $SOFTPHONE_PJSUA2, or "auto"


@pytest.mark.skipif(OWN_INSTALLED, reason="our build is installed here")
def test_asking_for_our_build_fails_loudly_when_it_is_missing() -> None:
    with pytest.raises(ImportError):
        load("own")


def test_an_unknown_choice_is_refused() -> None:
    with pytest.raises(ImportError, match=ENV_VAR):
        load("pjsip-2.12")


def test_no_other_module_imports_pjsua2_directly() -> None:
    """Both builds cannot run in one process: a module importing ``pjsua2`` itself would bring the
    wheel in beside our build. Every module takes ``pj`` from the loader."""
    package = Path(__file__).resolve().parents[3] / "softphone"
    direct = re.compile(r"^\s*(import pjsua2\b|from pjsua2\b)", re.MULTILINE)
    offenders = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if path.name != "pjsua2_loader.py" and direct.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
