"""Secrets go to the keyring; with no keyring the store says so and keeps a session-only copy."""

from __future__ import annotations

import keyring
import keyring.backends.fail
import pytest

from softphone.settings.secrets import KeyringUnavailable, SecretStore


def test_password_is_saved_in_the_keyring(memory_keyring) -> None:  # type: ignore[no-untyped-def]
    store = SecretStore()
    key = SecretStore.sip_key("1001", "pbx.corp")
    store.put(key, "s3cret")
    assert memory_keyring.secrets[("softphone", key)] == "s3cret"
    assert SecretStore().get(key) == "s3cret"


def test_no_keyring_is_reported_plainly_and_session_password_works() -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    store = SecretStore()
    assert not store.keyring_available()
    key = SecretStore.sip_key("1001", "pbx.corp")
    with pytest.raises(KeyringUnavailable, match="No system keyring"):
        store.put(key, "pw")
    with pytest.raises(KeyringUnavailable):
        store.get(key)
    store.remember_for_session(key, "pw")
    assert store.get(key) == "pw"
    # a fresh store (the next session) has forgotten it
    with pytest.raises(KeyringUnavailable):
        SecretStore().get(key)
