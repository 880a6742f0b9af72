"""The top of the session editor: the meeting's title, who and which template, whether every
edit is saved, and when / how long / how / status.

The four fields flow onto a second line when the editor is narrow (a wide coachee list,
150 % scaling), so they never set a minimum width that squeezes or clips the notes below.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.kit.action_button import action_button
from ui.kit.autosave import SaveStatus
from ui.kit.date_time_field import DateTimeField
from ui.kit.dates import to_qdatetime
from ui.kit.flow_layout import FlowLayout
from ui.sessions.session_parts import plain_label
from workbook.dates import format_datetime
from workbook.sessions import MODALITIES, STATUSES, Session


class SessionHeader(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLineEdit()
        self.title.setPlaceholderText("Title of this meeting (optional)")
        self.title.setAccessibleName("Session title")
        title_font = QFont(self.title.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.3)
        self.title.setFont(title_font)
        self.title.setFrame(False)
        self.subtitle = plain_label("")
        self.save_status = QLabel(SaveStatus.SAVED.value)
        self.save_status.setAccessibleName("Save status")
        self.save_status.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.save_status.setWordWrap(True)
        self.when = DateTimeField()
        self.when.setAccessibleName("Meeting date and time")
        self.duration = QSpinBox()
        self.duration.setRange(0, 1440)
        self.duration.setSingleStep(5)
        self.duration.setSuffix(" min")
        self.duration.setAccessibleName("Duration in minutes")
        self.modality = QComboBox()
        for value in MODALITIES:
            self.modality.addItem(value.replace("-", " ").capitalize(), value)
        self.modality.setAccessibleName("Modality")
        self.status = QComboBox()
        for value in STATUSES:
            self.status.addItem(value.capitalize(), value)
        self.status.setAccessibleName("Session status")

        # The title has the whole first line (a long one shows in full on a small screen);
        # whether everything is saved sits beside the line that says whose meeting it is.
        self.top = top = QHBoxLayout()
        top.addWidget(self.title, 1)
        second = QHBoxLayout()
        second.addWidget(self.subtitle, 1)
        second.addWidget(self.save_status)
        self.fields = fields = FlowLayout()
        for text, widget in (("&When", self.when), ("D&uration", self.duration),
                             ("&Modality", self.modality), ("S&tatus", self.status)):
            label = QLabel(text)
            label.setBuddy(widget)
            # level with the field's first line, also when a date's sentence grows it
            label.setMinimumHeight(self.duration.sizeHint().height())
            pair = QWidget()
            row = QHBoxLayout(pair)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(label, 0, Qt.AlignmentFlag.AlignTop)
            row.addWidget(widget, 0, Qt.AlignmentFlag.AlignTop)
            fields.addWidget(pair)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(second)
        layout.addLayout(fields)

    def add_buttons(self, buttons: list[tuple[str, QAction]]) -> None:
        """Short buttons for window actions (the summary's preview, print, export) after
        the four fields, flowing with them, so the title keeps the whole first line; each
        follows its action's enabled state and tooltip."""
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        for text, action in buttons:
            line.addWidget(action_button(text, action))
        self.fields.addWidget(row)

    def inputs(self) -> list[QWidget]:
        """The header's fields, in the order Tab visits them."""
        return [self.title, self.when, self.duration, self.modality, self.status]

    def fill(self, session: Session, coachee_name: str, idle: Callable[[str], bool]) -> None:
        """Show `session`, keeping each field whose edit is not saved yet (`idle` is False)."""
        for widget in self.inputs():
            widget.blockSignals(True)
        if idle("title") and self.title.text() != session.title:
            self.title.setText(session.title)
        if not self.title.hasFocus():
            self.title.setCursorPosition(0)  # a long title shows its start, not its end
        if idle("scheduled_at") and not self.when.text_problem():  # never drop what was typed
            self.when.setDateTime(to_qdatetime(session.scheduled_at))
        if idle("duration_min"):
            self.duration.setValue(session.duration_min)
        if idle("modality"):
            self.modality.setCurrentIndex(max(0, self.modality.findData(session.modality)))
        if idle("status"):
            self.status.setCurrentIndex(max(0, self.status.findData(session.status)))
        for widget in self.inputs():
            widget.blockSignals(False)
        template = session.template_name or "No template"
        self.subtitle.setText(f"{coachee_name} · {template} · "
                              f"{format_datetime(session.scheduled_at)}")
        self.title.setToolTip(session.title)

    def clear(self) -> None:
        for widget in self.inputs():
            widget.blockSignals(True)
        self.title.setText("")  # unlike clear(), leaves nothing to undo
        self.title.setToolTip("")
        self.subtitle.clear()
        for widget in self.inputs():
            widget.blockSignals(False)
        self.title.setModified(False)

    def show_status(self, status: SaveStatus, sentence: str) -> None:
        text = f"{status.value}: {sentence}" if sentence else status.value
        self.save_status.setText(text)
        self.save_status.setToolTip(text)
        palette = self.palette()
        if status is SaveStatus.FAILED:
            palette.setColor(QPalette.ColorRole.WindowText, palette.color(
                QPalette.ColorRole.Text))
        else:
            palette.setColor(QPalette.ColorRole.WindowText, palette.color(
                QPalette.ColorRole.PlaceholderText))
        self.save_status.setPalette(palette)
        font = QFont(self.save_status.font())
        font.setBold(status is SaveStatus.FAILED)
        self.save_status.setFont(font)
