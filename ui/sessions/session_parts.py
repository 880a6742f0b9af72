"""Pieces of the session editor's page: what is still open from last time, the goals
discussed with a quick check-in, and the action items with Add and Remove; plus the headings,
wrapping labels and the bin icon the page is made of."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QIcon, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ui.kit.messages import StatusLabel
from ui.kit.state import WorkbookState
from ui.kit.wrap_check import WrapCheckBox
from ui.sessions.action_items_model import ActionItemsModel, owner_label
from ui.sessions.action_items_view import ActionItemsView
from workbook import actions, goals, sessions
from workbook.dates import format_date
from workbook.goal_records import Goal
from workbook.sessions import Accountability, SessionDetail
from workbook.wording import count


def heading(text: str) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.15)
    label.setFont(font)
    label.setWordWrap(True)  # long session titles must wrap, never widen the editor
    return label


def plain_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def trash_icon(widget: QWidget) -> QIcon:
    """The style's bin (drawn, so it shows without an emoji font, and in dark palettes)."""
    return widget.style().standardIcon(QStyle.StandardPixmap.SP_TrashIcon)


class ClickLabel(QLabel):
    """A goal's title that wraps instead of being cut, and ticks its box when clicked."""

    def __init__(self, text: str, box: QCheckBox) -> None:
        super().__init__(text)
        self._box = box
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setBuddy(box)

    def mousePressEvent(self, event: Any) -> None:
        self._box.click()


class AccountabilityStrip(QFrame):
    """What is still open from earlier meetings, ticked off in one click."""

    MAX_SHOWN = 8

    def __init__(self, call: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._call = call
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.setAutoFillBackground(True)
        self.setAccessibleName("Since last time")
        self.title = heading("Since last time")
        self.rows = QVBoxLayout()
        self.rows.setSpacing(2)
        self.goals_line = plain_label("")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 10)
        layout.addWidget(self.title)
        layout.addLayout(self.rows)
        layout.addWidget(self.goals_line)
        self.boxes: dict[int, QCheckBox] = {}
        self.hide()

    def show_for(self, acc: Accountability, session_id: int, today: date) -> None:
        self.clear()
        last = acc.last_session
        if last is None and not acc.open_actions and not acc.active_goals:
            return
        what = (last.title or last.template_name or "meeting") if last else ""
        self.title.setText(f"Since last time — {format_date(last.scheduled_at)}, {what}"
                           if last else "Before this meeting")
        for item in acc.open_actions[:self.MAX_SHOWN]:
            due = ""
            if item.due_date:
                late = " (overdue)" if item.due_date < today.isoformat() else ""
                due = f", due {format_date(item.due_date)}{late}"
            box = WrapCheckBox(f"{item.text} — {owner_label(item.owner)}{due}")
            box.setToolTip(item.text)
            box.setAccessibleName(f"Done: {item.text}")
            box.toggled.connect(lambda done, i=item.id: self._call(
                actions.complete if done else actions.reopen, i))
            self.rows.addWidget(box)
            self.boxes[item.id] = box
        more = len(acc.open_actions) - self.MAX_SHOWN
        if more > 0:
            self.rows.addWidget(plain_label(f"… and {count(more, 'more open action item')}."))
        if not acc.open_actions:
            self.rows.addWidget(plain_label("No open action items from earlier meetings."))
        self.goals_line.setText(
            "Active goals: " + " · ".join(f"{g.title} ({g.progress} %)" for g in acc.active_goals)
            if acc.active_goals else "No active goals yet.")
        self.show()

    def clear(self) -> None:
        self.boxes.clear()
        while self.rows.count():
            widget = self.rows.takeAt(0).widget()
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()
        self.title.setText("Since last time")
        self.goals_line.clear()
        self.hide()


class GoalsDiscussed(QWidget):
    """The coachee's active goals: tick the ones discussed, record progress in two keys.

    A goal has one check-in per session: after the first, the button says "Update" and
    changes it. The button keeps its size and place whatever it or the result beside it
    says, so a second click lands where the pointer already is.
    """

    CHECK_IN, UPDATE = "Check in", "Update"
    WIDEST_RESULT = "✓ 100 %"

    def __init__(self, call: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._call = call
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(1, 1)
        self.boxes: dict[int, QCheckBox] = {}
        self.spins: dict[int, QSpinBox] = {}
        self.results: dict[int, QLabel] = {}
        self.buttons: dict[int, QPushButton] = {}
        self._session_id: int | None = None
        self._checked_on: str | None = None
        self._rows: list[tuple[int, str]] = []  # the goals shown, to tell a refresh apart

    def show_for(self, shown: tuple[Goal, ...], detail: SessionDetail, today: date,
                 checked_in: dict[int, int | None] | None = None) -> None:
        checked_in = checked_in or {}
        session = detail.session
        rows = [(g.id, g.title) for g in shown]
        if rows and session.id == self._session_id and rows == self._rows:
            self._refresh(shown, detail, checked_in)  # same rows: nothing moves, focus stays
        else:
            self._build(shown, detail, checked_in)
            self._rows = rows
        self._session_id = session.id
        day = session.scheduled_at[:10]
        self._checked_on = day if day <= today.isoformat() else None

    def _build(self, shown: tuple[Goal, ...], detail: SessionDetail,
               checked_in: dict[int, int | None]) -> None:
        self.clear()
        if not shown:
            self.grid.addWidget(plain_label("No active goals yet; set them in the Goals tab."),
                                0, 0, 1, 5)
            return
        for row, goal in enumerate(shown):
            box = QCheckBox()
            box.setToolTip("Discussed in this meeting")
            box.setAccessibleName(f"Discussed: {goal.title}")
            box.setChecked(goal.id in detail.goal_ids)
            title = ClickLabel(goal.title, box)
            box.toggled.connect(lambda on, g=goal.id: self._discussed(g, on))
            spin = QSpinBox()
            spin.setRange(0, 100)
            spin.setSingleStep(10)
            spin.setSuffix(" %")
            spin.setValue(goal.progress)
            spin.setAccessibleName(f"Progress: {goal.title}")
            spin.setToolTip("Progress now; Enter or “Check in” records it")
            spin.lineEdit().returnPressed.connect(lambda g=goal.id: self.check_in(g))
            button = QPushButton()
            button.setAccessibleName(f"Check in: {goal.title}")
            widths = []
            for text in (self.CHECK_IN, self.UPDATE):
                button.setText(text)
                widths.append(button.sizeHint().width())
            button.setFixedWidth(max(widths))
            button.clicked.connect(lambda _c=False, g=goal.id: self.check_in(g))
            result = QLabel()
            result.setMinimumWidth(result.fontMetrics().horizontalAdvance(self.WIDEST_RESULT))
            self.grid.addWidget(box, row, 0, Qt.AlignmentFlag.AlignVCenter)
            self.grid.addWidget(title, row, 1)
            self.grid.addWidget(spin, row, 2, Qt.AlignmentFlag.AlignVCenter)
            self.grid.addWidget(button, row, 3, Qt.AlignmentFlag.AlignVCenter)
            self.grid.addWidget(result, row, 4, Qt.AlignmentFlag.AlignVCenter)
            self.boxes[goal.id], self.spins[goal.id] = box, spin
            self.buttons[goal.id], self.results[goal.id] = button, result
            self._mark(goal.id, goal.id in checked_in, checked_in.get(goal.id))

    def _refresh(self, shown: tuple[Goal, ...], detail: SessionDetail,
                 checked_in: dict[int, int | None]) -> None:
        for goal in shown:
            box, spin = self.boxes[goal.id], self.spins[goal.id]
            box.blockSignals(True)
            box.setChecked(goal.id in detail.goal_ids)
            box.blockSignals(False)
            if not spin.hasFocus():  # never under the coach's typing
                spin.setValue(goal.progress)
            self._mark(goal.id, goal.id in checked_in, checked_in.get(goal.id))

    def _mark(self, goal_id: int, done: bool, progress: int | None) -> None:
        """Show whether this session has checked in on the goal (and at what progress)."""
        shown = "" if not done else "✓" if progress is None else f"✓ {progress} %"
        self.results[goal_id].setText(shown)
        button = self.buttons[goal_id]
        button.setText(self.UPDATE if done else self.CHECK_IN)
        button.setToolTip("Change this meeting's check-in to the progress beside it" if done
                          else "Record the progress beside it as this meeting's check-in")

    def check_in(self, goal_id: int) -> None:
        """Record the progress as a check-in of this session; the goal counts as discussed."""
        if self._session_id is None or goal_id not in self.spins:
            return
        progress = self.spins[goal_id].value()
        self.boxes[goal_id].setChecked(True)
        session_id = self._session_id

        def shown(_changes: Any) -> None:
            with contextlib.suppress(RuntimeError):  # the row went (locked, another session)
                if session_id == self._session_id and goal_id in self.results:
                    self._mark(goal_id, True, progress)

        self._call(goals.check_in, goal_id, progress=progress, session_id=self._session_id,
                   checked_on=self._checked_on, success=shown)

    def _discussed(self, goal_id: int, on: bool) -> None:
        if self._session_id is not None:
            self._call(sessions.discuss_goal if on else sessions.undiscuss_goal,
                       self._session_id, goal_id)

    def clear(self) -> None:
        self._session_id = None
        self._rows = []
        for table in (self.boxes, self.spins, self.results, self.buttons):
            table.clear()
        while self.grid.count():
            widget = self.grid.takeAt(0).widget()
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()


class ActionItemsPanel(QWidget):
    """The session's action items, edited in place, with Add and Remove below."""

    def __init__(self, state: WorkbookState, call: Any, today: Callable[[], date],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ActionItemsModel(state, self, call=call)
        self.model.today = today
        self.table = ActionItemsView()
        self.table.setModel(self.model)
        self.add_button = QPushButton("Add action item")
        self.add_button.setToolTip("Add an action item (Ctrl+Shift+A)")
        self.add_button.setAccessibleName("Add action item")
        self.add_button.clicked.connect(self.add_item)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setIcon(trash_icon(self))
        self.remove_button.setAccessibleName("Remove action item")
        self.remove_button.setToolTip("Move the chosen action item to the trash")
        self.remove_button.clicked.connect(self.remove_item)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        # why a typed due date cannot be read: a cell has no room to say it
        self.date_problem = StatusLabel()
        self.date_problem.setAccessibleName("About the due date")
        self.date_problem.hide()
        self.table.due_dates.problem.connect(self._date_problem)
        self._problem_session: int | None = None
        self.model.modelReset.connect(self._maybe_forget_problem)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addWidget(self.date_problem)
        layout.addLayout(buttons)

    def _date_problem(self, sentence: str) -> None:
        self._problem_session = self.model.session_id
        self.date_problem.show_message(sentence, "error")
        self.date_problem.setVisible(bool(sentence))

    def _maybe_forget_problem(self) -> None:
        if self.model.session_id != self._problem_session:  # another session (or none)
            self._date_problem("")

    def add_item(self) -> None:
        index = self.model.add_row()
        self.table.setCurrentIndex(index)
        self.table.setFocus()
        self.table.edit(index)

    def remove_item(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.model.remove_row(index.row())
