"""Secrets (SIP password, CRM token) in the OS keyring, never in files or logs.

With no usable keyring backend the store says so plainly (``KeyringUnavailable``)
and the UI asks for the password for this session only; ``SessionSecrets`` keeps
such answers in memory and forgets them on exit.
"""

from __future__ import annotations

import logging

import keyring
import keyring.backends.fail
import keyring.errors

log = logging.getLogger(__name__)

SERVICE = "softphone"


class KeyringUnavailable(Exception):
    """No OS keyring backend: secrets cannot be stored, ask per session."""


class SecretStore:
    """Keyring-backed secrets, with an in-memory fallback for the current session."""

    def __init__(self, service: str = SERVICE) -> None:
        self._service = service
        self._session: dict[str, str] = {}

    @staticmethod
    def sip_key(username: str, domain: str) -> str:
        return f"sip:{username}@{domain}"

    @staticmethod
    def crm_key(base_url: str) -> str:
        return f"crm-token:{base_url}"

    def keyring_available(self) -> bool:
        backend = keyring.get_keyring()
        priority = getattr(backend, "priority", 0)
        return not isinstance(backend, keyring.backends.fail.Keyring) and float(priority) > 0

    def get(self, key: str) -> str | None:
        """The secret, from this session's answers first, then the keyring."""
        if key in self._session:
            return self._session[key]
        try:
            return keyring.get_password(self._service, key)
        except keyring.errors.NoKeyringError as exc:
            raise KeyringUnavailable(_no_keyring_message()) from exc
        except keyring.errors.KeyringError as exc:
            raise KeyringUnavailable(f"The system keyring failed: {exc}") from exc

    def put(self, key: str, secret: str) -> None:
        """Save in the keyring. Raises KeyringUnavailable when there is none."""
        try:
            keyring.set_password(self._service, key, secret)
        except keyring.errors.NoKeyringError as exc:
            raise KeyringUnavailable(_no_keyring_message()) from exc
        except keyring.errors.KeyringError as exc:
            raise KeyringUnavailable(f"The system keyring failed: {exc}") from exc
        self._session.pop(key, None)

    def remember_for_session(self, key: str, secret: str) -> None:
        """Keep a secret in memory only (no keyring): it is gone when the app exits."""
        self._session[key] = secret

    def delete(self, key: str) -> None:
        self._session.pop(key, None)
        try:
            keyring.delete_password(self._service, key)
        except keyring.errors.PasswordDeleteError:
            pass
        except keyring.errors.NoKeyringError as exc:
            raise KeyringUnavailable(_no_keyring_message()) from exc


def _no_keyring_message() -> str:
    return (
        "No system keyring is available (on Linux: GNOME Keyring or KWallet over D-Bus). "
        "Passwords cannot be saved; you will be asked for them each session."
    )
