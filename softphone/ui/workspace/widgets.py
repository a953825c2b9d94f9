"""Small pieces the workspace panels share: the shop banner, tag chips, a section title."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QWidget

from softphone.workspace.call_context import CallStore

DANGER_TAGS = {"blacklist", "blacklisted", "черный список", "чёрный список", "мошенник", "fraud"}
VIP_TAGS = {"vip"}


def text_colour_on(background: str) -> str:
    """Black or white, whichever reads better on ``background`` (``#rrggbb``)."""
    colour = QColor(background)
    if not colour.isValid():
        return "#ffffff"
    luminance = 0.299 * colour.red() + 0.587 * colour.green() + 0.114 * colour.blue()
    return "#1f2933" if luminance > 160 else "#ffffff"


class ShopBanner(QLabel):
    """The shop's name on its logo colour: the operator greets in this shop's name."""

    def __init__(self, parent: QWidget | None = None, compact: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("shop_banner")
        self.setProperty("compact", compact)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setVisible(False)
        self.shop: CallStore | None = None

    def set_shop(self, shop: CallStore | None) -> None:
        if shop == self.shop:
            return
        self.shop = shop
        if shop is None or not shop.name:
            self.setVisible(False)
            return
        self.setText(shop.name)
        self.setStyleSheet(
            f"#shop_banner {{ background: {shop.colour}; color: {text_colour_on(shop.colour)}; }}"
        )
        self.setToolTip(self.tr("The caller dialled the line of %1").replace("%1", shop.name))
        self.setVisible(True)


class TagChips(QWidget):
    """A customer's tags as chips; VIP and blacklist stand out."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tag_chips")
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self._layout.addStretch(1)
        self.tags: tuple[str, ...] = ()

    def set_tags(self, tags: tuple[str, ...]) -> None:
        if tags == self.tags:
            return
        self.tags = tags
        while self._layout.count() > 1:
            item = self._layout.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()
        for index, tag in enumerate(tags):
            chip = QLabel(tag, self)
            chip.setObjectName("tag_chip")
            key = tag.casefold()
            chip.setProperty(
                "tone", "danger" if key in DANGER_TAGS else "vip" if key in VIP_TAGS else "plain"
            )
            self._layout.insertWidget(index, chip)
        self.setVisible(bool(tags))


def section_title(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("section_title")
    return label


def separator(parent: QWidget) -> QFrame:
    line = QFrame(parent)
    line.setFrameShape(QFrame.Shape.HLine)
    line.setObjectName("separator")
    return line
