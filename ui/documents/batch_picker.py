"""Which sessions the summaries of several sessions are made for: the days, the sessions on
them with a tick each, and what the ticked summaries print and leave out.

Apart from the dialog (ui/documents/batch_dialog.py), which prints and exports them: this
part only reads the workbook, and knows nothing of progress, cancel or printers.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.documents.document_contents import ContentsNote
from ui.kit.date_field import DateField
from ui.kit.palette import visible_checks
from ui.kit.state import WorkbookState
from workbook.dates import format_date, format_time
from workbook.documents.batch import BatchSession, sessions_between, worth_summarising
from workbook.privacy import DocumentContents, documents_contents

NONE_TICKED = "Tick the sessions whose summaries you want; what each prints is listed here."
_STATUS = {"held": "held", "scheduled": "planned", "cancelled": "cancelled",
           "no-show": "no-show"}


def _row_text(s: BatchSession) -> str:
    parts = [f"{format_date(s.scheduled_at)} {format_time(s.scheduled_at)}", s.coachee,
             s.title or s.template_name]
    text = " · ".join(p for p in parts if p)
    status = _STATUS.get(s.status, s.status)
    return f"{text} ({status})" if s.status != "held" else text


class BatchPicker(QWidget):
    """From and To with Today and This week, the sessions on those days (cancelled and
    no-show ones start unticked), Tick all / none, the count and the contents note.

    `ticks_changed` fires whenever the list or its ticks change; the dialog then calls
    `show_count`, `set_busy` and `show_contents`, in its own order."""

    ticks_changed = Signal()

    def __init__(self, state: WorkbookState, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._today = today
        self._generation = 0
        self.first = self._date_edit("From")
        self.last = self._date_edit("To")
        self.today_button = QPushButton("To&day")
        self.today_button.clicked.connect(lambda: self.show_days(self._today, self._today))
        self.week_button = QPushButton("This &week")
        monday = self._today - timedelta(days=self._today.weekday())
        self.week_button.clicked.connect(
            lambda: self.show_days(monday, monday + timedelta(days=6)))
        days = QHBoxLayout()
        for text, edit in (("&From", self.first), ("&To", self.last)):
            label = QLabel(text)
            label.setBuddy(edit)
            days.addWidget(label)
            days.addWidget(edit)
        days.addWidget(self.today_button)
        days.addWidget(self.week_button)
        days.addStretch(1)

        self.list = QListWidget()
        self.list.setAccessibleName("Sessions to include")
        visible_checks(self.list)
        self.list.itemChanged.connect(lambda _item: self.ticks_changed.emit())
        self.count_label = QLabel()
        self.all_button = QPushButton("Tick &all")
        self.all_button.clicked.connect(lambda: self._tick_all(True))
        self.none_button = QPushButton("Tick &none")
        self.none_button.clicked.connect(lambda: self._tick_all(False))
        ticks = QHBoxLayout()
        ticks.addWidget(self.count_label, 1)
        ticks.addWidget(self.all_button)
        ticks.addWidget(self.none_button)

        # what the ticked summaries print and leave out, before anything is printed or written
        note = self.contents_note = ContentsNote(self)
        note.show_plain(NONE_TICKED)
        self._contents_for: tuple[int, ...] = ()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(days)
        layout.addWidget(self.list, 1)
        layout.addLayout(ticks)
        layout.addWidget(note)

    def _date_edit(self, name: str) -> DateField:
        edit = DateField()  # a date it cannot read is said under it; the list stays as it was
        edit.line.installEventFilter(self)
        edit.setAccessibleName(f"{name} date")
        edit.dateChanged.connect(lambda _d: self._reload())
        return edit

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter in a date reads it and stops there: passed on, it would press the dialog's
        # first button (To-day), replacing the day just typed.
        if (event.type() == QEvent.Type.KeyPress and watched in (self.first.line, self.last.line)
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            (self.first if watched is self.first.line else self.last).read()
            return True
        return super().eventFilter(watched, event)

    def show_days(self, first: date, last: date) -> None:
        for edit, day in ((self.first, first), (self.last, last)):
            edit.blockSignals(True)
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.blockSignals(False)
        self._reload()

    def days(self) -> tuple[date, date]:
        first, last = self.first.date().toPython(), self.last.date().toPython()
        return (first, last) if first <= last else (last, first)

    def days_as_typed(self) -> bool:
        """Whether the list is of the days typed. A date it cannot read keeps the caret there
        (its sentence is under it); days read just now (Alt+P left no field) reload the list,
        to be ticked before anything is printed or written."""
        asked = self._generation
        for edit in (self.first, self.last):
            edit.read()
        for edit in (self.first, self.last):
            if edit.text_problem():
                edit.line.setFocus()
                return False
        return asked == self._generation

    def _reload(self) -> None:
        self._generation += 1
        generation = self._generation
        first, last = self.days()
        self.state.call(sessions_between, first, last,
                        success=lambda rows: self._fill(rows, generation))

    def _fill(self, rows: list[BatchSession], generation: int) -> None:
        if generation != self._generation:
            return  # a later range was asked for meanwhile
        self.list.blockSignals(True)
        self.list.clear()
        for s in rows:
            item = QListWidgetItem(_row_text(s))
            item.setData(Qt.ItemDataRole.UserRole, s.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            wanted = worth_summarising(s, self._today)
            item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.ticks_changed.emit()

    def ticked(self) -> list[int]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]

    def _tick_all(self, on: bool) -> None:
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        self.list.blockSignals(True)
        for i in range(self.list.count()):
            self.list.item(i).setCheckState(state)
        self.list.blockSignals(False)
        self.ticks_changed.emit()

    def show_count(self) -> None:
        total, chosen = self.list.count(), len(self.ticked())
        if total == 0:
            self.count_label.setText("No sessions on these days.")
        else:
            self.count_label.setText(f"{chosen} of {total} ticked")

    def set_busy(self, busy: bool) -> None:
        """While summaries are made, the days and ticks stay as they are."""
        for widget in (self.first, self.last, self.today_button, self.week_button,
                       self.list, self.all_button, self.none_button):
            widget.setEnabled(not busy)

    def show_contents(self) -> None:
        ids = tuple(self.ticked())
        if ids == self._contents_for or not self.state.is_open:
            return
        self._contents_for = ids
        if not ids:
            self.contents_note.show_plain(NONE_TICKED)
            return

        def show(many: list[DocumentContents]) -> None:
            if ids == self._contents_for:  # not ticked otherwise meanwhile
                self.contents_note.show_many(many)

        self.state.call(documents_contents, list(ids), success=show)

    def clear(self) -> None:
        """Forget the list and what it prints (on lock: its warnings name coachees)."""
        self.list.clear()
        self.contents_note.show_plain("")
