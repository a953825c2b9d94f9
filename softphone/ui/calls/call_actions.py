"""What each call action does, whether it came from a button, a shortcut or the history list.

Kept apart from the window layout so the rules are in one place: answering or dialling while
talking puts the current call on hold first; hang up with only a ringing call rejects it; swap
holds the talking line and resumes the held one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from softphone.ui.calls.call_lines import CallLines
from softphone.ui.calls.calls_panel import CallsPanel
from softphone.ui.calls.phone_input import DEFAULT_REGION, DialTarget
from softphone.ui.calls.transfer_dialog import TransferDialog
from softphone.ui.sip_bridge import SipBridge

log = logging.getLogger(__name__)


class CallActions(QObject):
    dialled = Signal(object, int)  # DialTarget, call id
    message = Signal(str)  # short feedback for the status bar

    def __init__(
        self,
        bridge: SipBridge,
        lines: CallLines,
        panel: CallsPanel,
        dialog_parent: QWidget,
        region: str = DEFAULT_REGION,
    ) -> None:
        super().__init__(dialog_parent)
        self.bridge, self.lines, self.panel = bridge, lines, panel
        self.dialog_parent = dialog_parent
        self.region = region
        self.transfer_dialog: TransferDialog | None = None
        self.do_not_disturb = False
        self.by_name: dict[str, Callable[[], None]] = {
            "answer": self.answer,
            "reject": self.reject,
            "hang_up": self.hang_up,
            "hold": self.hold,
            "mute": self.mute,
            "transfer": self.transfer,
            "swap": self.swap,
            "dtmf_pad": self.toggle_dtmf_pad,
        }

    def run(self, action: str, call_id: int | None = None) -> None:
        """Run an action; with ``call_id`` (a line's own button) that line becomes the current one."""
        if call_id is not None:
            self.panel.select(call_id)
        handler = self.by_name.get(action)
        if handler is None:
            log.error("Unknown call action %r", action)
            return
        if action == "dtmf_pad" and call_id is not None:
            return  # the line's own Keypad button is checkable and has toggled its keypad already
        handler()

    def _hold_talking_line(self, except_id: int | None = None) -> None:
        talking = self.lines.connected_line()
        if talking is not None and talking.call_id != except_id:
            self.bridge.hold(talking.call_id)

    def dial(self, target: DialTarget) -> int | None:
        self._hold_talking_line()
        call_id = self.bridge.dial(target.target)
        if call_id is not None:
            self.lines.selected_id = call_id
            self.dialled.emit(target, call_id)
        return call_id

    def answer(self) -> None:
        ringing = self.lines.ringing_line()
        if ringing is None:
            self.message.emit(self.tr("No incoming call to answer"))
            return
        self._hold_talking_line(ringing.call_id)
        self.lines.selected_id = ringing.call_id
        self.bridge.answer(ringing.call_id)

    def reject(self) -> None:
        ringing = self.lines.ringing_line()
        if ringing is not None:
            self.bridge.reject(ringing.call_id)

    def hang_up(self) -> None:
        line = self.lines.current_line()
        if line is not None:
            self.bridge.hangup(line.call_id)
        elif self.lines.ringing_line() is not None:
            self.reject()

    def hold(self) -> None:
        line = self.lines.current_line()
        if line is None or not line.is_connected:
            return
        if line.local_hold:
            self._hold_talking_line(line.call_id)
            self.bridge.resume(line.call_id)
        else:
            self.bridge.hold(line.call_id)

    def mute(self) -> None:
        line = self.lines.current_line()
        if line is not None and line.is_connected:
            self.bridge.set_mute(line.call_id, not line.muted)

    def swap(self) -> None:
        pair = self.lines.swap_pair()
        if pair is None:
            self.message.emit(self.tr("Swap needs two connected lines"))
            return
        to_hold, to_resume = pair
        if to_hold is not None:
            self.bridge.hold(to_hold.call_id)
        self.bridge.resume(to_resume.call_id)
        self.panel.select(to_resume.call_id)

    def toggle_dtmf_pad(self) -> None:
        line = self.lines.current_line()
        widget = self.panel.widgets.get(line.call_id) if line is not None else None
        if widget is not None:
            widget.toggle_dtmf_pad()

    def send_dtmf(self, digit: str, call_id: int | None = None) -> bool:
        line = self.lines.get(call_id) if call_id is not None else self.lines.connected_line()
        if line is None or not line.is_connected:
            return False
        self.bridge.send_dtmf(line.call_id, digit)
        widget = self.panel.widgets.get(line.call_id)
        if widget is not None:
            widget.show_dtmf_sent(digit)
        return True

    def transfer(self) -> None:
        line = self.lines.current_line()
        if line is None or not line.is_connected:
            self.message.emit(self.tr("No connected call to transfer"))
            return
        if self.transfer_dialog is not None and self.transfer_dialog.isVisible():
            self.transfer_dialog.raise_()
            self.transfer_dialog.activateWindow()
            return
        dialog = TransferDialog(self.bridge, self.lines, line.call_id, self.region, self.dialog_parent)
        dialog.finished.connect(lambda *_: setattr(self, "transfer_dialog", None))
        self.transfer_dialog = dialog
        dialog.show()

    def set_do_not_disturb(self, enabled: bool) -> None:
        self.do_not_disturb = enabled
        self.bridge.set_do_not_disturb(enabled)
