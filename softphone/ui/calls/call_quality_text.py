"""Call quality in the operator's language: the live line on a call card and the history's column.

``live_text(reading)`` is "MOS 4.3 · jitter 3 ms · loss 0.0 % · RTT 24 ms" (with a warning in
front below ``POOR_MOS``), ``live_tooltip`` says how the MOS is estimated; ``quality_number`` and
``quality_details`` show a stored call (``store.call_history.CallRecord``). Numbers use the
locale's decimal separator.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale

from softphone.domain.emodel import POOR_MOS
from softphone.workspace.call_quality import QualityReading


def _number(value: float, decimals: int) -> str:
    return QLocale().toString(float(value), "f", decimals)


def quality_number(mos: float) -> str:
    return _number(mos, 1)


def _figures(jitter_ms: float | None, loss_pct: float | None, rtt_ms: float | None) -> list[str]:
    parts = []
    if jitter_ms is not None:
        parts.append(
            QCoreApplication.translate("CallQuality", "jitter %1 ms").replace("%1", _number(jitter_ms, 0))
        )
    if loss_pct is not None:
        parts.append(
            QCoreApplication.translate("CallQuality", "loss %1 %").replace("%1", _number(loss_pct, 1))
        )
    if rtt_ms is not None:
        parts.append(QCoreApplication.translate("CallQuality", "RTT %1 ms").replace("%1", _number(rtt_ms, 0)))
    return parts


def live_text(reading: QualityReading) -> str:
    mos = QCoreApplication.translate("CallQuality", "MOS %1").replace("%1", quality_number(reading.mos))
    text = " · ".join([mos, *_figures(reading.jitter_ms, reading.loss_pct, reading.rtt_ms)])
    if reading.poor:
        text = "⚠ " + QCoreApplication.translate("CallQuality", "Poor call quality: %1").replace("%1", text)
    return text


def live_tooltip(reading: QualityReading) -> str:
    text = QCoreApplication.translate(
        "CallQuality",
        "Estimated call quality (MOS, 1 to 4.5) by the ITU-T G.107 E-model from the packet loss "
        "of the last seconds, the delay (half the round trip plus the jitter buffer: %1 ms) and "
        "the codec %2.",
    )
    text = text.replace("%1", _number(reading.one_way_delay_ms, 0)).replace("%2", reading.codec)
    threshold = QCoreApplication.translate(
        "CallQuality", "Below %1 many people find a call hard to follow."
    ).replace("%1", _number(POOR_MOS, 1))
    return text + "\n" + threshold


def quality_details(row: Any) -> str:
    """Tooltip of a stored call's quality."""
    parts = _figures(
        getattr(row, "jitter_ms", None), getattr(row, "loss_pct", None), getattr(row, "rtt_ms", None)
    )
    mos = getattr(row, "mos", None)
    head = (
        QCoreApplication.translate("CallQuality", "Average MOS %1").replace("%1", quality_number(float(mos)))
        if mos is not None
        else ""
    )
    return " · ".join([head, *parts]) if head else " · ".join(parts)
