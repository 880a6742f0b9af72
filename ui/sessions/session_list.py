"""A coachee's meetings, newest first: the list model (a page at a time) and its two-line
delegate.

The list loads a page at a time (`canFetchMore` / `fetchMore`), and only for the selected
coachee, so a workbook with thousands of sessions opens the Sessions tab as fast as a small
one.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QFont, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from ui.kit.state import WorkbookState
from ui.kit.table_model import RowsTableModel
from workbook import sessions
from workbook.dates import format_datetime
from workbook.sessions import Session

Index = QModelIndex | QPersistentModelIndex
PAGE = 50


class SessionListModel(RowsTableModel):
    DATE, STATUS, TEMPLATE, TITLE = range(4)
    HEADERS = ("Date", "Status", "Template", "Title")
    ID_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, state: WorkbookState, parent: Any = None) -> None:
        super().__init__(parent)
        self.state = state
        self.coachee_id: int | None = None
        self._rows: list[Session] = []
        self._exhausted = True
        self._loading = False
        self._generation = 0  # a reply for an earlier coachee is ignored

    # -- loading -----------------------------------------------------------------------
    def set_coachee(self, coachee_id: int | None) -> None:
        self._generation += 1
        self.beginResetModel()
        self.coachee_id = coachee_id
        self._rows = []
        self._exhausted = coachee_id is None
        self._loading = False
        self.endResetModel()
        if coachee_id is not None:
            self._fetch(PAGE)

    def clear(self) -> None:
        self.set_coachee(None)

    def reload(self) -> None:
        """Read the loaded part again; rows change in place when the order stays the same."""
        if self.coachee_id is not None:
            self._fetch(max(PAGE, len(self._rows)), replace=True)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted and not self._loading

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._fetch(len(self._rows) + PAGE)

    def _fetch(self, limit: int, replace: bool = False) -> None:
        coachee_id, generation = self.coachee_id, self._generation
        self._loading = True

        def done(rows: list[Session]) -> None:
            if generation != self._generation:
                return
            self._loading = False
            self._exhausted = len(rows) < limit
            if replace:
                self.replace_rows(rows)
            else:
                self._append(rows[len(self._rows):])

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self._loading = False
                self._exhausted = True
            self.state.report(exc)

        self.state.call(sessions.list_sessions, coachee_id, limit=limit, success=done,
                        failure=failed, label="Loading sessions…")

    def _append(self, rows: list[Session]) -> None:
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()

    # -- lookups -----------------------------------------------------------------------
    def session_id(self, row: int) -> int | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    @property
    def loading(self) -> bool:
        return self._loading

    # -- Qt's model interface (rows, columns and headers come from RowsTableModel) --------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        session, column = self._rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = (format_datetime(session.scheduled_at),
                    session.status.capitalize().replace("-s", "-S"),
                    session.template_name or "No template", session.title)[column]
            if role == Qt.ItemDataRole.ToolTipRole:
                return " · ".join(t for t in (
                    format_datetime(session.scheduled_at), session.status,
                    session.template_name, session.title) if t)
            return text
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return ", ".join(t for t in (format_datetime(session.scheduled_at), session.status,
                                         session.template_name, session.title) if t)
        if role == self.ID_ROLE:
            return session.id
        return None


class SessionItemDelegate(QStyledItemDelegate):
    """Two calm lines per meeting: when and status, then title (or template)."""

    def _lines(self, index: Index) -> tuple[str, str, str]:
        model = index.model()
        row = index.row()
        when = model.index(row, SessionListModel.DATE).data()
        status = model.index(row, SessionListModel.STATUS).data()
        template = model.index(row, SessionListModel.TEMPLATE).data()
        title = model.index(row, SessionListModel.TITLE).data()
        second = f"{title} · {template}" if title else template
        return when or "", status or "", second or ""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        line = option.fontMetrics.lineSpacing()
        return QSize(option.fontMetrics.averageCharWidth() * 12, 2 * line + 14)  # elided to fit

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        when, status, detail = self._lines(index)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        group = (QPalette.ColorGroup.Active if option.state & QStyle.StateFlag.State_Active
                 else QPalette.ColorGroup.Inactive)
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        main = option.palette.color(group, text_role)
        muted = main if selected else option.palette.color(group,
                                                           QPalette.ColorRole.PlaceholderText)
        rect = option.rect.adjusted(8, 6, -8, -6)
        line = option.fontMetrics.lineSpacing()
        bold = QFont(option.font)
        bold.setBold(True)
        painter.save()
        painter.setFont(bold)
        painter.setPen(main)
        first = QRect(rect.left(), rect.top(), rect.width(), line)
        painter.drawText(first, int(Qt.AlignmentFlag.AlignLeft),
                         painter.fontMetrics().elidedText(when, Qt.TextElideMode.ElideRight,
                                                          first.width()))
        painter.setFont(option.font)
        painter.setPen(muted)
        status_width = option.fontMetrics.horizontalAdvance(status) + 4
        second_top = rect.top() + line
        painter.drawText(QRect(rect.right() - status_width, second_top, status_width, line),
                         int(Qt.AlignmentFlag.AlignRight), status)
        second = QRect(rect.left(), second_top, rect.width() - status_width - 8, line)
        painter.drawText(second, int(Qt.AlignmentFlag.AlignLeft),
                         option.fontMetrics.elidedText(detail, Qt.TextElideMode.ElideRight,
                                                       second.width()))
        painter.restore()
