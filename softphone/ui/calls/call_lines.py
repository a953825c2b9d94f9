"""The window's view of the live calls: Qt signals over the workspace's ``CallSessions``.

``CallLines`` keeps no call state of its own: it re-emits the registry's changes as Qt signals
(``line_added`` / ``line_changed`` / ``line_removed`` / ``call_ended``) and answers the questions
call actions ask by asking the registry. The only thing it adds is the screen's linger: an ended
call stays on screen for a moment so the operator sees how it ended, then disappears.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from softphone.ui.gui_thread import assert_gui_thread
from softphone.workspace.call_session import CallSession
from softphone.workspace.sessions import CallSessions, ChangeKind, SessionChange

ENDED_LINE_LINGER_MS = 2500
CallLine = CallSession  # a call line on screen is a call session


class CallLines(QObject):
    line_added = Signal(int)
    line_changed = Signal(int)
    line_removed = Signal(int)
    call_ended = Signal(object)  # CallSession, once, when the call ends

    def __init__(
        self,
        sessions: CallSessions,
        parent: QObject | None = None,
        linger_ms: int = ENDED_LINE_LINGER_MS,
    ) -> None:
        super().__init__(parent)
        self.sessions = sessions
        self._linger_ms = linger_ms
        self._ended: dict[int, CallSession] = {}  # ended calls still shown
        self._unsubscribe = sessions.subscribe(self._on_session_change)
        self.destroyed.connect(lambda *_: self._unsubscribe())

    def _on_session_change(self, change: SessionChange) -> None:
        assert_gui_thread()
        call_id = change.session.call_id
        if change.kind == ChangeKind.STARTED:
            self.line_added.emit(call_id)
        elif change.kind == ChangeKind.CHANGED:
            self.line_changed.emit(call_id)
        else:
            self._ended[call_id] = change.session
            self.line_changed.emit(call_id)
            self.call_ended.emit(change.session)
            QTimer.singleShot(self._linger_ms, self, lambda cid=call_id: self._remove(cid))

    def _remove(self, call_id: int) -> None:
        if self._ended.pop(call_id, None) is not None and self.sessions.get(call_id) is None:
            self.line_removed.emit(call_id)

    # ---- queries (the registry answers) ----------------------------------------------------------
    @property
    def selected_id(self) -> int | None:
        return self.sessions.focused_id

    @selected_id.setter
    def selected_id(self, call_id: int | None) -> None:
        self.sessions.focused_id = call_id

    def get(self, call_id: int) -> CallSession | None:
        return self.sessions.get(call_id) or self._ended.get(call_id)

    def lines(self) -> list[CallSession]:
        return [*self.sessions.live(), *self._ended.values()]

    def live_lines(self) -> list[CallSession]:
        return self.sessions.live()

    def ringing_line(self) -> CallSession | None:
        return self.sessions.ringing()

    def connected_line(self) -> CallSession | None:
        return self.sessions.talking()

    def current_line(self) -> CallSession | None:
        return self.sessions.current()

    def swap_pair(self) -> tuple[CallSession | None, CallSession] | None:
        return self.sessions.swap_pair()

    def mark_consultation(self, consult_id: int, original_id: int) -> None:
        self.sessions.mark_consultation(consult_id, original_id)
