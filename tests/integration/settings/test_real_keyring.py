"""The SIP password round-trips through a real GNOME Keyring over D-Bus, and a machine with
no keyring at all gets the plain "no keyring" answer instead of a crash."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = """
import sys
from softphone.settings.secrets import KeyringUnavailable, SecretStore
store = SecretStore(service="softphone-test")
key = SecretStore.sip_key("1001", "pbx.test")
try:
    if sys.argv[1] == "put":
        store.put(key, "s3cret-pw")
    print("GOT", store.get(key))
except KeyringUnavailable as exc:
    print("UNAVAILABLE", exc)
"""

pytestmark = pytest.mark.skipif(
    not (shutil.which("dbus-run-session") and shutil.which("gnome-keyring-daemon")),
    reason="needs dbus and gnome-keyring (installed by scripts/setup-debian)",
)


def run_with_gnome_keyring(mode: str, home: Path) -> str:
    shell = (
        'eval "$(printf unlock-pw | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)"; '
        f'"{sys.executable}" -c "$SCRIPT" {mode}'
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHON_KEYRING_BACKEND"}
    env["SCRIPT"] = SCRIPT
    env["HOME"] = str(home)  # a keyring of our own, not the machine user's
    env["XDG_DATA_HOME"] = str(home / "data")
    result = subprocess.run(
        ["dbus-run-session", "--", "sh", "-c", shell],
        capture_output=True, text=True, timeout=60, env=env, check=False,
    )  # fmt: skip
    return result.stdout


def test_password_round_trips_through_gnome_keyring(tmp_path: Path) -> None:
    out = run_with_gnome_keyring("put", tmp_path)
    assert "GOT s3cret-pw" in out, out


def test_without_any_keyring_the_answer_is_plain() -> None:
    env = {
        k: v for k, v in os.environ.items() if k not in {"DBUS_SESSION_BUS_ADDRESS", "PYTHON_KEYRING_BACKEND"}
    }
    env["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=/nonexistent/bus"
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, "put"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "UNAVAILABLE" in result.stdout
    assert "keyring" in result.stdout.lower()
