"""What a workbook without coachees shows instead of empty panes: the first things to do.

The page replaces the coachee list and the tabs until the first coachee arrives (added,
imported, or restored from the trash), then steps aside for good; it comes back only if the
workbook is emptied again. Its buttons trigger the same actions as the menus, so the
keyboard, the shortcuts and the enabled state are the menus' own.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.coachees.coachee_model import CoacheeModel
from ui.kit.action_button import action_button

HEADING = "Your workbook is ready"
INTRO = ("Start with the learners you coach: add them one at a time, or import the roster "
         "your coaching program sent you (a CSV file with a name on each row).")
AFTER = ("Then choose a coachee in the list to set goals with them and take notes in your "
         "sessions. Everything stays in this encrypted workbook. Press F1 for the keyboard "
         "shortcuts.")


class FirstSteps(QWidget):
    """The greeting with one button per first step."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel(HEADING)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setAccessibleName(HEADING)
        self.intro = QLabel(INTRO)
        self.after = QLabel(AFTER)
        for label in (self.intro, self.after):
            label.setWordWrap(True)
        self.buttons: list[QPushButton] = []
        self._row = QHBoxLayout()
        self._row.addStretch(1)

        column = QVBoxLayout()
        column.addStretch(2)
        column.addWidget(self.heading)
        column.addSpacing(self.fontMetrics().height())
        column.addWidget(self.intro)
        column.addSpacing(self.fontMetrics().height())
        column.addLayout(self._row)
        column.addSpacing(self.fontMetrics().height())
        column.addWidget(self.after)
        column.addStretch(3)
        # A readable measure: about 60 characters, centred in whatever room the window has.
        body = QWidget()
        body.setLayout(column)
        body.setMaximumWidth(self.fontMetrics().averageCharWidth() * 64)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(body, 4)
        outer.addStretch(1)

    def add_step(self, text: str, action: QAction) -> QPushButton:
        """A button for `action` (its text here carries its own Alt+letter)."""
        button = action_button(text, action)
        self._row.insertWidget(self._row.count() - 1, button)
        if self.buttons:
            self.setTabOrder(self.buttons[-1], button)
        self.buttons.append(button)
        return button

    def focus_first(self) -> None:
        if self.buttons:
            self.buttons[0].setFocus(Qt.FocusReason.OtherFocusReason)


class WelcomeOrWork(QStackedWidget):
    """Shows `work` (the list and the tabs), or the first steps while there is no coachee."""

    def __init__(self, work: QWidget, model: CoacheeModel,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.work = work
        self.first_steps = FirstSteps()
        self._model = model
        self.addWidget(work)
        self.addWidget(self.first_steps)
        for signal in (model.loaded, model.modelReset, model.rowsInserted, model.rowsRemoved):
            signal.connect(self._update)

    @property
    def greeting(self) -> bool:
        return self.currentWidget() is self.first_steps

    def _update(self, *_args: object) -> None:
        # Before the first load lands the workbook is not known to be empty: no flash of it.
        empty = self._model.has_loaded and self._model.rowCount() == 0
        if empty == self.greeting:
            return
        self.setCurrentWidget(self.first_steps if empty else self.work)
        if empty:
            self.first_steps.focus_first()
