"""Settings format versions: files without a version are version 1 and are upgraded on reading."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from softphone.settings.layered import Settings, SettingsError
from softphone.settings.schema import Sip
from softphone.settings.upgrade import CURRENT_VERSION


def test_version_1_loose_values_are_upgraded_and_saved_as_the_current_version(tmp_path: Path) -> None:
    user = tmp_path / "u.toml"
    user.write_text(
        '[sip]\nauto_answer = "yes"\nice = "off"\nport = "5070"\nretry_max_s = "30"\n'
        'stun_servers = "stun1:3478, stun2:3478"\nusername = "1001"\n',
        encoding="utf-8",
    )
    settings = Settings(tmp_path / "m.toml", user)
    assert settings.sip.auto_answer is True and settings.sip.ice is False
    assert settings.sip.port == 5070 and settings.sip.retry_max_s == 30.0
    assert settings.sip.stun_servers == ("stun1:3478", "stun2:3478")
    settings.set(Sip.display_name, "Operator")
    settings.save()
    saved = tomllib.loads(user.read_text(encoding="utf-8"))
    assert saved["version"] == CURRENT_VERSION == 2
    assert saved["sip"]["auto_answer"] is True
    assert saved["sip"]["stun_servers"] == ["stun1:3478", "stun2:3478"]


def test_version_2_is_strict(tmp_path: Path) -> None:
    user = tmp_path / "u.toml"
    user.write_text('version = 2\n[sip]\nauto_answer = "yes"\n', encoding="utf-8")
    with pytest.raises(SettingsError, match="true or false") as caught:
        Settings(tmp_path / "m.toml", user)
    assert caught.value.line == 3


def test_a_machine_file_without_version_is_upgraded_too(tmp_path: Path) -> None:
    machine = tmp_path / "m.toml"
    machine.write_text('locked = ["sip.register"]\n[sip]\nregister = "no"\n', encoding="utf-8")
    settings = Settings(machine, tmp_path / "u.toml")
    assert settings.sip.register is False and settings.is_locked(Sip.register)


def test_a_file_from_a_newer_softphone_is_refused_with_its_line(tmp_path: Path) -> None:
    user = tmp_path / "u.toml"
    user.write_text("# from the future\nversion = 3\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="newer softphone") as caught:
        Settings(tmp_path / "m.toml", user)
    assert caught.value.line == 2
