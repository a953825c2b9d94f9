"""What the window knows about each call line, kept up to date from the bridge's signals.

``CallLines`` folds ``IncomingCall`` / ``CallStateChanged`` / ``TransferProgress`` events into one
``CallLine`` per call id and decides which line a keyboard action applies to (the ringing line for
answer/reject, the selected or the connected, not-held line for everything else). Ended lines stay
visible for a moment so the operator sees how the call ended, then disappear.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal

from softphone.sip.events import (
    CallDirection,
    CallOutcome,
    CallState,
    CallStateChanged,
    IncomingCall,
    TransferProgress,
)

ENDED_LINE_LINGER_MS = 2500


@dataclass(slots=True)
class CallLine:
    call_id: int
    direction: CallDirection
    state: CallState
    remote_number: str
    display_name: str = ""
    dialled_number: str = ""
    local_hold: bool = False
    remote_hold: bool = False
    muted: bool = False
    connected_at: float | None = None
    outcome: CallOutcome | None = None
    status_code: int = 0
    reason: str = ""
    transfer_status: str = ""
    consult_for: int | None = None  # this line is an attended-transfer consultation for that call id

    @property
    def is_ringing_in(self) -> bool:
        return self.state == CallState.RINGING_IN

    @property
    def is_connected(self) -> bool:
        return self.state == CallState.ACTIVE

    @property
    def is_live(self) -> bool:
        return self.state != CallState.ENDED

    def elapsed_s(self, now: float | None = None) -> int:
        if self.connected_at is None:
            return 0
        return max(0, int((now if now is not None else time.time()) - self.connected_at))


class CallLines(QObject):
    line_added = Signal(int)
    line_changed = Signal(int)
    line_removed = Signal(int)
    call_ended = Signal(object)  # CallLine, once, when a line reaches ENDED

    def __init__(self, parent: QObject | None = None, linger_ms: int = ENDED_LINE_LINGER_MS) -> None:
        super().__init__(parent)
        self._lines: dict[int, CallLine] = {}
        self._linger_ms = linger_ms
        self.selected_id: int | None = None

    # ---- queries --------------------------------------------------------------------------------
    def get(self, call_id: int) -> CallLine | None:
        return self._lines.get(call_id)

    def lines(self) -> list[CallLine]:
        return list(self._lines.values())

    def live_lines(self) -> list[CallLine]:
        return [line for line in self._lines.values() if line.is_live]

    def ringing_line(self) -> CallLine | None:
        return next((line for line in self._lines.values() if line.is_ringing_in), None)

    def connected_line(self) -> CallLine | None:
        """The connected call that is not on hold (the one the operator is talking on)."""
        return next((ln for ln in self._lines.values() if ln.is_connected and not ln.local_hold), None)

    def current_line(self) -> CallLine | None:
        """The line an action like hang up / hold / mute applies to."""
        selected = self._lines.get(self.selected_id) if self.selected_id is not None else None
        if selected is not None and selected.is_live and not selected.is_ringing_in:
            return selected
        talking = self.connected_line()
        if talking is not None:
            return talking
        candidates = [ln for ln in self._lines.values() if ln.is_live and not ln.is_ringing_in]
        return candidates[-1] if candidates else None

    def swap_pair(self) -> tuple[CallLine | None, CallLine] | None:
        """(line to hold, line to resume) when two connected lines exist and one of them is held."""
        connected = [ln for ln in self._lines.values() if ln.is_connected]
        held = [ln for ln in connected if ln.local_hold]
        if len(connected) < 2 or not held:
            return None
        return self.connected_line(), held[0]

    # ---- updates from the bridge ----------------------------------------------------------------
    def on_incoming_call(self, event: IncomingCall) -> None:
        line = self._lines.get(event.call_id)
        if line is None:
            line = CallLine(event.call_id, CallDirection.INBOUND, CallState.RINGING_IN, event.remote_number)
            self._lines[event.call_id] = line
            line.display_name = event.remote_display_name
            line.dialled_number = event.dialled_number
            self.line_added.emit(event.call_id)
            return
        line.display_name = event.remote_display_name or line.display_name
        line.dialled_number = event.dialled_number or line.dialled_number
        self.line_changed.emit(event.call_id)

    def on_call_state_changed(self, event: CallStateChanged) -> None:
        line = self._lines.get(event.call_id)
        added = line is None
        if line is None:
            line = CallLine(event.call_id, event.direction, event.state, event.remote_number)
            self._lines[event.call_id] = line
        was_ended = line.state == CallState.ENDED
        line.direction = event.direction
        line.state = event.state
        line.remote_number = event.remote_number or line.remote_number
        line.dialled_number = event.dialled_number or line.dialled_number
        line.local_hold = event.local_hold
        line.remote_hold = event.remote_hold
        line.muted = event.muted
        line.connected_at = event.connected_at if event.connected_at is not None else line.connected_at
        line.outcome = event.outcome
        line.status_code = event.status_code
        line.reason = event.reason
        if added:
            self.line_added.emit(event.call_id)
        else:
            self.line_changed.emit(event.call_id)
        if event.state == CallState.ENDED and not was_ended:
            self.call_ended.emit(line)
            QTimer.singleShot(self._linger_ms, self, lambda cid=event.call_id: self._remove(cid))

    def on_transfer_progressed(self, event: TransferProgress) -> None:
        line = self._lines.get(event.call_id)
        if line is None:
            return
        line.transfer_status = f"{event.status_code} {event.reason}".strip()
        self.line_changed.emit(event.call_id)

    def mark_consultation(self, consult_id: int, original_id: int) -> None:
        line = self._lines.get(consult_id)
        if line is not None:
            line.consult_for = original_id
            self.line_changed.emit(consult_id)

    def _remove(self, call_id: int) -> None:
        line = self._lines.get(call_id)
        if line is not None and line.state == CallState.ENDED:
            del self._lines[call_id]
            if self.selected_id == call_id:
                self.selected_id = None
            self.line_removed.emit(call_id)
