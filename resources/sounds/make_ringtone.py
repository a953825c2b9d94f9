"""Generate ``ringtone.wav`` (committed next to this script): two short chimes, then silence.

Run ``python resources/sounds/make_ringtone.py`` to rebuild it. 16 kHz mono 16-bit PCM, one ring
cycle of 3 s that the app loops; soft attack/release so it does not click.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 16_000
OUT = Path(__file__).with_name("ringtone.wav")


def chime(duration_s: float, freqs: tuple[float, ...], volume: float = 0.28) -> list[float]:
    count = int(RATE * duration_s)
    fade = int(RATE * 0.02)
    samples = []
    for i in range(count):
        envelope = min(1.0, i / fade, (count - i) / fade) * math.exp(-1.5 * i / count)
        value = sum(math.sin(2 * math.pi * f * i / RATE) for f in freqs) / len(freqs)
        samples.append(volume * envelope * value)
    return samples


def silence(duration_s: float) -> list[float]:
    return [0.0] * int(RATE * duration_s)


def build() -> list[float]:
    return (
        chime(0.35, (659.25, 987.77))
        + silence(0.1)
        + chime(0.35, (523.25, 783.99))
        + silence(0.1)
        + chime(0.35, (659.25, 987.77))
        + silence(1.85)
    )


def main() -> None:
    frames = b"".join(struct.pack("<h", int(max(-1.0, min(1.0, s)) * 32767)) for s in build())
    with wave.open(str(OUT), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(frames)
    print(f"wrote {OUT} ({len(frames)} bytes of audio)")


if __name__ == "__main__":
    main()
