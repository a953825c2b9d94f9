"""Status-bar note of the USB headset whose buttons control the calls ("Headset: Jabra Evolve2 65").

Bound to the Qt-free ``headset.link.HeadsetLink`` (``bind``); the link tells it on the GUI thread
whenever a headset is attached or unplugged, or headset control is switched off. Hidden while no
headset is attached; the tooltip says what its buttons do.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QWidget

from softphone.headset.device_thread import HeadsetInfo
from softphone.headset.telephony import Control
from softphone.ui.gui_thread import assert_gui_thread


class HeadsetIndicator(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("headset_indicator")
        self.headset: HeadsetInfo | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self.show_headset(None)

    def bind(self, subscribe: Callable[[Callable[[HeadsetInfo | None], None]], Callable[[], None]]) -> None:
        self._unsubscribe = subscribe(self.show_headset)
        self.destroyed.connect(lambda *_: self._unsubscribe() if self._unsubscribe else None)

    def show_headset(self, info: HeadsetInfo | None) -> None:
        assert_gui_thread()
        self.headset = info
        if info is None:
            self.setText("")
            self.setToolTip("")
            self.setVisible(False)
            return
        self.setText(self.tr("Headset: %1").replace("%1", info.name))
        buttons = []
        if Control.HOOK_SWITCH in info.controls:
            buttons.append(self.tr("call button answers and hangs up"))
        if Control.PHONE_MUTE in info.controls:
            buttons.append(self.tr("mute button mutes the microphone"))
        if Control.FLASH in info.controls:
            buttons.append(self.tr("flash holds and swaps lines"))
        if Control.REDIAL in info.controls:
            buttons.append(self.tr("redial calls the last number again"))
        tip = self.tr("Calls are controlled from the headset %1.").replace("%1", info.name)
        if buttons:
            tip += "\n" + "; ".join(buttons)
        self.setToolTip(tip)
        self.setVisible(True)
