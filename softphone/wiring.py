"""The start-up steps of the composition root, in order, each returning how to undo itself.

Kept apart from ``app.py`` so that the lifecycle machinery and the list of parts each stay
readable. Every step takes the ``Application`` and stores what it built in ``app.parts``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from softphone.settings.secrets import KeyringUnavailable, SecretStore
from softphone.settings.sip_account import sip_account_from_settings
from softphone.sip.events import RegistrationChanged, RegistrationState, SipAccountSettings

if TYPE_CHECKING:
    from softphone.app import Application, Undo

log = logging.getLogger("softphone.app")


def startup_steps(app: Application) -> list[tuple[str, Callable[[], Any]]]:
    steps: list[tuple[str, Callable[[], Any]]] = [
        ("translations", lambda: _translations(app)),
        ("secrets", lambda: _secrets(app)),
        ("local store", lambda: _store(app)),
        ("central CRM link", lambda: _crm(app)),
        ("SIP engine", lambda: _sip_engine(app)),
        ("call history", lambda: _call_history(app)),
        ("main window", lambda: _main_window(app)),
        ("SIP account", lambda: _sip_account(app)),
        ("network watcher", lambda: _network_watcher(app)),
    ]
    if app.args.demo:
        steps.append(("demo callers", lambda: _demo_callers(app)))
    return steps


def _translations(app: Application) -> None:
    from softphone.ui.i18n import install_translator

    install_translator(app.qt_app, app.settings["ui.language"])


def _secrets(app: Application) -> None:
    secrets = SecretStore()
    app.parts["secrets"] = secrets
    if not secrets.keyring_available():
        log.warning("no system keyring: passwords will be asked for each session")


def _store(app: Application) -> Undo:
    from softphone.store.db import open_store

    configured = app.settings["store.path"]
    path = app.data_dir / ("demo.sqlite3" if app.args.demo else "softphone.sqlite3")
    if configured and not app.args.demo:
        from pathlib import Path

        path = Path(configured)
    path.parent.mkdir(parents=True, exist_ok=True)
    store = open_store(path)
    app.parts["store"] = store
    return store.close


def _crm(app: Application) -> Undo | None:
    from softphone.crm_link import start_crm_link

    return start_crm_link(app)


def _sip_engine(app: Application) -> Undo:
    from softphone.sip.engine import SipEngine
    from softphone.ui.sip_bridge import SipBridge

    bridge, engine = SipBridge.with_engine(SipEngine, log_level=app.settings["sip.log_level"])
    engine.start()
    app.parts["sip_bridge"] = bridge
    app.parts["sip_engine"] = engine

    def stop() -> None:
        bridge.attach(None)
        engine.stop()

    return stop


def _call_history(app: Application) -> None:
    from softphone.store.call_history import CallHistoryRecorder, CallHistoryRepository

    store = app.parts["store"]
    recorder = CallHistoryRecorder(store)
    app.parts["call_history"] = CallHistoryRepository(store)
    app.parts["sip_bridge"].event_dispatched.connect(recorder.on_sip_event)


def _main_window(app: Application) -> Undo:
    from softphone.ui.main_window import MainWindow

    window = MainWindow(
        app.parts["sip_bridge"],
        history=app.parts["call_history"],
        link_status=app.parts.get("link_status"),
        region=app.settings["ui.default_region"],
        use_tray=app.settings["ui.tray_notifications"],
        ringtone_enabled=app.settings["ui.ringtone"],
    )
    window.set_account_editor(lambda: _edit_account(app))
    sync, delivery = app.parts.get("crm_sync"), app.parts.get("crm_delivery")
    if sync is not None and delivery is not None:
        window.set_crm_actions(sync.request_sync, lambda: _open_outbox_problems(app))
    window.show()
    app.parts["main_window"] = window

    def close() -> None:
        window.close()

    return close


def _open_outbox_problems(app: Application) -> None:
    from softphone.ui.crm.outbox_problems import OutboxProblemsDialog

    dialog = app.parts.get("outbox_problems_dialog")
    if dialog is None:
        dialog = OutboxProblemsDialog(
            app.parts["store"], on_resolved=app.parts["crm_delivery"].notify, parent=app.parts["main_window"]
        )
        app.parts["outbox_problems_dialog"] = dialog
    dialog.refresh()
    dialog.show()
    dialog.raise_()


def _demo_account(app: Application) -> SipAccountSettings:
    from softphone.demo.launch import DemoPorts, operator_account

    ports: DemoPorts = app.parts.setdefault("demo_ports", DemoPorts.pick())
    return operator_account(ports)


def _sip_account(app: Application) -> None:
    engine = app.parts["sip_engine"]
    if app.args.demo:
        engine.configure_account(_demo_account(app), "")
        return
    account = sip_account_from_settings(app.settings)
    if account is None:
        app.parts["sip_bridge"].post_event(
            RegistrationChanged(RegistrationState.UNREGISTERED, reason="No SIP account configured")
        )
        return
    secrets: SecretStore = app.parts["secrets"]
    key = SecretStore.sip_key(account.username, account.domain)
    try:
        password = secrets.get(key)
    except KeyringUnavailable as exc:
        log.warning("%s", exc)
        password = None
    if password is not None:
        engine.configure_account(account, password)
        return
    app.parts["sip_bridge"].post_event(
        RegistrationChanged(RegistrationState.FAILED, reason="No SIP password saved for this account")
    )
    if app.args.exit_after is not None:  # unattended runs never wait on a dialog
        return
    from softphone.ui.settings.password_prompt import ask_password

    def on_answer(answer: str) -> None:
        try:
            secrets.put(key, answer)
        except KeyringUnavailable:
            secrets.remember_for_session(key, answer)
        engine.configure_account(account, answer)

    app.parts["password_prompt"] = ask_password(
        app.parts.get("main_window"), account.username, account.domain, on_answer
    )


def _edit_account(app: Application) -> None:
    from softphone.ui.settings.account_dialog import AccountDialog

    dialog = AccountDialog(app.settings, app.parts["secrets"], app.parts.get("main_window"))
    if dialog.exec():
        _sip_account(app)


def _network_watcher(app: Application) -> Undo | None:
    if not app.settings["sip.watch_network"] or app.args.demo:
        return None
    from softphone.sip.network_watch import NetworkWatcher

    watcher = NetworkWatcher(on_change=app.parts["sip_engine"].handle_ip_change)
    watcher.start()
    return watcher.stop


def _demo_callers(app: Application) -> Undo:
    from softphone.demo.launch import DemoPorts, start_callers

    crm = app.parts.get("embedded_crm")
    ports: DemoPorts = app.parts.setdefault("demo_ports", DemoPorts.pick())
    return start_callers(ports, crm.base_url if crm else "", crm.token if crm else "")
