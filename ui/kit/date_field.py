"""A date field that reads what the coach types — YYYY-MM-DD, the system's short date format,
or the app's own "Tue 3 Mar 2026" — or takes a day picked from a calendar, and says under
itself when it cannot read the text (which stays as typed, never silently dropped).

Reading goes through `workbook.dates.read_date`, the one reader of typed dates.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QLocale, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from ui.kit.dates import EXAMPLE, short_format, to_qdate, typed_date, unreadable
from ui.kit.messages import StatusLabel
from workbook import dates
from workbook.dates import format_date


class DateField(QWidget):
    """Like a QDateEdit (`date()`, `setDate()`, `dateChanged`), but typed freely. With
    `optional`, an empty field means no date (an invalid QDate)."""

    dateChanged = Signal(QDate)

    def __init__(self, parent: QWidget | None = None, *, optional: bool = False,
                 locale: QLocale | None = None) -> None:
        super().__init__(parent)
        self._optional = optional
        self._locale = locale
        self._date: date | None = None
        # made as children at once: reparented later under the focus proxy, they would fall
        # out of the window's Tab chain
        self.line = QLineEdit(self)
        self.line.setPlaceholderText(f"{EXAMPLE.isoformat()} or "
                                     f"{short_format(locale).lower()}")
        self.line.editingFinished.connect(self.read)
        self.calendar = QCalendarWidget()
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        menu = QMenu(self)
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(self.calendar)
        menu.addAction(holder)
        self.pick = QToolButton(self)
        self.pick.setText("▾")
        self.pick.setToolTip("Pick the day from a calendar")
        self.pick.setAccessibleName("Pick from a calendar")
        self.pick.setMenu(menu)
        self.pick.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu.aboutToShow.connect(self._show_calendar)
        self.problem = StatusLabel()
        self.problem.setAccessibleName("About the date")
        self.problem.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.line, 1)
        row.addWidget(self.pick)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.problem)
        self.setFocusProxy(self.line)
        if not optional:
            self.setDate(to_qdate(dates.today()))

    # -- QDateEdit's API, as the screens use it ------------------------------------------
    def date(self) -> QDate:
        return to_qdate(self._date)

    def setDate(self, value: QDate) -> None:
        day = value.toPython() if value.isValid() else None
        if day is None and not self._optional:
            return
        self._show(day)
        self._set(day)

    def setAccessibleName(self, name: str) -> None:
        super().setAccessibleName(name)
        self.line.setAccessibleName(name)

    # -- reading -------------------------------------------------------------------------
    def text_problem(self) -> str | None:
        """Why the text as typed cannot be used (shown under the field), or None."""
        return self.problem.text() or None

    def read(self) -> None:
        """Read the text (Enter, leaving the field): a date is shown the app's way and
        kept; anything else is said under the field and left as typed."""
        text = self.line.text().strip()
        if not text and self._optional:
            self._say("")
            self._set(None)
            return
        day = typed_date(text, self._locale) if text else None
        if day is None:
            self._say(unreadable(text, self._locale) if text else
                      f"Type a date, such as {EXAMPLE.isoformat()}.")
            return
        self._show(day)
        self._set(day)

    def _picked(self, value: QDate) -> None:
        self.pick.menu().close()
        self.setDate(value)

    def _show_calendar(self) -> None:
        self.calendar.setSelectedDate(to_qdate(self._date or dates.today()))

    def _show(self, day: date | None) -> None:
        self.line.setText(format_date(day) if day else "")
        self._say("")

    def _say(self, sentence: str) -> None:
        self.problem.show_message(sentence, "error")
        self.problem.setVisible(bool(sentence))

    def _set(self, day: date | None) -> None:
        if day != self._date:
            self._date = day
            self.dateChanged.emit(to_qdate(day))
