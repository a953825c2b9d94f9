"""Bringing the operator's SIP account online, and the password's one way into the keyring.

The password comes from the keyring, or else the operator types it. A typed password is used at
once but saved only after the registrar accepted it (REGISTERED): a mistyped one must not fail on
every later start. When the registrar refuses the password (401/403/407), whether typed or from the
keyring, the operator is asked again with the reason. Without a keyring a password is kept for the
session only, and the window says so.

Qt-free: the composition root passes the engine, the secret store, and ``ask_password`` (the UI's
prompt, or None for unattended runs); registration events arrive through ``on_registration_changed``
on the GUI thread.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from softphone.settings.secrets import KeyringUnavailable, SecretStore
from softphone.sip.events import RegistrationChanged, RegistrationState, SipAccountSettings
from softphone.sip.registration_problem import RegistrationProblem

log = logging.getLogger("softphone.sip_login")

REFUSED_CODES = frozenset({401, 403, 407})


class PasswordWhy(enum.StrEnum):
    MISSING = "missing"  # nothing saved yet for this account
    REFUSED = "refused"  # the registrar refused the password we sent


@dataclass(frozen=True, slots=True)
class PasswordRequest:
    username: str
    domain: str
    why: PasswordWhy


class AccountEngine(Protocol):
    def configure_account(self, settings: SipAccountSettings, password: str) -> None: ...


class SipLogin:
    def __init__(
        self,
        engine: AccountEngine,
        secrets: SecretStore,
        report: Callable[[RegistrationChanged], None],
        ask_password: Callable[[PasswordRequest], None] | None,
    ) -> None:
        self._engine = engine
        self._secrets = secrets
        self._report = report
        self._ask_password = ask_password
        self._account: SipAccountSettings | None = None
        self._unconfirmed: str | None = None  # typed, sent, not yet accepted by the registrar
        self.session_only = False  # no keyring: the password lives in memory for this session

    @property
    def account(self) -> SipAccountSettings | None:
        return self._account

    def start(self, account: SipAccountSettings | None, typed_password: str | None = None) -> None:
        """(Re)configure ``account``: with ``typed_password`` (settings dialog) if given, else the
        keyring's password if there is one, else ask."""
        self._account = account
        self._unconfirmed = None
        if account is not None and account.register and typed_password:
            self.password_entered(typed_password)
            return
        if account is None:
            self._report(
                RegistrationChanged(
                    RegistrationState.UNREGISTERED,
                    reason="No SIP account configured",
                    problem=RegistrationProblem.NO_ACCOUNT,
                )
            )
            return
        if not account.register:  # direct mode (demo, direct IP calls): no password involved
            self._engine.configure_account(account, "")
            return
        try:
            password = self._secrets.get(self._key(account))
        except KeyringUnavailable as exc:
            log.warning("%s", exc)
            self.session_only = True
            password = None
        if password is not None:
            self._engine.configure_account(account, password)
            return
        self._report(
            RegistrationChanged(
                RegistrationState.FAILED,
                reason="No SIP password saved for this account",
                problem=RegistrationProblem.NO_PASSWORD,
                host=account.domain,
            )
        )
        self._ask(PasswordWhy.MISSING)

    def password_entered(self, password: str) -> None:
        """The operator typed a password: try it; it is saved once the registrar accepts it."""
        if self._account is None or not password:
            return
        self._unconfirmed = password
        self._engine.configure_account(self._account, password)

    def on_registration_changed(self, event: RegistrationChanged) -> None:
        account = self._account
        if account is None:
            return
        if event.state == RegistrationState.REGISTERED and self._unconfirmed is not None:
            self._save(account, self._unconfirmed)
            self._unconfirmed = None
        elif event.state == RegistrationState.FAILED and event.code in REFUSED_CODES:
            log.warning("registrar refused the SIP password (%d)", event.code)
            self._unconfirmed = None
            self._ask(PasswordWhy.REFUSED)

    def _save(self, account: SipAccountSettings, password: str) -> None:
        key = self._key(account)
        try:
            self._secrets.put(key, password)
            log.info("SIP password accepted by the registrar and saved in the system keyring")
        except KeyringUnavailable:
            self.session_only = True
            self._secrets.remember_for_session(key, password)
            log.warning("SIP password accepted; no system keyring, kept for this session only")

    def _ask(self, why: PasswordWhy) -> None:
        if self._ask_password is not None and self._account is not None:
            self._ask_password(PasswordRequest(self._account.username, self._account.domain, why))

    @staticmethod
    def _key(account: SipAccountSettings) -> str:
        return SecretStore.sip_key(account.username, account.domain)
