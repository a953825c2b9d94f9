"""The microphone level meter on a connected call's card: a thin bar from -60 dBFS to 0 dBFS.

Fed by ``AudioController.input_level`` (the bridge's peak since the last poll, every 100 ms) for
the call being talked on; greyed while the call is muted (it still shows that the microphone hears
the operator, who may have forgotten the mute).
"""

from __future__ import annotations

from PySide6.QtWidgets import QProgressBar, QWidget

FLOOR_DBFS = -60


class LevelMeter(QProgressBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mic_level")
        self.setRange(FLOOR_DBFS, 0)
        self.setValue(FLOOR_DBFS)
        self.setTextVisible(False)
        self.setFixedHeight(6)
        self.setMaximumWidth(120)
        self.setToolTip(self.tr("Microphone level"))
        self.setAccessibleName(self.tr("Microphone level"))
        self.dbfs = float(FLOOR_DBFS)

    def show_level(self, dbfs: float) -> None:
        self.dbfs = dbfs
        self.setValue(max(FLOOR_DBFS, min(0, round(dbfs))))
