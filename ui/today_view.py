"""The Today view: meetings coming up, overdue action items, who has not been seen lately,
and goals due soon — what a coach looks at between meetings.

All four lists come from one workbook call (`load_today`) so they always agree with each
other; the view reloads when a change concerns them and at midnight, when "overdue" moves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import sqlite_utils
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QFont, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ui.dates import due_phrase, format_date, format_datetime, overdue_phrase, relative_day
from ui.state import WorkbookState
from workbook import actions, changes, queries, settings
from workbook.changes import Changes

Index = QModelIndex | QPersistentModelIndex
KIND_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2

UPCOMING_DAYS = 14
GOAL_DAYS = 30  # goals are set for months: two weeks' notice is too little to act on
BATCH = 200
RELOAD_DELAY_MS = 50
MAX_VISIBLE_ROWS = 10
# Kinds whose changes can alter one of the four lists.
RELEVANT = ("coachee", "session", "action", "goal", "checkin", "trash", "settings")
OWNERS = {"coachee": "Coachee", "coach": "Coach", "both": "Both", "other": "Other"}


@dataclass(frozen=True)
class TodayRow:
    kind: str  # what `open_record` receives for this row
    id: int
    cells: tuple[str, ...]
    tooltip: str = ""


@dataclass(frozen=True)
class TodayData:
    upcoming: list[queries.UpcomingSession]
    overdue: list[queries.OverdueAction]
    not_seen: list[queries.NotSeen]
    goals: list[queries.GoalDue]
    not_seen_weeks: int


def load_today(db: sqlite_utils.Database, today: date, *, upcoming_days: int = UPCOMING_DAYS,
               goal_days: int = GOAL_DAYS) -> TodayData:
    """Everything the view shows, read in one go on the worker thread (touches no widget)."""
    weeks = settings.get_settings(db).not_seen_weeks
    return TodayData(
        queries.upcoming_sessions(db, days=upcoming_days, today=today),
        queries.overdue_actions(db, today=today),
        queries.not_seen(db, weeks=weeks, today=today),
        queries.goals_due_soon(db, days=goal_days, today=today),
        weeks,
    )


def upcoming_rows(items: list[queries.UpcomingSession], today: date) -> list[TodayRow]:
    rows = []
    for u in items:
        s = u.session
        what = s.title or s.template_name or "Session"
        if s.title and s.template_name:
            what = f"{s.title} ({s.template_name})"
        rows.append(TodayRow("session", s.id, (
            format_datetime(s.scheduled_at), relative_day(s.scheduled_at, today),
            u.coachee_name, what), f"{s.modality}, {s.duration_min} minutes"))
    return rows


def overdue_rows(items: list[queries.OverdueAction]) -> list[TodayRow]:
    return [TodayRow("action", o.action.id, (
        o.action.text, o.coachee_name, OWNERS.get(o.action.owner, o.action.owner),
        format_date(o.action.due_date), overdue_phrase(o.days_overdue)), o.action.text)
        for o in items]


def not_seen_rows(items: list[queries.NotSeen], today: date) -> list[TodayRow]:
    return [TodayRow("coachee", n.coachee_id, (
        n.name,
        format_date(n.last_held) if n.last_held else "No meeting held yet",
        _weeks_ago(n, today))) for n in items]


def _weeks_ago(n: queries.NotSeen, today: date) -> str:
    # in weeks, the unit of the "not seen" setting
    if n.last_held is None:
        return ""
    if n.weeks_since is None or n.weeks_since < 2:
        return relative_day(n.last_held, today)
    return f"{n.weeks_since} weeks ago"


def goal_rows(items: list[queries.GoalDue], today: date) -> list[TodayRow]:
    return [TodayRow("goal", g.goal_id, (
        g.title, g.coachee_name, format_date(g.target_date), due_phrase(g.target_date, today),
        f"{g.progress} %"), g.title) for g in items]


class TodayModel(QAbstractTableModel):
    """One of the four lists; rows are handed to the view in batches (`fetchMore`)."""

    def __init__(self, headers: tuple[str, ...], parent: Any = None) -> None:
        super().__init__(parent)
        self.headers = headers
        self._rows: list[TodayRow] = []
        self._shown = 0

    def set_rows(self, rows: list[TodayRow]) -> None:
        self.beginResetModel()
        self._rows = rows
        self._shown = min(len(rows), BATCH)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def total(self) -> int:
        return len(self._rows)

    def row_at(self, row: int) -> TodayRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self._shown < len(self._rows)

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid():
            return
        more = min(BATCH, len(self._rows) - self._shown)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
        self._shown += more
        self.endInsertRows()

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.headers)):
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self._shown:
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.cells[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.tooltip or None
        if role == KIND_ROLE:
            return row.kind
        if role == ID_ROLE:
            return row.id
        return None


class OverdueModel(TodayModel):
    """Overdue items with a "done" box: ticking it asks the view to complete the item."""

    complete_requested = Signal(int)  # action item id

    def __init__(self, parent: Any = None) -> None:
        super().__init__(("Action item", "Coachee", "Owner", "Due", "How late"), parent)
        self._ticked: set[int] = set()

    def set_rows(self, rows: list[TodayRow]) -> None:
        self._ticked.clear()
        super().set_rows(rows)

    def untick(self, action_id: int) -> None:
        """The completion failed: show the box empty again."""
        self._ticked.discard(action_id)
        for r in range(self._shown):
            if self._rows[r].id == action_id:
                ix = self.index(r, 0)
                self.dataChanged.emit(ix, ix, [Qt.ItemDataRole.CheckStateRole])

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.CheckStateRole:
            if not index.isValid() or index.column() != 0 or index.row() >= self._shown:
                return None
            ticked = self._rows[index.row()].id in self._ticked
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        return super().data(index, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (role != Qt.ItemDataRole.CheckStateRole or not index.isValid()
                or index.column() != 0 or index.row() >= self._shown):
            return False
        action_id = self._rows[index.row()].id
        if Qt.CheckState(value) != Qt.CheckState.Checked or action_id in self._ticked:
            return False  # a done item leaves the list; there is nothing to untick
        self._ticked.add(action_id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.complete_requested.emit(action_id)
        return True


class TodayList(QTreeView):
    """A flat list as tall as its rows (up to MAX_VISIBLE_ROWS), then it scrolls."""

    def __init__(self, model: TodayModel, stretch: int, name: str) -> None:
        super().__init__()
        self.setModel(model)
        self.setAccessibleName(name)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAllColumnsShowFocus(True)
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        header = self.header()
        header.setStretchLastSection(False)
        for col in range(model.columnCount()):
            mode = (QHeaderView.ResizeMode.Stretch if col == stretch
                    else QHeaderView.ResizeMode.ResizeToContents)
            header.setSectionResizeMode(col, mode)
        model.modelReset.connect(self._fit)
        model.rowsInserted.connect(self._fit)

    def _fit(self) -> None:
        count = self.model().rowCount()
        rows = max(1, min(count, MAX_VISIBLE_ROWS))
        row_h = self.sizeHintForRow(0) if count else self.fontMetrics().height() + 4
        height = self.header().sizeHint().height() + rows * row_h + 2 * self.frameWidth()
        if self.horizontalScrollBar().isVisible():
            height += self.horizontalScrollBar().sizeHint().height()
        self.setFixedHeight(height)


class _Section(QWidget):
    """A heading with a count, then the list or a plain sentence when there is nothing."""

    def __init__(self, title: str, model: TodayModel, stretch: int, empty: str) -> None:
        super().__init__()
        self.title = title
        self.model = model
        self.heading = QLabel(title)
        font = QFont(self.heading.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.view = TodayList(model, stretch, title)
        self.heading.setBuddy(self.view)
        self.empty_text = empty
        self.empty = QLabel(empty)
        self.empty.setWordWrap(True)
        self.empty.setContentsMargins(4, 2, 4, 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 12)
        layout.addWidget(self.heading)
        layout.addWidget(self.view)
        layout.addWidget(self.empty)

    def show_rows(self, rows: list[TodayRow], empty: str | None = None) -> None:
        self.model.set_rows(rows)
        if empty is not None:
            self.empty_text = empty
        self.empty.setText(self.empty_text)
        count = f" ({len(rows)})" if rows else ""
        self.heading.setText(self.title + count)
        self.view.setVisible(bool(rows))
        self.empty.setVisible(not rows)

    def clear(self) -> None:
        self.model.clear()
        self.heading.setText(self.title)
        self.empty.setText("")
        self.view.setVisible(False)
        self.empty.setVisible(True)


def _ms_to_midnight(now: datetime) -> int:
    midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time())
    return int((midnight - now).total_seconds() * 1000) + 2_000  # safely past the turn


class TodayView(QWidget):
    open_record = Signal(str, int)  # kind, id

    def __init__(self, state: WorkbookState, parent: QWidget | None = None, *,
                 today: date | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._fixed_today = today
        self._generation = 0
        self._stale = True  # reload when next shown: a hidden tab does not query

        self.date_label = QLabel()
        font = QFont(self.date_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.date_label.setFont(font)

        self.upcoming = _Section(
            "Upcoming meetings", TodayModel(("When", "How soon", "Coachee", "Session")), 3,
            f"No meetings scheduled in the next {UPCOMING_DAYS} days.")
        self.overdue_model = OverdueModel()
        self.overdue = _Section("Overdue action items", self.overdue_model, 0,
                                "No overdue action items.")
        self.not_seen = _Section(
            "Not seen lately", TodayModel(("Coachee", "Last meeting held", "How long ago")), 0,
            "Every active coachee has been seen recently.")
        self.goals = _Section(
            "Goals due soon",
            TodayModel(("Goal", "Coachee", "Target date", "How soon", "Progress")), 0,
            f"No goals due in the next {GOAL_DAYS} days.")
        self.overdue.view.setToolTip("Space or a click on the box marks an item done; "
                                     "Enter opens it.")
        self.sections = (self.upcoming, self.overdue, self.not_seen, self.goals)

        body = QWidget()
        inner = QVBoxLayout(body)
        inner.setContentsMargins(12, 12, 12, 12)
        top = QHBoxLayout()
        top.addWidget(self.date_label)
        top.addStretch(1)
        inner.addLayout(top)
        for section in self.sections:
            inner.addWidget(section)
            section.view.activated.connect(self._activated)
        inner.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        for a, b in zip(self.sections, self.sections[1:], strict=False):
            QWidget.setTabOrder(a.view, b.view)

        self.refresh_action = QAction("&Refresh Today", self)
        self.refresh_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.refresh_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.refresh_action.setToolTip("Reload the Today lists (F5)")
        self.refresh_action.triggered.connect(self.refresh)
        self.addAction(self.refresh_action)

        # one reload for a burst of changes (an import, a series of edits)
        self.reload_soon = QTimer(self)
        self.reload_soon.setSingleShot(True)
        self.reload_soon.setInterval(RELOAD_DELAY_MS)
        self.reload_soon.timeout.connect(self.refresh)
        self.midnight = QTimer(self)
        self.midnight.setSingleShot(True)
        self.midnight.timeout.connect(self._new_day)
        # complete after the click that ticked the box has been handled by the view
        self.overdue_model.complete_requested.connect(
            self._complete, Qt.ConnectionType.QueuedConnection)

        state.opened.connect(self._opened)
        state.closed.connect(self._closed)
        state.changed.connect(self._changed)
        self._clear()
        if state.is_open:
            self._opened()

    # -- public --------------------------------------------------------------------------
    def today(self) -> date:
        return self._fixed_today or changes.today()

    def refresh(self) -> None:
        """Reload the four lists (also done on relevant changes and at midnight); while the
        view is hidden this only notes that a reload is due when it is shown again."""
        self.reload_soon.stop()
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        generation, day = self._generation, self.today()

        def show(data: TodayData) -> None:
            if generation == self._generation and self.state.is_open:
                self._show(data, day)

        self.state.call(load_today, day, success=show, label="Loading Today…")

    # -- internals -----------------------------------------------------------------------
    def _opened(self) -> None:
        self._generation += 1
        self.midnight.start(_ms_to_midnight(datetime.now()))
        self.refresh()

    def _closed(self) -> None:
        self._generation += 1
        self._stale = True
        self.midnight.stop()
        self.reload_soon.stop()
        self._clear()

    def _new_day(self) -> None:
        self.midnight.start(_ms_to_midnight(datetime.now()))
        self.refresh()

    def _changed(self, change: Changes) -> None:
        if any(change.touches(kind) for kind in RELEVANT):
            if self.isVisible():
                self.reload_soon.start()
            else:
                self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale and self.state.is_open:
            self.refresh()

    def _clear(self) -> None:
        self.date_label.setText("Today")
        for section in self.sections:
            section.clear()

    def _show(self, data: TodayData, day: date) -> None:
        self.date_label.setText(f"Today — {format_date(day)}")
        self.upcoming.show_rows(upcoming_rows(data.upcoming, day))
        self.overdue.show_rows(overdue_rows(data.overdue))
        weeks = data.not_seen_weeks
        self.not_seen.title = f"Not seen for {weeks} weeks or more"
        self.not_seen.show_rows(
            not_seen_rows(data.not_seen, day),
            f"Every active coachee has had a meeting in the last {weeks} weeks.")
        self.goals.show_rows(goal_rows(data.goals, day))

    def _activated(self, index: QModelIndex) -> None:
        kind, record_id = index.data(KIND_ROLE), index.data(ID_ROLE)
        if kind is not None and record_id is not None:
            self.open_record.emit(kind, int(record_id))

    def _complete(self, action_id: int) -> None:
        def failed(exc: BaseException) -> None:
            self.overdue_model.untick(action_id)
            sentence = getattr(exc, "sentence", None)
            if sentence is None:
                self.state.runner.failed.emit(exc)
            else:
                self.state.error.emit(sentence)

        done_on = self._fixed_today.isoformat() if self._fixed_today else None
        self.state.call(actions.complete, action_id, done_on, failure=failed,
                        label="Marking done…")
