"""Qt side of the engine<->UI contract: SIP events in as queued signals, commands out to the engine.

The engine calls ``post_event`` on its pjsua2 owner thread. ``post_event`` hands the event to the
GUI thread through ``GuiThread`` (the app's one way back), so ``dispatch`` always runs on the GUI
thread, in the order the engine produced the events. ``dispatch`` first folds the event into the
workspace's ``CallSessions`` (the one live-call model), then emits the typed signal, so every slot
already sees the updated session.
Commands are forwarded to the engine, which queues them to its owner thread and returns at once.

Wiring in the composition root::

    bridge = SipBridge(gui_thread, sessions)
    engine = SipEngine(on_event=bridge.post_event)
    bridge.attach(engine)

or ``bridge, engine = SipBridge.with_engine(SipEngine)``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from PySide6.QtCore import QObject, Signal

from softphone.sip.events import (
    CallQualitySampled,
    CallRecordingChanged,
    CallStateChanged,
    DtmfReceived,
    EngineError,
    IncomingCall,
    RegistrationChanged,
    RemoteTransferRequested,
    SipEvent,
    TransferProgress,
)
from softphone.ui.gui_thread import GuiThread, assert_gui_thread
from softphone.workspace.sessions import CallSessions

log = logging.getLogger(__name__)


class SipEngineLike(Protocol):
    """The part of ``SipEngine`` the UI uses (see docs/ARCHITECTURE.md)."""

    def make_call(self, target: str, headers: dict[str, str] | None = None) -> int: ...
    def answer(self, call_id: int) -> None: ...
    def reject(self, call_id: int, busy: bool = False) -> None: ...
    def hangup(self, call_id: int) -> None: ...
    def hold(self, call_id: int) -> None: ...
    def resume(self, call_id: int) -> None: ...
    def set_mute(self, call_id: int, muted: bool) -> None: ...
    def send_dtmf(self, call_id: int, digits: str) -> None: ...
    def blind_transfer(self, call_id: int, target: str) -> None: ...
    def attended_transfer(self, call_id: int, consult_call_id: int) -> None: ...
    def set_do_not_disturb(self, enabled: bool) -> None: ...
    def hangup_all(self) -> None: ...
    def record_call(self, call_id: int, wav_path: str) -> None: ...
    def stop_recording(self, call_id: int) -> None: ...


E = TypeVar("E", bound=SipEngineLike)


class SipBridge(QObject):
    """Receives engine events on any thread and re-emits them as typed signals on the GUI thread."""

    registration_changed = Signal(object)  # RegistrationChanged
    incoming_call_arrived = Signal(object)  # IncomingCall
    call_state_changed = Signal(object)  # CallStateChanged
    transfer_progressed = Signal(object)  # TransferProgress
    remote_transfer_requested = Signal(object)  # RemoteTransferRequested
    dtmf_received = Signal(object)  # DtmfReceived
    call_quality_sampled = Signal(object)  # CallQualitySampled (the session's CallQuality is updated)
    call_recording_changed = Signal(object)  # CallRecordingChanged
    engine_error_raised = Signal(object)  # EngineError
    event_dispatched = Signal(object)  # every event, after its typed signal (recorders, logging)

    def __init__(
        self,
        gui_thread: GuiThread | None = None,
        sessions: CallSessions | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._engine: SipEngineLike | None = None
        self.gui_thread = gui_thread or GuiThread(self)
        self.sessions = sessions if sessions is not None else CallSessions()
        self._hand_over = self.gui_thread.wrap(self.dispatch)
        self._early: list[Callable[[SipEvent], None]] = []

    def post_event(self, event: SipEvent) -> None:
        """The engine's ``on_event``: safe to call from any thread, never blocks."""
        for early in self._early:
            try:
                early(event)
            except Exception:  # an early reader must never keep the event from the GUI
                log.exception("early reader of %s failed", type(event).__name__)
        self._hand_over(event)

    def on_engine_thread(self, reader: Callable[[SipEvent], None]) -> None:
        """Also give every event to ``reader`` on the engine's thread, before the GUI hand-over.
        For work that may start at once and hands its result back itself (screen-pop's store look-up,
        ``ScreenPop.prefetch``); it must be quick and thread-safe, and must not touch Qt."""
        self._early.append(reader)

    @classmethod
    def with_engine(
        cls,
        engine_factory: Callable[..., E],
        gui_thread: GuiThread | None = None,
        sessions: CallSessions | None = None,
        **engine_kwargs: Any,
    ) -> tuple[SipBridge, E]:
        """Build a bridge and an engine whose ``on_event`` is the bridge, already attached."""
        bridge = cls(gui_thread, sessions)
        engine = engine_factory(on_event=bridge.post_event, **engine_kwargs)
        bridge.attach(engine)
        return bridge, engine

    def attach(self, engine: SipEngineLike | None) -> None:
        self._engine = engine

    @property
    def engine(self) -> SipEngineLike | None:
        return self._engine

    # ---- events in ------------------------------------------------------------------------------
    def dispatch(self, event: SipEvent) -> None:
        """Fold ``event`` into the call sessions, then tell the UI (on the GUI thread only)."""
        assert_gui_thread()
        self.sessions.apply(event)
        if isinstance(event, CallStateChanged):
            self.call_state_changed.emit(event)
        elif isinstance(event, IncomingCall):
            self.incoming_call_arrived.emit(event)
        elif isinstance(event, RegistrationChanged):
            self.registration_changed.emit(event)
        elif isinstance(event, TransferProgress):
            self.transfer_progressed.emit(event)
        elif isinstance(event, RemoteTransferRequested):
            self.remote_transfer_requested.emit(event)
        elif isinstance(event, DtmfReceived):
            self.dtmf_received.emit(event)
        elif isinstance(event, CallQualitySampled):
            self.call_quality_sampled.emit(event)
        elif isinstance(event, CallRecordingChanged):
            self.call_recording_changed.emit(event)
        elif isinstance(event, EngineError):
            log.warning("SIP engine error (call %s): %s", event.call_id, event.message)
            self.engine_error_raised.emit(event)
        else:
            log.error("Unknown SIP event type %s ignored", type(event).__name__)
            return
        self.event_dispatched.emit(event)

    # ---- commands out ---------------------------------------------------------------------------
    def _command(self, name: str, call_id: int | None, fn: Callable[[SipEngineLike], Any]) -> Any:
        if self._engine is None:
            self.engine_error_raised.emit(EngineError(f"{name}: no SIP engine", call_id))
            return None
        try:
            return fn(self._engine)
        except Exception as exc:  # a bad command must not take the window down; show it instead
            log.exception("SIP command %s failed", name)
            self.engine_error_raised.emit(EngineError(f"{name}: {exc}", call_id))
            return None

    def dial(self, target: str, headers: dict[str, str] | None = None) -> int | None:
        result = self._command("dial", None, lambda e: e.make_call(target, headers))
        return int(result) if result is not None else None

    def answer(self, call_id: int) -> None:
        self._command("answer", call_id, lambda e: e.answer(call_id))

    def reject(self, call_id: int, busy: bool = False) -> None:
        self._command("reject", call_id, lambda e: e.reject(call_id, busy))

    def hangup(self, call_id: int) -> None:
        self._command("hangup", call_id, lambda e: e.hangup(call_id))

    def hold(self, call_id: int) -> None:
        self._command("hold", call_id, lambda e: e.hold(call_id))

    def resume(self, call_id: int) -> None:
        self._command("resume", call_id, lambda e: e.resume(call_id))

    def set_mute(self, call_id: int, muted: bool) -> None:
        self._command("mute", call_id, lambda e: e.set_mute(call_id, muted))

    def send_dtmf(self, call_id: int, digits: str) -> None:
        self._command("dtmf", call_id, lambda e: e.send_dtmf(call_id, digits))

    def blind_transfer(self, call_id: int, target: str) -> None:
        self._command("blind transfer", call_id, lambda e: e.blind_transfer(call_id, target))

    def attended_transfer(self, call_id: int, consult_call_id: int) -> None:
        self._command("attended transfer", call_id, lambda e: e.attended_transfer(call_id, consult_call_id))

    def set_do_not_disturb(self, enabled: bool) -> None:
        self._command("do not disturb", None, lambda e: e.set_do_not_disturb(enabled))

    def hangup_all(self) -> None:
        self._command("hang up all", None, lambda e: e.hangup_all())
