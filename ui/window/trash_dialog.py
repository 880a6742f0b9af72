"""The trash: what was deleted, restoring it, and deleting it for good.

Confirmations are window-modal message boxes opened with `open()` (no nested event loop);
their buttons carry on with the operation. A refusal from the workbook ("Restore the coachee
«…» first.") is shown under the list, where the coach is looking.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ui.kit.state import WorkbookState
from ui.kit.table_model import RowsTableModel
from workbook import trash
from workbook.changes import Changes
from workbook.dates import format_date, format_timestamp, parse_date
from workbook.errors import WorkbookError
from workbook.trash import TrashItem
from workbook.wording import count

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_LABELS = {"coachee": "Coachee", "value": "Value", "goal": "Goal", "session": "Session",
               "action": "Action item", "template": "Template"}
# Changes of these kinds can add to, take from, or rename what the trash shows.
RELEVANT = ("trash", *KIND_LABELS)
COLUMNS = ("Kind", "Item", "Coachee", "Moved to the trash")


def item_label(item: TrashItem) -> str:
    """What the list shows for an item (a session's stored label starts with its ISO date)."""
    if item.kind == "session" and parse_date(item.label[:10]) is not None:
        return format_date(item.label[:10]) + item.label[10:]
    return item.label


class TrashModel(RowsTableModel):
    HEADERS = COLUMNS

    def set_items(self, items: list[TrashItem]) -> None:
        self.beginResetModel()
        self._rows = list(items)
        self.endResetModel()

    def clear(self) -> None:
        self.set_items([])

    def item(self, row: int) -> TrashItem:
        return self._rows[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item, col = self._rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if col == 0:
                return KIND_LABELS.get(item.kind, item.kind)
            if col == 1:
                return item_label(item)
            if col == 2:
                return item.coachee_name or ""
            return format_timestamp(item.deleted_at)
        if role == SORT_ROLE:
            if col == 0:
                return f"{list(KIND_LABELS).index(item.kind) if item.kind in KIND_LABELS else 9}"
            if col == 3:
                return item.deleted_at
            return str(self.data(index)).casefold()
        return None


class _RoomyDelegate(QStyledItemDelegate):
    """Columns sized to their contents, with a gap between them ("Action item" no longer
    runs into the item's text)."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width() + option.fontMetrics.averageCharWidth() * 2, hint.height())


class TrashDialog(QDialog):
    def __init__(self, state: WorkbookState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._generation = 0
        self.confirmation: QMessageBox | None = None
        self.setWindowTitle("Trash")
        intro = QLabel("Deleted items wait here until you delete them for good. A coachee's "
                       "values, goals, sessions and action items stay with them in the trash "
                       "and come back when the coachee is restored.")
        intro.setWordWrap(True)
        self.model = TrashModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.view = QTreeView()
        self.view.setModel(self.proxy)
        self.view.setItemDelegate(_RoomyDelegate(self.view))
        self.view.setAccessibleName("Items in the trash")
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAllColumnsShowFocus(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSortingEnabled(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.sortByColumn(3, Qt.SortOrder.DescendingOrder)
        header = self.view.header()
        header.setStretchLastSection(False)
        for col, mode in enumerate((QHeaderView.ResizeMode.ResizeToContents,
                                    QHeaderView.ResizeMode.Stretch,
                                    QHeaderView.ResizeMode.Interactive,
                                    QHeaderView.ResizeMode.ResizeToContents)):
            header.setSectionResizeMode(col, mode)
        header.resizeSection(2, 180)
        # Sized to the rows in view, not to every item: the trash of a career holds hundreds
        # of action items, and measuring each of them at every reset took most of the wait.
        header.setResizeContentsPrecision(0)
        self.count = QLabel()
        self.icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        self.icon.setPixmap(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size, size))
        self.icon.hide()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Trash message")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()  # no empty line between the count and the buttons

        self.restore_button = QPushButton("&Restore")
        self.restore_button.setToolTip("Take the chosen item out of the trash (Alt+R)")
        self.purge_button = QPushButton("&Delete for good…")
        self.purge_button.setToolTip("Delete the chosen item for good; this cannot be undone "
                                     "(Shift+Del)")
        self.empty_button = QPushButton("&Empty trash…")
        self.empty_button.setToolTip("Delete everything in the trash for good")
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        for button in (self.restore_button, self.purge_button, self.empty_button, close):
            button.setAutoDefault(False)
        self.restore_button.clicked.connect(self.restore_selected)
        self.purge_button.clicked.connect(self.ask_purge)
        self.empty_button.clicked.connect(self.ask_empty)
        self.view.activated.connect(lambda _ix: self.restore_selected())
        self.purge_action = QAction("Delete for good…", self)
        self.purge_action.setShortcut(QKeySequence("Shift+Del"))
        self.purge_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.purge_action.triggered.connect(self.ask_purge)
        self.view.addAction(self.purge_action)

        message_row = QHBoxLayout()
        message_row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        message_row.addWidget(self.message, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.purge_button)
        buttons.addStretch(1)
        buttons.addWidget(self.empty_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count)
        layout.addLayout(message_row)
        layout.addLayout(buttons)
        QWidget.setTabOrder(self.view, self.restore_button)
        QWidget.setTabOrder(self.restore_button, self.purge_button)
        QWidget.setTabOrder(self.purge_button, self.empty_button)
        QWidget.setTabOrder(self.empty_button, close)
        self.resize(780, 460)

        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        state.changed.connect(self._changed)
        state.opened.connect(self.reload)
        state.closed.connect(self._closed)
        self._update_buttons()
        if state.is_open:
            self.reload()

    # -- public --------------------------------------------------------------------------
    def reload(self) -> None:
        generation = self._generation
        row = self.view.currentIndex().row()

        def show(items: list[TrashItem]) -> None:
            if generation != self._generation or not self.state.is_open:
                return
            self.model.set_items(items)
            n = len(items)
            self.count.setText("The trash is empty." if n == 0 else
                               f"{count(n, 'item')} in the trash.")
            if n:
                target = self.proxy.index(max(0, min(row, n - 1)), 0)
                self.view.selectionModel().setCurrentIndex(
                    target, QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows)
            self._update_buttons()

        self.state.call(trash.list_trash, success=show, label="Reading the trash…")

    def selected_item(self) -> TrashItem | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.item(self.proxy.mapToSource(rows[0]).row())

    def restore_selected(self) -> None:
        item = self.selected_item()
        if item is None:
            return
        label = item_label(item)
        self.state.call(trash.restore, item.kind, item.id,
                        success=lambda _c: self._say(f"Restored «{label}»."),
                        failure=self._failed, label="Restoring…")

    def ask_purge(self) -> None:
        item = self.selected_item()
        if item is None:
            return
        label = item_label(item)
        noun = KIND_LABELS.get(item.kind, item.kind).lower()
        extra = (" Their values, goals, sessions, notes and action items go with them."
                 if item.kind == "coachee" else
                 " Its notes and action items go with it." if item.kind == "session" else "")
        self._confirm("Delete for good",
                      f"Delete the {noun} «{label}» for good?{extra} This cannot be undone.",
                      "Delete for good", lambda: self._purge(item, label))

    def ask_empty(self) -> None:
        n = self.model.rowCount()
        if n == 0:
            return
        what = f"all {count(n, 'item')}" if n > 1 else f"the {count(n, 'item')}"
        self._confirm("Empty trash",
                      f"Delete {what} in the trash for good? This cannot be undone.",
                      f"Delete {n} for good", self._empty)

    # -- internals -----------------------------------------------------------------------
    def _confirm(self, title: str, text: str, action: str, then: Any) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text,
                          QMessageBox.StandardButton.Cancel, self)
        go = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setWindowModality(Qt.WindowModality.WindowModal)

        def finished(_result: int) -> None:
            self.confirmation = None
            box.deleteLater()
            if box.clickedButton() is go:
                then()

        box.finished.connect(finished)
        self.confirmation = box
        box.open()

    def _purge(self, item: TrashItem, label: str) -> None:
        self.state.call(trash.purge, item.kind, item.id,
                        success=lambda _c: self._say(f"Deleted «{label}» for good."),
                        failure=self._failed, label="Deleting…")

    def _empty(self) -> None:
        self.state.call(trash.empty_trash, success=lambda _c: self._say("The trash is empty."),
                        failure=self._failed, label="Emptying the trash…")

    def _say(self, text: str, *, problem: bool = False) -> None:
        self.icon.setVisible(problem and bool(text))
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, WorkbookError):
            self._say(exc.sentence, problem=True)
        else:
            self._say("That did not work; the details went to the error report.", problem=True)
            self.state.runner.failed.emit(exc)

    def _update_buttons(self, *_args: Any) -> None:
        chosen = self.selected_item() is not None
        self.restore_button.setEnabled(chosen)
        self.purge_button.setEnabled(chosen)
        self.purge_action.setEnabled(chosen)
        self.empty_button.setEnabled(self.model.rowCount() > 0)

    def _changed(self, change: Changes) -> None:
        if any(change.touches(kind) for kind in RELEVANT):
            self.reload()

    def _closed(self) -> None:
        self._generation += 1
        if self.confirmation is not None:
            self.confirmation.reject()
        self.model.clear()
        self.count.setText("")
        self._say("")
        self._update_buttons()
        self.reject()
