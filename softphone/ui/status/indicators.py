"""Status-bar indicators: SIP registration and the CRM link.

``RegistrationIndicator`` shows registered / direct (no registrar) / registering / failed with a
short translated reason / retrying with a live countdown; pjsua's full text is in the tooltip.
``CrmLinkIndicator`` shows online / offline / syncing, the last sync time, how many
changes wait to be sent and how many conflicts need attention, with a progress bar while syncing.
``CrmLinkAdapter`` turns the Qt-free ``softphone.crm.link_status.LinkStatus`` (plain callbacks, any
thread) into a queued Qt signal.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QSizePolicy, QToolButton, QWidget

from softphone.sip.events import RegistrationChanged, RegistrationState
from softphone.sip.registration_problem import RegistrationProblem
from softphone.ui.gui_thread import GuiThread, assert_gui_thread
from softphone.ui.i18n import short_time
from softphone.ui.status.elided_label import ElidedLabel


class _Dot(QLabel):
    def __init__(self, parent: QWidget) -> None:
        super().__init__("●", parent)
        self.setObjectName("status_dot")

    def set_level(self, level: str) -> None:  # ok / warn / error / idle
        self.setProperty("level", level)
        self.style().unpolish(self)
        self.style().polish(self)


_PROBLEM_TEXTS = {  # translated at run time; %1 is the server's host
    RegistrationProblem.HOST_NOT_FOUND: QT_TRANSLATE_NOOP("RegistrationIndicator", "Server %1 not found"),
    RegistrationProblem.TIMEOUT: QT_TRANSLATE_NOOP("RegistrationIndicator", "Server %1 does not answer"),
    RegistrationProblem.UNREACHABLE: QT_TRANSLATE_NOOP("RegistrationIndicator", "Cannot connect to %1"),
    RegistrationProblem.WRONG_PASSWORD: QT_TRANSLATE_NOOP(
        "RegistrationIndicator", "Wrong username or password"
    ),
    RegistrationProblem.FORBIDDEN: QT_TRANSLATE_NOOP(
        "RegistrationIndicator", "The server refused this account"
    ),
    RegistrationProblem.UNKNOWN_USER: QT_TRANSLATE_NOOP("RegistrationIndicator", "Unknown user or domain"),
    RegistrationProblem.TLS_CERTIFICATE: QT_TRANSLATE_NOOP(
        "RegistrationIndicator", "Certificate of %1 is not trusted"
    ),
    RegistrationProblem.TRANSPORT_ERROR: QT_TRANSLATE_NOOP(
        "RegistrationIndicator", "Network error while contacting %1"
    ),
    RegistrationProblem.SERVER_ERROR: QT_TRANSLATE_NOOP(
        "RegistrationIndicator", "Server %1 reports an error"
    ),
    RegistrationProblem.CONFIGURATION: QT_TRANSLATE_NOOP(
        "RegistrationIndicator", "Account settings do not fit together"
    ),
    RegistrationProblem.NO_ACCOUNT: QT_TRANSLATE_NOOP("RegistrationIndicator", "No SIP account configured"),
    RegistrationProblem.NO_PASSWORD: QT_TRANSLATE_NOOP("RegistrationIndicator", "No SIP password saved"),
}


def problem_text(problem: RegistrationProblem | None, host: str, fallback: str) -> str:
    """One short translated sentence for a registration problem (``fallback`` when the kind is unknown)."""
    text = _PROBLEM_TEXTS.get(problem) if problem is not None else None
    if text is None:
        return fallback or QCoreApplication.translate("RegistrationIndicator", "unknown")
    host = host or QCoreApplication.translate("RegistrationIndicator", "the server")
    return QCoreApplication.translate("RegistrationIndicator", text).replace("%1", host)


class RegistrationIndicator(QWidget):
    """A dot and one short line; the full server text goes to the tooltip. A long text is cut
    (``ElidedLabel``), never widening the window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("registration_indicator")
        self.dot = _Dot(self)
        self.label = ElidedLabel(self)
        self.label.setObjectName("registration_text")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.dot)
        layout.addWidget(self.label, 1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self._retry_at: float | None = None
        self._reason = ""
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._render_retry)
        self.set_state(RegistrationChanged(RegistrationState.UNREGISTERED))

    def set_state(self, event: RegistrationChanged) -> None:
        self._countdown.stop()
        self._retry_at = None
        details = event.reason or (str(event.code) if event.code else "")
        short = problem_text(event.problem, event.host, details)
        if event.state == RegistrationState.REGISTERED:
            self.dot.set_level("ok")
            self.label.setText(self.tr("Registered"))
        elif event.state == RegistrationState.DIRECT:
            self.dot.set_level("ok")
            local = event.host.rsplit(":", 1)[0] if event.host else "127.0.0.1"
            self.label.setText(self.tr("Direct calls on %1").replace("%1", local))
            details = self.tr("No registrar: calls go straight to and from %1")
            details = details.replace("%1", event.host or local)
        elif event.state == RegistrationState.REGISTERING:
            self.dot.set_level("warn")
            self.label.setText(self.tr("Registering…"))
        elif event.state == RegistrationState.FAILED:
            self.dot.set_level("error")
            self.label.setText(self.tr("Registration failed: %1").replace("%1", short))
        elif event.state == RegistrationState.RETRYING:
            self.dot.set_level("warn")
            self._reason = short
            self._retry_at = time.monotonic() + (event.retry_in_s or 0)
            self._render_retry()
            self._countdown.start()
        else:
            self.dot.set_level("idle")
            self.label.setText(self.tr("Not registered") if not details else short)
        tip = self.label.text()
        if details and details != short:
            tip += "\n" + self.tr("Details: %1").replace("%1", details)
        self.setToolTip(tip)
        self.label.setToolTip(tip)

    def _render_retry(self) -> None:
        left = max(0, round((self._retry_at or 0) - time.monotonic()))
        text = self.tr("Retrying in %1 s").replace("%1", str(left))
        if self._reason:
            text += ": " + self._reason
        self.label.setText(text)
        if left == 0:
            self._countdown.stop()


class LinkStatusLike(Protocol):
    @property
    def snapshot(self) -> Any: ...
    def subscribe(self, listener: Callable[[Any], None]) -> Callable[[], None]: ...


class CrmLinkAdapter(QObject):
    """Listens to a ``LinkStatus`` (callbacks on any thread) and re-emits snapshots on the GUI thread,
    handed over by the app's one ``GuiThread``."""

    snapshot_changed = Signal(object)

    def __init__(self, status: LinkStatusLike, gui_thread: GuiThread, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.status = status
        self._unsubscribe = status.subscribe(gui_thread.wrap(self._on_change))
        self.destroyed.connect(lambda *_: self._unsubscribe())

    def _on_change(self, snapshot: Any) -> None:
        assert_gui_thread()
        self.snapshot_changed.emit(snapshot)

    def current(self) -> Any:
        return self.status.snapshot

    def close(self) -> None:
        self._unsubscribe()


class CrmLinkIndicator(QWidget):
    """Reads snapshot fields by name (state, last_sync_at, pending_outbox, conflicts, message).

    ``sync_button`` asks for a sync now; ``problems_button`` (shown only while conflicts or
    rejected writes exist) opens the list of changes that need the operator's decision."""

    sync_requested = Signal()
    problems_requested = Signal()
    sign_in_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crm_indicator")
        self.dot = _Dot(self)
        self.label = ElidedLabel(self)
        self.label.setObjectName("crm_text")
        self.progress = QProgressBar(self)
        self.progress.setObjectName("crm_progress")
        self.progress.setRange(0, 0)  # busy until the first sync knows its total
        self.progress.setMaximumWidth(160)
        self.progress.setFormat("%v / %m")
        self.progress.setVisible(False)
        self.sync_button = QToolButton(self)
        self.sync_button.setObjectName("crm_sync_now")
        self.sync_button.setText("⟳")
        self.sync_button.setToolTip(self.tr("Sync with the CRM now"))
        self.sync_button.setVisible(False)
        self.sync_button.clicked.connect(lambda _checked=False: self.sync_requested.emit())
        self.problems_button = QToolButton(self)
        self.problems_button.setObjectName("crm_problems")
        self.problems_button.setVisible(False)
        self.problems_button.clicked.connect(lambda _checked=False: self.problems_requested.emit())
        self.problems_enabled = False
        self.sign_in_button = QToolButton(self)
        self.sign_in_button.setObjectName("crm_sign_in")
        self.sign_in_button.setText(self.tr("Sign in…"))
        self.sign_in_button.setToolTip(self.tr("Enter the CRM access token (saved in the system keyring)"))
        self.sign_in_button.setVisible(False)
        self.sign_in_button.clicked.connect(lambda _checked=False: self.sign_in_requested.emit())
        self.sign_in_enabled = False
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.dot)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.progress, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.sync_button)
        layout.addWidget(self.problems_button)
        layout.addWidget(self.sign_in_button)
        self.adapter: CrmLinkAdapter | None = None
        self.label.setText(self.tr("CRM: not connected"))
        self.dot.set_level("idle")

    def bind(self, status: LinkStatusLike | None, gui_thread: GuiThread | None = None) -> None:
        """Follow a ``LinkStatus``; ``None`` shows the indicator as not configured."""
        if self.adapter is not None:
            self.adapter.close()
            self.adapter.deleteLater()
            self.adapter = None
        if status is None:
            self.label.setText(self.tr("CRM: not connected"))
            self.dot.set_level("idle")
            return
        self.adapter = CrmLinkAdapter(status, gui_thread or GuiThread(self), self)
        self.adapter.snapshot_changed.connect(self.show_snapshot)
        self.show_snapshot(self.adapter.current())

    def show_snapshot(self, snap: Any) -> None:
        state = str(getattr(getattr(snap, "state", ""), "value", getattr(snap, "state", "")))
        last: dt.datetime | None = getattr(snap, "last_sync_at", None)
        pending = int(getattr(snap, "pending_outbox", 0) or 0)
        conflicts = int(getattr(snap, "conflicts", 0) or 0)
        syncing = state == "syncing"
        first_sync = syncing and last is None
        if state == "online":
            self.dot.set_level("ok")
            text = self.tr("CRM online")
        elif syncing:
            self.dot.set_level("warn")
            text = self.tr("CRM: first sync…") if first_sync else self.tr("CRM syncing…")
        elif state == "auth_error":
            self.dot.set_level("error")
            text = self.tr("CRM refused the access token")
        elif state == "no_token":
            self.dot.set_level("error")
            text = self.tr("CRM: no access token saved")
        elif state == "not_answering":
            self.dot.set_level("error")
            text = self.tr("CRM not answering")
        else:
            self.dot.set_level("error")
            text = self.tr("CRM offline")
        if last is not None and not first_sync:
            local = last.astimezone() if last.tzinfo else last
            text += " · " + self.tr("synced %1").replace("%1", short_time(local))
        if pending:
            text += " · " + self.tr("%1 pending").replace("%1", str(pending))
        rejected = int(getattr(snap, "rejected", 0) or 0)
        if conflicts:
            text += " · " + self.tr("%1 conflicts").replace("%1", str(conflicts))
        if rejected:
            text += " · " + self.tr("%1 rejected").replace("%1", str(rejected))
        quarantined = int(getattr(snap, "quarantined", 0) or 0)
        if quarantined:
            text += " · " + self.tr("%1 unreadable CRM records").replace("%1", str(quarantined))
        self.problems_button.setText(self.tr("Resolve…"))
        self.problems_button.setVisible(self.problems_enabled and bool(conflicts or rejected or quarantined))
        self.label.setText(text)
        total = int(getattr(snap, "sync_total", 0) or 0)
        done = int(getattr(snap, "sync_done", 0) or 0)
        if first_sync and total:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
        else:
            self.progress.setRange(0, 0)
        self.progress.setVisible(first_sync)
        self.sign_in_button.setVisible(self.sign_in_enabled and state in ("auth_error", "no_token"))
        message = str(getattr(snap, "message", "") or "")
        if state == "no_token":
            message = self.tr(
                'No access token for the CRM is saved on this computer. Click "Sign in…" and paste the '
                "token, or ask IT to run: softphone --store-crm-token"
            )
        elif state == "not_answering":
            message = self.tr(
                "The CRM accepts connections but does not answer. Your changes are kept and sent when it "
                "answers again."
            )
        elif state == "auth_error":
            message = self.tr(
                'The CRM refused the saved access token. Click "Sign in…" and paste a valid token, '
                "or ask IT to run: softphone --store-crm-token"
            ) + (f"\n{message}" if message else "")
        self.setToolTip(f"{text}\n{message}" if message else text)
