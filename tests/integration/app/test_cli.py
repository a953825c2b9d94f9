"""The command line IT uses: --version, --config with machine-wide locks, --show-settings, and
saving the CRM token into the keyring from standard input."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

from softphone import __version__
from tests.helpers.app_process import app_env, run_app


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
    lines = dict(
        line.split(" = ", 1) for line in out.splitlines() if " = " in line and not line.startswith("#")
    )
    assert lines["domain"] == '"pbx.corp.example"  # machine, locked'  # the user cannot override
    assert lines["transport"] == '"tls"  # user'
    assert lines["username"] == '"1001"  # user'
    assert lines["port"] == "5060  # default"


def test_show_settings_is_toml_naming_the_files_read(tmp_path: Path) -> None:
    (tmp_path / "machine.toml").write_text('locked = ["ui.language"]\n[ui]\nlanguage = "ru"\n')
    user = tmp_path / "my.toml"
    user.write_text('[sip]\nstun_servers = "a.example:3478, b.example"\ndisplay_name = "Оператор \\"1\\""\n')
    done = subprocess.run(
        [sys.executable, "-m", "softphone", "--config", str(user), "--show-settings"],
        capture_output=True,
        env=app_env(tmp_path),
        timeout=60,
        check=False,
    )
    out = done.stdout.decode()
    assert done.returncode == 0, done.stderr
    assert f"# machine file: {tmp_path / 'machine.toml'}\n" in out
    assert f"# user file: {user}\n" in out
    parsed = tomllib.loads(out)
    assert parsed["version"] == 2
    assert parsed["ui"]["language"] == "ru"
    assert parsed["sip"]["stun_servers"] == ["a.example:3478", "b.example"]
    assert parsed["sip"]["display_name"] == 'Оператор "1"'
    assert parsed["sip"]["retry_max_s"] == 60.0 and parsed["crm"]["base_url"] == ""
    assert sorted(parsed) == [
        "agent",
        "audio",
        "crm",
        "headset",
        "recording",
        "sip",
        "store",
        "ui",
        "version",
    ]
    assert parsed["recording"] == {"enabled": False, "retention_days": 90}
    assert parsed["audio"]["microphone"] == [] and parsed["audio"]["follow_new_headset"] is True


def test_show_settings_says_when_the_config_file_is_missing(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.toml"
    code, out = run_app(tmp_path, "--config", str(missing), "--show-settings")
    assert code == 0, out
    assert f"# user file: {missing} (not found)" in out
    assert f"# machine file: {tmp_path / 'machine.toml'} (not found)" in out
    assert f"softphone: Settings file {missing} does not exist; using defaults." in out
    assert not missing.exists()


def test_show_settings_survives_a_closed_pipe(tmp_path: Path) -> None:
    env = app_env(tmp_path)
    piped = subprocess.run(
        f"{shlex.quote(sys.executable)} -m softphone --show-settings | head -1",
        shell=True,
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert piped.stdout.decode().startswith("# Effective softphone settings")
    assert piped.stdout.decode().count("\n") == 1
    assert b"Traceback" not in piped.stderr and b"BrokenPipe" not in piped.stderr
    # and when the reader is gone before the first write
    process = subprocess.Popen(
        [sys.executable, "-m", "softphone", "--show-settings"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    stderr = process.stderr.read()
    assert process.wait(timeout=60) == 0
    assert b"Traceback" not in stderr and b"BrokenPipe" not in stderr, stderr.decode()


def test_missing_config_file_is_logged_and_the_app_starts(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.toml"
    code, out = run_app(tmp_path, "--config", str(missing), "--exit-after", "1")
    assert code == 0, out
    assert f"Settings file {missing} does not exist; using defaults" in out


def test_broken_config_file_is_named_and_the_app_does_not_start(tmp_path: Path) -> None:
    user = tmp_path / "broken.toml"
    user.write_text("[sip\nport = \n")
    code, out = run_app(tmp_path, "--config", str(user), "--exit-after", "1")
    assert code == 2
    assert f"softphone: {user}, line 1: not valid TOML" in out
    assert "Traceback" not in out


def test_invalid_value_names_the_line(tmp_path: Path) -> None:
    user = tmp_path / "bad.toml"
    user.write_text('[sip]\nusername = "1001"\nport = 99999\n')
    code, out = run_app(tmp_path, "--config", str(user), "--exit-after", "1")
    assert code == 2
    assert f"softphone: {user}, line 3: sip.port: 99999 is above the maximum 65535" in out


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
