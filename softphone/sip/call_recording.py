"""Call recording on the conference bridge: both sides of a call mixed into one WAV file.

Owner thread only. ``CallRecorders.start`` makes a pjsua2 ``AudioMediaRecorder`` for a call and
connects to it the call's ``AudioMedia`` (the far end) and the operator's side: the Qt bridge port
(``MediaRoutes.port``, the microphone after mute and echo cancellation), or the null device's
capture media when there is no bridge. The conference bridge mixes both into the file (16 kHz mono
PCM, the bridge's clock). A recording asked for before the call's media is up is connected when
its media becomes active (``on_media``); one stops when the call ends (``stop`` from the call's
DISCONNECTED) or on request, which drops the recorder. pjmedia removes the recorder from the
conference bridge on its clock's next turn and only then writes the WAV header's sizes, so the
engine keeps the null device's clock running while a recorder is closing (``busy``), and the
"stopped" event goes out once the header is complete (checked every 50 ms, for at most 2 s).

Where the file goes and what happens to it afterwards (compression, retention, upload) is the
workspace's business (``softphone.workspace.recordings``): the engine only reports
``CallRecordingChanged`` with the path and whether it is recording.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from softphone.audio.wav_header import wav_complete
from softphone.sip.audio_port import MediaRoutes
from softphone.sip.events import CallRecordingChanged, SipEvent
from softphone.sip.owner_loop import OwnerLoop
from softphone.sip.pjsua2_loader import pj

log = logging.getLogger("softphone.sip.engine")

_CLOSED_CHECK_S = 0.05
_CLOSED_CHECKS = 40


@dataclass(eq=False)
class _Recording:
    path: str
    recorder: Any
    started_at: float
    operator: Any  # the operator's side transmitting to the recorder
    call_audio: Any = None  # the far end's, once the call's media is up


class CallRecorders:
    def __init__(self, loop: OwnerLoop, routes: MediaRoutes, emit: Callable[[SipEvent], None]) -> None:
        self._loop = loop
        self._routes = routes
        self._emit = emit
        self._recordings: dict[int, _Recording] = {}
        self._closing: set[int] = set()

    @property
    def busy(self) -> bool:
        """A recording runs or its file is still being closed: the bridge's clock must run."""
        return bool(self._recordings or self._closing)

    def is_recording(self, call_id: int) -> bool:
        return call_id in self._recordings

    def start(self, ep: Any, call_id: int, path: str, call_audio: Any | None) -> None:
        """Record call ``call_id`` into ``path`` (a WAV file); ``call_audio`` is its AudioMedia if
        its media is already up, else it is connected by ``on_media``."""
        if call_id in self._recordings:
            return
        recorder = pj.AudioMediaRecorder()
        recorder.createRecorder(path)
        operator = self._routes.port
        if operator is None:  # no Qt bridge: the null device's capture side
            operator = ep.audDevManager().getCaptureDevMedia()
        operator.startTransmit(recorder)
        self._recordings[call_id] = _Recording(path, recorder, time.monotonic(), operator)
        if call_audio is not None:
            self.on_media(call_id, call_audio)
        log.info("call %d: recording", call_id)
        self._emit(CallRecordingChanged(call_id, True, path))

    def on_media(self, call_id: int, call_audio: Any) -> None:
        """The call's audio media is (again) active: it transmits to the recorder too."""
        recording = self._recordings.get(call_id)
        if recording is None:
            return
        call_audio.startTransmit(recording.recorder)  # again after a re-INVITE: pjmedia keeps one link
        recording.call_audio = call_audio

    def stop(self, call_id: int) -> None:
        recording = self._recordings.pop(call_id, None)
        if recording is None:
            return
        for media in (recording.operator, recording.call_audio):
            try:
                if media is not None:
                    media.stopTransmit(recording.recorder)
            except Exception:  # the call's media may be gone already (DISCONNECTED)
                log.debug("call %d: recorder already disconnected", call_id)
        recording.operator = recording.call_audio = None
        recording.recorder = None  # the last reference: pjsua2 closes the WAV file
        seconds = time.monotonic() - recording.started_at
        log.info("call %d: recording stopped after %.1f s", call_id, seconds)
        self._closing.add(call_id)
        self._when_closed(CallRecordingChanged(call_id, False, recording.path, seconds), _CLOSED_CHECKS)

    def _when_closed(self, event: CallRecordingChanged, checks_left: int) -> None:
        if wav_complete(event.path) or checks_left <= 0:
            if checks_left <= 0:
                log.warning("call %d: the recording's WAV header was not completed", event.call_id)
            self._closing.discard(event.call_id)
            self._emit(event)
            return
        self._loop.schedule(_CLOSED_CHECK_S, lambda: self._when_closed(event, checks_left - 1))

    def stop_all(self) -> None:
        """Shutdown, before ``setNoDev``: the recorders go (their files close as the bridge turns)."""
        for call_id in list(self._recordings):
            self.stop(call_id)
