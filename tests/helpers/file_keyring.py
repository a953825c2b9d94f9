"""A keyring backend for app subprocesses in tests: secrets in a JSON file named by an env variable.

Selected with ``PYTHON_KEYRING_BACKEND=tests.helpers.file_keyring.FileKeyring`` and
``SOFTPHONE_TEST_KEYRING=/tmp/.../keyring.json``, so a test can put a CRM token in the keyring of a
``python -m softphone`` child. The real GNOME Keyring is exercised in
``tests/integration/settings/test_real_keyring.py``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import keyring.backend


class FileKeyring(keyring.backend.KeyringBackend):
    priority = 1  # type: ignore[assignment]

    @staticmethod
    def _path() -> Path:
        return Path(os.environ["SOFTPHONE_TEST_KEYRING"])

    def _load(self) -> dict[str, str]:
        path = self._path()
        return json.loads(path.read_text()) if path.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}\x00{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}\x00{username}"] = password
        self._path().write_text(json.dumps(data))

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        data.pop(f"{service}\x00{username}", None)
        self._path().write_text(json.dumps(data))
