"""Settings layers: defaults < machine-wide < user, locked keys, bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from softphone.settings.layered import LockedSettingError, Settings, SettingsError


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_apply_when_no_files(tmp_path: Path) -> None:
    settings = Settings(tmp_path / "none-machine.toml", tmp_path / "none-user.toml")
    assert settings["sip.transport"] == "udp"
    assert settings["sip.port"] == 5060
    assert settings.source_of("sip.port") == "default"


def test_user_overrides_machine_overrides_default(tmp_path: Path) -> None:
    machine = write(tmp_path / "m.toml", '[sip]\ndomain = "pbx.corp"\nport = 5080\n')
    user = write(tmp_path / "u.toml", "[sip]\nport = 5090\n")
    settings = Settings(machine, user)
    assert settings["sip.domain"] == "pbx.corp"
    assert settings.source_of("sip.domain") == "machine"
    assert settings["sip.port"] == 5090
    assert settings.source_of("sip.port") == "user"


def test_locked_key_keeps_machine_value_and_refuses_change(tmp_path: Path) -> None:
    machine = write(tmp_path / "m.toml", 'locked = ["sip.domain"]\n[sip]\ndomain = "pbx.corp"\n')
    user = write(tmp_path / "u.toml", '[sip]\ndomain = "evil.example"\n')
    settings = Settings(machine, user)
    assert settings["sip.domain"] == "pbx.corp"
    assert settings.is_locked("sip.domain")
    with pytest.raises(LockedSettingError, match="administrator"):
        settings.set("sip.domain", "other")


def test_save_writes_only_user_changes_and_round_trips(tmp_path: Path) -> None:
    machine = write(tmp_path / "m.toml", '[sip]\ndomain = "pbx.corp"\n')
    user = tmp_path / "sub" / "u.toml"
    settings = Settings(machine, user)
    settings.set("sip.username", "1001")
    settings.set("sip.stun_servers", "stun1:3478, stun2:3478")
    settings.save()
    text = user.read_text(encoding="utf-8")
    assert "pbx.corp" not in text
    again = Settings(machine, user)
    assert again["sip.username"] == "1001"
    assert again["sip.stun_servers"] == ("stun1:3478", "stun2:3478")


def test_bad_value_is_a_clear_error(tmp_path: Path) -> None:
    user = write(tmp_path / "u.toml", '[sip]\ntransport = "carrier-pigeon"\n')
    with pytest.raises(SettingsError, match=r"sip\.transport.*not one of udp, tcp, tls"):
        Settings(tmp_path / "m.toml", user)


def test_broken_toml_names_the_file(tmp_path: Path) -> None:
    user = write(tmp_path / "u.toml", "[sip\nport = \n")
    with pytest.raises(SettingsError, match=r"u\.toml"):
        Settings(tmp_path / "m.toml", user)


def test_locking_unknown_key_is_rejected(tmp_path: Path) -> None:
    machine = write(tmp_path / "m.toml", 'locked = ["sip.nope"]\n')
    with pytest.raises(SettingsError, match=r"sip\.nope"):
        Settings(machine, tmp_path / "u.toml")


def test_machine_path_override_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    machine = write(tmp_path / "policy.toml", '[ui]\nlanguage = "ru"\n')
    monkeypatch.setenv("SOFTPHONE_MACHINE_CONFIG", str(machine))
    settings = Settings.load(tmp_path / "user.toml")
    assert settings["ui.language"] == "ru"


def test_sip_account_is_built_from_layers(tmp_path: Path) -> None:
    from softphone.settings.sip_account import sip_account_from_settings
    from softphone.sip.events import SrtpMode, Transport

    machine = write(
        tmp_path / "m.toml", '[sip]\ndomain = "pbx.corp"\ntransport = "tls"\nsrtp = "mandatory"\n'
    )
    user = write(tmp_path / "u.toml", '[sip]\nusername = "1001"\nauto_answer = true\n')
    account = sip_account_from_settings(Settings(machine, user))
    assert account is not None
    assert (account.username, account.domain) == ("1001", "pbx.corp")
    assert account.transport is Transport.TLS and account.srtp is SrtpMode.MANDATORY
    assert account.auto_answer_enabled
    assert sip_account_from_settings(Settings(machine, tmp_path / "none.toml")) is None
