"""Self-review of a past call: the recording with a seek bar (QMediaPlayer + QAudioOutput), beside
it the script's checklist from that call (required steps, visited or not), and the operator's
rating (1-5) with notes. Saving hands the rating to ``save`` (the composition root queues it for
the CRM through the outbox on the store worker); the dialog only shows and collects."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from softphone.ui.i18n import short_date_time
from softphone.workspace.self_review import SelfReview


def clock(ms: int) -> str:
    seconds = max(0, ms) // 1000
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


class SelfReviewDialog(QDialog):
    def __init__(
        self, review: SelfReview, save: Callable[[int, str], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("self_review")
        self.setWindowTitle(self.tr("Review of the call"))
        self.review = review
        self._save = save
        self._seeking = False
        started = dt.datetime.fromisoformat(review.started_at_iso).astimezone()
        heading = QLabel(
            self.tr("Call of %1, talk time %2")
            .replace("%1", short_date_time(started))
            .replace("%2", clock(review.talk_s * 1000))
        )
        heading.setObjectName("review_heading")
        heading.setStyleSheet("font-weight: bold;")

        self.player = QMediaPlayer(self)
        self.audio_output = QAudioOutput(self)
        self.player.setAudioOutput(self.audio_output)
        self.play_button = QPushButton(self.tr("Play"), self)
        self.play_button.setObjectName("review_play")
        self.play_button.setToolTip(self.tr("Play or pause (Space)"))
        self.seek = QSlider(Qt.Orientation.Horizontal, self)
        self.seek.setObjectName("review_seek")
        self.time_label = QLabel("00:00 / 00:00", self)
        self.time_label.setObjectName("review_time")
        player_row = QHBoxLayout()
        player_row.addWidget(self.play_button)
        player_row.addWidget(self.seek, 1)
        player_row.addWidget(self.time_label)
        self.no_recording = QLabel(self.tr("No recording of this call is kept on this computer."), self)
        self.no_recording.setObjectName("review_no_recording")
        if review.recording is not None:
            self.player.setSource(QUrl.fromLocalFile(str(review.recording)))
            self.no_recording.setVisible(False)
        else:
            for widget in (self.play_button, self.seek, self.time_label):
                widget.setEnabled(False)
        self.play_button.clicked.connect(self.toggle_play)
        QShortcut(QKeySequence(Qt.Key.Key_Space), self, self.toggle_play)
        self.player.durationChanged.connect(self._on_duration)
        self.player.positionChanged.connect(self._on_position)
        self.player.playbackStateChanged.connect(self._on_state)
        self.seek.sliderPressed.connect(lambda: setattr(self, "_seeking", True))
        self.seek.sliderReleased.connect(self._seek_released)

        checklist_box = QGroupBox(self._checklist_title(), self)
        checklist_box.setObjectName("review_checklist_box")
        self.checklist = QListWidget(checklist_box)
        self.checklist.setObjectName("review_checklist")
        for item in review.checklist:
            row = QListWidgetItem(("✓  " if item.visited else "✗  ") + item.name)
            row.setForeground(QColor("#2e7d32" if item.visited else "#c62828"))
            row.setToolTip(self.tr("Visited") if item.visited else self.tr("Missed"))
            self.checklist.addItem(row)
        self.summary = QLabel(self._summary(), checklist_box)
        self.summary.setObjectName("review_summary")
        self.summary.setWordWrap(True)
        box_layout = QVBoxLayout(checklist_box)
        box_layout.addWidget(self.checklist)
        box_layout.addWidget(self.summary)

        rating_box = QGroupBox(self.tr("Your rating of the call"), self)
        self.rating = QButtonGroup(self)
        stars = QHBoxLayout()
        for value in range(1, 6):
            button = QRadioButton(str(value), rating_box)
            button.setObjectName(f"review_rating_{value}")
            self.rating.addButton(button, value)
            stars.addWidget(button)
            if review.self_rating == value:
                button.setChecked(True)
        scale = QLabel(self.tr("1 = poor, 5 = excellent"), rating_box)
        scale.setObjectName("review_scale")
        scale.setStyleSheet("color: palette(mid);")
        stars.addSpacing(12)
        stars.addWidget(scale)
        stars.addStretch(1)
        self.note = QPlainTextEdit(review.self_review_note, rating_box)
        self.note.setObjectName("review_note")
        self.note.setPlaceholderText(self.tr("What went well, what to do differently next time"))
        rating_layout = QVBoxLayout(rating_box)
        rating_layout.addLayout(stars)
        rating_layout.addWidget(self.note)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("review_save")
        self.save_button.setEnabled(review.self_rating is not None)
        self.rating.idToggled.connect(
            lambda _id, _on: self.save_button.setEnabled(self.rating.checkedId() > 0)
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        body = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(heading)
        left.addLayout(player_row)
        left.addWidget(self.no_recording)
        left.addWidget(rating_box, 1)
        body.addLayout(left, 3)
        body.addWidget(checklist_box, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)
        self.resize(820, 440)

    def _checklist_title(self) -> str:
        if not self.review.script_title:
            return self.tr("Script checklist")
        return self.tr("Script checklist: %1").replace("%1", self.review.script_title)

    def _summary(self) -> str:
        if not self.review.script_title:
            return self.tr("No script was used on this call.")
        done = sum(1 for item in self.review.checklist if item.visited)
        text = (
            self.tr("%1 of %2 required steps visited")
            .replace("%1", str(done))
            .replace("%2", str(len(self.review.checklist)))
        )
        if self.review.other_visited:
            text += "; " + self.tr("%1 more steps visited").replace("%1", str(self.review.other_visited))
        return text

    # ----- playback ----------------------------------------------------------------------------
    def toggle_play(self) -> None:
        if self.review.recording is None:
            return
        if self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            self.player.pause()
        else:
            self.player.play()

    def _on_duration(self, duration_ms: int) -> None:
        self.seek.setRange(0, max(0, duration_ms))
        self._on_position(self.player.position())

    def _on_position(self, position_ms: int) -> None:
        if not self._seeking:
            self.seek.setValue(position_ms)
        self.time_label.setText(f"{clock(position_ms)} / {clock(self.player.duration())}")

    def _seek_released(self) -> None:
        self._seeking = False
        self.player.setPosition(self.seek.value())

    def _on_state(self, state: QMediaPlayer.PlaybackState) -> None:
        playing = state == QMediaPlayer.PlaybackState.PlayingState
        self.play_button.setText(self.tr("Pause") if playing else self.tr("Play"))

    # ----- rating ------------------------------------------------------------------------------
    def accept(self) -> None:
        rating = self.rating.checkedId()
        if rating < 1:
            return
        self._save(rating, self.note.toPlainText().strip())
        self.player.stop()
        super().accept()

    def reject(self) -> None:
        self.player.stop()
        super().reject()
