"""Transfer a call: blind (REFER to a number) or attended (consult first, then complete).

Attended: the original call is put on hold, a consultation call is placed to the target, and once
it is connected "Complete transfer" joins the two (REFER with Replaces). Cancelling hangs up the
consultation and resumes the original call. The dialog is modeless so the call shortcuts keep working.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from softphone.sip.events import CallState
from softphone.ui.calls.call_line_widget import state_text
from softphone.ui.calls.call_lines import CallLines
from softphone.ui.calls.phone_input import DEFAULT_REGION, display_number, read_number
from softphone.ui.sip_bridge import SipBridge


class TransferDialog(QDialog):
    def __init__(
        self,
        bridge: SipBridge,
        lines: CallLines,
        call_id: int,
        region: str = DEFAULT_REGION,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("transfer_dialog")
        self.setWindowTitle(self.tr("Transfer call"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.bridge, self.lines, self.call_id, self.region = bridge, lines, call_id, region
        self.consult_id: int | None = None
        self._completing = False

        line = lines.get(call_id)
        who = display_number(line.remote_number, region) if line else ""
        self.heading = QLabel(self.tr("Transfer the call with %1 to:").replace("%1", who), self)
        self.target_edit = QLineEdit(self)
        self.target_edit.setObjectName("transfer_target")
        self.target_edit.setPlaceholderText(self.tr("Number or extension"))
        self.target_edit.textChanged.connect(self._update_buttons)
        self.blind_radio = QRadioButton(self.tr("Blind transfer"), self)
        self.attended_radio = QRadioButton(self.tr("Consult first (attended)"), self)
        self.blind_radio.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.blind_radio)
        group.addButton(self.attended_radio)
        group.buttonToggled.connect(lambda *_: self._update_buttons())
        self.status = QLabel(self)
        self.status.setObjectName("transfer_status")
        self.status.setWordWrap(True)

        self.transfer_button = QPushButton(self.tr("Transfer"), self)
        self.transfer_button.setObjectName("transfer_go")
        self.transfer_button.setDefault(True)
        self.transfer_button.clicked.connect(self._start)
        self.complete_button = QPushButton(self.tr("Complete transfer"), self)
        self.complete_button.setObjectName("transfer_complete")
        self.complete_button.setVisible(False)
        self.complete_button.clicked.connect(self._complete)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.clicked.connect(self.reject)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.complete_button)
        buttons.addWidget(self.transfer_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.target_edit)
        layout.addWidget(self.blind_radio)
        layout.addWidget(self.attended_radio)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

        lines.line_changed.connect(self._on_line_changed)
        lines.line_added.connect(self._on_line_changed)
        bridge.transfer_progressed.connect(self._on_transfer_progress)
        self._update_buttons()

    def _update_buttons(self) -> None:
        valid = read_number(self.target_edit.text(), self.region).target is not None
        consulting = self.consult_id is not None
        self.transfer_button.setEnabled(valid and not consulting)
        self.transfer_button.setText(
            self.tr("Call consultation") if self.attended_radio.isChecked() else self.tr("Transfer")
        )
        for widget in (self.target_edit, self.blind_radio, self.attended_radio):
            widget.setEnabled(not consulting and not self._completing)

    def _start(self) -> None:
        target = read_number(self.target_edit.text(), self.region).target
        if target is None:
            self.status.setText(self.tr("Not a valid phone number"))
            return
        if self.blind_radio.isChecked():
            self._completing = True
            self.bridge.blind_transfer(self.call_id, target.target)
            self.status.setText(self.tr("Transferring to %1…").replace("%1", target.display))
            self.transfer_button.setEnabled(False)
            self._update_buttons()
            return
        original = self.lines.get(self.call_id)
        if original is not None and original.is_connected and not original.local_hold:
            self.bridge.hold(self.call_id)
        self.consult_id = self.bridge.dial(target.target)
        if self.consult_id is None:
            self.status.setText(self.tr("Could not place the consultation call"))
            return
        self.lines.mark_consultation(self.consult_id, self.call_id)
        self.complete_button.setVisible(True)
        self.complete_button.setEnabled(False)
        self.status.setText(self.tr("Calling %1…").replace("%1", target.display))
        self._update_buttons()

    def _complete(self) -> None:
        if self.consult_id is None:
            return
        self._completing = True
        self.complete_button.setEnabled(False)
        self.bridge.attended_transfer(self.call_id, self.consult_id)
        self.status.setText(self.tr("Completing the transfer…"))

    def _on_line_changed(self, call_id: int) -> None:
        line = self.lines.get(call_id)
        if line is None:
            return
        if call_id == self.consult_id:
            if line.consult_for is None:
                self.lines.mark_consultation(call_id, self.call_id)
            self.complete_button.setEnabled(line.is_connected and not self._completing)
            if line.state == CallState.ENDED and not self._completing:
                self.consult_id = None
                self.complete_button.setVisible(False)
                self.status.setText(state_text(line))
                self._resume_original()
                self._update_buttons()
            elif not self._completing:
                self.status.setText(state_text(line))
        elif call_id == self.call_id and line.state == CallState.ENDED:
            self.accept()

    def _on_transfer_progress(self, event: object) -> None:
        if getattr(event, "call_id", None) != self.call_id:
            return
        code, final, ok = event.status_code, event.final, event.succeeded  # type: ignore[attr-defined]
        if final and not ok:
            self._completing = False
            self.status.setText(self.tr("Transfer failed: %1").replace("%1", f"{code} {event.reason}"))  # type: ignore[attr-defined]
            self._update_buttons()

    def _resume_original(self) -> None:
        original = self.lines.get(self.call_id)
        if original is not None and original.is_connected and original.local_hold:
            self.bridge.resume(self.call_id)

    def reject(self) -> None:
        """Cancel: drop the consultation (if any) and give the caller back to the operator."""
        if self.consult_id is not None and not self._completing:
            consult = self.lines.get(self.consult_id)
            if consult is not None and consult.is_live:
                self.bridge.hangup(self.consult_id)
            self._resume_original()
        super().reject()

    def done(self, result: int) -> None:
        for signal, slot in (
            (self.lines.line_changed, self._on_line_changed),
            (self.lines.line_added, self._on_line_changed),
            (self.bridge.transfer_progressed, self._on_transfer_progress),
        ):
            with contextlib.suppress(RuntimeError, TypeError):
                signal.disconnect(slot)
        super().done(result)
