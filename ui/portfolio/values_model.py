"""A coachee's values as a list model: most important first, reordered by drag and drop
(QListView's internal move goes through `moveRows`), and the worker-side loader."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, Qt, Signal

from ui.coachees.coachee_rows import ID_ROLE, Index
from workbook import values
from workbook.values import CoacheeValue, ValuesGoalsMap


@dataclass(frozen=True)
class ValuesData:
    values: list[CoacheeValue]
    goals_map: ValuesGoalsMap


def load_values(db: Any, coachee_id: int) -> ValuesData:
    """Runs on the worker; touches no widget."""
    return ValuesData(values.list_values(db, coachee_id), values.values_goals_map(db, coachee_id))


class ValuesModel(QAbstractListModel):
    """A coachee's values, most important first. Internal drag and drop moves rows through
    `moveRows` (QListView's own internal-move path); each move announces the new order."""

    reordered = Signal(list)  # value ids in their new order

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[CoacheeValue] = []

    def set_values(self, items: list[CoacheeValue]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def ids(self) -> list[int]:
        return [v.id for v in self._items]

    def value(self, row: int) -> CoacheeValue:
        return self._items[row]

    def row_of(self, value_id: int) -> int | None:
        for i, v in enumerate(self._items):
            if v.id == value_id:
                return i
        return None

    def set_reflection(self, value_id: int, text: str) -> None:
        row = self.row_of(value_id)
        if row is not None:
            self._items[row] = replace(self._items[row], reflection=text)
            self.dataChanged.emit(self.index(row), self.index(row))

    # -- QAbstractListModel ---------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._items)):
            return None
        v = self._items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{index.row() + 1}. {v.name}"
        if role == Qt.ItemDataRole.EditRole:
            return v.name
        if role == ID_ROLE:
            return v.id
        if role == Qt.ItemDataRole.ToolTipRole:
            first = v.reflection.strip().splitlines()[0] if v.reflection.strip() else ""
            note = f"\n{first[:200]}" if first else "\nNo reflection yet."
            return f"{v.name} (rank {index.row() + 1}){note}\nDrag, or Ctrl+Up / Ctrl+Down, " \
                   "to change the order."
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled  # drop between items, never onto one
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsDragEnabled)

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def moveRows(self, source_parent: Index, source_row: int, count: int,
                 destination_parent: Index, destination_child: int) -> bool:
        if source_parent.isValid() or destination_parent.isValid() or count < 1:
            return False
        last = source_row + count - 1
        if source_row < 0 or last >= len(self._items):
            return False
        if not 0 <= destination_child <= len(self._items):
            return False
        if source_row <= destination_child <= last + 1:
            return False  # onto itself: no move
        if not self.beginMoveRows(QModelIndex(), source_row, last, QModelIndex(),
                                  destination_child):
            return False
        moving = self._items[source_row:last + 1]
        rest = self._items[:source_row] + self._items[last + 1:]
        at = destination_child if destination_child < source_row else destination_child - count
        self._items = rest[:at] + moving + rest[at:]
        self.endMoveRows()
        # Rank numbers are part of the text: every row between the ends changed.
        self.dataChanged.emit(self.index(0), self.index(len(self._items) - 1))
        self.reordered.emit(self.ids())
        return True
