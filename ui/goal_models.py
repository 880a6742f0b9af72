"""Item models of the Goals tab: the coachee's goals, a goal's milestones, check-ins and the
values it can be linked to; and the loaders that read them (run on the workbook's worker).

The models never call the workbook: they show records given to `load()` and announce what
the coach edited through signals, so the screen that owns them decides how to save.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils
from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
)

from ui.dates import format_date as format_day
from workbook import gas, goals, sessions, values
from workbook.changes import today
from workbook.errors import NotFound
from workbook.goal_records import CLOSED_STATUSES, GOAL_STATUSES, Checkin, Domain, Goal, Milestone
from workbook.values import CoacheeValue

Index = QModelIndex | QPersistentModelIndex
SortRole = Qt.ItemDataRole.UserRole
IdRole = Qt.ItemDataRole.UserRole + 1
_NO_PARENT = QModelIndex()

GAS_LABELS = {-2: "much less than expected", -1: "less than expected", 0: "expected level",
              1: "more than expected", 2: "much more than expected"}


def level_sign(level: int) -> str:
    """−2, −1, 0, +1, +2 (a real minus sign, as on a printed GAS form)."""
    return f"−{-level}" if level < 0 else (f"+{level}" if level > 0 else "0")


def level_text(level: int | None) -> str:
    return "" if level is None else f"{level_sign(level)} {GAS_LABELS[level]}"


# -- loaders (run on the worker thread: no widget here) ------------------------------------
@dataclass(frozen=True)
class GoalRows:
    goals: list[Goal]
    domains: list[Domain]


@dataclass(frozen=True)
class GoalDetail:
    goal: Goal
    domains: list[Domain]
    milestones: list[Milestone]
    checkins: list[Checkin]
    values: list[CoacheeValue]
    gas: gas.GasSummary
    session_labels: dict[int, str] = field(default_factory=dict)


def load_goal_rows(db: sqlite_utils.Database, coachee_id: int) -> GoalRows:
    return GoalRows(goals.list_goals(db, coachee_id), goals.domains(db))


def load_goal_detail(db: sqlite_utils.Database, goal_id: int) -> GoalDetail:
    goal = goals.get(db, goal_id)
    checkins = goals.list_checkins(db, goal.id)
    labels: dict[int, str] = {}
    for session_id in {c.session_id for c in checkins if c.session_id is not None}:
        try:
            s = sessions.get(db, session_id)
        except NotFound:
            labels[session_id] = "(in the trash)"
            continue
        kind = s.template_name or s.title or "Session"
        labels[session_id] = f"{format_day(s.scheduled_at)} · {kind}"
    return GoalDetail(goal=goal, domains=goals.domains(db),
                      milestones=goals.list_milestones(db, goal.id), checkins=checkins,
                      values=values.list_values(db, goal.coachee_id),
                      gas=gas.coachee_t_score(db, goal.coachee_id), session_labels=labels)


# -- a base for small record tables --------------------------------------------------------
class _RecordTable(QAbstractTableModel):
    """Rows of frozen records with an `id`; reloading the same ids only repaints them."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def load(self, rows: Sequence[Any]) -> None:
        rows = list(rows)
        if [r.id for r in rows] == [r.id for r in self._rows] and rows:
            self._rows = rows
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(rows) - 1, len(self.HEADERS) - 1))
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def clear(self) -> None:
        self.load([])

    def record(self, row: int) -> Any:
        return self._rows[row]

    def row_of(self, record_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == record_id), -1)

    def rowCount(self, parent: Index = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.HEADERS)):
            return self.HEADERS[section]
        return None


# -- the coachee's goals -------------------------------------------------------------------
class GoalListModel(_RecordTable):
    HEADERS = ("Goal", "Domain", "Status", "Progress", "Target date", "GAS")
    TITLE, DOMAIN, STATUS, PROGRESS, TARGET, GAS = range(6)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._domains: dict[str, Domain] = {}

    def set_domains(self, domains: Sequence[Domain]) -> None:
        self._domains = {d.key: d for d in domains}

    def clear(self) -> None:
        self._domains = {}
        super().clear()

    def domain_name(self, key: str) -> str:
        domain = self._domains.get(key)
        return domain.name if domain else key

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        goal: Goal = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(goal, col)
        if role == SortRole:
            return self._sort_key(goal, col)
        if role == IdRole:
            return goal.id
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.GAS and goal.gas_attained is not None:
                text = goal.ladder[goal.gas_attained]
                return f"Attained {level_text(goal.gas_attained)}" + (f": {text}" if text else "")
            return goal.title if col == self.TITLE else None
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (self.PROGRESS, self.GAS):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.FontRole and goal.is_closed:
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def _display(self, goal: Goal, col: int) -> str:
        if col == self.TITLE:
            return goal.title
        if col == self.DOMAIN:
            return self.domain_name(goal.domain)
        if col == self.STATUS:
            return goal.status.capitalize()
        if col == self.PROGRESS:
            return f"{goal.progress} %"
        if col == self.TARGET:
            return format_day(goal.target_date) or "—"
        if goal.gas_attained is not None:
            return level_sign(goal.gas_attained)
        return "no ladder" if not goal.has_complete_ladder else "—"

    def _sort_key(self, goal: Goal, col: int) -> Any:
        if col == self.DOMAIN:
            domain = self._domains.get(goal.domain)
            return domain.position if domain else 1_000
        if col == self.STATUS:
            return GOAL_STATUSES.index(goal.status)
        if col == self.PROGRESS:
            return goal.progress
        if col == self.TARGET:
            return goal.target_date or "9999-12-31"
        if col == self.GAS:
            return -99 if goal.gas_attained is None else goal.gas_attained
        return goal.title.casefold()


class GoalFilterProxy(QSortFilterProxyModel):
    """Sorts on the models' sort keys; can hide closed (achieved, revised, dropped) goals."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SortRole)
        self._show_closed = True

    def set_show_closed(self, show: bool) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt ≥ 6.10
            self.beginFilterChange()
            self._show_closed = show
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._show_closed = show
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if self._show_closed:
            return True
        model = self.sourceModel()
        if not isinstance(model, GoalListModel):
            return True
        return model.record(source_row).status not in CLOSED_STATUSES


class ProgressDelegate(QStyledItemDelegate):
    """Paints a progress column as a bar with its percentage."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        value = index.data(SortRole)
        if not isinstance(value, int):
            super().paint(painter, option, index)
            return
        widget = option.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else QApplication.style()
        # The cell background (selection) first, then the bar inset so rows stay readable.
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, widget)
        bar = QStyleOptionProgressBar()
        rect: QRect = option.rect  # type: ignore[attr-defined]
        bar.rect = rect.adjusted(4, 3, -4, -3)  # type: ignore[attr-defined]
        bar.minimum, bar.maximum, bar.progress = 0, 100, value  # type: ignore[attr-defined]
        bar.text = f"{value} %"  # type: ignore[attr-defined]
        bar.textVisible = True  # type: ignore[attr-defined]
        bar.textAlignment = Qt.AlignmentFlag.AlignCenter  # type: ignore[attr-defined]
        bar.state = option.state | QStyle.StateFlag.State_Horizontal  # type: ignore[attr-defined]
        bar.palette = option.palette  # type: ignore[attr-defined]
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, widget)


# -- milestones ----------------------------------------------------------------------------
class MilestoneModel(_RecordTable):
    """Title and due date edit in place; the Done column is a checkbox."""

    HEADERS = ("Milestone", "Due", "Done")
    TITLE, DUE, DONE = range(3)
    edit_requested = Signal(int, dict)  # milestone id, fields for goals.update_milestone

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.DONE:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        m: Milestone = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (m.title, format_day(m.due_date) or "—", "")[col]
        if role == Qt.ItemDataRole.EditRole:
            return (m.title, m.due_date or "", m.done_on or "")[col]
        if role == Qt.ItemDataRole.CheckStateRole and col == self.DONE:
            return Qt.CheckState.Checked if m.done else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.DUE:
                return "Due date as YYYY-MM-DD (empty for none); F2 edits it."
            if col == self.DONE:
                return f"Done on {format_day(m.done_on)}" if m.done else "Not done yet (Space)"
            return m.title if col == self.TITLE else None
        if role == IdRole:
            return m.id
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return False
        m: Milestone = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and col == self.DONE:
            done = _checked(value)
            if done == m.done:
                return False
            self.edit_requested.emit(m.id, {"done_on": today().isoformat() if done else None})
            return True
        if role != Qt.ItemDataRole.EditRole or col == self.DONE:
            return False
        text = "" if value is None else str(value)
        if col == self.TITLE and text != m.title:
            self.edit_requested.emit(m.id, {"title": text})
        elif col == self.DUE and text.strip() != (m.due_date or ""):
            self.edit_requested.emit(m.id, {"due_date": text.strip() or None})
        return True


def _checked(value: Any) -> bool:
    if isinstance(value, Qt.CheckState):
        return value == Qt.CheckState.Checked
    return int(value) == Qt.CheckState.Checked.value


# -- check-ins -----------------------------------------------------------------------------
class CheckinModel(_RecordTable):
    """A goal's check-ins, newest first; read-only."""

    HEADERS = ("Date", "Progress", "GAS level", "Note", "Session")
    DATE, PROGRESS, LEVEL, NOTE, SESSION = range(5)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._sessions: dict[int, str] = {}

    def set_checkins(self, checkins: Sequence[Checkin], session_labels: dict[int, str]) -> None:
        self._sessions = dict(session_labels)
        self.load(sorted(checkins, key=lambda c: (c.checked_on, c.id), reverse=True))

    def clear(self) -> None:
        self._sessions = {}
        super().clear()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        c: Checkin = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.DATE:
                return format_day(c.checked_on)
            if col == self.PROGRESS:
                return "—" if c.progress is None else f"{c.progress} %"
            if col == self.LEVEL:
                return "—" if c.gas_level is None else level_sign(c.gas_level)
            if col == self.NOTE:
                return " ".join(c.note.split())
            return self._sessions.get(c.session_id, "") if c.session_id else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.NOTE and c.note:
                return c.note
            if col == self.LEVEL and c.gas_level is not None:
                return level_text(c.gas_level)
            if col == self.SESSION and c.session_id:
                return "Double-click or press Enter to open this session."
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (self.PROGRESS, self.LEVEL):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == IdRole:
            return c.session_id if col == self.SESSION else c.id
        return None


# -- the values a goal can express ---------------------------------------------------------
class ValueLinkModel(QAbstractListModel):
    """The coachee's values, most important first, checked when the goal expresses them."""

    links_changed = Signal(list)  # the value ids now checked, in rank order

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._values: list[CoacheeValue] = []
        self._linked: set[int] = set()

    def load(self, coachee_values: Sequence[CoacheeValue], linked: Sequence[int]) -> None:
        new = list(coachee_values)
        self._linked = set(linked)
        if [v.id for v in new] == [v.id for v in self._values] and new:
            self._values = new
            self.dataChanged.emit(self.index(0, 0), self.index(len(new) - 1, 0))
            return
        self.beginResetModel()
        self._values = new
        self.endResetModel()

    def clear(self) -> None:
        self.load([], [])

    def linked_ids(self) -> list[int]:
        return [v.id for v in self._values if v.id in self._linked]

    def rowCount(self, parent: Index = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._values)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._values):
            return None
        value = self._values[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{index.row() + 1}. {value.name}"
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if value.id in self._linked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            return value.reflection or None
        if role == IdRole:
            return value.id
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (role != Qt.ItemDataRole.CheckStateRole or not index.isValid()
                or not 0 <= index.row() < len(self._values)):
            return False
        value_id = self._values[index.row()].id
        if _checked(value):
            self._linked.add(value_id)
        else:
            self._linked.discard(value_id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.links_changed.emit(self.linked_ids())
        return True
