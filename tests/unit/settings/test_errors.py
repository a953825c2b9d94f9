"""Settings errors name the file, the line and the reason, for syntax errors and bad values."""

from __future__ import annotations

from pathlib import Path

import pytest

from softphone.settings.files import line_of
from softphone.settings.layered import Settings, SettingsError


def load_user(tmp_path: Path, text: str) -> SettingsError:
    user = tmp_path / "u.toml"
    user.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        Settings(tmp_path / "m.toml", user)
    assert caught.value.path == user
    return caught.value


def test_broken_toml_gives_the_line_of_the_syntax_error(tmp_path: Path) -> None:
    error = load_user(tmp_path, '[sip]\nusername = "1001"\nport = \n')
    assert error.line == 3
    assert "not valid TOML" in error.reason and "line" not in error.reason
    assert str(error) == f"{tmp_path / 'u.toml'}, line 3: {error.reason}"


def test_bad_choice_gives_the_line_of_the_key(tmp_path: Path) -> None:
    error = load_user(
        tmp_path, '# mine\n[ui]\nlanguage = "ru"\n\n[sip]\nport = 5060\ntransport = "carrier-pigeon"\n'
    )
    assert error.line == 7
    assert error.reason == "sip.transport: 'carrier-pigeon' is not one of udp, tcp, tls"


def test_wrong_type_and_out_of_range_values_are_reported(tmp_path: Path) -> None:
    assert load_user(tmp_path, 'version = 2\n[sip]\nport = "x"\n').line == 3
    error = load_user(tmp_path, "version = 2\n[sip]\n\nlog_level = 9\n")
    assert (error.line, error.reason) == (4, "sip.log_level: 9 is above the maximum 6")
    assert "true or false" in load_user(tmp_path, 'version = 2\n[sip]\nice = "maybe"\n').reason


def test_line_of_finds_dotted_and_quoted_keys() -> None:
    text = 'version = 2\nsip.port = 1\n[ui]\n"language" = "ru"\n[ crm ]  # comment\nbase_url="x"\n'
    assert line_of(text, "version") == 1
    assert line_of(text, "sip.port") == 2
    assert line_of(text, "ui.language") == 4
    assert line_of(text, "crm.base_url") == 6
    assert line_of(text, "crm.timeout_s") is None
