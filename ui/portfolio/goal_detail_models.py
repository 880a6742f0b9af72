"""Item models of one goal's parts: its milestones, its check-ins and the coachee's values it
can be linked to. They show records given to `load()` and announce edits through signals."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, Qt, Signal

from ui.kit.dates import short_format, typed_date, unreadable
from ui.portfolio.goal_model_base import (
    NO_PARENT,
    IdRole,
    Index,
    RecordTable,
    checked,
    level_sign,
    level_text,
)
from workbook.dates import format_date as format_day
from workbook.dates import today
from workbook.goal_records import Checkin, Milestone
from workbook.values import CoacheeValue


# -- milestones ----------------------------------------------------------------------------
class MilestoneModel(RecordTable):
    """Title and due date edit in place; the Done column is a checkbox."""

    HEADERS = ("Milestone", "Due", "Done")
    TITLE, DUE, DONE = range(3)
    edit_requested = Signal(int, dict)  # milestone id, fields for goals.update_milestone
    refused = Signal(str)  # a due date that could not be read, in a sentence

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
                return (f"Due date as YYYY-MM-DD or {short_format()} (empty for none); F2 "
                        "edits it.")
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
            done = checked(value)
            if done == m.done:
                return False
            self.edit_requested.emit(m.id, {"done_on": today().isoformat() if done else None})
            return True
        if role != Qt.ItemDataRole.EditRole or col == self.DONE:
            return False
        text = "" if value is None else str(value)
        if col == self.TITLE and text != m.title:
            self.edit_requested.emit(m.id, {"title": text})
        elif col == self.DUE:
            day = typed_date(text) if text.strip() else None
            if text.strip() and day is None:
                self.refused.emit(unreadable(text.strip()))
                return False
            due = day.isoformat() if day else None
            if due != m.due_date:
                self.edit_requested.emit(m.id, {"due_date": due})
        return True


# -- check-ins -----------------------------------------------------------------------------
@dataclass(frozen=True)
class SessionLink:
    """The session a check-in was recorded in: its day (None once trashed) and its kind."""

    day: str | None
    kind: str

    def text(self, checked_on: str | None = None) -> str:
        """The kind alone on the check-in's own day (the usual case), else day · kind."""
        if self.day is None or self.day == checked_on:
            return self.kind
        return f"{format_day(self.day)} · {self.kind}"


class CheckinModel(RecordTable):
    """A goal's check-ins, newest first; read-only."""

    HEADERS = ("Date", "Progress", "GAS level", "Note", "Session")
    DATE, PROGRESS, LEVEL, NOTE, SESSION = range(5)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._sessions: dict[int, SessionLink] = {}

    def set_checkins(self, checkins: Sequence[Checkin],
                     sessions: dict[int, SessionLink]) -> None:
        self._sessions = dict(sessions)
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
            link = self._sessions.get(c.session_id) if c.session_id else None
            return link.text(c.checked_on) if link else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.NOTE and c.note:
                return c.note
            if col == self.LEVEL and c.gas_level is not None:
                return level_text(c.gas_level)
            link = self._sessions.get(c.session_id) if c.session_id else None
            if col == self.SESSION and link:
                return f"{link.text()}: double-click or press Enter to open this session."
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

    def rowCount(self, parent: Index = NO_PARENT) -> int:
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
        if checked(value):
            self._linked.add(value_id)
        else:
            self._linked.discard(value_id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.links_changed.emit(self.linked_ids())
        return True
