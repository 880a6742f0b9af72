"""A meeting's date and time: a `DateField` (typed as YYYY-MM-DD, in the system's short date
format or picked from a calendar) beside a 24-hour time.

It stands in for a QDateTimeEdit (`dateTime()`, `setDateTime()`, `dateTimeChanged`), whose
typed dates had to match its display format exactly and were refused without a word. A date
it cannot read stays as typed, with the reason under it; `read()` and `text_problem()` let
a dialog refuse to go on until it is put right.
"""

from __future__ import annotations

from PySide6.QtCore import QDateTime, Qt, QTime, Signal
from PySide6.QtWidgets import QHBoxLayout, QTimeEdit, QWidget

from ui.kit.date_field import DateField
from ui.kit.dates import TIME_FORMAT


class DateTimeField(QWidget):
    dateTimeChanged = Signal(QDateTime)

    def __init__(self, value: QDateTime | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.day = DateField()
        self.time = QTimeEdit()
        self.time.setDisplayFormat(TIME_FORMAT)
        self.time.setToolTip("Time of day, 24-hour (14:30)")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.day, 1, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.time, 0, Qt.AlignmentFlag.AlignTop)
        self.setFocusProxy(self.day)
        self._last = QDateTime()
        if value is not None:
            self.setDateTime(value)
        self._last = self.dateTime()
        self.day.dateChanged.connect(lambda _d: self._changed())
        self.time.timeChanged.connect(lambda _t: self._changed())

    def dateTime(self) -> QDateTime:
        return QDateTime(self.day.date(), self.time.time())

    def setDateTime(self, value: QDateTime) -> None:
        if not value.isValid():
            return
        for part in (self.day, self.time):
            part.blockSignals(True)
        self.day.setDate(value.date())
        self.time.setTime(QTime(value.time().hour(), value.time().minute()))
        for part in (self.day, self.time):
            part.blockSignals(False)
        self._changed()

    def read(self) -> None:
        """Read the typed date now (Enter may reach a dialog's button first)."""
        self.day.read()

    def text_problem(self) -> str | None:
        """Why the date as typed cannot be used (said under it), or None."""
        return self.day.text_problem()

    def setAccessibleName(self, name: str) -> None:
        super().setAccessibleName(name)
        self.day.setAccessibleName(f"{name}: date")
        self.time.setAccessibleName(f"{name}: time")

    def _changed(self) -> None:
        value = self.dateTime()
        if value != self._last:
            self._last = value
            self.dateTimeChanged.emit(value)
