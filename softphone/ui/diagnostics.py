"""Opt-in diagnostics for the benchmarks (``tests/benchmarks/sip_bench.py``); off and free by default.

``SOFTPHONE_TRACE_PAINT=PATH``: each call line appends ``painted <call_id> <time.time()>`` to PATH the
first time it is painted, so a benchmark can time an INVITE to the call line on screen.
``SOFTPHONE_TRACE_CARD=PATH``: the customer card appends ``card <call_id> <time.time()>`` the first
time it is painted showing that call's customer (``tests/benchmarks/workspace_bench.py``).
``SOFTPHONE_BENCH_BUSY_GUI=1``: the GUI thread computes 5 ms of every 10 ms, as a busy operator
screen would, so the benchmark measures SIP-to-screen latency under load.
``SOFTPHONE_TRACE_SCRIPT=PATH``: the script panel appends ``clicked <time>`` when an answer button
gets the mouse release that clicks it, and ``painted <step id> <time> <x> <y> <kind> <fx> <fy>`` the
first time the step text is painted after a new step is shown (x, y: the screen point of the next
thing to click, the first answer or the text answer's "Next"; kind ``button`` or ``text``; fx, fy:
the text answer field), for ``script_bench.py``.
``SOFTPHONE_TRACE_ORDER=PATH``: the order editor appends ``key <time>`` when its product search field
gets a key press, ``hits <time>`` when the hits are painted after an answer, and ``save <clicked>
<committed>`` for each save (the save key or button taken; the local commit with its outbox entry on
the store worker), for ``order_bench.py``.
Without the variables nothing is installed: no event filter, no timer.
"""

from __future__ import annotations

import os
import time
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer

TRACE_PAINT_ENV = "SOFTPHONE_TRACE_PAINT"
TRACE_CARD_ENV = "SOFTPHONE_TRACE_CARD"
BUSY_GUI_ENV = "SOFTPHONE_BENCH_BUSY_GUI"
TRACE_SCRIPT_ENV = "SOFTPHONE_TRACE_SCRIPT"
TRACE_ORDER_ENV = "SOFTPHONE_TRACE_ORDER"


def burn_cpu(seconds: float) -> None:
    """Pure-Python work (holding the GIL) for ``seconds``."""
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        pass


def busy_gui_timer(work_s: float = 0.005, every_ms: int = 10, parent: QObject | None = None) -> QTimer:
    """A timer (not started) that makes the thread it runs on work ``work_s`` every ``every_ms``."""
    timer = QTimer(parent)
    timer.setInterval(every_ms)
    timer.timeout.connect(lambda: burn_cpu(work_s))
    return timer


def start_busy_gui_if_asked(parent: QObject) -> None:
    if os.environ.get(BUSY_GUI_ENV):
        busy_gui_timer(parent=parent).start()


class _FirstPaintTracer(QObject):
    def __init__(self, watched: QObject, call_id: int, path: str, tag: str = "painted") -> None:
        super().__init__(watched)
        self._call_id = call_id
        self._path = path
        self._tag = tag

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            with open(self._path, "a", encoding="ascii") as trace:
                trace.write(f"{self._tag} {self._call_id} {time.time():.6f}\n")
            watched.removeEventFilter(self)
            self.deleteLater()
        return False


def trace_first_paint(widget: QObject, call_id: int) -> None:
    """With ``SOFTPHONE_TRACE_PAINT`` set, note the first paint of ``widget`` (a call line)."""
    path = os.environ.get(TRACE_PAINT_ENV)
    if path:
        widget.installEventFilter(_FirstPaintTracer(widget, call_id, path))


class _ScriptStepTracer(QObject):
    """Clicks on the script's answers and the first paint of each step shown after them."""

    def __init__(self, panel: Any, path: str) -> None:
        super().__init__(panel)
        self._panel = panel
        self._path = path
        self._pending: str | None = None
        panel.step_shown.connect(self._on_step_shown)
        panel.step_text.installEventFilter(self)
        for button in [*panel.answer_buttons, panel.text_next]:
            button.installEventFilter(self)

    def _write(self, line: str) -> None:
        with open(self._path, "a", encoding="utf-8") as trace:
            trace.write(line + "\n")

    def _on_step_shown(self, step_id: str) -> None:
        self._pending = step_id

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.MouseButtonRelease and watched is not self._panel.step_text:
            self._write(f"clicked {time.time():.6f}")
        elif kind == QEvent.Type.Paint and watched is self._panel.step_text and self._pending is not None:
            now = time.time()
            step_id, self._pending = self._pending, None
            panel = self._panel
            text = panel.text_next.isVisible()
            target = panel.text_next if text else panel.answer_buttons[0]
            point = target.mapToGlobal(target.rect().center())
            field = panel.text_answer.mapToGlobal(panel.text_answer.rect().center())
            where = f"{point.x()} {point.y()} {'text' if text else 'button'} {field.x()} {field.y()}"
            self._write(f"painted {step_id} {now:.6f} {where if target.isVisible() else '- - none'}")
        return False


def trace_script_steps(panel: QObject) -> None:
    """With ``SOFTPHONE_TRACE_SCRIPT`` set, trace the script panel's answer clicks and step paints."""
    path = os.environ.get(TRACE_SCRIPT_ENV)
    if path:
        _ScriptStepTracer(panel, path)


_traced_cards: set[int] = set()


def trace_card_paint(widget: QObject, call_id: int) -> None:
    """With ``SOFTPHONE_TRACE_CARD`` set, note the card's next paint, once per call."""
    path = os.environ.get(TRACE_CARD_ENV)
    if path and call_id not in _traced_cards:
        _traced_cards.add(call_id)
        widget.installEventFilter(_FirstPaintTracer(widget, call_id, path, tag="card"))


class _OrderEditorTracer(QObject):
    """Keystrokes in the product search, the hits painted after them, and each save's times."""

    def __init__(self, editor: Any, path: str) -> None:
        super().__init__(editor)
        self._editor, self._path = editor, path
        self._answered = False
        editor.search.field.installEventFilter(self)
        editor.search.table.viewport().installEventFilter(self)
        editor.search.results_shown.connect(self._on_results)
        editor.order_saved.connect(self._on_saved)

    def _write(self, line: str) -> None:
        with open(self._path, "a", encoding="ascii") as trace:
            trace.write(line + "\n")

    def _on_results(self, _text: str) -> None:
        self._answered = True

    def _on_saved(self, _order_id: int) -> None:
        clicked, committed = self._editor.save_started, self._editor.committed_at
        if clicked is not None and committed is not None:
            self._write(f"save {clicked:.6f} {committed:.6f}")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.KeyPress and watched is self._editor.search.field:
            self._write(f"key {time.time():.6f}")
        elif kind == QEvent.Type.Paint and self._answered and watched is not self._editor.search.field:
            self._answered = False
            self._write(f"hits {time.time():.6f}")
        return False


def trace_order_editor(editor: QObject) -> None:
    """With ``SOFTPHONE_TRACE_ORDER`` set, trace the order editor's search keystrokes and saves."""
    path = os.environ.get(TRACE_ORDER_ENV)
    if path:
        _OrderEditorTracer(editor, path)
