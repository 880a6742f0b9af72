"""A session's action items as a table model: what, who, by when, done.

Each edit is saved at once through `state.call` (actions.update / complete / reopen); a new
row is a draft until it has some text, because the workbook refuses an empty action item.
Dates are shown through ui.kit.dates, the same in every locale. The delegates and the view
that edit these rows live in `action_items_view`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from ui.kit.dates import iso_of
from ui.kit.state import WorkbookState
from ui.kit.table_model import RowsTableModel
from workbook import actions, dates
from workbook.actions import OWNERS, ActionItem
from workbook.changes import Changes
from workbook.dates import format_date

Index = QModelIndex | QPersistentModelIndex
Call = Callable[..., None]


def owner_label(owner: str) -> str:
    return owner.capitalize()


# -- the model ------------------------------------------------------------------------------
@dataclass(eq=False)  # rows are told apart by identity: two fresh drafts are alike
class _Row:
    id: int | None
    text: str = ""
    owner: str = "coachee"
    due_date: str | None = None
    done_on: str | None = None
    adding: bool = False  # a draft whose `actions.add` is in flight

    @classmethod
    def of(cls, item: ActionItem) -> _Row:
        return cls(item.id, item.text, item.owner, item.due_date, item.done_on)


class ActionItemsModel(RowsTableModel):
    TEXT, OWNER, DUE, DONE = range(4)
    HEADERS = ("Action item", "Owner", "Due", "Done")

    def __init__(self, state: WorkbookState, parent: Any = None, *,
                 call: Call | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._call: Call = call or state.call
        self._rows: list[_Row] = []
        self.coachee_id: int | None = None
        self.session_id: int | None = None
        self.today: Callable[[], date] = dates.today

    # -- loading -----------------------------------------------------------------------
    def set_scope(self, coachee_id: int | None, session_id: int | None) -> None:
        self.coachee_id, self.session_id = coachee_id, session_id

    def set_items(self, items: Iterable[ActionItem]) -> None:
        self.beginResetModel()
        self._rows = [_Row.of(item) for item in items]
        self.endResetModel()

    def load(self) -> None:
        """Reload the session's items (drafts without text are dropped)."""
        if self.session_id is None:
            self.set_items(())
            return
        session_id = self.session_id
        self._call(actions.list_actions, session_id=session_id,
                   success=lambda items: self.session_id == session_id and self.set_items(items))

    def clear(self) -> None:
        self.set_scope(None, None)
        self.set_items(())

    # -- Qt's model interface (rows, columns and headers come from RowsTableModel) --------
    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.DONE:
            if self._rows[index.row()].id is None:
                return base  # a draft is ticked once it exists
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.TEXT:
                return row.text or "New action item — type what was agreed"
            if column == self.OWNER:
                return owner_label(row.owner)
            if column == self.DUE:
                return format_date(row.due_date) or "—"
            return None
        if role == Qt.ItemDataRole.EditRole:
            return (row.text, row.owner, row.due_date or "", row.done_on is not None)[column]
        if role == Qt.ItemDataRole.CheckStateRole and column == self.DONE:
            return Qt.CheckState.Checked if row.done_on else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.FontRole and (
                (column == self.TEXT and not row.text)
                or (column == self.DUE and self._overdue(row))):
            font = QFont()
            font.setItalic(column == self.TEXT)
            font.setBold(column == self.DUE)
            return font
        if role == Qt.ItemDataRole.AccessibleTextRole and column == self.DONE:
            return "Done" if row.done_on else "Not done"
        return None

    def _overdue(self, row: _Row) -> bool:
        return bool(row.done_on is None and row.due_date
                    and row.due_date < self.today().isoformat())

    def _tooltip(self, row: _Row, column: int) -> str | None:
        if column == self.DONE:
            return f"Done on {format_date(row.done_on)}" if row.done_on else "Tick when done"
        if column == self.DUE and self._overdue(row):
            return f"Overdue since {format_date(row.due_date)}"
        if column == self.DUE:
            return "Delete clears the due date"
        return row.text or None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return False
        row, column = self._rows[index.row()], index.column()
        if column == self.DONE and role == Qt.ItemDataRole.CheckStateRole:
            return self._set_done(index, row, value)
        if role != Qt.ItemDataRole.EditRole:
            return False
        if column == self.TEXT:
            text = str(value or "").strip()
            if not text or text == row.text:
                return False  # the workbook needs some text; the old text stays
            row.text = text
        elif column == self.OWNER:
            if value not in OWNERS or value == row.owner:
                return False
            row.owner = value
        elif column == self.DUE:
            due = _iso_date(value)
            if due == row.due_date:
                return False
            row.due_date = due
        else:
            return False
        self._changed(index)
        self._save(row, column)
        return True

    def _set_done(self, index: Index, row: _Row, value: Any) -> bool:
        if row.id is None:
            return False
        done = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) \
            else value
        if done == (row.done_on is not None):
            return False
        row.done_on = self.today().isoformat() if done else None
        self._changed(index)
        fn = actions.complete if done else actions.reopen
        self._call(fn, row.id, failure=self._failed)
        return True

    def _changed(self, index: Index) -> None:
        left = self.index(index.row(), 0)
        self.dataChanged.emit(left, self.index(index.row(), self.columnCount() - 1))

    # -- saving ------------------------------------------------------------------------
    def _save(self, row: _Row, column: int) -> None:
        if row.adding:
            return  # the add's success sends whatever changed meanwhile
        if row.id is None:
            if row.text and self.coachee_id is not None:
                self._add(row)
            return
        field = ("text", "owner", "due_date")[column]
        self._call(actions.update, row.id, **{field: getattr(row, field)},
                   failure=self._failed)

    def _add(self, row: _Row) -> None:
        sent = (row.text, row.owner, row.due_date)
        row.adding = True

        def added(changes: Changes) -> None:
            row.adding = False
            row.id = changes.created
            if not any(r is row for r in self._rows):
                return  # removed or cleared (locked) meanwhile
            self._changed(self.index(next(i for i, r in enumerate(self._rows) if r is row), 0))
            fields = {name: getattr(row, name) for name, old in
                      zip(("text", "owner", "due_date"), sent, strict=True)
                      if getattr(row, name) != old}
            if fields and row.id is not None:
                self._call(actions.update, row.id, **fields, failure=self._failed)

        def not_added(exc: BaseException) -> None:
            row.adding = False
            self.state.report(exc)

        self._call(actions.add, self.coachee_id, row.text, session_id=self.session_id,
                   owner=row.owner, due_date=row.due_date, success=added, failure=not_added)

    def _failed(self, exc: BaseException) -> None:
        if not self.state.is_open:
            return  # locked meanwhile: nothing to tell, nothing to show
        self.state.report(exc)
        self.load()  # show what the workbook really holds

    # -- adding and removing rows --------------------------------------------------------
    def add_row(self) -> QModelIndex:
        """A draft row at the end; it is saved once it has some text."""
        position = len(self._rows)
        self.beginInsertRows(QModelIndex(), position, position)
        self._rows.append(_Row(None))
        self.endInsertRows()
        return self.index(position, self.TEXT)

    def remove_row(self, position: int) -> None:
        """Move the item to the trash (a draft simply goes)."""
        if not 0 <= position < len(self._rows):
            return
        row = self._rows[position]
        self.beginRemoveRows(QModelIndex(), position, position)
        del self._rows[position]
        self.endRemoveRows()
        if row.id is not None:
            from workbook import trash

            self._call(trash.trash, "action", row.id, failure=self._failed)


def _iso_date(value: Any) -> str | None:
    if isinstance(value, QDate):
        return iso_of(value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value or "").strip()
    return text[:10] or None
