"""The overview's open action items: a checkable list model (ticking marks an item done) and
the list that shows every row in full, however its text wraps."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QListView,
    QSizePolicy,
    QStyle,
    QStyleOptionViewItem,
    QWidget,
)

from ui.coachees.coachee_rows import ID_ROLE, Index
from ui.kit.palette import with_visible_checks
from workbook import dates
from workbook.actions import ActionItem
from workbook.dates import format_date

NBSP = "\u00a0"

class OpenActionsModel(QAbstractListModel):
    """The coachee's open action items; ticking one marks it done (it stays listed, struck
    through, until the overview reloads, so a mistaken tick can be undone)."""

    toggled = Signal(int, bool)  # action id, done?

    def __init__(self, parent: QObject | None = None, *,
                 today: Callable[[], date] = dates.today) -> None:
        super().__init__(parent)
        self._items: list[ActionItem] = []
        self._today = today
        self._warning: QIcon | None = None  # asked for at every paint of every row

    def set_items(self, items: list[ActionItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self._warning = None
        self.endResetModel()

    def item(self, row: int) -> ActionItem:
        return self._items[row]

    def mark(self, action_id: int, done_on: str | None) -> None:
        for i, it in enumerate(self._items):
            if it.id == action_id:
                self._items[i] = replace(it, done_on=done_on)
                self.dataChanged.emit(self.index(i), self.index(i))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable)

    def _due(self, it: ActionItem) -> str:
        if it.done_on:
            return f"done {format_date(it.done_on)}"
        if not it.due_date:
            return "no due date"
        if it.is_overdue(self._today()):
            return f"OVERDUE since {format_date(it.due_date)}"
        return f"due {format_date(it.due_date)}"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._items)):
            return None
        it = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            # The due phrase wraps as one piece: never "…since Mon 9 Nov" / "2026".
            return f"{it.text}  —  {self._due(it).replace(' ', NBSP)}"
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if it.done_on else Qt.CheckState.Unchecked
        if role == ID_ROLE:
            return it.id
        if role == Qt.ItemDataRole.ToolTipRole:
            owner = it.owner + (f" ({it.owner_note})" if it.owner_note else "")
            return (f"{it.text}\nWho: {owner}\n{self._due(it).capitalize()}\n"
                    "Tick when done; double-click or Enter opens it.")
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return self._due(it)
        if role == Qt.ItemDataRole.DecorationRole and not it.done_on \
                and it.is_overdue(self._today()):
            if self._warning is None:
                self._warning = QApplication.style().standardIcon(
                    QStyle.StandardPixmap.SP_MessageBoxWarning)
            return self._warning
        if role == Qt.ItemDataRole.FontRole and it.done_on:
            font = QFont()
            font.setStrikeOut(True)
            return font
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        done = Qt.CheckState(value) == Qt.CheckState.Checked \
            if not isinstance(value, bool) else value
        self.toggled.emit(self._items[index.row()].id, done)
        return True


class ActionsList(QListView):
    """As tall as its rows, each shown in full however its text wraps at the width it is
    given (height-for-width), up to `MAX_ROWS` rows; a longer list scrolls. A short list
    leaves no empty box, a long item is never cut mid-line."""

    MAX_ROWS = 8

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)  # re-wrap when the width changes
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._heights: dict[int, int] = {}  # width → height, until the rows or font change

    def initViewItemOption(self, option: QStyleOptionViewItem) -> None:
        """Some styles (Fusion) outline a tick box in a shade of Window; on a dark palette
        that shade is the Base the box sits on, and the box vanishes. Items get a Window
        between Base and Text instead, so the outline shows on light and dark alike."""
        super().initViewItemOption(option)
        lifted = with_visible_checks(option.palette)
        if lifted is not None:
            option.palette = lifted

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if model is not None:
            for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved,
                           model.dataChanged, model.layoutChanged):
                signal.connect(self._forget_heights)
                signal.connect(self.updateGeometry)

    def _forget_heights(self, *_args: object) -> None:
        self._heights.clear()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._heights.clear()
        super().changeEvent(event)

    def _row_heights(self, text_width: int, rows: int) -> list[int]:
        model = self.model()
        if model is None:
            return []
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        option.rect = QRect(0, 0, max(text_width, 1), 1)  # the width rows wrap at
        delegate = self.itemDelegate()
        return [delegate.sizeHint(option, model.index(r, 0)).height() + 2 * self.spacing()
                for r in range(min(rows, model.rowCount()))]

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        # Only the rows that set the height are measured, once per width: layouts ask this
        # over a dozen times per change, and a coachee may have hundreds of open items.
        if width not in self._heights:
            self._heights[width] = self._measure(width)
        return self._heights[width]

    def _measure(self, width: int) -> int:
        frame = 2 * self.frameWidth()
        model = self.model()
        if model is not None and model.rowCount() > self.MAX_ROWS:
            # the scroll bar takes its share of the width
            bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
            heights = self._row_heights(width - frame - bar, self.MAX_ROWS)
        else:
            heights = self._row_heights(width - frame, self.MAX_ROWS)
        empty = self.fontMetrics().height() + 4
        return (sum(heights) if heights else empty) + frame

    def sizeHint(self) -> QSize:
        width = super().sizeHint().width()
        return QSize(width, self.heightForWidth(self.width() if self.width() > 50 else width))

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self.fontMetrics().height() + 8)
