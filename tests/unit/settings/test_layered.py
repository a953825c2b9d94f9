"""Settings layers: defaults < machine-wide < user, locked keys, typed access, saving."""

from __future__ import annotations

from pathlib import Path

import pytest

from softphone.settings.layered import LockedSettingError, Settings, SettingsError
from softphone.settings.schema import ALL_SETTINGS, Crm, Language, Sip, Ui
from softphone.sip.events import DtmfMethod, SrtpMode, Transport


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_apply_when_no_files(tmp_path: Path) -> None:
    settings = Settings(tmp_path / "none-machine.toml", tmp_path / "none-user.toml")
    assert settings.sip.transport is Transport.UDP
    assert settings.sip.port == 5060
    assert settings.crm.sync_interval_s == 30.0
    assert settings.ui.language is Language.AUTO
    assert settings.store.path == ""
    assert settings.source_of(Sip.port) == "default"


def test_values_come_back_with_their_declared_types(tmp_path: Path) -> None:
    user = write(
        tmp_path / "u.toml",
        'version = 2\n[sip]\nport = 5070\nsrtp = "optional"\ndtmf_method = "sip_info"\n'
        'stun_servers = ["s:3478"]\n'
        '[crm]\ntimeout_s = 3\n[ui]\nlanguage = "ru"\n',
    )
    settings = Settings(tmp_path / "m.toml", user)
    assert settings.sip.port == 5070
    assert settings.sip.srtp is SrtpMode.OPTIONAL
    assert settings.sip.dtmf_method is DtmfMethod.SIP_INFO
    assert settings.sip.stun_servers == ("s:3478",)
    assert settings.crm.timeout_s == 3.0 and isinstance(settings.crm.timeout_s, float)
    assert settings.ui.language is Language.RU


def test_every_setting_is_declared_once_with_a_description() -> None:
    keys = [spec.key for spec in ALL_SETTINGS]
    assert len(keys) == len(set(keys))
    assert all(spec.description for spec in ALL_SETTINGS)
    assert Sip.port.key == "sip.port" and Sip.transport.choices == ("udp", "tcp", "tls")


def test_user_overrides_machine_overrides_default(tmp_path: Path) -> None:
    machine = write(tmp_path / "m.toml", '[sip]\ndomain = "pbx.corp"\nport = 5080\n')
    user = write(tmp_path / "u.toml", "[sip]\nport = 5090\n")
    settings = Settings(machine, user)
    assert settings.sip.domain == "pbx.corp"
    assert settings.source_of(Sip.domain) == "machine"
    assert settings.sip.port == 5090
    assert settings.source_of(Sip.port) == "user"


def test_locked_key_keeps_machine_value_and_refuses_change(tmp_path: Path) -> None:
    machine = write(
        tmp_path / "m.toml", 'locked = ["sip.domain", "ui.ringtone"]\n[sip]\ndomain = "pbx.corp"\n'
    )
    user = write(tmp_path / "u.toml", '[sip]\ndomain = "evil.example"\n[ui]\nringtone = false\n')
    settings = Settings(machine, user)
    assert settings.sip.domain == "pbx.corp"
    assert settings.is_locked(Sip.domain)
    assert settings.source_of(Sip.domain) == "machine"
    # locked without a machine value: locked to the default, the user file cannot change it
    assert settings.ui.ringtone is True and settings.source_of(Ui.ringtone) == "default"
    with pytest.raises(LockedSettingError, match="administrator"):
        settings.set(Sip.domain, "other")


def test_set_validates_and_save_writes_only_user_changes(tmp_path: Path) -> None:
    machine = write(tmp_path / "m.toml", '[sip]\ndomain = "pbx.corp"\n')
    user = tmp_path / "sub" / "u.toml"
    settings = Settings(machine, user)
    settings.set(Sip.username, "1001")
    settings.set(Sip.stun_servers, ("stun1:3478", "stun2:3478"))
    settings.set(Sip.transport, Transport.TLS)
    settings.set(Crm.timeout_s, 4.5)
    with pytest.raises(SettingsError, match=r"sip\.port.*maximum 65535"):
        settings.set(Sip.port, 70000)
    settings.save()
    text = user.read_text(encoding="utf-8")
    assert "pbx.corp" not in text
    assert text.startswith("version = 2\n")
    again = Settings(machine, user)
    assert again.sip.username == "1001"
    assert again.sip.stun_servers == ("stun1:3478", "stun2:3478")
    assert again.sip.transport is Transport.TLS
    assert again.crm.timeout_s == 4.5


def test_locking_unknown_key_is_rejected_with_its_line(tmp_path: Path) -> None:
    machine = write(tmp_path / "m.toml", '# policy\nlocked = ["sip.nope"]\n')
    with pytest.raises(SettingsError, match=r"sip\.nope") as caught:
        Settings(machine, tmp_path / "u.toml")
    assert caught.value.path == machine and caught.value.line == 2


def test_machine_path_override_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    machine = write(tmp_path / "policy.toml", '[ui]\nlanguage = "ru"\n')
    monkeypatch.setenv("SOFTPHONE_MACHINE_CONFIG", str(machine))
    settings = Settings.load(tmp_path / "user.toml")
    assert settings.ui.language is Language.RU
    assert [(f.role, f.path, f.found) for f in settings.files] == [
        ("machine", machine, True),
        ("user", tmp_path / "user.toml", False),
    ]


def test_missing_config_file_is_noted_and_created_on_save(tmp_path: Path) -> None:
    config = tmp_path / "mine.toml"
    settings = Settings(tmp_path / "m.toml", config, user_path_given=True)
    assert settings.missing_config == config
    settings.set(Sip.username, "1001")
    settings.save()
    assert config.exists() and settings.missing_config is None
    # the per-user default file not existing yet is normal, not worth a note
    assert Settings(tmp_path / "m.toml", tmp_path / "absent.toml").missing_config is None


def test_sip_account_is_built_from_layers(tmp_path: Path) -> None:
    from softphone.settings.sip_account import sip_account_from_settings

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
