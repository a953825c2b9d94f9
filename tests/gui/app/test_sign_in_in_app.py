"""Secrets in the assembled app: the SIP password typed at the prompt is saved only once the registrar
accepted it, a refused one is asked for again; a missing keyring and a missing CRM token are said in
the window, and signing in to the CRM from the window starts the sync."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
from pytestqt.qtbot import QtBot

from softphone.crm.link_status import LinkState
from softphone.settings.secrets import SecretStore
from tests.conftest import MemoryKeyring
from tests.helpers.app_in_process import InProcessApp
from tests.helpers.crm_server import CrmServer, running_crm_server
from tests.helpers.kamailio import Kamailio

SIP_KEY = SecretStore.sip_key("1001", "127.0.0.1")


def operator_settings(kamailio: Kamailio) -> str:
    return f'[sip]\nusername = "1001"\ndomain = "127.0.0.1"\nport = {kamailio.port}\nwatch_network = false\n'


@pytest.mark.sip
def test_a_typed_password_is_saved_only_after_the_registrar_accepts_it(
    qtbot: QtBot, run_app: Callable[..., InProcessApp], kamailio: Kamailio, memory_keyring: MemoryKeyring
) -> None:
    async def sign_in(app: InProcessApp) -> None:
        window = app.parts.main_window
        await app.until(lambda: app.parts.password_prompt is not None, what="password prompt")
        prompt = app.parts.password_prompt
        assert "Password for 1001@127.0.0.1" in prompt.labelText()
        prompt.setTextValue("wrong-password")
        prompt.accept()
        await app.until(lambda: app.parts.password_prompt is not prompt, what="asked again")
        again = app.parts.password_prompt
        assert "refused the password" in again.labelText()
        assert window.registration.label.text() != "Registered"
        assert SecretStore().get(SIP_KEY) is None  # the wrong one never reached the keyring
        again.setTextValue("1001pw")
        again.accept()
        await app.until(lambda: window.registration.label.text() == "Registered", what="registered")
        await app.until(lambda: SecretStore().get(SIP_KEY) == "1001pw", what="saved after REGISTER")

    run_app(operator_settings(kamailio), sign_in)


@pytest.mark.sip
def test_a_saved_password_the_registrar_refuses_asks_again(
    qtbot: QtBot, run_app: Callable[..., InProcessApp], kamailio: Kamailio
) -> None:
    SecretStore().put(SIP_KEY, "outdated")

    async def refused(app: InProcessApp) -> None:
        await app.until(lambda: app.parts.password_prompt is not None, what="password prompt")
        assert "refused the password" in app.parts.password_prompt.labelText()

    run_app(operator_settings(kamailio), refused)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    yield
    keyring.set_keyring(previous)


def test_no_keyring_is_said_in_the_window(
    qtbot: QtBot, run_app: Callable[..., InProcessApp], no_keyring: None
) -> None:
    async def look(app: InProcessApp) -> None:
        notice = app.parts.main_window.keyring_notice
        assert notice is not None and notice.isVisible()
        assert "No system keyring" in notice.text()

    run_app("", look)


@pytest.fixture
def crm_server(tmp_path: Path) -> Iterator[CrmServer]:
    with running_crm_server(tmp_path / "crm", token="the-right-token") as server:
        yield server


def test_no_crm_token_is_said_and_signing_in_from_the_window_syncs(
    qtbot: QtBot, run_app: Callable[..., InProcessApp], crm_server: CrmServer
) -> None:
    settings = f'[crm]\nbase_url = "{crm_server.base_url}"\n[sip]\nwatch_network = false\n'

    async def sign_in(app: InProcessApp) -> None:
        indicator = app.parts.main_window.crm
        await app.until(lambda: indicator.label.text() == "CRM: no access token saved", what="no token")
        assert "--store-crm-token" in indicator.toolTip()
        assert indicator.sign_in_button.isVisible()
        indicator.sign_in_button.click()
        await app.until(lambda: app.parts.main_window.findChild(object, "crmTokenPrompt") is not None)
        prompt = app.parts.main_window.findChild(object, "crmTokenPrompt")
        prompt.setTextValue("the-right-token")
        prompt.accept()
        await app.until(lambda: app.parts.link_status.snapshot.state == LinkState.ONLINE, 30, "synced")
        assert SecretStore().get(SecretStore.crm_key(crm_server.base_url)) == "the-right-token"
        assert not indicator.sign_in_button.isVisible()

    run_app(settings, sign_in)
