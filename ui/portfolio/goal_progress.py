"""A goal's progress along the way: its milestones (added, ticked, reordered and removed here,
saved at once) and its check-in history, newest first, whose linked sessions open on Enter or
a double-click."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.kit.dates import EXAMPLE, short_format, typed_date, unreadable
from ui.kit.palette import visible_checks
from ui.kit.state import WorkbookState
from ui.portfolio.goal_detail_models import CheckinModel, MilestoneModel
from ui.portfolio.goal_model_base import IdRole
from ui.portfolio.goal_widgets import (
    error_label,
    fit_rows,
    muted,
    show_error,
    show_failure,
    table_view,
)
from workbook import goals
from workbook.changes import Changes
from workbook.goal_records import Checkin, Milestone


class MilestonesBox(QGroupBox):
    """The milestones of the goal given to `set_goal`; every edit is saved at once."""

    def __init__(self, state: WorkbookState, parent: QWidget | None = None) -> None:
        super().__init__("Milestones", parent)
        self._state = state
        self._goal_id: int | None = None
        lay = QVBoxLayout(self)
        self.model = MilestoneModel(self)
        self.model.edit_requested.connect(self._edit)
        self.model.refused.connect(lambda sentence: show_error(self.error, sentence))
        self.view = table_view(self.model, "Milestones")
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        visible_checks(self.view)
        lay.addWidget(self.view)
        self.empty = muted(QLabel("No milestones yet: the steps on the way to the goal. Type "
                                  "the first below and press Enter."))
        lay.addWidget(self.empty)
        add = QHBoxLayout()
        self.new_title = QLineEdit()
        self.new_title.setPlaceholderText("New milestone — Enter adds it")
        self.new_title.setAccessibleName("New milestone title")
        self.new_title.returnPressed.connect(self.add)
        self.new_due = QLineEdit()
        self.new_due.setPlaceholderText(f"Due {EXAMPLE.isoformat()}")
        self.new_due.setToolTip(f"The due date as YYYY-MM-DD or {short_format()}; empty for "
                                "none")
        self.new_due.setAccessibleName("New milestone due date")
        self.new_due.setMaximumWidth(130)
        self.new_due.returnPressed.connect(self.add)
        label = QLabel("New")
        label.setBuddy(self.new_title)
        self.add_button = QPushButton("Add")
        self.add_button.clicked.connect(self.add)
        add.addWidget(label)
        add.addWidget(self.new_title, 1)
        add.addWidget(self.new_due)
        add.addWidget(self.add_button)
        lay.addLayout(add)
        self.buttons = QWidget()  # hidden while there is nothing to move or remove
        buttons = QHBoxLayout(self.buttons)
        buttons.setContentsMargins(0, 0, 0, 0)
        # Keys act only while the milestones table has focus (Ctrl+Up elsewhere scrolls text).
        self.up_button = self._button("Move up", "Ctrl+Up", lambda: self.move(-1))
        self.down_button = self._button("Move down", "Ctrl+Down", lambda: self.move(1))
        self.remove_button = self._button("Remove", "Del", self.remove)
        for button in (self.up_button, self.down_button, self.remove_button):
            buttons.addWidget(button)

        buttons.addStretch(1)
        lay.addWidget(self.buttons)
        self.error = error_label()
        lay.addWidget(self.error)

    def _button(self, text: str, keys: str, slot: Callable[[], Any]) -> QPushButton:
        action = QAction(text, self.view)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(slot)
        self.view.addAction(action)
        button = QPushButton(text)
        button.setToolTip(f"{text} the selected milestone ({action.shortcut().toString()} in "
                          "the table)")
        button.clicked.connect(slot)
        return button

    def inputs(self) -> list[QWidget]:
        """The box's inputs in reading order."""
        return [self.view, self.new_title, self.new_due, self.add_button, self.up_button,
                self.down_button, self.remove_button]

    # -- showing -------------------------------------------------------------------------
    def set_goal(self, goal_id: int | None) -> None:
        self._goal_id = goal_id

    def load(self, milestones: Sequence[Milestone]) -> None:
        self.model.load(milestones)
        self.fit()

    def clear(self) -> None:
        """Forget the goal's milestones, what was being typed and any refusal."""
        self.model.clear()
        self.new_title.clear()
        self.new_due.clear()
        show_error(self.error, "")
        self.fit()

    def fit(self) -> None:
        rows = self.model.rowCount()
        fit_rows(self.view, rows)
        self.view.setVisible(rows > 0)
        self.empty.setVisible(rows == 0)
        self.buttons.setVisible(rows > 0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        row, rows = self.view.currentIndex().row(), self.model.rowCount()
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < rows - 1)
        self.remove_button.setEnabled(row >= 0)

    # -- the coach's edits ---------------------------------------------------------------
    def add(self) -> None:
        if self._goal_id is None:
            return
        title, typed = self.new_title.text(), self.new_due.text().strip()
        day = typed_date(typed) if typed else None
        if typed and day is None:  # said, and left as typed to be corrected
            show_error(self.error, unreadable(typed))
            self.new_due.setFocus()
            return
        due = day.isoformat() if day else None

        def added(_changes: Changes) -> None:
            self.new_title.clear()
            self.new_due.clear()
            show_error(self.error, "")

        self._state.call(goals.add_milestone, self._goal_id, title, due, success=added,
                         failure=self._failed)

    def move(self, step: int) -> None:
        row = self.view.currentIndex().row()
        if row < 0 or not 0 <= row + step < self.model.rowCount():
            return
        milestone_id = self.model.record(row).id
        self._state.call(goals.move_milestone, milestone_id, row + step,
                         success=lambda _c: self._select(milestone_id), failure=self._failed)

    def remove(self) -> None:
        row = self.view.currentIndex().row()
        if row < 0:
            return
        milestone = self.model.record(row)
        answer = QMessageBox.question(self, "Delete milestone",
                                      f"Delete the milestone «{milestone.title}»?")
        if answer == QMessageBox.StandardButton.Yes:
            self._state.call(goals.delete_milestone, milestone.id, failure=self._failed)

    def _edit(self, milestone_id: int, fields: dict[str, Any]) -> None:
        self._state.call(goals.update_milestone, milestone_id,
                         success=lambda _c: show_error(self.error, ""), failure=self._failed,
                         **fields)

    def _failed(self, exc: BaseException) -> None:
        show_failure(self._state, self.error, exc)

    def _select(self, milestone_id: int) -> None:
        row = self.model.row_of(milestone_id)
        if row >= 0:
            self.view.setCurrentIndex(self.model.index(row, 0))


class CheckinsBox(QGroupBox):
    """The goal's check-ins, newest first, and the button that records a new one."""

    open_record = Signal(str, int)  # ("session", id): a linked session was activated

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Check-ins", parent)
        lay = QVBoxLayout(self)
        head = QHBoxLayout()
        label = QLabel("Check-in histor&y, newest first")
        self.model = CheckinModel(self)
        self.view = table_view(self.model, "Check-in history", CheckinModel.NOTE)
        self.view.activated.connect(self._activated)
        # Notes are what the coach rereads: they wrap, and each row is as tall as its note.
        self.view.setWordWrap(True)
        self.view.setTextElideMode(Qt.TextElideMode.ElideNone)
        rows = self.view.verticalHeader()
        rows.setMinimumSectionSize(rows.defaultSectionSize())  # one-line rows as elsewhere
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.horizontalHeader().sectionResized.connect(lambda *_: self.fit())
        label.setBuddy(self.view)
        self.check_in_button = QPushButton("Chec&k in…")
        self.check_in_button.setToolTip("Record progress and a GAS level (Ctrl+Shift+K)")
        head.addWidget(label, 1)
        head.addWidget(self.check_in_button)
        lay.addLayout(head)
        lay.addWidget(self.view)

    def load(self, checkins: Sequence[Checkin], session_labels: dict[int, str]) -> None:
        self.model.set_checkins(checkins, session_labels)
        self.fit()

    def clear(self) -> None:
        self.model.clear()
        self.fit()

    def fit(self) -> None:
        """As tall as its rows (at least two, at most about ten lines of notes)."""
        default = self.view.verticalHeader().defaultSectionSize()
        most, rows = 10 * default, 0
        for row in range(self.model.rowCount()):
            rows += max(default, self.view.sizeHintForRow(row))
            if rows >= most:
                break
        rows = min(most, max(rows, 2 * default))
        height = (self.view.horizontalHeader().sizeHint().height() + 2 * self.view.frameWidth()
                  + rows)
        if self.view.minimumHeight() != height or self.view.maximumHeight() != height:
            self.view.setFixedHeight(height)

    def _activated(self, index: QModelIndex) -> None:
        if index.column() == CheckinModel.SESSION:
            session_id = index.data(IdRole)
            if session_id:
                self.open_record.emit("session", int(session_id))


