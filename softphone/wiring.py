"""The start-up steps of the composition root, in order, each returning how to undo itself.

Kept apart from ``app.py`` so that the lifecycle machinery and the list of parts each stay
readable. Only wiring lives here: every step builds a part, stores it on ``app.parts`` (typed,
``softphone/parts.py``) and connects it to the parts built before it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from softphone import wiring_agent
from softphone.settings.secrets import SecretStore
from softphone.settings.sip_account import sip_account_from_settings

if TYPE_CHECKING:
    from softphone.app import Application, Undo
    from softphone.sip.events import SipAccountSettings
    from softphone.sip_login import PasswordRequest

log = logging.getLogger("softphone.app")


def startup_steps(app: Application) -> list[tuple[str, Callable[[], Any]]]:
    steps: list[tuple[str, Callable[[], Any]]] = [
        ("translations", lambda: _translations(app)),
        ("GUI thread hand-over", lambda: _gui_thread(app)),
        ("secrets", lambda: _secrets(app)),
        ("local store", lambda: _store(app)),
        ("central CRM link", lambda: _crm(app)),
        ("live calls", lambda: _live_calls(app)),
        ("outbound tasks", lambda: _outbound_tasks(app)),
        ("screen-pop", lambda: _screen_pop(app)),
        ("call scripts and interaction log", lambda: _call_scripts(app)),
        ("agent state and wrap-up", lambda: wiring_agent.agent_work(app)),
        ("audio bridge", lambda: _audio_bridge(app)),
        ("SIP engine", lambda: _sip_engine(app)),
        ("call recordings", lambda: _call_recordings(app)),
        ("main window", lambda: _main_window(app)),
        ("sound devices", lambda: _sound_devices(app)),
        ("call self-review", lambda: _self_review(app)),
        ("headset", lambda: _headset(app)),
        ("order editor", lambda: _order_editor(app)),
        ("script panel", lambda: _script_panel(app)),
        ("task list", lambda: _task_list(app)),
        ("agent bar and wrap-up form", lambda: wiring_agent.agent_bar(app)),
        ("SIP account", lambda: _sip_account(app)),
        ("network watcher", lambda: _network_watcher(app)),
    ]
    if app.args.demo:
        steps.append(("demo callers", lambda: _demo_callers(app)))
    return steps


def _translations(app: Application) -> None:
    from softphone.ui.i18n import install_translator

    install_translator(app.qt_app, app.settings.ui.language)


def _gui_thread(app: Application) -> None:
    from softphone.ui.gui_thread import GuiThread

    app.parts.gui_thread = GuiThread(app.qt_app)


def _secrets(app: Application) -> None:
    app.parts.secrets = SecretStore()
    if not app.parts.secrets.keyring_available():
        log.warning("no system keyring: passwords will be asked for each session")


def _store(app: Application) -> Undo:
    from softphone.store.db import open_store
    from softphone.store.jobs import StoreJobs

    configured = app.settings.store.path
    path = app.data_dir / ("demo.sqlite3" if app.args.demo else "softphone.sqlite3")
    if configured and not app.args.demo:
        path = Path(configured)
    path.parent.mkdir(parents=True, exist_ok=True)
    store = open_store(path)
    app.parts.store = store
    app.parts.store_read_only = store.write_problem()
    if app.parts.store_read_only is not None:
        log.error("%s: edits cannot be saved", app.parts.store_read_only)
    jobs = app.parts.store_jobs = StoreJobs(deliver=app.parts.gui_thread.post)

    def close() -> None:
        jobs.close()
        store.close()

    return close


def _crm(app: Application) -> Undo:
    from softphone.crm.link_status import LinkStatus
    from softphone.crm_link import CrmLink

    status = app.parts.link_status = LinkStatus()
    link = app.parts.crm_link = CrmLink(
        status, app.parts.store, app.parts.secrets, app.keep_task, auth_retry_s=app.settings.crm.auth_retry_s
    )
    base_url = app.settings.crm.base_url.strip()
    embedded = app.args.demo or not base_url
    link.start(
        base_url,
        embedded_dir=app.data_dir / "embedded-crm" if embedded else None,
        timeout_s=app.settings.crm.timeout_s,
        ca_file=app.settings.crm.ca_file,
        sync_interval_s=app.settings.crm.sync_interval_s,
    )
    return link.stop


def _live_calls(app: Application) -> None:
    from softphone.store.call_history import CallHistoryRepository
    from softphone.workspace.call_recorder import CallHistoryRecorder
    from softphone.workspace.sessions import CallSessions

    sessions = app.parts.sessions = CallSessions()
    app.parts.call_history = CallHistoryRepository(app.parts.store)
    recorder = app.parts.call_recorder = CallHistoryRecorder(
        app.parts.call_history,
        app.parts.store_jobs,
        region=app.settings.ui.default_region,
        on_recorded=lambda _ids: _refresh_history(app),
    )
    sessions.subscribe(recorder.on_session_change)  # the registry keeps the recorder alive


def _outbound_tasks(app: Application) -> None:
    """Before screen-pop and the scripts: a call dialled for a task carries it when they hear it."""
    from softphone.workspace.outbound.board import TaskBoard

    link = app.parts.crm_link
    board = app.parts.task_board = TaskBoard(
        app.parts.store,
        app.parts.store_jobs,
        crm=lambda: link.api,
        keep_task=app.keep_task,
        request_sync=link.sync.request_sync if link.sync is not None else None,
    )
    app.parts.sessions.subscribe(board.on_session_change)  # the registry keeps it alive
    seen: list[object] = [None, None]

    def on_status(snapshot: Any) -> None:  # the feed applied changes, or our outbox moved
        now = [snapshot.last_sync_at, snapshot.pending_outbox]
        if now != seen:
            seen[:] = now
            board.refresh()

    app.parts.link_status.subscribe(app.parts.gui_thread.wrap(on_status))
    board.refresh()


def _task_list(app: Application) -> None:
    window = app.parts.main_window
    if window is None:
        return
    from softphone.ui.outbound.task_tab import install_task_tab

    board = app.parts.task_board
    app.parts.task_list = install_task_tab(window, board, app.parts.order_opener)
    panel, desk = app.parts.script_panel, app.parts.script_desk
    if panel is not None:
        from softphone.workspace.call_context import CallCustomer, CustomerMatch

        def preview(row: Any) -> None:  # the task's script, to read before dialling
            if row.customer_id is not None:
                who = CallCustomer(
                    CustomerMatch.CHOSEN, row.phone, row.customer_id, row.customer_crm_id, row.customer_name
                )
                panel.show_preview(desk.preview(who, row.kind))

        board.on_claimed(preview)


def _script_actions(app: Application) -> None:
    """The script steps' actions: each one whose part exists gets its handler, the rest stay disabled."""
    panel, window = app.parts.script_panel, app.parts.main_window
    if panel is None or window is None:
        return
    from softphone.ui.outbound.task_tab import wire_script_actions
    from softphone.workspace.outbound.script_actions import ScriptActions

    sessions, orders, wrap_up = app.parts.sessions, app.parts.order_opener, app.parts.wrap_up
    wire_script_actions(window, panel, lambda tell: ScriptActions(sessions, orders, wrap_up, tell))


def _screen_pop(app: Application) -> None:
    from softphone.workspace.customer_loader import CustomerLoader
    from softphone.workspace.screen_pop import ScreenPop

    link = app.parts.crm_link
    loader = app.parts.customers = CustomerLoader(
        app.parts.store, app.parts.store_jobs, crm=lambda: link.api, keep_task=app.keep_task
    )
    pop = app.parts.screen_pop = ScreenPop(
        app.parts.sessions, loader, app.parts.store_jobs, region=app.settings.ui.default_region
    )
    app.parts.sessions.subscribe(pop.on_session_change)  # the registry keeps it alive


def _call_scripts(app: Application) -> None:
    from softphone.workspace.interaction_log import InteractionLog
    from softphone.workspace.scripts.desk import ScriptDesk

    desk = app.parts.script_desk = ScriptDesk(app.parts.store, app.parts.store_jobs)

    def call_logged(call_id: int, interaction_id: int) -> None:  # GUI thread
        if app.parts.call_recordings is not None:
            app.parts.call_recordings.on_call_logged(call_id, interaction_id)
        _refresh_history(app)  # Recent calls: the call is now linked to its interaction

    log_ = app.parts.interaction_log = InteractionLog(
        app.parts.store, app.parts.store_jobs, on_call_logged=app.parts.gui_thread.wrap(call_logged)
    )
    app.parts.sessions.subscribe(desk.on_session_change)  # the registry keeps both alive
    app.parts.sessions.subscribe(log_.on_session_change)
    log_.complete_drafts()  # answers of a call the app stopped in (a crash) are not lost


def _script_panel(app: Application) -> None:
    window = app.parts.main_window
    if window is None:
        return
    from softphone.ui.workspace.script_panel import ScriptPanel

    panel = app.parts.script_panel = ScriptPanel(app.parts.script_desk, app.parts.sessions)
    window.set_script_panel(panel)
    _script_actions(app)


def _order_editor(app: Application) -> None:
    """The order editor beside the customer card; saved orders hang on their call (``OrderDesk``)."""
    from softphone.workspace.orders.desk import OrderDesk

    desk = app.parts.order_desk = OrderDesk(app.parts.sessions, lambda: app.parts.crm_link.api)
    app.parts.sessions.subscribe(desk.on_session_change)  # the registry keeps it alive
    window = app.parts.main_window
    if window is None:
        return
    from softphone.ui.orders.order_editor import OrderEditorPanel

    editor = app.parts.order_editor = OrderEditorPanel(
        app.parts.store,
        app.parts.store_jobs,
        desk,
        slots=lambda *a: _delivery_slots(app, desk, *a),
        escalation=app.parts.wrap_up,
    )
    app.parts.order_opener = editor  # the task list's abandoned carts and the script's "open order"
    window.set_order_editor(editor)
    card = window.workspace.card
    card.new_order_requested.connect(editor.new_order)
    card.order_open_requested.connect(editor.request_order)  # the order being edited is not reloaded
    editor.opened.connect(window.show_order_page)
    _offer_unsaved_orders(window, editor)
    editor.order_saved.connect(
        lambda _oid: window.workspace.refresh_customer(editor.draft.customer_id) if editor.draft else None
    )
    window.lines.line_added.connect(lambda _cid: window.centre_tabs.setCurrentIndex(0))  # a call: its card


def _offer_unsaved_orders(window: Any, editor: Any) -> None:
    """An order left unsaved (a call's order opened over it) is offered above the customer panel."""
    bar = window.workspace.draft_bar

    def back() -> None:
        editor.back_to_draft()
        window.show_order_page()

    def offer() -> None:
        what = editor.unsaved_what()
        if what is None:
            bar.withdraw("order")
        else:
            bar.offer("order", what, back)

    editor.unsaved_changed.connect(offer)


def _delivery_slots(
    app: Application, desk: Any, service_id: str, day: Any, city: Any, ok: Any, failed: Any
) -> None:
    """Ask the CRM for delivery slots on the asyncio loop (the GUI thread's); answers come back there."""
    from softphone.workspace.orders.desk import SlotsUnavailable

    async def ask() -> None:
        try:
            slots = await desk.delivery_slots(service_id, day, city)
        except SlotsUnavailable as exc:
            failed(str(exc))
            return
        ok(slots)

    app.keep_task(ask(), "delivery-slots")


def _refresh_history(app: Application) -> None:
    if app.parts.main_window is not None:
        app.parts.main_window.history.refresh()


def _audio_bridge(app: Application) -> None:
    from softphone.audio.bridge import AudioBridge

    app.parts.audio_bridge = AudioBridge()  # lives as long as the app: the engine's port feeds it


def _sip_engine(app: Application) -> Undo:
    from softphone.sip.engine import SipEngine
    from softphone.ui.sip_bridge import SipBridge

    bridge, engine = SipBridge.with_engine(
        SipEngine,
        app.parts.gui_thread,
        app.parts.sessions,
        log_level=app.settings.sip.log_level,
        audio=app.parts.audio_bridge,
    )
    bridge.on_engine_thread(app.parts.screen_pop.prefetch)  # the look-up starts before the hand-over
    engine.start()
    app.parts.sip_bridge = bridge
    app.parts.sip_engine = engine

    def stop() -> None:
        bridge.attach(None)
        engine.stop()

    return stop


def _call_recordings(app: Application) -> Undo:
    """Calls recorded by policy (``recording.enabled``, the shop's ``record_calls``); files under the
    data folder, compressed on their own worker, cleaned up at start-up and daily; each one noted in
    the store before it starts, so those a killed run left are filed at the next start."""
    from PySide6.QtCore import QTimer

    from softphone.store import call_reviews
    from softphone.store.jobs import StoreJobs
    from softphone.workspace import recordings
    from softphone.workspace.call_recordings import CallRecordings
    from softphone.workspace.recording_recovery import RecordingLedger

    bridge = app.parts.sip_bridge
    files = StoreJobs(app.parts.gui_thread.post, thread_name="recording-files")

    def record(call_id: int, wav: str) -> None:
        engine = bridge.engine
        if engine is not None:
            engine.record_call(call_id, wav)

    def stop_recording(call_id: int) -> None:
        engine = bridge.engine
        if engine is not None:
            engine.stop_recording(call_id)

    def stored(_interaction_id: int, _path: Path) -> None:  # its upload is queued (the ledger)
        _refresh_history(app)  # Recent calls offers "Listen and rate…"

    manager = app.parts.call_recordings = CallRecordings(
        app.parts.sessions,
        record,
        recordings.recordings_folder(app.data_dir),
        enabled=lambda: app.settings.recording.enabled,
        retention_days=lambda: app.settings.recording.retention_days,
        files=files,
        on_stored=stored,
        stop=stop_recording,
        uploads_pending=lambda: call_reviews.uploads_pending(app.parts.store),
        ledger=RecordingLedger(app.parts.store),
    )
    app.parts.sessions.subscribe(manager.on_session_change)  # after the interaction log's
    bridge.call_recording_changed.connect(manager.on_event)
    manager.recover(after=app.parts.store_jobs)  # after the left drafts' completion
    manager.clean_up()
    daily = QTimer(app.qt_app)
    daily.setInterval(24 * 3600 * 1000)
    daily.timeout.connect(manager.clean_up)
    daily.start()

    def stop() -> None:
        daily.stop()
        app.parts.call_recordings = None
        files.close()

    return stop


def _self_review(app: Application) -> None:
    """A logged call in the customer's history, or a recorded one in Recent calls ("Listen and
    rate…"), opens its self-review (recording, checklist, rating)."""
    window = app.parts.main_window
    if window is None:
        return
    from softphone.ui.review.review_opener import ReviewOpener

    opener = ReviewOpener(app.parts.store, app.parts.store_jobs, window)  # the window keeps it alive
    window.workspace.card.timeline.review_requested.connect(opener.open)
    window.history.review_requested.connect(opener.open)


def _main_window(app: Application) -> Undo:
    from softphone.ui.main_window import MainWindow
    from softphone.ui.window_geometry import GeometryStore

    window = MainWindow(
        app.parts.sip_bridge,
        history=app.parts.call_history,
        link_status=app.parts.link_status,
        region=app.settings.ui.default_region,
        use_tray=app.settings.ui.tray_notifications,
        ringtone_enabled=app.settings.ui.ringtone,
        store_jobs=app.parts.store_jobs,
        geometry_store=GeometryStore(app.data_dir / "window-geometry"),  # beside the store: per user
        screen_pop=app.parts.screen_pop,
        customers=app.parts.customers,
    )
    window.set_account_editor(lambda: _edit_settings(app, "sip"))
    window.set_settings_editor(lambda: _edit_settings(app))
    if app.settings.missing_config is not None:
        from softphone.ui.settings.config_error import show_missing_config

        show_missing_config(window, app.settings.missing_config)
    link = app.parts.crm_link
    if link.sync is not None:
        window.set_crm_actions(link.sync.request_sync, lambda: _open_outbox_problems(app))
    if link.configured_url:
        window.set_crm_sign_in(lambda: _crm_sign_in(app))
    if app.parts.store_read_only is not None:
        from softphone.ui.status.store_notice import show_read_only_store

        show_read_only_store(window, app.parts.store_read_only)
    if not app.args.demo and not app.parts.secrets.keyring_available():  # the demo keeps no secrets
        window.show_no_keyring_notice()
    window.show()
    app.parts.main_window = window

    def close() -> None:
        window.close()
        window.deleteLater()  # its application-wide call keys go with it
        app.parts.main_window = None

    return close


def _headset(app: Application) -> Undo | None:
    """Headset buttons run the window's own call actions (as their keys do); LEDs mirror the calls."""
    window = app.parts.main_window
    if window is None:
        return None
    from softphone.headset.link import HeadsetLink
    from softphone.headset.service import HeadsetService
    from softphone.ui.status.headset_indicator import HeadsetIndicator

    def run_action(name: str) -> None:
        action = window.shortcut_actions.get(name)
        if action is not None:
            action.trigger()

    def backend() -> Any:
        from softphone.headset.hid_device import HidapiBackend  # imports hidapi: on the headset thread

        return HidapiBackend()

    link = HeadsetLink(app.parts.sessions, None, run_action)
    app.parts.sessions.subscribe(link.on_session_change)
    service = app.parts.headset = HeadsetService(link, backend, app.parts.gui_thread.wrap)
    indicator = HeadsetIndicator(window)
    indicator.bind(link.subscribe)
    window.statusBar().addPermanentWidget(indicator)
    service.set_enabled(app.settings.headset.enabled)
    return service.stop


def _sound_devices(app: Application) -> Undo:
    from softphone.ui.audio.controller import AudioController

    audio = app.parts.audio = AudioController(
        app.parts.audio_bridge, app.settings, app.parts.sessions, app.parts.gui_thread
    )
    audio.start()
    if app.parts.main_window is not None:
        app.parts.main_window.set_audio(audio)

    def stop() -> None:
        audio.stop()
        app.parts.audio = None

    return stop


def _open_outbox_problems(app: Application) -> None:
    from softphone.ui.crm.outbox_problems import OutboxProblemsDialog

    delivery = app.parts.crm_link.delivery
    dialog = app.parts.outbox_problems_dialog
    if dialog is None and delivery is not None:
        sync = app.parts.crm_link.sync
        dialog = app.parts.outbox_problems_dialog = OutboxProblemsDialog(
            app.parts.store,
            app.parts.store_jobs,
            on_resolved=delivery.notify,
            parent=app.parts.main_window,
            on_full_resync=sync.request_full_resync if sync is not None else None,
        )
    if dialog is not None:
        dialog.refresh()
        dialog.show()
        dialog.raise_()


def _crm_sign_in(app: Application) -> None:
    from softphone.ui.crm.token_dialog import ask_crm_token

    link = app.parts.crm_link

    def on_token(token: str) -> None:
        from softphone.settings.secrets import KeyringUnavailable

        try:
            app.parts.secrets.put(SecretStore.crm_key(link.base_url), token)
        except KeyringUnavailable:
            app.parts.secrets.remember_for_session(SecretStore.crm_key(link.base_url), token)
            log.warning("no system keyring: the CRM token is kept for this session only")
        link.use_token(token)

    ask_crm_token(app.parts.main_window, link.base_url, on_token)


def _sip_account(app: Application) -> None:
    from softphone.sip_login import SipLogin

    bridge = app.parts.sip_bridge
    ask = None if app.args.exit_after is not None else (lambda request: _ask_password(app, request))
    login = app.parts.sip_login = SipLogin(app.parts.sip_engine, app.parts.secrets, bridge.post_event, ask)
    bridge.registration_changed.connect(login.on_registration_changed)
    if app.args.demo:
        login.start(_demo_account(app))
    else:
        login.start(sip_account_from_settings(app.settings))
    if login.session_only and app.parts.main_window is not None:
        app.parts.main_window.show_no_keyring_notice()


def _ask_password(app: Application, request: PasswordRequest) -> None:
    from softphone.ui.settings.password_prompt import ask_password

    app.parts.password_prompt = ask_password(
        app.parts.main_window, request, app.parts.sip_login.password_entered
    )


def _edit_settings(app: Application, page: str | None = None) -> None:
    """Open the settings dialog (on ``page``); a changed SIP account is re-configured at once, and a
    password typed there is saved only once the registrar accepted it (``SipLogin``)."""
    from softphone.ui.settings.dialog import SettingsDialog

    dialog = SettingsDialog(app.settings, app.parts.secrets, app.parts.main_window, audio=app.parts.audio)
    if page:
        dialog.show_page(page)
    dialog.sip_account_changed.connect(
        lambda typed: app.parts.sip_login.start(sip_account_from_settings(app.settings), typed or None)
    )
    if app.parts.headset is not None:
        headset = app.parts.headset
        dialog.settings_saved.connect(lambda _changed: headset.set_enabled(app.settings.headset.enabled))
    dialog.settings_saved.connect(lambda changed: _settings_saved(app, changed))
    dialog.finished.connect(dialog.deleteLater)
    app.parts.settings_dialog = dialog
    dialog.open()


def _settings_saved(app: Application, changed: frozenset[Any]) -> None:
    if app.parts.audio is not None and any(spec.section == "audio" for spec in changed):
        app.parts.audio.apply_settings()


def _network_watcher(app: Application) -> Undo | None:
    if not app.settings.sip.watch_network or app.args.demo:
        return None
    from softphone.sip.network_watch import NetworkWatcher

    watcher = NetworkWatcher(on_change=app.parts.sip_engine.handle_ip_change)
    watcher.start()
    return watcher.stop


def _demo_account(app: Application) -> SipAccountSettings:
    from softphone.demo.launch import DemoPorts, operator_account

    ports = app.parts.demo_ports = app.parts.demo_ports or DemoPorts.pick()
    return operator_account(ports)


def _demo_callers(app: Application) -> Undo:
    from softphone.demo.launch import DemoPorts, start_callers

    crm = app.parts.crm_link.embedded
    ports = app.parts.demo_ports = app.parts.demo_ports or DemoPorts.pick()
    return start_callers(ports, crm.base_url if crm else "", crm.token if crm else "")
