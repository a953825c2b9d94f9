"""Recordings of calls an earlier run never filed (the app killed or quit mid-call), and the ledger
that makes them known: ``RecordingLedger`` (Qt-free; its methods run on the recordings' ``files``
worker, never on the GUI or SIP owner thread).

Every recording has a ``pending_recordings`` row from before its WAV is written until it is filed
(``store/pending_recordings``), tagged with this run's random ``run_id``. ``RecordingLedger.recover``
takes the rows of other runs, never this run's (a call recorded now is left alone), and for each:

- the WAV is gone: it was compressed already; its upload is queued if it was not (``recording_stored``
  queues a file once) and the row goes;
- the WAV's header is completed from its size (``recordings.repair_header``); one with no audio is
  deleted with a log line;
- the call's interaction is found (``interaction_for``: the one noted, else by the call's start and
  customer; ``interaction_log.complete_drafts`` has logged a killed call's draft before, on the store
  worker this runs after); logged: the WAV is compressed under it and its upload queued exactly once
  (``call_reviews.recording_stored``); no interaction: deleted like any recording of a call with
  nothing to file it under; still a draft: left for the next start, at most ``MAX_TRIES`` times, then
  to the retention period.

Logs name files and ids only, never the phone number.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass
from pathlib import Path

from softphone.store import call_reviews, pending_recordings
from softphone.store.db import Store
from softphone.store.pending_recordings import Filing, LeftRecording
from softphone.workspace import recordings

log = logging.getLogger(__name__)
MAX_TRIES = 3


@dataclass(frozen=True, slots=True)
class Recovered:
    """What one recovery did: recordings filed (interaction id, file), deleted, left for later."""

    filed: tuple[tuple[int, Path], ...] = ()
    deleted: int = 0
    left: int = 0


class RecordingLedger:
    """The store's record of this run's recordings (files worker only)."""

    def __init__(self, store: Store, run_id: str | None = None) -> None:
        self.store = store
        self.run_id = run_id or uuid.uuid4().hex

    def started(self, wav: Path, started_at: float, direction: str, customer_id: int | None) -> None:
        pending_recordings.add(
            self.store,
            str(wav),
            self.run_id,
            dt.datetime.fromtimestamp(started_at, dt.UTC),
            direction,
            customer_id,
        )

    def customer(self, wav: Path, customer_id: int) -> None:
        pending_recordings.set_customer(self.store, str(wav), customer_id)

    def logged(self, wav: Path, interaction_id: int) -> None:
        pending_recordings.set_interaction(self.store, str(wav), interaction_id)

    def filed(self, wav: Path, interaction_id: int, stored: Path) -> bool:
        """``wav`` became ``stored``: its upload is queued (once) and its row goes."""
        queued = call_reviews.recording_stored(self.store, interaction_id, str(stored), recordings.MEDIA_TYPE)
        pending_recordings.remove(self.store, str(wav))
        return queued

    def dropped(self, wav: Path) -> None:
        pending_recordings.remove(self.store, str(wav))

    def wav_paths(self) -> frozenset[str]:
        return pending_recordings.wav_paths(self.store)

    # ----- recovery at start ----------------------------------------------------------------------
    def recover(self) -> Recovered:
        filed: list[tuple[int, Path]] = []
        deleted = left = 0
        for row in pending_recordings.left_over(self.store, self.run_id):
            try:
                outcome = self._recover_one(row)
            except Exception as exc:  # this one's own trouble (an unreadable file): the others go on
                log.error("left recording %s not recovered: %s", Path(row.wav_path).name, type(exc).__name__)
                outcome = self._later(row)
            if isinstance(outcome, tuple):
                filed.append(outcome)
            elif outcome == "deleted":
                deleted += 1
            else:
                left += 1
        if filed or deleted or left:
            log.info(
                "recordings left by an earlier run: %d filed, %d deleted, %d left for later",
                len(filed),
                deleted,
                left,
            )
        return Recovered(tuple(filed), deleted, left)

    def _recover_one(self, row: LeftRecording) -> tuple[int, Path] | str:
        wav = Path(row.wav_path)
        filing, interaction_id = pending_recordings.interaction_for(self.store, row)
        if not wav.exists():
            return self._already_compressed(row, wav, filing, interaction_id)
        try:
            audio_bytes = recordings.repair_header(wav)
        except recordings.BadWav:  # killed before its header was written
            audio_bytes = 0
        if audio_bytes == 0:
            wav.unlink(missing_ok=True)
            self.dropped(wav)
            log.info("left recording %s had no audio: deleted", wav.name)
            return "deleted"
        if filing is Filing.DRAFT:
            return self._later(row)
        if filing is Filing.NONE or interaction_id is None:
            recordings.discard(wav)
            self.dropped(wav)
            return "deleted"
        stored = recordings.compress(wav, interaction_id)
        self.filed(wav, interaction_id, stored)
        log.info("left recording %s filed under interaction %d", wav.name, interaction_id)
        return interaction_id, stored

    def _already_compressed(
        self, row: LeftRecording, wav: Path, filing: Filing, interaction_id: int | None
    ) -> tuple[int, Path] | str:
        """The WAV went: compressed before the app stopped (or removed by hand)."""
        if filing is Filing.LOGGED and interaction_id is not None:
            stored = recordings.stored_path(wav.parent, interaction_id)
            if stored.is_file():
                self.filed(wav, interaction_id, stored)
                return interaction_id, stored
        self.dropped(wav)
        log.info("left recording %s is gone: nothing to recover", wav.name)
        return "deleted"

    def _later(self, row: LeftRecording) -> str:
        wav = Path(row.wav_path)
        if pending_recordings.tried(self.store, row.wav_path) >= MAX_TRIES:
            self.dropped(wav)
            log.warning("left recording %s not filed after %d starts: left to retention", wav.name, MAX_TRIES)
        else:
            log.info("left recording %s waits for its interaction: tried again at the next start", wav.name)
        return "left"
