"""The script's step list: every step in the script's order, marked visited (✓) and required (★),
the current one selected; a click, double-click or Enter on a step asks to jump there."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from softphone.workspace.scripts.graph import ScriptGraph
from softphone.workspace.scripts.run import ScriptRun

STEP_ID_ROLE = Qt.ItemDataRole.UserRole
ANSWER_DIGITS = "123456789"


class StepList(QListWidget):
    jump_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("script_steps")
        self.setUniformItemSizes(True)
        self._graph: ScriptGraph | None = None
        self._items: dict[str, QListWidgetItem] = {}
        self._marks: dict[str, str] = {}
        self._current: str | None = None
        self._bold = QFont(self.font())
        self._bold.setBold(True)
        self.itemClicked.connect(self._on_item)
        self.itemActivated.connect(self._on_item)

    def show_run(self, run: ScriptRun | None) -> None:
        graph = run.graph if run is not None else None
        if graph is not self._graph:
            self._rebuild(graph)
        if run is None or graph is None:
            return
        for step_id, step in graph.steps.items():
            mark = (
                ("✓ " if run.was_visited(step_id) else "   ")
                + ("★ " if step.required else "")
                + step.short_name
            )
            if self._marks.get(step_id) != mark:
                self._items[step_id].setText(mark)
                self._marks[step_id] = mark
        current = run.current.id
        if current != self._current:
            if self._current in self._items:
                self._items[self._current].setFont(self.font())
            item = self._items[current]
            item.setFont(self._bold)
            self.blockSignals(True)
            self.setCurrentItem(item)
            self.blockSignals(False)
            self.scrollToItem(item)
            self._current = current

    def _rebuild(self, graph: ScriptGraph | None) -> None:
        self.clear()
        self._graph = graph
        self._items.clear()
        self._marks.clear()
        self._current = None
        if graph is None:
            return
        for step_id, step in graph.steps.items():
            item = QListWidgetItem(step.short_name, self)
            item.setData(STEP_ID_ROLE, step_id)
            item.setToolTip(step.text)
            self._items[step_id] = item

    def _on_item(self, item: QListWidgetItem) -> None:
        step_id = item.data(STEP_ID_ROLE)
        if isinstance(step_id, str) and step_id != self._current:
            self.jump_requested.emit(step_id)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.text() and event.text() in ANSWER_DIGITS:
            event.ignore()  # 1-9 pick the step's answers (the panel), not a step by its first letter
            return
        super().keyPressEvent(event)
