"""Root test configuration: an in-memory keyring for every test, offscreen Qt."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator

import keyring
import keyring.backend
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import softphone.ui  # noqa: F401  (applies the Qt guard before any test imports PySide6 widgets)
from softphone.sip.owner_loop import prefer_prompt_thread_switches


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A real keyring backend that keeps secrets in memory for the test's lifetime."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def app_thread_switching() -> Iterator[None]:
    """The GIL hand-over interval the app sets at start-up (softphone/app.py), for this test only."""
    previous = prefer_prompt_thread_switches()
    yield
    sys.setswitchinterval(previous)
