"""One call line as a card: who, which store line they dialled, state, live timer, and its controls.

Screen-pop's result shows here too: the shop's name on its logo colour (``CallStore``) and the
customer's name (``CallCustomer``), so the operator greets in the right shop's name at once.

Buttons shown depend on the state: a ringing incoming call offers Answer / Reject; a call being
set up offers Hang up; a connected call offers Hold/Resume, Mute, Keypad (DTMF), Transfer and
Hang up, and its live quality (estimated MOS, jitter, loss, round trip; red, with a warning, below
MOS 3.6). Clicks come out as ``action_requested(action, call_id)`` with the action names of
``softphone.ui.shortcuts``; DTMF digits as ``dtmf_pressed(call_id, digit)``.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from softphone.sip.events import (
    ACCEPTED_UNCONFIRMED,
    CallDirection,
    CallOutcome,
    CallState,
    RemoteTransferRequested,
    TransferProgress,
)
from softphone.ui import shortcuts
from softphone.ui.audio.level_meter import LevelMeter
from softphone.ui.calls.call_lines import CallLine
from softphone.ui.calls.call_quality_text import live_text, live_tooltip
from softphone.ui.calls.keypad import Keypad
from softphone.ui.calls.phone_input import DEFAULT_REGION, display_number
from softphone.ui.diagnostics import trace_first_paint
from softphone.ui.workspace.widgets import ShopBanner
from softphone.workspace.call_context import CallCustomer, CallStore, CustomerMatch
from softphone.workspace.call_quality import CallQuality
from softphone.workspace.call_recordings import CallRecording


def state_text(line: CallLine) -> str:
    if line.state == CallState.DIALING:
        return QCoreApplication.translate("CallLineWidget", "Calling…")
    if line.state == CallState.RINGING_OUT:
        return QCoreApplication.translate("CallLineWidget", "Ringing…")
    if line.state == CallState.RINGING_IN:
        return QCoreApplication.translate("CallLineWidget", "Incoming call")
    if line.state == CallState.CONNECTING:
        return QCoreApplication.translate("CallLineWidget", "Connecting…")
    if line.state == CallState.ACTIVE:
        if line.local_hold:
            return QCoreApplication.translate("CallLineWidget", "On hold")
        if line.remote_hold:
            return QCoreApplication.translate("CallLineWidget", "Held by the other side")
        return QCoreApplication.translate("CallLineWidget", "Connected")
    return outcome_text(line.outcome)


def outcome_text(outcome: CallOutcome | None) -> str:
    texts = {
        CallOutcome.ANSWERED: QCoreApplication.translate("CallLineWidget", "Call ended"),
        CallOutcome.BUSY: QCoreApplication.translate("CallLineWidget", "Busy"),
        CallOutcome.NO_ANSWER: QCoreApplication.translate("CallLineWidget", "No answer"),
        CallOutcome.DECLINED: QCoreApplication.translate("CallLineWidget", "Declined"),
        CallOutcome.CANCELLED: QCoreApplication.translate("CallLineWidget", "Cancelled"),
        CallOutcome.MISSED: QCoreApplication.translate("CallLineWidget", "Missed"),
        CallOutcome.TRANSFERRED: QCoreApplication.translate("CallLineWidget", "Transferred"),
        CallOutcome.FAILED: QCoreApplication.translate("CallLineWidget", "Failed"),
    }
    return (
        texts.get(outcome, QCoreApplication.translate("CallLineWidget", "Call ended"))
        if outcome is not None
        else QCoreApplication.translate("CallLineWidget", "Call ended")
    )


def transfer_text(progress: TransferProgress) -> str:
    """The transfer's progress in the operator's language (the SIP reason phrase stays in the tooltip)."""
    if progress.final and progress.succeeded and progress.status_code == ACCEPTED_UNCONFIRMED:
        return QCoreApplication.translate("CallLineWidget", "Transferred (not confirmed by the other side)")
    if progress.final and progress.succeeded:
        return QCoreApplication.translate("CallLineWidget", "Transferred")
    if progress.final:
        return QCoreApplication.translate("CallLineWidget", "Transfer failed (%1)").replace(
            "%1", str(progress.status_code)
        )
    if progress.status_code in (180, 183):
        return QCoreApplication.translate("CallLineWidget", "Transfer: the target is ringing")
    return QCoreApplication.translate("CallLineWidget", "Transfer: in progress")


def remote_transfer_text(request: RemoteTransferRequested) -> str:
    """What the far end's REFER led to, in the operator's language."""
    if request.allowed:
        return QCoreApplication.translate("CallLineWidget", "The other side transferred the call")
    return QCoreApplication.translate("CallLineWidget", "Remote transfer refused")


def format_duration(seconds: int) -> str:
    hours, rest = divmod(max(0, seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


class CallLineWidget(QFrame):
    action_requested = Signal(str, int)
    dtmf_pressed = Signal(int, str)
    clicked = Signal(int)

    def __init__(
        self, line: CallLine | None, region: str = DEFAULT_REGION, parent: QWidget | None = None
    ) -> None:
        """Without ``line`` the card is built ahead (a spare the panel keeps ready) and ``bind`` shows it."""
        super().__init__(parent)
        self.call_id = -1
        self.region = region
        self.setProperty("callLine", True)
        self.setFrameShape(QFrame.Shape.StyledPanel)

        self.shop_banner = ShopBanner(self, compact=True)
        self.direction_label = QLabel(self)
        self.direction_label.setObjectName("direction")
        self.name_label = QLabel(self)
        self.name_label.setObjectName("remote_name")
        self.number_label = QLabel(self)
        self.number_label.setObjectName("remote_number")
        self.number_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.dialled_label = QLabel(self)
        self.dialled_label.setObjectName("dialled_number")
        self.state_label = QLabel(self)
        self.state_label.setObjectName("state")
        self.timer_label = QLabel("00:00", self)
        self.timer_label.setObjectName("timer")
        self.timer_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        self.answer_button = self._button("answer", self.tr("Answer"), "accept")
        self.reject_button = self._button("reject", self.tr("Reject"), "danger")
        self.hold_button = self._button("hold", self.tr("Hold"), checkable=True)
        self.mute_button = self._button("mute", self.tr("Mute"), checkable=True)
        self.dtmf_button = self._button("dtmf_pad", self.tr("Keypad"), checkable=True)
        self.transfer_button = self._button("transfer", self.tr("Transfer"))
        self.hangup_button = self._button("hang_up", self.tr("Hang up"), "danger")
        self.dtmf_button.toggled.connect(self._on_dtmf_toggled)

        self._dtmf_pad: Keypad | None = None  # built on first use: most calls never open it
        self.dtmf_sent = QLabel(self)
        self.dtmf_sent.setObjectName("dtmf_sent")
        self._quality_label: QLabel | None = None  # built with the first quality reading
        self._recording_label: QLabel | None = None  # built when a call is first recorded
        self.mic_level = LevelMeter(self)
        self.mic_level.setVisible(False)

        who = QVBoxLayout()
        who.setSpacing(2)
        who.addWidget(self.shop_banner)
        top = QHBoxLayout()
        top.addWidget(self.direction_label)
        top.addWidget(self.name_label, 1)
        top.addWidget(self.timer_label)
        who.addLayout(top)
        who.addWidget(self.number_label)
        who.addWidget(self.dialled_label)
        status = QHBoxLayout()
        status.addWidget(self.state_label, 1)
        status.addWidget(self.dtmf_sent)
        status.addWidget(self.mic_level)
        who.addLayout(status)
        self._status = status
        self._who = who

        controls = QHBoxLayout()
        controls.setSpacing(6)
        for button in (
            self.answer_button,
            self.reject_button,
            self.hold_button,
            self.mute_button,
            self.dtmf_button,
            self.transfer_button,
        ):
            controls.addWidget(button)
        controls.addStretch(1)
        controls.addWidget(self.hangup_button)

        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(12, 10, 12, 10)
        self._layout.addLayout(who)
        self._layout.addLayout(controls)
        if line is not None:
            self.bind(line)

    def bind(self, line: CallLine) -> None:
        """Show ``line`` on this card (once, right after it was built or taken as the spare)."""
        self.call_id = line.call_id
        self.setObjectName(f"call_line_{line.call_id}")
        self.update_from(line)
        trace_first_paint(self, line.call_id)  # benchmarks only (SOFTPHONE_TRACE_PAINT)

    @property
    def quality_label(self) -> QLabel:
        if self._quality_label is None:
            label = self._quality_label = QLabel(self)
            label.setObjectName("call_quality")
            label.setVisible(False)
            self._who.addWidget(label)
        return self._quality_label

    @property
    def recording_label(self) -> QLabel:
        """ "● Recording" beside the call's state while the call is being recorded."""
        if self._recording_label is None:
            label = self._recording_label = QLabel("● " + self.tr("Recording"), self)
            label.setObjectName("call_recording")
            label.setToolTip(self.tr("This call is being recorded"))
            label.setStyleSheet("color: #c62828; font-weight: bold;")
            label.setVisible(False)
            self._status.insertWidget(1, label)
        return self._recording_label

    def _show_recording(self, line: CallLine) -> None:
        recording = line.attached(CallRecording)
        shown = recording is not None and recording.running and line.is_live
        if shown or self._recording_label is not None:
            self.recording_label.setVisible(shown)

    @property
    def dtmf_pad(self) -> Keypad:
        if self._dtmf_pad is None:
            pad = self._dtmf_pad = Keypad(self, compact=True)
            pad.setObjectName("dtmf_pad")
            pad.digit_pressed.connect(lambda digit: self.dtmf_pressed.emit(self.call_id, digit))
            pad.setVisible(False)
            self._layout.addWidget(pad)
        return self._dtmf_pad

    def _button(self, action: str, text: str, role: str = "", checkable: bool = False) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(f"{action}_button")
        button.setToolTip(shortcuts.tooltip(action, text))
        button.setCheckable(checkable)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keyboard focus stays where DTMF digits work
        if role:
            button.setProperty("role", role)
        button.clicked.connect(lambda _checked=False, a=action: self.action_requested.emit(a, self.call_id))
        return button

    def _on_dtmf_toggled(self, shown: bool) -> None:
        if shown or self._dtmf_pad is not None:
            self.dtmf_pad.setVisible(shown)

    def toggle_dtmf_pad(self) -> None:
        if self.dtmf_button.isVisible():
            self.dtmf_button.setChecked(not self.dtmf_button.isChecked())

    def show_dtmf_sent(self, digit: str) -> None:
        self.dtmf_sent.setText((self.dtmf_sent.text() + digit)[-16:])

    def set_selected(self, selected: bool) -> None:
        self.setProperty("selected", selected)
        self.style().unpolish(self)
        self.style().polish(self)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.clicked.emit(self.call_id)
        super().mousePressEvent(event)

    def update_from(self, line: CallLine) -> None:
        inbound = line.direction == CallDirection.INBOUND
        self.direction_label.setText("↙" if inbound else "↗")
        self.direction_label.setToolTip(self.tr("Incoming") if inbound else self.tr("Outgoing"))
        number = display_number(line.remote_number, self.region) if line.remote_number else ""
        customer = line.attached(CallCustomer)
        name = customer.name if customer is not None and customer.name else line.display_name
        if customer is not None and customer.match == CustomerMatch.SEVERAL:
            name = self.tr("Shared number: choose the customer")
        self.name_label.setText(name or number or self.tr("Unknown caller"))
        self.number_label.setText(number if name else "")
        self.number_label.setVisible(bool(name and number))
        self.shop_banner.set_shop(line.attached(CallStore))
        if line.dialled_number and inbound:
            dialled = display_number(line.dialled_number, self.region)
            self.dialled_label.setText(self.tr("Dialled: %1").replace("%1", dialled))
        elif line.consult_for is not None:
            self.dialled_label.setText(self.tr("Consultation for a transfer"))
        else:
            self.dialled_label.setText("")
        if self.shop_banner.isVisibleTo(self) and inbound and line.dialled_number:  # the shop says it
            self.shop_banner.setToolTip(self.dialled_label.text())
            self.dialled_label.setText("")
        self.dialled_label.setVisible(bool(self.dialled_label.text()))
        text = state_text(line)
        if line.muted and line.is_connected:
            text += " · " + self.tr("Muted")
        if line.transfer is not None:
            text += " · " + transfer_text(line.transfer)
        if line.remote_transfer is not None:
            text += " · " + remote_transfer_text(line.remote_transfer)
        # The outcome is already said in the operator's language; the far end's SIP reason phrase
        # ("Decline", "Busy Here") is English protocol text: only in the tooltip.
        details = ""
        if line.state == CallState.ENDED and line.reason and line.outcome not in (None, CallOutcome.ANSWERED):
            details = self.tr("Server said: %1").replace("%1", line.reason)
        self.state_label.setText(text)
        self.state_label.setToolTip(details)
        self._show_recording(line)
        self.setProperty("state", "held" if line.local_hold else str(line.state))
        self.style().unpolish(self)
        self.style().polish(self)

        ringing, connected, live = line.is_ringing_in, line.is_connected, line.is_live
        self.answer_button.setVisible(ringing)
        self.reject_button.setVisible(ringing)
        for button in (self.hold_button, self.mute_button, self.dtmf_button, self.transfer_button):
            button.setVisible(connected)
        self.hangup_button.setVisible(live and not ringing)
        self.hold_button.setChecked(line.local_hold)
        self.hold_button.setText(self.tr("Resume") if line.local_hold else self.tr("Hold"))
        self.mute_button.setChecked(line.muted)
        self.mic_level.setVisible(connected and not line.local_hold)
        self.mic_level.setEnabled(not line.muted)
        self.mute_button.setText(self.tr("Unmute") if line.muted else self.tr("Mute"))
        if not connected:
            self.dtmf_button.setChecked(False)
        self._show_quality(line)
        self.tick(line)

    def _show_quality(self, line: CallLine) -> None:
        """The live MOS, jitter, loss and round trip of a connected call; a warning when poor."""
        quality = line.attached(CallQuality)
        talking = line.is_connected and not (line.local_hold or line.remote_hold)  # on hold: not measured
        reading = quality.reading if quality is not None and talking else None
        if reading is None:
            if self._quality_label is not None:
                self._quality_label.setVisible(False)
            return
        self.quality_label.setVisible(True)
        self.quality_label.setText(live_text(reading))
        self.quality_label.setToolTip(live_tooltip(reading))
        poor = "color: #c53030; font-weight: bold;"
        self.quality_label.setStyleSheet(poor if reading.poor else "color: #52606d;")

    def tick(self, line: CallLine) -> None:
        self.timer_label.setVisible(line.connected_at is not None)
        self.timer_label.setText(format_duration(line.elapsed_s()))
