"""What the Goals tab's item models share: the roles they answer, how a GAS level reads, and
a base for small tables of frozen records."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from ui.kit.table_model import RowsTableModel

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


class RecordTable(RowsTableModel):
    """Rows of frozen records with an `id`; reloading the same ids only repaints them."""

    def load(self, rows: Sequence[Any]) -> None:
        self.replace_rows(rows)

    def clear(self) -> None:
        self.load([])

    def record(self, row: int) -> Any:
        return self._rows[row]
