"""What the Today view shows: the four lists read in one workbook call, turned into rows,
and the table models the view's lists sit on (rows handed over in batches).

The overdue list can hold thousands of items in a long career, of which the view shows ten
at a time: the first batch comes with the other lists and its total from a count, and the
next batches are read only when the coach scrolls to the end of them (`read_more`). Not on
`fetchMore`: a tree view calls that on every layout, wanted or not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlite_utils
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from workbook import queries, settings
from workbook.dates import due_phrase, format_date, format_datetime, overdue_phrase, relative_day

Index = QModelIndex | QPersistentModelIndex
KIND_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2

UPCOMING_DAYS = 14
GOAL_DAYS = 30  # goals are set for months: two weeks' notice is too little to act on
BATCH = 200
OWNERS = {"coachee": "Coachee", "coach": "Coach", "both": "Both", "other": "Other"}


@dataclass(frozen=True)
class TodayRow:
    kind: str  # what `open_record` receives for this row
    id: int
    cells: tuple[str, ...]
    tooltip: str = ""
    key: tuple[str, int] | None = None  # where the next batch starts after this row


@dataclass(frozen=True)
class TodayData:
    upcoming: list[queries.UpcomingSession]
    overdue: list[queries.OverdueAction]
    not_seen: list[queries.NotSeen]
    goals: list[queries.GoalDue]
    not_seen_weeks: int
    overdue_total: int  # `overdue` holds the first BATCH of them


def load_today(db: sqlite_utils.Database, today: date, *, upcoming_days: int = UPCOMING_DAYS,
               goal_days: int = GOAL_DAYS) -> TodayData:
    """Everything the view shows, read in one go on the worker thread (touches no widget)."""
    weeks = settings.get_settings(db).not_seen_weeks
    return TodayData(
        queries.upcoming_sessions(db, days=upcoming_days, today=today),
        queries.overdue_actions(db, today=today, limit=BATCH),
        queries.not_seen(db, weeks=weeks, today=today),
        queries.goals_due_soon(db, days=goal_days, today=today),
        weeks,
        queries.count_overdue_actions(db, today=today),
    )


def load_overdue_batch(db: sqlite_utils.Database, today: date,
                       after: tuple[str, int]) -> list[queries.OverdueAction]:
    """The next batch of overdue items, after the one the list ends with."""
    return queries.overdue_actions(db, today=today, limit=BATCH, after=after)


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
        format_date(o.action.due_date), overdue_phrase(o.days_overdue)), o.action.text,
        (o.action.due_date or "", o.action.id)) for o in items]


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
        self._total = 0

    def set_rows(self, rows: list[TodayRow], total: int | None = None) -> None:
        """`rows` read so far of `total` (None: all of them)."""
        self.beginResetModel()
        self._rows = rows
        self._shown = min(len(rows), BATCH)
        self._total = len(rows) if total is None else max(total, len(rows))
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def total(self) -> int:
        """How many rows the list holds, read or not yet."""
        return self._total

    def read_more(self) -> None:
        """The coach scrolled to the last row: a list with rows not read yet asks for them."""

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
    """Overdue items with a "done" box: ticking it asks the view to complete the item.

    Holds the items read so far of `total()`; scrolled to the end of them (`read_more`), it
    asks for the next batch (`more_wanted`) and the view hands it over (`add_rows`)."""

    complete_requested = Signal(int)  # action item id
    more_wanted = Signal(object)  # the key (due date, id) of the last item read

    def __init__(self, parent: Any = None) -> None:
        super().__init__(("Action item", "Coachee", "Owner", "Due", "How late"), parent)
        self._ticked: set[int] = set()
        self._asked = False

    def set_rows(self, rows: list[TodayRow], total: int | None = None) -> None:
        self._ticked.clear()
        self._asked = False
        super().set_rows(rows, total)

    def add_rows(self, rows: list[TodayRow]) -> None:
        """The batch asked for has come: shown at once (the coach scrolled to it)."""
        self._asked = False
        if not rows:  # fewer than counted (some were done meanwhile): nothing more to ask
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows = self._rows + rows
        self._shown = len(self._rows)
        self.endInsertRows()

    def batch_failed(self) -> None:
        self._asked = False

    def read_more(self) -> None:
        if (self._shown == len(self._rows) and 0 < len(self._rows) < self._total
                and not self._asked):
            self._asked = True
            self.more_wanted.emit(self._rows[-1].key)

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
