"""The main window's layout: the dialer on the left, the call controls above the customer in the
middle, the script on the right, all on screen together at 1366x768 without scrolling the essentials.

::

    [registration | CRM | customer search (Ctrl+F) ........... | SIP account | Settings | DND]
    [agent state (F9 / F10) | time in state / countdown ............ today's KPIs (agent bar)]
    [ Dialer          | Calls: the call lines with their buttons | Script                     ]
    [                 |------------------------------------------|  (the script panel, or a   ]
    [ Recent | Keys   | [Customer | Order] tabs: the card /      |   placeholder)             ]
    [                 |   chooser / form, or the order editor    |                            ]

The call lines take the height they need (up to ``CALLS_SHARE`` of the column; more calls scroll),
the customer the rest. Columns sit in a splitter, so the operator can widen one; nothing is behind
a modal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from softphone.ui import shortcuts

if TYPE_CHECKING:
    from softphone.ui.main_window import MainWindow

LEFT_WIDTH, SCRIPT_WIDTH = 290, 320
LEFT_MIN, CENTRE_MIN, SCRIPT_MIN = 210, 290, 150
CALLS_SHARE = 0.5  # at most this share of the middle column goes to the call lines


def _box(title: str, content: QWidget, parent: QWidget, name: str) -> QGroupBox:
    box = QGroupBox(title, parent)
    box.setObjectName(name)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(6, 4, 6, 6)
    layout.addWidget(content)
    return box


def build_central(window: MainWindow) -> QWidget:
    central = QWidget(window)
    central.setObjectName("central")
    central.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # where focus rests so digits go to DTMF

    top = QWidget(central)
    top.setObjectName("top_bar")
    top_layout = QHBoxLayout(top)
    top_layout.setContentsMargins(12, 6, 12, 6)
    top_layout.setSpacing(14)
    top_layout.addWidget(window.registration)
    top_layout.addWidget(window.crm)
    top_layout.addWidget(window.search, 1)
    top_layout.addWidget(window.account_button)
    top_layout.addWidget(window.settings_button)
    top_layout.addWidget(window.dnd_button)

    window.shortcut_help = QLabel(shortcuts.help_html(), central)
    window.shortcut_help.setObjectName("shortcut_help")
    window.shortcut_help.setWordWrap(True)
    window.shortcut_help.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    help_scroll = QScrollArea(central)
    help_scroll.setObjectName("shortcut_help_scroll")
    help_scroll.setWidgetResizable(True)
    help_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    help_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    help_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    help_scroll.setWidget(window.shortcut_help)

    tabs = window.left_tabs = QTabWidget(central)
    tabs.setObjectName("left_tabs")
    tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    tabs.addTab(window.history, QCoreApplication.translate("MainWindow", "Recent calls"))
    tabs.addTab(help_scroll, QCoreApplication.translate("MainWindow", "Keys"))
    tabs.setTabToolTip(1, QCoreApplication.translate("MainWindow", "Keyboard shortcuts"))
    left = QWidget(central)
    left.setObjectName("left_column")
    left_layout = QVBoxLayout(left)
    left_layout.setContentsMargins(0, 0, 0, 0)
    left_layout.setSpacing(8)
    left_layout.addWidget(
        _box(QCoreApplication.translate("MainWindow", "Dialer"), window.dialer, left, "dialer_box")
    )
    left_layout.addWidget(tabs, 1)
    left.setMinimumWidth(LEFT_MIN)

    centre = QWidget(central)
    centre.setObjectName("centre_column")
    centre_layout = QVBoxLayout(centre)
    centre_layout.setContentsMargins(0, 0, 0, 0)
    centre_layout.setSpacing(8)
    window.calls_box = _box(
        QCoreApplication.translate("MainWindow", "Calls"), window.calls, centre, "calls_box"
    )
    centre_layout.addWidget(window.calls_box)
    window.centre_layout = centre_layout  # the wrap-up form goes below the calls (``put_wrap_up``)
    tabs = window.centre_tabs = QTabWidget(centre)  # "Customer" | "Order" (the order editor's page)
    tabs.setObjectName("centre_tabs")
    tabs.setDocumentMode(True)
    tabs.addTab(
        scrolling(window.workspace, "customer_scroll"), QCoreApplication.translate("MainWindow", "Customer")
    )
    tabs.setTabToolTip(
        0, QCoreApplication.translate("MainWindow", "The customer of the call (F4: the order)")
    )
    centre_layout.addWidget(tabs, 1)
    centre.setMinimumWidth(CENTRE_MIN)
    CallsHeightFitter(window.calls, centre)

    window.script_placeholder = QLabel(
        QCoreApplication.translate("MainWindow", "The call's script appears here."), central
    )
    window.script_placeholder.setObjectName("script_placeholder")
    window.script_placeholder.setWordWrap(True)
    window.script_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
    window.script_slot = _box(
        QCoreApplication.translate("MainWindow", "Script"), window.script_placeholder, central, "script_slot"
    )
    window.script_slot.setMinimumWidth(SCRIPT_MIN)

    columns = window.columns = QSplitter(Qt.Orientation.Horizontal, central)
    columns.setObjectName("columns")
    columns.addWidget(left)
    columns.addWidget(centre)
    columns.addWidget(window.script_slot)
    columns.setChildrenCollapsible(False)
    columns.setStretchFactor(0, 0)
    columns.setStretchFactor(1, 1)
    columns.setStretchFactor(2, 0)
    columns.setSizes([LEFT_WIDTH, 1366 - LEFT_WIDTH - SCRIPT_WIDTH, SCRIPT_WIDTH])

    body = QHBoxLayout()
    body.setContentsMargins(8, 4, 8, 8)
    body.addWidget(columns, 1)
    outer = QVBoxLayout(central)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.setSpacing(0)
    outer.addWidget(top)
    window.agent_slot = QVBoxLayout()  # the agent bar (``put_agent_bar``)
    window.agent_slot.setContentsMargins(0, 0, 0, 0)
    outer.addLayout(window.agent_slot)
    outer.addLayout(body, 1)
    return central


class CallsHeightFitter(QObject):
    """Gives the call lines the height their cards need, at most ``CALLS_SHARE`` of the column (the
    rest scrolls), so one ringing call takes a strip and the customer below keeps the room."""

    def __init__(self, calls: QScrollArea, column: QWidget) -> None:
        super().__init__(calls)
        self._calls, self._column = calls, column
        body = calls.widget()
        body.installEventFilter(self)
        column.installEventFilter(self)
        self._pending = False
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Resize) and not self._pending:
            self._pending = True
            QTimer.singleShot(0, self, self.fit)  # dropped with the panel if it goes first
        return False

    def fit(self) -> None:
        self._pending = False
        body = self._calls.widget()
        wanted = body.sizeHint().height() + 2 * self._calls.frameWidth()
        cap = max(120, int(self._column.height() * CALLS_SHARE))
        height = min(wanted, cap)
        if self._calls.minimumHeight() != height:
            self._calls.setFixedHeight(height)


def put_order_editor(window: MainWindow, editor: QWidget) -> None:
    """The order editor as the "Order" page beside the customer (F4 switches between them)."""
    tabs = window.centre_tabs
    index = tabs.addTab(scrolling(editor, "order_scroll"), QCoreApplication.translate("MainWindow", "Order"))
    tabs.setTabToolTip(
        index, QCoreApplication.translate("MainWindow", "The order being edited (F4: the customer)")
    )


def toggle_order_page(window: MainWindow) -> None:
    tabs = window.centre_tabs
    if tabs.count() > 1:
        tabs.setCurrentIndex(1 - min(tabs.currentIndex(), 1))
        page = tabs.currentWidget()
        inner = page.widget() if isinstance(page, QScrollArea) else page
        if inner is not None:
            inner.setFocus()


def scrolling(page: QWidget, name: str) -> QScrollArea:
    """``page`` in a vertical scroll area: with the agent bar and the wrap-up form on screen, the
    card or the order editor scrolls instead of making the window taller than a 768-pixel screen."""
    scroll = QScrollArea()
    scroll.setObjectName(name)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    scroll.setWidget(page)
    return scroll


def put_script_panel(window: MainWindow, panel: QWidget) -> None:
    """Show ``panel`` in the script column instead of the placeholder (the script engineer's panel)."""
    layout = window.script_slot.layout()
    assert layout is not None
    if window.script_placeholder is not None:
        layout.removeWidget(window.script_placeholder)
        window.script_placeholder.deleteLater()
        window.script_placeholder = None
    if window.script_panel is not None:
        old_scroll = window.script_panel.parentWidget()
        while old_scroll is not None and not isinstance(old_scroll, QScrollArea):
            old_scroll = old_scroll.parentWidget()
        if old_scroll is not None:
            layout.removeWidget(old_scroll)
            old_scroll.deleteLater()
    # A long step scrolls rather than make the window taller than a 768-pixel screen.
    scroll = QScrollArea(window.script_slot)
    scroll.setObjectName("script_scroll")
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    scroll.setWidget(panel)
    layout.addWidget(scroll)
    window.script_panel = panel
    scroll.show()


def put_agent_bar(window: MainWindow, bar: QWidget) -> None:
    """The operator's state and KPI strip, in a row under the top bar."""
    window.agent_slot.addWidget(bar)
    bar.show()  # the window may be on screen already


def put_wrap_up(window: MainWindow, form: QWidget) -> None:
    """The wrap-up form in the middle column, under the calls and above the customer."""
    window.centre_layout.insertWidget(window.centre_layout.indexOf(window.calls_box) + 1, form)
