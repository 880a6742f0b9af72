"""What the Goals tab's item models share: the roles they answer, how a GAS level reads, and
a base for small tables of frozen records."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
SortRole = Qt.ItemDataRole.UserRole
IdRole = Qt.ItemDataRole.UserRole + 1
NO_PARENT = QModelIndex()

GAS_LABELS = {-2: "much less than expected", -1: "less than expected", 0: "expected level",
              1: "more than expected", 2: "much more than expected"}


def level_sign(level: int) -> str:
    """−2, −1, 0, +1, +2 (a real minus sign, as on a printed GAS form)."""
    return f"−{-level}" if level < 0 else (f"+{level}" if level > 0 else "0")


def level_text(level: int | None) -> str:
    return "" if level is None else f"{level_sign(level)} {GAS_LABELS[level]}"


def checked(value: Any) -> bool:
    """Whether a CheckStateRole value (an enum or its int, as views send it) means ticked."""
    if isinstance(value, Qt.CheckState):
        return value == Qt.CheckState.Checked
    return int(value) == Qt.CheckState.Checked.value


class RecordTable(QAbstractTableModel):
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

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.HEADERS)):
            return self.HEADERS[section]
        return None
