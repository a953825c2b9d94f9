"""The operator's main window: call lines and dialer, the customer of the call, the script, status.

Built from parts (``DialerWidget``, ``CallsPanel``, ``CallHistoryView``, the status indicators, the
workspace's ``CustomerWorkspace`` and ``CustomerSearch``, and a slot for the script panel) around one
``SipBridge``; the layout is ``main_layout.build_central``. Every call action is a ``QAction`` with
the keys from ``softphone.ui.shortcuts``; digits typed while a call is connected (and focus is not in
a text field) are sent as DTMF. An incoming call raises the window, shows a tray message when a tray
exists, and rings until it is answered or ends.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSplitter,
    QSystemTrayIcon,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from softphone.sip.events import CallState, CallStateChanged, IncomingCall, RemoteTransferRequested
from softphone.store.jobs import JobRunner
from softphone.ui import shortcuts
from softphone.ui.calls.call_actions import CallActions
from softphone.ui.calls.call_lines import CallLine, CallLines
from softphone.ui.calls.calls_panel import CallsPanel
from softphone.ui.calls.dialer import DialerWidget
from softphone.ui.calls.history_view import CallHistoryView, HistorySource
from softphone.ui.calls.phone_input import DEFAULT_REGION, DialTarget, TargetKind, display_number, read_number
from softphone.ui.calls.ringer import Ringer
from softphone.ui.main_layout import (
    build_central,
    put_agent_bar,
    put_order_editor,
    put_script_panel,
    put_wrap_up,
    toggle_order_page,
)
from softphone.ui.resources import icon_path
from softphone.ui.sip_bridge import SipBridge
from softphone.ui.status.indicators import CrmLinkIndicator, LinkStatusLike, RegistrationIndicator
from softphone.ui.style import STYLE_SHEET
from softphone.ui.window_geometry import GeometryStore, place_window, save_window
from softphone.ui.workspace.search_box import CustomerSearch
from softphone.ui.workspace.workspace_panel import CustomerWorkspace
from softphone.workspace.customer_loader import CustomerLoader
from softphone.workspace.screen_pop import ScreenPop

if TYPE_CHECKING:
    from softphone.ui.audio.controller import AudioController

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    def __init__(
        self,
        bridge: SipBridge,
        *,
        history: HistorySource | None = None,
        store_jobs: JobRunner | None = None,
        link_status: LinkStatusLike | None = None,
        region: str = DEFAULT_REGION,
        ringer: Ringer | None = None,
        ringtone_enabled: bool = True,
        use_tray: bool = True,
        geometry_store: GeometryStore | None = None,
        screen_pop: ScreenPop | None = None,
        customers: CustomerLoader | None = None,
        script_panel: QWidget | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.setWindowTitle(self.tr("Softphone"))
        self.setWindowIcon(QIcon(str(icon_path("softphone.svg"))))
        self.setStyleSheet(STYLE_SHEET)
        self.bridge = bridge
        self.region = region
        self.lines = CallLines(bridge.sessions, self)
        self.ringer = ringer or Ringer(self, enabled=ringtone_enabled)

        self.registration = RegistrationIndicator(self)
        self.crm = CrmLinkIndicator(self)
        self.crm.bind(link_status, bridge.gui_thread)
        self.dnd_button = QPushButton(self.tr("Do not disturb"), self)
        self.dnd_button.setObjectName("dnd_button")
        self.dnd_button.setCheckable(True)
        self.dnd_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.dnd_button.setToolTip(shortcuts.tooltip("dnd", self.tr("Reject incoming calls")))
        self.dnd_button.toggled.connect(self._on_dnd_toggled)
        self.account_button = QPushButton(self.tr("SIP account…"), self)
        self.account_button.setObjectName("account_button")
        self.account_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.account_button.setVisible(False)
        self.settings_button = QPushButton(self.tr("Settings…"), self)
        self.settings_button.setObjectName("settings_button")
        self.settings_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.settings_button.setVisible(False)

        self.dialer = DialerWidget(self, region)
        self.calls = CallsPanel(self.lines, region, self)
        self.history = CallHistoryView(history, region, self, jobs=store_jobs)
        self.actions_ = CallActions(bridge, self.lines, self.calls, self, region)
        self.search = CustomerSearch(customers, region, self)
        self.workspace = CustomerWorkspace(self.lines, screen_pop, customers, self.dial_number, region, self)
        self.shortcut_help: QLabel
        self.left_tabs: QTabWidget
        self.columns: QSplitter
        self.script_slot: QGroupBox
        self.calls_box: QGroupBox
        self.centre_tabs: QTabWidget
        self.order_editor: QWidget | None = None
        self.script_placeholder: QLabel | None = None
        self.script_panel: QWidget | None = None
        self.agent_slot: QVBoxLayout
        self.centre_layout: QVBoxLayout
        self.setCentralWidget(build_central(self))
        if script_panel is not None:
            self.set_script_panel(script_panel)
        self._build_actions()
        self.tray = self._make_tray() if use_tray else None

        self.dialer.dial_requested.connect(self.actions_.dial)
        self.actions_.dialled.connect(self._after_dial)
        self.actions_.message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self.calls.action_requested.connect(lambda action, cid: self.actions_.run(action, cid))
        self.calls.dtmf_pressed.connect(lambda cid, digit: self.actions_.send_dtmf(digit, cid))
        self.history.call_back_requested.connect(self.call_back)
        self.search.customer_picked.connect(self.workspace.browse)
        self.workspace.message.connect(lambda text: self.statusBar().showMessage(text, 8000))

        bridge.registration_changed.connect(self.registration.set_state)
        bridge.incoming_call_arrived.connect(self.on_incoming_call_arrived)
        bridge.call_state_changed.connect(self.on_call_state_changed)
        bridge.engine_error_raised.connect(self.on_engine_error_raised)
        bridge.remote_transfer_requested.connect(self.on_remote_transfer_requested)
        bridge.dtmf_received.connect(
            lambda ev: self.statusBar().showMessage(self.tr("Received DTMF %1").replace("%1", ev.digit), 3000)
        )
        self.lines.call_ended.connect(self._on_call_ended)
        self.keyring_notice: QLabel | None = None
        self.audio_notice: QLabel | None = None
        self.history.history_shown.connect(self._seed_redial)
        self.history.refresh()
        self.geometry_store = geometry_store
        place_window(self, geometry_store)

    # ---- layout ---------------------------------------------------------------------------------
    def set_script_panel(self, panel: QWidget) -> None:
        """Put the script panel in the right-hand column (replacing what was there)."""
        put_script_panel(self, panel)

    def set_agent_bar(self, bar: QWidget) -> None:
        """The agent state and KPI strip under the top bar (``ui/agent``)."""
        put_agent_bar(self, bar)

    def set_wrap_up_form(self, form: QWidget) -> None:
        """The wrap-up form in the middle column, shown in after-call work (``ui/agent``)."""
        put_wrap_up(self, form)

    def set_order_editor(self, editor: QWidget) -> None:
        """The order editor beside the customer card; the card's orders open in it."""
        self.order_editor = editor
        put_order_editor(self, editor)

    def show_order_page(self) -> None:
        if self.order_editor is not None:
            self.centre_tabs.setCurrentIndex(self.centre_tabs.count() - 1)  # the "Order" page (last)

    def focus_dialer(self) -> None:
        self.dialer.focus_number()

    def _build_actions(self) -> None:
        self.shortcut_actions: dict[str, QAction] = {}
        handlers: dict[str, Any] = dict(self.actions_.by_name)
        handlers.update(
            redial=self.dialer.redial,
            dnd=self.dnd_button.toggle,
            focus_dialer=self.focus_dialer,
            find_customer=self.search.focus_search,
            order_page=lambda: toggle_order_page(self),
            open_order=self.workspace.card.open_selected_order,
            back_to_draft=self.workspace.back_to_draft,
        )
        for entry in shortcuts.SHORTCUTS:
            if entry.scope not in (shortcuts.Scope.WINDOW, shortcuts.Scope.APPLICATION):
                continue
            action = QAction(shortcuts.label(entry.action), self)
            action.setObjectName(f"action_{entry.action}")
            action.setShortcuts(shortcuts.key_sequences(entry.action))
            # Call keys work while a dialog of ours is active (a call may ring while the account
            # dialog is open); the others (redial, focus the dialer...) only in this window.
            app_wide = entry.scope == shortcuts.Scope.APPLICATION
            action.setShortcutContext(
                Qt.ShortcutContext.ApplicationShortcut if app_wide else Qt.ShortcutContext.WindowShortcut
            )
            action.setToolTip(shortcuts.tooltip(entry.action))
            action.triggered.connect(lambda _checked=False, h=handlers[entry.action]: h())
            self.addAction(action)
            self.shortcut_actions[entry.action] = action
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusWindowChanged.connect(self._share_call_keys)

    def _share_call_keys(self, _window: object = None) -> None:
        """A modal dialog blocks this window's shortcuts, even application-wide ones: lend the call
        actions to whichever other window of ours becomes active. A text field there still gets
        keys it edits with (Ctrl+Backspace deletes a word): Qt asks the focused widget first."""
        active = QApplication.activeWindow()
        if active is None or active is self:
            return
        lent = [
            action
            for name, action in self.shortcut_actions.items()
            if shortcuts.BY_ACTION[name].scope == shortcuts.Scope.APPLICATION
            and action not in active.actions()
        ]
        active.addActions(lent)

    def _make_tray(self) -> QSystemTrayIcon | None:
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return None  # offscreen / no tray host: notifications are the raised window only
        tray = QSystemTrayIcon(self.windowIcon(), self)
        tray.setToolTip(self.windowTitle())
        tray.activated.connect(lambda *_: self._bring_to_front())
        tray.show()
        return tray

    # ---- SIP events -----------------------------------------------------------------------------
    def on_incoming_call_arrived(self, event: IncomingCall) -> None:
        self._update_ringer()
        self._bring_to_front()
        if self.tray is not None:
            number = display_number(event.remote_number, self.region)
            who = f"{event.remote_display_name} ({number})" if event.remote_display_name else number
            self.tray.showMessage(
                self.tr("Incoming call"), who, QSystemTrayIcon.MessageIcon.Information, 15000
            )

    def on_call_state_changed(self, event: CallStateChanged) -> None:
        self._update_ringer()
        focus = self.focusWidget()
        in_script = (
            self.script_panel is not None and focus is not None and self.script_panel.isAncestorOf(focus)
        )
        if event.state == CallState.ACTIVE and isinstance(focus, QLineEdit) is False and not in_script:
            self.centralWidget().setFocus()

    def on_engine_error_raised(self, event: Any) -> None:
        self.statusBar().showMessage(self.tr("SIP error: %1").replace("%1", str(event.message)), 10000)

    def on_remote_transfer_requested(self, event: RemoteTransferRequested) -> None:
        number = display_number(event.target_number, self.region) if event.target_number else "?"
        if event.allowed:
            text = self.tr("The other side transferred the call to %1").replace("%1", number)
        else:
            text = self.tr("Remote transfer refused: the other side asked to call %1").replace("%1", number)
        self.statusBar().showMessage(text, 10000)

    def _update_ringer(self) -> None:
        if self.lines.ringing_line() is not None:
            self.ringer.start()
        else:
            self.ringer.stop()

    def _bring_to_front(self) -> None:
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def _on_call_ended(self, line: CallLine) -> None:
        if self.history.jobs is None:  # a source read here has the row now; in the app the recorder
            QTimer.singleShot(0, self.history.refresh)  # refreshes the list once the worker wrote it

    def _after_dial(self, _target: DialTarget, _call_id: int) -> None:
        self.centralWidget().setFocus()

    def _seed_redial(self) -> None:
        if self.dialer.last_dialled is not None:
            return
        for row in self.history.rows():
            direction = getattr(row, "direction", "")
            if str(getattr(direction, "value", direction)) == "outbound":
                target = read_number(str(row.number), self.region).target
                if target is not None:
                    self.dialer.set_last_dialled(target)
                return

    def set_account_editor(self, open_editor: Callable[[], None]) -> None:
        """Show the "SIP account…" button; ``open_editor`` opens the settings on the SIP page."""
        self.account_button.clicked.connect(lambda _checked=False: open_editor())
        self.account_button.setVisible(True)

    def set_settings_editor(self, open_editor: Callable[[], None]) -> None:
        """Show the "Settings…" button; ``open_editor`` opens the settings dialog."""
        self.settings_button.clicked.connect(lambda _checked=False: open_editor())
        self.settings_button.setVisible(True)

    def set_crm_actions(
        self, sync_now: Callable[[], None] | None, open_problems: Callable[[], None] | None
    ) -> None:
        """Enable "sync now" and "resolve…" on the CRM indicator (the composition root's callbacks)."""
        if sync_now is not None:
            self.crm.sync_button.setVisible(True)
            self.crm.sync_requested.connect(sync_now)
        if open_problems is not None:
            self.crm.problems_enabled = True
            self.crm.problems_requested.connect(open_problems)
            if self.crm.adapter is not None:
                self.crm.show_snapshot(self.crm.adapter.current())

    def set_crm_sign_in(self, sign_in: Callable[[], None]) -> None:
        """Offer "Sign in…" on the CRM indicator while no token is saved or the CRM refused it."""
        self.crm.sign_in_enabled = True
        self.crm.sign_in_requested.connect(sign_in)
        if self.crm.adapter is not None:
            self.crm.show_snapshot(self.crm.adapter.current())

    def show_no_keyring_notice(self) -> None:
        """Say in the window (not only the log) that passwords cannot be saved on this computer."""
        if self.keyring_notice is not None:
            return
        self.keyring_notice = QLabel(self.tr("⚠ No system keyring: passwords are kept for this session only"))
        self.keyring_notice.setObjectName("no_keyring_notice")
        self.keyring_notice.setToolTip(
            self.tr(
                "No system keyring is available (on Linux: GNOME Keyring or KWallet). The SIP password "
                "and the CRM token cannot be saved, so you will be asked for them after every start. "
                "Ask IT to set up a keyring."
            )
        )
        self.statusBar().addPermanentWidget(self.keyring_notice)

    def set_audio(self, audio: AudioController) -> None:
        """Sound devices: the ringtone on the ringer output, the level meter of the call talked on,
        and a note in the window when a chosen device is missing."""
        audio.attach_ringer(self.ringer)
        audio.input_level.connect(self._show_input_level)
        audio.notice_changed.connect(self.show_audio_notice)
        self.show_audio_notice(audio.notice)

    def _show_input_level(self, dbfs: float) -> None:
        line = self.lines.connected_line()
        widget = self.calls.widgets.get(line.call_id) if line is not None else None
        if widget is not None:
            widget.mic_level.show_level(dbfs)

    def show_audio_notice(self, text: str) -> None:
        if self.audio_notice is None:
            if not text:
                return
            self.audio_notice = QLabel(self)
            self.audio_notice.setObjectName("audio_notice")
            self.statusBar().addPermanentWidget(self.audio_notice)
        self.audio_notice.setText(f"⚠ {text}" if text else "")
        self.audio_notice.setToolTip(text)
        self.audio_notice.setVisible(bool(text))

    # ---- user actions ---------------------------------------------------------------------------
    def dial_number(self, number: str) -> None:
        """Call a customer's phone from the card (the dialler's own path: holds a talking call first)."""
        target = read_number(number, self.region).target
        if target is None:
            self.statusBar().showMessage(self.tr("Cannot call %1").replace("%1", number), 5000)
            return
        self.dialer.set_last_dialled(target)
        self.actions_.dial(target)

    def call_back(self, number: str) -> None:
        target = read_number(number, self.region).target or DialTarget(TargetKind.EXTENSION, number, number)
        self.dialer.set_last_dialled(target)
        self.actions_.dial(target)

    def _on_dnd_toggled(self, enabled: bool) -> None:
        self.actions_.set_do_not_disturb(enabled)
        self.statusBar().showMessage(
            self.tr("Do not disturb is on: incoming calls are rejected")
            if enabled
            else self.tr("Do not disturb is off"),
            5000,
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        allowed = Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier
        plain = not (event.modifiers() & ~allowed)
        if plain and len(text) == 1 and text in shortcuts.DTMF_DIGITS:
            if self.actions_.send_dtmf(text):
                event.accept()
                return
            if not self.lines.live_lines():
                # Typing a number anywhere in the window starts dialling it.
                self.focus_dialer()
                self.dialer.number_edit.setText(self.dialer.number_edit.text() + text)
                self.dialer.number_edit.deselect()
                event.accept()
                return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        save_window(self, self.geometry_store)
        self.ringer.stop()
        if self.tray is not None:
            self.tray.hide()
        super().closeEvent(event)
