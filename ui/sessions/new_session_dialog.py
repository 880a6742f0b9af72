"""Ctrl+N: which template, when, and whether the meeting is happening now or later.

The dialog names the coachee it is for. The time defaults to now and the status follows it
(held for now or the past, scheduled for the future) until the coach picks a status. Enter
starts the session — unless she already has a meeting today, or an earlier one still marked
scheduled: then the dialog offers to open that one, and Enter opens it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ui.kit.date_time_field import DateTimeField
from ui.kit.dates import from_qdatetime
from ui.kit.state import WorkbookState
from workbook import coachees, dates, sessions, templates
from workbook.dates import format_datetime, now_minute
from workbook.sessions import Session
from workbook.templates import Template

TEMPLATE_ROLE = Qt.ItemDataRole.UserRole + 1


def default_status(when: str, now: str | None = None) -> str:
    return "held" if when <= (now or now_minute()) else "scheduled"


@dataclass(frozen=True)
class Suggestion:
    templates: list[Template]
    last_template_id: int | None  # the template of the coachee's latest session
    coachee_name: str
    existing: Session | None  # a meeting she already has (sessions.meeting_to_open)


def _suggestion(db: Any, coachee_id: int | None, day: date) -> Suggestion:
    every = templates.list_templates(db)
    if coachee_id is None:
        return Suggestion(every, None, "", None)
    last = sessions.list_sessions(db, coachee_id, limit=1)
    return Suggestion(every, last[0].template_id if last else None,
                      coachees.get(db, coachee_id).name,
                      sessions.meeting_to_open(db, coachee_id, day))


def existing_sentence(name: str, meeting: Session, day: date) -> str:
    when = format_datetime(meeting.scheduled_at)
    if meeting.scheduled_at[:10] == day.isoformat():
        return f"{name} already has a meeting today: {when} ({meeting.status})."
    return f"{name} has a meeting on {when} that is still marked scheduled."


class NewSessionDialog(QDialog):
    chosen = Signal(object, str, str)  # template id (or None), scheduled_at, status
    reopen = Signal(int)  # the existing meeting the coach chose to open instead

    def __init__(self, state: WorkbookState, parent: QWidget | None = None, *,
                 coachee_id: int | None = None,
                 today: Callable[[], date] | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setWindowTitle("New session")
        self._status_touched = False
        self._existing: Session | None = None
        self._day = (today or dates.today)()

        self.for_label = QLabel()
        self.for_label.setTextFormat(Qt.TextFormat.PlainText)
        self.for_label.setWordWrap(True)
        self.for_label.setAccessibleName("Coachee")
        bold = QFont(self.for_label.font())
        bold.setBold(True)
        self.for_label.setFont(bold)
        self.existing_box = QFrame()
        self.existing_box.setFrameShape(QFrame.Shape.StyledPanel)
        self.existing_label = QLabel()
        self.existing_label.setTextFormat(Qt.TextFormat.PlainText)
        self.existing_label.setWordWrap(True)
        self.open_existing = QRadioButton("&Open that meeting")
        self.open_existing.setChecked(True)  # a second session for one meeting is the slip
        self.start_new = QRadioButton("Start a &new session")
        self.open_existing.toggled.connect(lambda _on: self._follow_choice())
        existing = QVBoxLayout(self.existing_box)
        for widget in (self.existing_label, self.open_existing, self.start_new):
            existing.addWidget(widget)
        self.existing_box.hide()

        self.templates = QListWidget()
        self.templates.setAccessibleName("Template")
        self.templates.currentItemChanged.connect(self._describe)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setTextFormat(Qt.TextFormat.PlainText)
        self.description.setMinimumHeight(self.fontMetrics().lineSpacing() * 4)
        self.description.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.when = DateTimeField(QDateTime.currentDateTime())
        self.when.setAccessibleName("Meeting date and time")
        self.when.dateTimeChanged.connect(self._follow_time)
        self.status = QComboBox()
        for value in sessions.STATUSES:
            self.status.addItem(value.capitalize(), value)
        self.status.setAccessibleName("Session status")
        self.status.activated.connect(self._touched)
        self._follow_time()

        heading = QLabel("&Template")
        heading.setBuddy(self.templates)
        font = QFont(heading.font())
        font.setBold(True)
        heading.setFont(font)
        form = QFormLayout()
        form.addRow("&When", self.when)
        form.addRow("&Status", self.status)
        ok, cancel = QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel
        self.buttons = QDialogButtonBox(ok | cancel)
        self.start_button = self.buttons.button(ok)
        self.start_button.setText("Start session")
        self.start_button.setEnabled(False)
        self.buttons.button(cancel).setAutoDefault(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.for_label)
        layout.addWidget(self.existing_box)
        layout.addWidget(heading)
        layout.addWidget(self.templates, 1)
        layout.addWidget(self.description)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.start_button.setDefault(True)  # once in the dialog, so Enter reaches it
        self.resize(520, 520)
        self.templates.setFocus()

        state.closed.connect(self.reject)
        state.call(_suggestion, coachee_id, self._day, success=self._fill)

    # -- public --------------------------------------------------------------------------
    def template_id(self) -> int | None:
        item = self.templates.currentItem()
        return None if item is None else item.data(TEMPLATE_ROLE)

    def scheduled_at(self) -> str:
        return from_qdatetime(self.when.dateTime())

    def session_status(self) -> str:
        return self.status.currentData()

    def select_template(self, key_or_id: str | int) -> bool:
        for row in range(self.templates.count()):
            item = self.templates.item(row)
            template: Template = item.data(Qt.ItemDataRole.UserRole)
            if key_or_id in (template.key, template.id):
                self.templates.setCurrentRow(row)
                return True
        return False

    def opens_existing(self) -> bool:
        """Whether accepting opens the meeting she already has rather than starting one."""
        return self._existing is not None and self.open_existing.isChecked()

    def accept(self) -> None:
        # Closed first, so what the choice opens gets the keyboard, not this dialog.
        if self.opens_existing():
            assert self._existing is not None
            super().accept()
            self.reopen.emit(self._existing.id)
            return
        if self.template_id() is None:
            return
        self.when.read()
        if self.when.text_problem():  # said under the date; the typed text stays to correct
            self.when.setFocus()
            return
        choice = (self.template_id(), self.scheduled_at(), self.session_status())
        super().accept()
        self.chosen.emit(*choice)

    # -- behaviour -----------------------------------------------------------------------
    def _fill(self, result: Suggestion) -> None:
        every, suggested = result.templates, result.last_template_id
        if result.coachee_name:
            self.setWindowTitle(f"New session with {result.coachee_name}")
            self.for_label.setText(f"For {result.coachee_name}")
        self._existing = result.existing
        if result.existing is not None:
            self.existing_label.setText(existing_sentence(result.coachee_name,
                                                          result.existing, self._day))
        self.templates.clear()
        for template in every:
            item = QListWidgetItem(template.name)
            item.setData(TEMPLATE_ROLE, template.id)
            item.setData(Qt.ItemDataRole.UserRole, template)
            item.setToolTip(template.description)
            self.templates.addItem(item)
        if not (suggested is not None and self.select_template(suggested)):
            self.select_template("free-form") or self.templates.setCurrentRow(0)
        self.existing_box.setVisible(self._existing is not None)
        self._follow_choice()
        if self._existing is not None:
            self.open_existing.setFocus()

    def _follow_choice(self) -> None:
        """Opening the existing meeting needs no template, time or status."""
        opening = self.opens_existing()
        for widget in (self.templates, self.description, self.when, self.status):
            widget.setEnabled(not opening)
        self.start_button.setText("Open meeting" if opening else "Start session")
        self.start_button.setEnabled(opening or self.templates.count() > 0)

    def _describe(self, item: QListWidgetItem | None) -> None:
        template: Template | None = item.data(Qt.ItemDataRole.UserRole) if item else None
        if template is None:
            self.description.clear()
            return
        headings = ", ".join(s.heading + ("" if s.shared else " (private)")
                             for s in template.sections)
        self.description.setText(f"{template.description}\n\nSections: {headings}."
                                 if headings else template.description)

    def _touched(self) -> None:
        self._status_touched = True

    def _follow_time(self) -> None:
        if self._status_touched:
            return
        status = default_status(self.scheduled_at(), now_minute())
        self.status.setCurrentIndex(max(0, self.status.findData(status)))
