"""The command line IT uses: --version, --config with machine-wide locks, --show-settings, and
saving the CRM token into the keyring from standard input."""

from __future__ import annotations

import json
from pathlib import Path

from softphone import __version__
from tests.helpers.app_process import run_app


def test_version_prints_the_package_version(tmp_path: Path) -> None:
    code, out = run_app(tmp_path, "--version")
    assert code == 0
    assert out.strip() == f"softphone {__version__}"


def test_config_file_and_machine_locks_are_layered(tmp_path: Path) -> None:
    (tmp_path / "machine.toml").write_text(
        'locked = ["sip.domain"]\n[sip]\ndomain = "pbx.corp.example"\ntransport = "tcp"\n'
    )
    user = tmp_path / "my.toml"
    user.write_text('[sip]\ndomain = "evil.example"\ntransport = "tls"\nusername = "1001"\n')
    code, out = run_app(tmp_path, "--config", str(user), "--show-settings")
    assert code == 0, out
    lines = dict(line.split(" = ", 1) for line in out.splitlines() if " = " in line)
    assert lines["sip.domain"] == "'pbx.corp.example'  # machine, locked"  # the user cannot override
    assert lines["sip.transport"] == "'tls'  # user"
    assert lines["sip.username"] == "'1001'  # user"
    assert lines["sip.port"] == "5060  # default"


def test_broken_config_file_is_named_and_the_app_does_not_start(tmp_path: Path) -> None:
    user = tmp_path / "broken.toml"
    user.write_text("[sip\nport = \n")
    code, out = run_app(tmp_path, "--config", str(user), "--exit-after", "1")
    assert code == 2
    assert "broken.toml" in out


def test_crm_token_goes_to_the_keyring_not_to_a_file(tmp_path: Path) -> None:
    user = tmp_path / "user.toml"
    user.write_text('[crm]\nbase_url = "https://crm.example.test"\n')
    code, out = run_app(tmp_path, "--config", str(user), "--store-crm-token", stdin="tok-123\n")
    assert code == 0, out
    saved = json.loads((tmp_path / "keyring.json").read_text())
    assert list(saved.values()) == ["tok-123"]
    assert "tok-123" not in user.read_text()
    assert "tok-123" not in out


def test_crm_token_without_keyring_is_refused_plainly(tmp_path: Path) -> None:
    user = tmp_path / "user.toml"
    user.write_text('[crm]\nbase_url = "https://crm.example.test"\n')
    code, out = run_app(
        tmp_path,
        "--config",
        str(user),
        "--store-crm-token",
        stdin="tok-123\n",
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )
    assert code == 1
    assert "keyring" in out.lower()
    assert "Traceback" not in out
