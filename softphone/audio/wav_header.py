"""Telling a finished WAV file from one still being written, without pjsua2.

pjmedia's WAV writer leaves the RIFF size at 0 until it closes the file (on the conference bridge's
clock, a turn after the recorder was dropped). The engine's recorders
(``softphone.sip.call_recording``), the benchmark and the test peer UA (a process that loads pjsua2
itself, so it must not import the app's loader) all wait for it with ``wav_complete``.
"""

from __future__ import annotations

import struct


def wav_complete(path: str) -> bool:
    """The WAV's RIFF header gives the file's real size (pjmedia writes it when it closes the file)."""
    try:
        with open(path, "rb") as wav:
            header = wav.read(8)
            size = wav.seek(0, 2)
    except OSError:
        return False
    return len(header) == 8 and header[:4] == b"RIFF" and struct.unpack("<I", header[4:])[0] == size - 8
