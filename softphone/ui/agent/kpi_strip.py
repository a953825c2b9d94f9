"""The operator's figures for today, always visible in the agent bar: calls handled, average handle
time, average after-call time, conversion, first-contact resolution. ``refresh`` computes them on the
store worker (``store.own_kpis``); the answer comes back on the GUI thread."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from softphone.store.db import Store
from softphone.store.jobs import JobRunner
from softphone.store.own_kpis import OwnKpis, today_kpis
from softphone.ui.gui_thread import assert_gui_thread


def _duration(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}:{secs:02d}"


class KpiStrip(QWidget):
    def __init__(self, store: Store | None, jobs: JobRunner | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kpi_strip")
        self._store = store
        self._jobs = jobs
        self.kpis = OwnKpis()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(14)
        self.labels: dict[str, QLabel] = {}
        for key in ("calls", "aht", "acw", "conversion", "fcr"):
            label = self.labels[key] = QLabel(self)
            label.setObjectName(f"kpi_{key}")
            layout.addWidget(label)
        self.show_kpis(self.kpis)

    def refresh(self) -> None:
        """Compute today's figures off the GUI thread and show them."""
        if self._store is None or self._jobs is None:
            return
        store = self._store
        self._jobs.submit(lambda: today_kpis(store), on_done=self.show_kpis, what="own KPIs")

    def show_kpis(self, kpis: OwnKpis) -> None:
        assert_gui_thread()
        self.kpis = kpis
        values = {
            "calls": (self.tr("Calls"), str(kpis.calls), self.tr("Calls handled today")),
            "aht": (
                self.tr("AHT"),
                _duration(kpis.avg_handle_s),
                self.tr("Average handle time: talk, hold and after-call work"),
            ),
            "acw": (self.tr("ACW"), _duration(kpis.avg_acw_s), self.tr("Average after-call work time")),
            "conversion": (
                self.tr("Conversion"),
                f"{kpis.conversion:.0%}",
                self.tr("Calls with an order created or confirmed, per call"),
            ),
            "fcr": (
                self.tr("FCR"),
                f"{kpis.fcr:.0%}",
                self.tr(
                    "First-contact resolution: customers with one call today whose question was resolved"
                ),
            ),
        }
        for key, (title, value, tip) in values.items():
            self.labels[key].setText(f"{title}: <b>{value}</b>")
            self.labels[key].setToolTip(tip)
