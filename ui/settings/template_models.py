"""The templates editor's ordered lists: templates, a template's sections, a section's prompts.

The three lists are ordered by the coach. A move (drag and drop or a Move up/down button) is
made at once in the model, so the view never jumps, and announced with `move_requested(id,
new_position)`; the editor writes it to the workbook and, after reloading, `sync` finds the
same order and only refreshes the rows. Prompts are edited in place: `edit_requested(id,
text)` carries the new text to the editor.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QIcon, QPalette

from ui.settings.template_private import PRIVATE_LABEL, lock_icon, private_tint
from workbook import wording
from workbook.templates import Prompt, Template, TemplateSection

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()

IdRole = Qt.ItemDataRole.UserRole + 1
BuiltinRole = Qt.ItemDataRole.UserRole + 2
SharedRole = Qt.ItemDataRole.UserRole + 3



def unique_name(wanted: str, taken: list[str]) -> str:
    """`wanted`, or "wanted 2", "wanted 3"… if a name in `taken` already has it (any case)."""
    folded = {t.casefold() for t in taken}
    name, n = wanted, 2
    while name.casefold() in folded:
        name, n = f"{wanted} {n}", n + 1
    return name


class OrderedListModel(QAbstractListModel):
    """Frozen records in the coach's order, reorderable by drag and drop or by `move`."""

    move_requested = Signal(int, int)  # record id, new position (0-based, after the move)
    editable = False

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._records: list[Any] = []

    # -- loading -----------------------------------------------------------------------
    def sync(self, records: Sequence[Any]) -> None:
        """Show `records`; the same ids in the same order only refresh the rows (no reset,
        so selection, an open editor and the scroll position stay)."""
        records = list(records)
        if [r.id for r in records] == [r.id for r in self._records]:
            old, self._records = self._records, records
            for row, (before, after) in enumerate(zip(old, records, strict=True)):
                if before != after:  # untouched rows keep an open in-place editor as typed
                    self.dataChanged.emit(self.index(row), self.index(row))
            return
        self.beginResetModel()
        self._records = records
        self.endResetModel()

    def clear(self) -> None:
        self.sync([])

    def record(self, row: int) -> Any | None:
        return self._records[row] if 0 <= row < len(self._records) else None

    def records(self) -> list[Any]:
        return list(self._records)

    def row_of(self, record_id: int | None) -> int:
        for row, record in enumerate(self._records):
            if record.id == record_id:
                return row
        return -1

    # -- reading -----------------------------------------------------------------------
    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._records)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._records):
            return None
        record = self._records[index.row()]
        if role == IdRole:
            return record.id
        return self.record_data(record, role)

    def record_data(self, record: Any, role: int) -> Any:
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled  # drops land between rows, never onto one
        flags = (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                 | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemNeverHasChildren)
        if self.editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    # -- moving ------------------------------------------------------------------------
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def moveRows(self, source_parent: Index, source_row: int, count: int,
                 destination_parent: Index, destination_child: int) -> bool:
        """Qt's move (QListView's internal drag and drop calls it): `destination_child` is
        the row, counted before the move, that the moved row ends up in front of."""
        if (source_parent.isValid() or destination_parent.isValid() or count != 1
                or not 0 <= source_row < len(self._records)
                or not 0 <= destination_child <= len(self._records)
                or destination_child in (source_row, source_row + 1)):
            return False
        if not self.beginMoveRows(ROOT, source_row, source_row, ROOT, destination_child):
            return False
        record = self._records.pop(source_row)
        new_position = destination_child if destination_child < source_row else (
            destination_child - 1)
        self._records.insert(new_position, record)
        self.endMoveRows()
        self.move_requested.emit(record.id, new_position)
        return True

    def move(self, row: int, new_position: int) -> bool:
        """Move one row so that it ends at `new_position` (what a Move up/down button does)."""
        if not 0 <= new_position < len(self._records) or new_position == row:
            return False
        destination = new_position if new_position < row else new_position + 1
        return self.moveRows(ROOT, row, 1, ROOT, destination)


class TemplateListModel(OrderedListModel):
    """The templates, by name; a tooltip describes each one."""

    def record_data(self, record: Template, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return record.name
        if role == Qt.ItemDataRole.ToolTipRole:
            count = len(record.sections)
            kind = "Built-in template" if record.builtin else "Your template"
            parts = [f"{record.name}", f"{kind} · {wording.count(count, 'section')}"]
            if record.description:
                parts.append(record.description)
            return "\n".join(parts)
        if role == BuiltinRole:
            return record.builtin
        return None


class SectionListModel(OrderedListModel):
    """A template's sections; private ones carry a padlock, a tint and say so."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._tint: QColor | None = None
        self._lock: QIcon | None = None

    def set_palette(self, palette: QPalette) -> None:
        """Colours for private rows, derived from the view's palette (dark palettes too)."""
        self._tint = private_tint(palette)
        self._lock = lock_icon(palette.color(QPalette.ColorRole.Text))
        if self._records:
            self.dataChanged.emit(self.index(0), self.index(len(self._records) - 1))

    def record_data(self, record: TemplateSection, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return record.heading if record.shared else f"{record.heading}  (private)"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return record.heading if record.shared else f"{record.heading}, {PRIVATE_LABEL}"
        if role == SharedRole:
            return record.shared
        if role == Qt.ItemDataRole.ToolTipRole:
            status = ("Shared — printed on the session summary" if record.shared
                      else f"{PRIVATE_LABEL}: stays in the workbook, never on the summary")
            count = len(record.prompts)
            lines = [record.heading, status, wording.count(count, "prompt")]
            if record.guidance:
                lines.append(record.guidance)
            return "\n".join(lines)
        if not record.shared:
            if role == Qt.ItemDataRole.BackgroundRole and self._tint is not None:
                return QBrush(self._tint)
            if role == Qt.ItemDataRole.DecorationRole:
                return self._lock
        return None


class PromptListModel(OrderedListModel):
    """A section's prompt questions, edited in place."""

    edit_requested = Signal(int, str)  # prompt id, new text
    editable = True

    def record_data(self, record: Prompt, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole,
                    Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return record.text
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (role != Qt.ItemDataRole.EditRole or not index.isValid()
                or not 0 <= index.row() < len(self._records) or not isinstance(value, str)):
            return False
        record: Prompt = self._records[index.row()]
        if value == record.text:
            return False
        # Shown at once; the editor writes it, and reloads the stored text if it is refused.
        self._records[index.row()] = dataclasses.replace(record, text=value)
        self.dataChanged.emit(index, index)
        self.edit_requested.emit(record.id, value)
        return True
