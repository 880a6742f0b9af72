"""How a session's action items are shown and edited in the table: the owner and due-date
delegates and the view.

Apart from the model (`action_items_model`) because they are the Qt widget side of it: the
model decides what a row says and what an edit saves; these decide how a cell is edited and
how tall the table stands on the page.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from ui.kit.date_cell import CellDateField
from ui.kit.dates import qdate_of, qtoday
from ui.sessions.action_items_model import ActionItemsModel, owner_label
from workbook.actions import OWNERS

Index = QModelIndex | QPersistentModelIndex


class _RoomForTheEditor(QStyledItemDelegate):
    """A column sized to its text is too narrow for a combo box's arrow or a date's buttons:
    the cell asks for the editor's width, and the editor never gets less, so the value stays
    readable while it is edited."""

    _editor_width: int | None = None

    def _width_of_editor(self, option: QStyleOptionViewItem, index: Index) -> int:
        if self._editor_width is None:
            view = self.parent()
            host = view.viewport() if isinstance(view, QAbstractItemView) else None
            probe = self.createEditor(host, option, index)  # type: ignore[arg-type]
            self._editor_width = probe.sizeHint().width()
            probe.setParent(None)  # type: ignore[call-overload]
            probe.deleteLater()
        return self._editor_width

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(max(hint.width(), self._width_of_editor(option, index)), hint.height())

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem,
                             index: Index) -> None:
        rect = QRect(option.rect)  # type: ignore[attr-defined]
        rect.setWidth(max(rect.width(), editor.sizeHint().width()))
        editor.setGeometry(rect)


class OwnerDelegate(_RoomForTheEditor):
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: Index) -> QWidget:
        combo = QComboBox(parent)
        combo.setAccessibleName("Owner")
        for owner in OWNERS:
            combo.addItem(owner_label(owner), owner)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class DueDateDelegate(_RoomForTheEditor):
    """The due date typed (YYYY-MM-DD, the system's short format) or picked; an empty field
    is no date. A date it cannot read keeps the editor open and is said in `problem`."""

    problem = Signal(str)  # "" when there is nothing (more) to say

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: Index) -> QWidget:
        edit = CellDateField(parent)
        edit.setAccessibleName("Due date")
        cell = QPersistentModelIndex(index)
        edit.finished.connect(lambda hint: self._finish(edit, cell, hint))
        edit.problem_changed.connect(self.problem.emit)
        return edit

    def _finish(self, editor: CellDateField, cell: QPersistentModelIndex,
                hint: QAbstractItemDelegate.EndEditHint) -> None:
        view = self.parent()
        if not (isinstance(view, QAbstractItemView) and view.indexWidget(cell) is editor):
            return  # the view closed it already (another row, another session)
        if hint != QAbstractItemDelegate.EndEditHint.RevertModelCache:
            self.commitData.emit(editor)
        else:
            self.problem.emit("")  # given up with Escape: the sentence no longer applies
        self.closeEditor.emit(editor, hint)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, CellDateField)
        value = index.data(Qt.ItemDataRole.EditRole)
        day = qdate_of(value)
        editor.setDate(day if day.isValid() else qtoday().addDays(14))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        assert isinstance(editor, CellDateField)
        editor.read()
        if editor.text_problem() is not None:
            return  # said by the editor; the saved date stays until one can be read
        model.setData(index, editor.date(), Qt.ItemDataRole.EditRole)


class ActionItemsView(QTableView):
    """The table: Delete clears a due date; the text column takes the spare width."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Action items")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.setTabKeyNavigation(False)  # Tab leaves the table, as in the rest of the form
        self.setWordWrap(True)
        self.verticalHeader().hide()
        self._fit = QTimer(self)
        self._fit.setSingleShot(True)
        self._fit.setInterval(0)
        self._fit.timeout.connect(self.fit_rows)
        self.setItemDelegateForColumn(ActionItemsModel.OWNER, OwnerDelegate(self))
        self.due_dates = DueDateDelegate(self)
        self.setItemDelegateForColumn(ActionItemsModel.DUE, self.due_dates)

    def setModel(self, model: Any) -> None:
        super().setModel(model)
        header = self.horizontalHeader()
        header.setSectionResizeMode(ActionItemsModel.TEXT, QHeaderView.ResizeMode.Stretch)
        for column in (ActionItemsModel.OWNER, ActionItemsModel.DUE, ActionItemsModel.DONE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # a narrower column wraps the text onto more lines: the rows grow, so must the table
        self.verticalHeader().sectionResized.connect(self._fit_later)
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved,
                       model.dataChanged):
            signal.connect(self._fit_later)
        self.fit_rows()

    def _fit_later(self, *_args: Any) -> None:
        self._fit.start()  # a member timer: it goes with the view, never fires after it

    def fit_rows(self) -> None:
        """As tall as its rows (the page scrolls, not the table), room for two at least."""
        model = self.model()
        rows = model.rowCount() if model is not None else 0
        height = sum(self.rowHeight(r) for r in range(rows)) or 0
        height += max(0, 2 - rows) * self.verticalHeader().defaultSectionSize()
        # What is not rows: the header and frame as laid out (a font's header can be taller
        # than its size hint), or as hinted before the first layout.
        chrome = self.horizontalHeader().sizeHint().height() + 2 * self.frameWidth() + 2
        if self.isVisible() and self.viewport().height() > 0:
            chrome = max(chrome, self.height() - self.viewport().height())
        self.setFixedHeight(chrome + height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit_later()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        if (event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and index.isValid()
                and index.column() == ActionItemsModel.DUE
                and self.state() != QAbstractItemView.State.EditingState):
            self.model().setData(index, None, Qt.ItemDataRole.EditRole)
            return
        super().keyPressEvent(event)
