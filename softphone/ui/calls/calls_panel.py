"""The list of active call lines: one ``CallLineWidget`` per line, a live timer, line selection."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from softphone.ui.calls.call_line_widget import CallLineWidget
from softphone.ui.calls.call_lines import CallLine, CallLines
from softphone.ui.calls.phone_input import DEFAULT_REGION

SPARE_CARD_DELAY_MS = 300


class CallsPanel(QScrollArea):
    action_requested = Signal(str, int)
    dtmf_pressed = Signal(int, str)

    def __init__(self, lines: CallLines, region: str = DEFAULT_REGION, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calls_panel")
        self.lines = lines
        self.region = region
        self.widgets: dict[int, CallLineWidget] = {}
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # Cards take the panel's width; a horizontal bar would only sit over the last card's bottom row.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        body = QWidget(self)
        body.setObjectName("calls_body")
        self._layout = QVBoxLayout(body)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(8)
        self.placeholder = QLabel(self.tr("No active calls"), body)
        self.placeholder.setObjectName("calls_placeholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._layout.addWidget(self.placeholder)
        self._layout.addStretch(1)
        self.setWidget(body)

        lines.line_added.connect(self._on_line_added)
        lines.line_changed.connect(self._on_line_changed)
        lines.line_removed.connect(self._on_line_removed)

        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self._tick)
        # A ringing call must be on screen at once: its card is built ahead, while nothing rings.
        self._spare: CallLineWidget | None = None
        self._spare_timer = QTimer(self)
        self._spare_timer.setSingleShot(True)
        self._spare_timer.setInterval(SPARE_CARD_DELAY_MS)
        self._spare_timer.timeout.connect(self._build_spare)
        self._spare_timer.start()

    def _build_spare(self) -> None:
        if self._spare is None:
            self._spare = CallLineWidget(None, self.region, self.widget())
            self._spare.setVisible(False)

    def _take_card(self, line: CallLine) -> CallLineWidget:
        widget, self._spare = self._spare, None
        if widget is None:
            widget = CallLineWidget(line, self.region, self.widget())
        else:
            widget.bind(line)
            widget.setVisible(True)
        self._spare_timer.start()  # the next spare, once this call's card is on screen
        return widget

    def _on_line_added(self, call_id: int) -> None:
        line = self.lines.get(call_id)
        if line is None or call_id in self.widgets:
            return
        widget = self._take_card(line)
        widget.action_requested.connect(self.action_requested)
        widget.dtmf_pressed.connect(self.dtmf_pressed)
        widget.clicked.connect(self.select)
        widget.dtmf_button.toggled.connect(lambda shown, w=widget: shown and self._reveal_keypad(w))
        self.widgets[call_id] = widget
        self._layout.insertWidget(self._layout.count() - 1, widget)
        self.placeholder.setVisible(False)
        if not self._clock.isActive():
            self._clock.start()
        self._refresh_selection()

    def _on_line_changed(self, call_id: int) -> None:
        line, widget = self.lines.get(call_id), self.widgets.get(call_id)
        if line is not None and widget is not None:
            widget.update_from(line)
        self._refresh_selection()

    def _on_line_removed(self, call_id: int) -> None:
        widget = self.widgets.pop(call_id, None)
        if widget is not None:
            self._layout.removeWidget(widget)
            widget.deleteLater()
        self.placeholder.setVisible(not self.widgets)
        if not self.widgets:
            self._clock.stop()
        self._refresh_selection()

    def _reveal_keypad(self, widget: CallLineWidget) -> None:
        """Scroll so the keypad just opened is whole in view (once the card has grown)."""

        def reveal() -> None:
            if widget.dtmf_pad.isVisible():
                self.widget().layout().activate()
                self.ensureWidgetVisible(widget.dtmf_pad, 0, 4)

        QTimer.singleShot(0, reveal)

    def select(self, call_id: int) -> None:
        self.lines.selected_id = call_id
        self._refresh_selection()

    def _refresh_selection(self) -> None:
        current = self.lines.current_line()
        current_id = current.call_id if current is not None else None
        for call_id, widget in self.widgets.items():
            widget.set_selected(call_id == current_id and len(self.widgets) > 1)

    def _tick(self) -> None:
        for call_id, widget in self.widgets.items():
            line = self.lines.get(call_id)
            if line is not None:
                widget.tick(line)
