"""A date typed into a table cell (an action item's due date), read like every other date in
the app (`ui.kit.date_field.DateField`).

A cell has no room for a sentence under it, so the reason a date cannot be read is the
field's tooltip, shown at once, and `problem_changed` carries it to a line under the table.
Enter and Tab end the edit only with a date that can be read (or an empty field: no date);
otherwise the editor stays open with the text as typed. Leaving it with the mouse keeps it
open too; Escape is the one way to give up on what was typed.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QAbstractItemDelegate, QApplication, QToolTip, QWidget

from ui.kit.date_field import DateField
from ui.kit.dates import to_qdate
from workbook import dates

EndEditHint = QAbstractItemDelegate.EndEditHint
_ENDING = {Qt.Key.Key_Return: EndEditHint.SubmitModelCache,
           Qt.Key.Key_Enter: EndEditHint.SubmitModelCache,
           Qt.Key.Key_Tab: EndEditHint.EditNextItem,
           Qt.Key.Key_Backtab: EndEditHint.EditPreviousItem}
WIDEST_DAY = "Wed 30 Sep 2026"  # the longest way the app shows a date


class CellDateField(DateField):
    finished = Signal(object)  # an EndEditHint: the delegate commits (unless reverting), closes
    problem_changed = Signal(str)  # "" once the text can be read again

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, optional=True)
        self._ended = False
        self.setAutoFillBackground(True)  # the cell's own text must not show through
        self.line.installEventFilter(self)
        self.line.setMinimumWidth(self.line.fontMetrics().horizontalAdvance(WIDEST_DAY)
                                  + self.line.fontMetrics().averageCharWidth() * 2)
        # the calendar is a click (or Alt+Down) away; Tab stays with the table's cells
        self.pick.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.calendar.clicked.connect(lambda _d: self._end(EndEditHint.SubmitModelCache))
        self.calendar.activated.connect(
            lambda _d: self._end(EndEditHint.SubmitModelCache))

    def _say(self, sentence: str) -> None:
        # no room under a cell: the tooltip says it, and the table's line below it
        if self._ended:
            return  # closing reads the text once more; given up with Escape, it is moot
        self.problem.show_message(sentence, "error")
        self.problem.hide()
        self.line.setToolTip(sentence)
        if sentence and self.line.isVisible():
            QToolTip.showText(self.line.mapToGlobal(self.line.rect().bottomLeft()), sentence,
                              self.line)
        elif not sentence:
            QToolTip.hideText()
        self.problem_changed.emit(sentence)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.line:
            return super().eventFilter(watched, event)
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._key(event)
        if event.type() == QEvent.Type.FocusOut and isinstance(event, QFocusEvent):
            self._left(event)
        return False

    def _key(self, event: QKeyEvent) -> bool:
        key = Qt.Key(event.key())
        if key == Qt.Key.Key_Escape:
            self._end(EndEditHint.RevertModelCache)
            return True
        if key in _ENDING:
            self.read()
            if self.text_problem() is None:
                self._end(_ENDING[key])
            return True  # never on to the view, which would end the edit anyway
        alt = event.modifiers() & Qt.KeyboardModifier.AltModifier
        if key == Qt.Key.Key_F4 or (alt and key == Qt.Key.Key_Down):
            self.pick.showMenu()
            return True
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):  # a day on or back, as a date edit did
            self.read()
            if self.text_problem() is None:
                day = self.date().toPython() if self.date().isValid() else dates.today()
                step = timedelta(days=1 if key == Qt.Key.Key_Up else -1)
                self.setDate(to_qdate(day + step))
            return True  # passed on, the view would move to another row
        return False

    def _end(self, hint: QAbstractItemDelegate.EndEditHint) -> None:
        if not self._ended:  # once: closing the editor takes the focus from it again
            self._ended = True
            self.finished.emit(hint)

    def _left(self, event: QFocusEvent) -> None:
        if self._ended or event.reason() == Qt.FocusReason.PopupFocusReason:
            return  # the calendar opened
        now = QApplication.focusWidget()
        if now is not None and self.isAncestorOf(now):
            return  # on to the calendar button
        self.read()
        if self.text_problem() is None:
            self._end(EndEditHint.NoHint)
