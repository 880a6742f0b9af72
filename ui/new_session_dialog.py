"""Ctrl+N: which template, when, and whether the meeting is happening now or later.

The time defaults to now and the status follows it (held for now or the past, scheduled for
the future) until the coach picks a status. Enter starts the session.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.action_items_model import ENGLISH
from ui.state import WorkbookState
from workbook import sessions, templates
from workbook.templates import Template

ISO_MINUTES = "yyyy-MM-dd'T'HH:mm"
TEMPLATE_ROLE = Qt.ItemDataRole.UserRole + 1
DATETIME_FORMAT = "ddd d MMM yyyy  HH:mm"


def to_qdatetime(value: str | None) -> QDateTime:
    """A stored local 'YYYY-MM-DDTHH:MM' as a QDateTime (now when missing or unreadable)."""
    moment = QDateTime.fromString(value[:16], ISO_MINUTES) if value else QDateTime()
    return moment if moment.isValid() else QDateTime.currentDateTime()


def from_qdatetime(value: QDateTime) -> str:
    return value.toString(ISO_MINUTES)


def default_status(when: str, now: str | None = None) -> str:
    return "held" if when <= (now or sessions.now_local()) else "scheduled"


def _suggestion(db: Any, coachee_id: int | None) -> tuple[list[Template], int | None]:
    """Every template, and the one this coachee's latest session used (to preselect it)."""
    every = templates.list_templates(db)
    last = sessions.list_sessions(db, coachee_id, limit=1) if coachee_id is not None else []
    return every, (last[0].template_id if last else None)


class NewSessionDialog(QDialog):
    chosen = Signal(object, str, str)  # template id (or None), scheduled_at, status

    def __init__(self, state: WorkbookState, parent: QWidget | None = None, *,
                 coachee_id: int | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setWindowTitle("New session")
        self._status_touched = False

        self.templates = QListWidget()
        self.templates.setAccessibleName("Template")
        self.templates.currentItemChanged.connect(self._describe)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setTextFormat(Qt.TextFormat.PlainText)
        self.description.setMinimumHeight(self.fontMetrics().lineSpacing() * 4)
        self.description.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.when = QDateTimeEdit(QDateTime.currentDateTime())
        self.when.setLocale(ENGLISH)
        self.when.setDisplayFormat(DATETIME_FORMAT)
        self.when.setCalendarPopup(True)
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
        layout.addWidget(heading)
        layout.addWidget(self.templates, 1)
        layout.addWidget(self.description)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.start_button.setDefault(True)  # once in the dialog, so Enter reaches it
        self.resize(520, 520)
        self.templates.setFocus()

        state.closed.connect(self.reject)
        state.call(_suggestion, coachee_id, success=self._fill)

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

    def accept(self) -> None:
        if self.template_id() is None:
            return
        self.chosen.emit(self.template_id(), self.scheduled_at(), self.session_status())
        super().accept()

    # -- behaviour -----------------------------------------------------------------------
    def _fill(self, result: tuple[list[Template], int | None]) -> None:
        every, suggested = result
        self.templates.clear()
        for template in every:
            item = QListWidgetItem(template.name)
            item.setData(TEMPLATE_ROLE, template.id)
            item.setData(Qt.ItemDataRole.UserRole, template)
            item.setToolTip(template.description)
            self.templates.addItem(item)
        if not (suggested is not None and self.select_template(suggested)):
            self.select_template("free-form") or self.templates.setCurrentRow(0)
        self.start_button.setEnabled(self.templates.count() > 0)

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
        status = default_status(self.scheduled_at(),
                                datetime.now().strftime("%Y-%m-%dT%H:%M"))
        self.status.setCurrentIndex(max(0, self.status.findData(status)))
