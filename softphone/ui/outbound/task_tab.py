"""Puts the outbound work into the main window: the task list as the left column's "Tasks (n)" tab,
taking a task opens its customer's card, "Call" dials through the window's own call actions (a
talking call is held first), the cart goes to the order editor, and the script steps' actions get
their handlers. Called by the composition root; the parts come in as arguments.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QShortcut

from softphone.store.outbound_tasks import TaskRow
from softphone.ui import shortcuts
from softphone.ui.calls.phone_input import read_number
from softphone.ui.main_window import MainWindow
from softphone.ui.outbound.task_list import TaskListPanel
from softphone.ui.workspace.script_panel import ScriptPanel
from softphone.workspace.outbound.board import TaskBoard
from softphone.workspace.outbound.script_actions import ScriptActions
from softphone.workspace.outbound.seams import DraftItem, OrderOpener
from softphone.workspace.scripts.graph import StepAction

TAB_INDEX = 1  # after "Recent calls", before "Keys"
MESSAGE_MS = 8000


def install_task_tab(window: MainWindow, board: TaskBoard, orders: OrderOpener | None) -> TaskListPanel:
    def dial(number: str) -> int | None:
        target = read_number(number, window.region).target
        if target is None:
            window.statusBar().showMessage(
                QCoreApplication.translate("MainWindow", "Cannot call %1").replace("%1", number), MESSAGE_MS
            )
            return None
        window.dialer.set_last_dialled(target)
        return window.actions_.dial(target)

    tabs = window.left_tabs
    panel = TaskListPanel(board, dial, window.region, tabs)
    title = QCoreApplication.translate("MainWindow", "Tasks (%1)")
    tabs.insertTab(TAB_INDEX, panel, title.replace("%1", "0"))
    tabs.setElideMode(Qt.TextElideMode.ElideRight)  # three tabs in a narrow column: all stay in reach
    tabs.tabBar().setUsesScrollButtons(False)
    tabs.setTabToolTip(TAB_INDEX, QCoreApplication.translate("MainWindow", "Outbound calls to make"))
    panel.count_changed.connect(lambda n: tabs.setTabText(tabs.indexOf(panel), title.replace("%1", str(n))))
    panel.message.connect(lambda text: window.statusBar().showMessage(text, MESSAGE_MS))
    board.on_claimed(lambda row: open_task(window, row))

    def focus_tasks() -> None:
        tabs.setCurrentWidget(panel)
        panel.list.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if panel.list.currentItem() is None and panel.list.count():
            panel.list.setCurrentRow(0)

    for keys in shortcuts.key_sequences("focus_tasks"):
        QShortcut(keys, window, focus_tasks, context=Qt.ShortcutContext.WindowShortcut)
    if orders is not None:
        opener = orders

        def open_cart(row: TaskRow) -> None:
            if row.customer_id is not None:
                opener.new_order(row.customer_id, [DraftItem(c.product_id, c.qty, c.price) for c in row.cart])

        panel.open_cart = open_cart
    panel.show_view(board.view)
    return panel


def open_task(window: MainWindow, row: TaskRow) -> None:
    """A task taken: its customer's card (the script of the task's kind comes with the call)."""
    if row.customer_id is None:
        text = QCoreApplication.translate(
            "MainWindow", "The task's customer has not reached this computer yet"
        )
        window.statusBar().showMessage(text, MESSAGE_MS)
        return
    window.workspace.browse(row.customer_id)


def wire_script_actions(
    window: MainWindow, panel: ScriptPanel, actions_of: Callable[..., ScriptActions]
) -> None:
    """Each step action whose part exists gets its handler; the others stay disabled, saying why."""

    def tell(_what: str) -> None:
        text = QCoreApplication.translate("MainWindow", "Put the call's customer on the card first")
        window.statusBar().showMessage(text, MESSAGE_MS)

    for name, handler in actions_of(tell).handlers().items():
        panel.set_action_handler(StepAction(name), handler)
