"""Call recordings on disk: where they go, compression for storage, and the retention period.

Files live in ``<data folder>/recordings/``. While a call is recorded the engine writes
``call-<uuid>.wav`` (a random name: never the phone number); when the call's interaction is known
the WAV is compressed to ``<interaction id>.ogg`` (Opus in Ogg through libsndfile, via
``soundfile``; FLAC where libsndfile has no Opus) and the WAV deleted. A recording whose call left
no interaction (no known customer) has nothing to be filed under and is deleted with a log line.

Compression and clean-up run off the GUI and SIP owner threads (``asyncio.to_thread`` by the
caller). ``delete_expired`` removes recordings older than the retention period, and left-over WAVs
of calls that ended more than a day ago, except those ``keep`` names (a recording still pending in
the store waits for its recovery); it is bounded in count per run. ``repair_header`` completes the
header of a WAV whose writer was killed mid-call (pjmedia writes the sizes only when it closes it).
"""

from __future__ import annotations

import logging
import struct
import time
import uuid
from pathlib import Path

import soundfile

log = logging.getLogger(__name__)

FOLDER = "recordings"
MAX_DELETES_PER_RUN = 10_000
STALE_WAV_S = 86_400.0
_BLOCK_FRAMES = 16_000  # one second at 16 kHz per read/write: bounded memory for long calls


def _opus_available() -> bool:
    return "OPUS" in soundfile.available_subtypes("OGG")


OPUS = _opus_available()
SUFFIX = ".ogg" if OPUS else ".flac"
MEDIA_TYPE = "audio/ogg" if OPUS else "audio/flac"


def recordings_folder(data_dir: Path) -> Path:
    return data_dir / FOLDER


def new_wav_path(folder: Path) -> Path:
    """Where the engine writes a call's recording while it runs (no I/O: the folder is made by
    ``delete_expired`` at start-up)."""
    return folder / f"call-{uuid.uuid4().hex}.wav"


def stored_path(folder: Path, interaction_id: int) -> Path:
    """The compressed recording of interaction ``interaction_id`` (it may not exist)."""
    return folder / f"{int(interaction_id)}{SUFFIX}"


def compress(wav: Path, interaction_id: int) -> Path:
    """Compress ``wav`` to the interaction's stored file, delete the WAV; returns the new path.
    A WAV that cannot be read stays where it is (``delete_expired`` removes it later)."""
    target = stored_path(wav.parent, interaction_id)
    partial = target.with_suffix(target.suffix + ".part")
    with soundfile.SoundFile(wav) as source:
        fmt, subtype = ("OGG", "OPUS") if OPUS else ("FLAC", "PCM_16")
        with soundfile.SoundFile(
            partial, "w", samplerate=source.samplerate, channels=source.channels, format=fmt, subtype=subtype
        ) as out:
            for block in source.blocks(blocksize=_BLOCK_FRAMES, dtype="int16"):
                out.write(block)
    partial.replace(target)
    wav.unlink(missing_ok=True)
    log.info("recording of interaction %d stored (%d bytes)", interaction_id, target.stat().st_size)
    return target


class BadWav(Exception):
    """Not a PCM WAV file this app writes (no RIFF/WAVE header, no fmt or data chunk)."""


_MAX_CHUNKS = 32


def repair_header(wav: Path) -> int:
    """Set the RIFF and data chunk sizes of ``wav`` from its length, dropping a partly written last
    sample frame; returns the audio bytes it holds (0: header only). A complete file is unchanged."""
    with open(wav, "r+b") as f:
        head = f.read(12)
        if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
            raise BadWav(f"{wav.name} is not a WAV file")
        size = f.seek(0, 2)
        offset, block_align = 12, 0
        for _ in range(_MAX_CHUNKS):
            f.seek(offset)
            chunk = f.read(8)
            if len(chunk) < 8:
                break
            chunk_id, chunk_size = chunk[:4], struct.unpack("<I", chunk[4:])[0]
            if chunk_id == b"fmt ":
                fmt = f.read(16)
                if len(fmt) == 16:
                    block_align = struct.unpack("<H", fmt[12:14])[0]
            elif chunk_id == b"data":
                if block_align <= 0:
                    break
                data = size - offset - 8
                data -= data % block_align
                f.truncate(offset + 8 + data)
                f.seek(offset + 4)
                f.write(struct.pack("<I", data))
                f.seek(4)
                f.write(struct.pack("<I", offset + 8 + data - 8))
                return data
            offset += 8 + chunk_size + (chunk_size & 1)
    raise BadWav(f"{wav.name} has no fmt and data chunks")


def discard(wav: Path) -> None:
    wav.unlink(missing_ok=True)
    log.info("recording %s deleted: its call left no interaction to file it under", wav.name)


def duration_s(path: Path) -> float:
    info = soundfile.info(str(path))
    return float(info.frames) / float(info.samplerate) if info.samplerate else 0.0


def delete_expired(
    folder: Path, retention_days: int, now: float | None = None, keep: frozenset[str] = frozenset()
) -> int:
    """Delete recordings older than ``retention_days`` and stale WAVs, except the files in ``keep``
    (recordings whose upload to the CRM is still pending); returns how many went."""
    folder.mkdir(parents=True, exist_ok=True)  # the engine records into it
    now = time.time() if now is None else now
    keep_after = now - retention_days * 86_400.0
    deleted = 0
    for path in folder.iterdir():
        if deleted >= MAX_DELETES_PER_RUN:
            break
        if not path.is_file() or str(path) in keep:
            continue
        try:
            modified = path.stat().st_mtime
        except OSError:
            continue
        stale_wav = path.suffix in (".wav", ".part") and modified < now - STALE_WAV_S
        if modified < keep_after or stale_wav:
            path.unlink(missing_ok=True)
            deleted += 1
    if deleted:
        log.info("%d recording(s) past the retention period of %d days deleted", deleted, retention_days)
    return deleted
