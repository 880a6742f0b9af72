"""Item models of the Goals tab and the loaders that read what it shows (run on the
workbook's worker): the coachee's goals here; a goal's milestones, check-ins and linkable
values in ui.portfolio.goal_detail_models (re-exported here, as the tab and its tests import them).

The models never call the workbook: they show records given to `load()` and announce what
the coach edited through signals, so the screen that owns them decides how to save.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils
from PySide6.QtCore import QRect, QSortFilterProxyModel, Qt
from PySide6.QtGui import QFont, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
)

from ui.portfolio.goal_detail_models import (
    SessionLink,
)
from ui.portfolio.goal_model_base import (
    IdRole,
    Index,
    RecordTable,
    SortRole,
    level_sign,
    level_text,
)
from workbook import gas, goals, sessions, values
from workbook.dates import format_date as format_day
from workbook.errors import NotFound
from workbook.goal_records import CLOSED_STATUSES, GOAL_STATUSES, Checkin, Domain, Goal, Milestone
from workbook.values import CoacheeValue


# -- loaders (run on the worker thread: no widget here) ------------------------------------
@dataclass(frozen=True)
class GoalRows:
    goals: list[Goal]
    domains: list[Domain]
    detail: GoalDetail | None = None  # the goal the tab is about to open, when asked for


@dataclass(frozen=True)
class GoalDetail:
    goal: Goal
    domains: list[Domain]
    milestones: list[Milestone]
    checkins: list[Checkin]
    values: list[CoacheeValue]
    gas: gas.GasSummary
    session_labels: dict[int, SessionLink] = field(default_factory=dict)


def load_goal_rows(db: sqlite_utils.Database, coachee_id: int, *, with_detail: bool = False,
                   wanted: int | None = None, closed_shown: bool = True) -> GoalRows:
    """The coachee's goals; `with_detail`: also the detail of the goal the tab will open
    (`wanted` if it is theirs, else the first listed), so a switch is one call, not two."""
    listed = goals.list_goals(db, coachee_id)
    detail = None
    if with_detail:
        pick = next((g for g in listed if g.id == wanted), None) or next(
            (g for g in listed if closed_shown or not g.is_closed), None)
        if pick is not None:
            detail = load_goal_detail(db, pick.id)
    return GoalRows(listed, goals.domains(db), detail)


def load_goal_detail(db: sqlite_utils.Database, goal_id: int) -> GoalDetail:
    goal = goals.get(db, goal_id)
    checkins = goals.list_checkins(db, goal.id)
    labels: dict[int, SessionLink] = {}
    for session_id in {c.session_id for c in checkins if c.session_id is not None}:
        try:
            s = sessions.get(db, session_id)
        except NotFound:
            labels[session_id] = SessionLink(None, "(in the trash)")
            continue
        kind = s.template_name or s.title or "Session"
        labels[session_id] = SessionLink(s.scheduled_at[:10], kind)
    return GoalDetail(goal=goal, domains=goals.domains(db),
                      milestones=goals.list_milestones(db, goal.id), checkins=checkins,
                      values=values.list_values(db, goal.coachee_id),
                      gas=gas.coachee_t_score(db, goal.coachee_id), session_labels=labels)


# -- the coachee's goals -------------------------------------------------------------------
class GoalListModel(RecordTable):
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
