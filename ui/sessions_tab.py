"""The Sessions tab: one coachee's meetings, newest first, and the editor for the chosen one.

The list loads a page at a time (`canFetchMore` / `fetchMore`), and only for the selected
coachee, so a workbook with thousands of sessions opens this tab as fast as a small one.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QLabel,
    QListView,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ui.dates import format_datetime
from ui.session_editor import SessionEditor
from ui.state import WorkbookState
from workbook import sessions, trash
from workbook.changes import Changes
from workbook.sessions import Session

Index = QModelIndex | QPersistentModelIndex
PAGE = 50


class SessionListModel(QAbstractTableModel):
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
                self._replace(rows)
            else:
                self._append(rows[len(self._rows):])

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self._loading = False
                self._exhausted = True
            from ui.autosave import report_failure

            report_failure(self.state, exc)

        self.state.call(sessions.list_sessions, coachee_id, limit=limit, success=done,
                        failure=failed, label="Loading sessions…")

    def _append(self, rows: list[Session]) -> None:
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()

    def _replace(self, rows: list[Session]) -> None:
        if [r.id for r in rows] == [r.id for r in self._rows]:
            self._rows = rows
            if rows:
                self.dataChanged.emit(self.index(0, 0),
                                      self.index(len(rows) - 1, len(self.HEADERS) - 1))
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    # -- lookups -----------------------------------------------------------------------
    def session_id(self, row: int) -> int | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def row_of(self, session_id: int) -> int:
        return next((i for i, s in enumerate(self._rows) if s.id == session_id), -1)

    @property
    def loading(self) -> bool:
        return self._loading

    # -- Qt's model interface ------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.HEADERS)):
            return self.HEADERS[section]
        return None

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
        return QSize(200, 2 * line + 14)

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


class SessionsTab(QWidget):
    open_record = Signal(str, int)

    def __init__(self, state: WorkbookState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.coachee_id: int | None = None
        self._wanted: int | None = None  # a session to select once the list has it
        self.model = SessionListModel(state, self)
        self.model.modelReset.connect(self._select_wanted)
        self.model.rowsInserted.connect(self._select_wanted)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setItemDelegate(SessionItemDelegate(self.list))
        self.list.setAccessibleName("Sessions")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setUniformItemSizes(True)
        self.list.selectionModel().currentRowChanged.connect(self._row_chosen)
        self.editor = SessionEditor(state)
        self.editor.open_record.connect(self.open_record)
        self.editor.session_opened.connect(self._select_quietly)

        self.heading = QLabel("Sess&ions")
        self.heading.setBuddy(self.list)
        font = QFont(self.heading.font())
        font.setBold(True)
        self.heading.setFont(font)
        self.new_button = QPushButton("New session…")
        self.new_button.setToolTip("Start a session with this coachee (Ctrl+N)")
        self.new_button.clicked.connect(self.editor.new_session_action.trigger)
        self.editor.new_session_action.enabledChanged.connect(self.new_button.setEnabled)
        self.new_button.setEnabled(self.editor.new_session_action.isEnabled())
        self.trash_button = QPushButton("🗑 Trash")
        self.trash_button.setAccessibleName("Move session to trash")
        self.trash_button.setToolTip("Move the chosen session to the trash (restorable)")
        self.trash_button.clicked.connect(self.trash_current)
        self.trash_button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.trash_button)
        buttons.addStretch(1)
        left = QWidget()
        side = QVBoxLayout(left)
        side.setContentsMargins(8, 8, 4, 8)
        side.addWidget(self.heading)
        side.addWidget(self.list, 1)
        side.addLayout(buttons)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([250, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        QWidget.setTabOrder(self.list, self.new_button)
        QWidget.setTabOrder(self.new_button, self.trash_button)

        state.changed.connect(self._on_changed)
        state.closed.connect(self._on_closed)

    # -- public --------------------------------------------------------------------------
    def set_coachee(self, coachee_id: int | None) -> None:
        if coachee_id == self.coachee_id:
            return
        self.coachee_id = coachee_id
        self._wanted = None
        self.editor.set_coachee(coachee_id)
        self.model.set_coachee(coachee_id)
        self.trash_button.setEnabled(False)

    def open_session(self, session_id: int) -> None:
        """Show this session (and select it in the list once the list holds it)."""
        self._wanted = session_id
        self._select_wanted()
        self.editor.open_session(session_id)

    def current_session_id(self) -> int | None:
        return self.editor.session_id

    def trash_current(self) -> None:
        session_id = self.editor.session_id
        if session_id is None:
            return
        answer = QMessageBox.question(
            self, "Move to trash",
            "Move this session, its notes and its action items to the trash? "
            "You can restore it from Edit ▸ Trash.")
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.editor.autosaver.flush()
        self.state.call(trash.trash, "session", session_id)

    # -- behaviour -----------------------------------------------------------------------
    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        session_id = self.model.session_id(current.row()) if current.isValid() else None
        self.trash_button.setEnabled(session_id is not None)
        if session_id is not None and session_id != self.editor.session_id:
            self._wanted = session_id
            self.editor.open_session(session_id)

    def _select_quietly(self, session_id: int) -> None:
        """Mark the row of the session the editor shows, without opening it again."""
        self._wanted = session_id
        self._select_wanted()
        self.trash_button.setEnabled(True)

    def _select_wanted(self, *_args: Any) -> None:
        if self._wanted is None:
            return
        row = self.model.row_of(self._wanted)
        if row < 0:
            if self.model.canFetchMore():
                self.model.fetchMore()  # an older session: read on until it is there
            return
        index = self.model.index(row, 0)
        selection = self.list.selectionModel()
        if selection.currentIndex() != index:
            selection.blockSignals(True)
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            selection.blockSignals(False)
            self.list.viewport().update()
        self.list.scrollTo(index)

    def _on_changed(self, changes: Changes) -> None:
        if self.coachee_id is None:
            return
        if changes.touches("session") or changes.kind == "trash" or changes.touches("coachee"):
            self.model.reload()
        if changes.kind == "trash" and self.editor.session_id is None:
            self.trash_button.setEnabled(False)

    def _on_closed(self) -> None:
        self.coachee_id = None
        self._wanted = None
        self.model.clear()
        self.trash_button.setEnabled(False)
