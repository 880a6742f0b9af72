"""The recent workbooks as the start window lists them: file name over its folder.

The entries themselves (which files, in which order) come from `ui.kit.recent`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ui.kit.palette import mix
from ui.kit.recent import RecentEntry

PathRole = Qt.ItemDataRole.UserRole + 1
ExistsRole = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex


class RecentModel(QAbstractListModel):
    """The recent workbooks: file name over its folder; missing files greyed, not dropped."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[RecentEntry] = []

    def load(self, entries: list[RecentEntry]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def entry(self, row: int) -> RecentEntry:
        return self._entries[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        e = self._entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            state = "" if e.exists else "  (missing)"
            return f"{e.path.name}{state}\n{e.path.parent}"
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            if e.exists:
                return str(e.path)
            return (f"{e.path} — missing: moved, renamed, or on a drive that is not "
                    "connected")
        if role == Qt.ItemDataRole.ForegroundRole and not e.exists:
            return QGuiApplication.palette().color(QPalette.ColorGroup.Disabled,
                                                   QPalette.ColorRole.Text)
        if role == PathRole:
            return str(e.path)
        if role == ExistsRole:
            return e.exists
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | \
            Qt.ItemFlag.ItemNeverHasChildren


class RecentDelegate(QStyledItemDelegate):
    """The file name in bold over its folder in smaller, dimmer text; long paths elided in
    the middle (the folder's start and the file's end are what tell paths apart)."""

    PADDING = 6

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        name = QFont(option.font)  # type: ignore[attr-defined]
        name.setBold(True)
        folder = QFont(option.font)  # type: ignore[attr-defined]
        folder.setPointSizeF(folder.pointSizeF() * 0.9)
        return name, folder

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        name, folder = self._fonts(option)
        height = QFontMetrics(name).lineSpacing() + QFontMetrics(folder).lineSpacing()
        return QSize(200, height + 2 * self.PADDING)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""  # type: ignore[attr-defined]
        widget = opt.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        path = Path(str(index.data(PathRole)))
        exists = bool(index.data(ExistsRole))
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        pal: QPalette = opt.palette  # type: ignore[attr-defined]
        if selected:
            main = pal.color(QPalette.ColorRole.HighlightedText)
            second = main
        else:
            main = pal.color(QPalette.ColorRole.Text)
            second = mix(main, pal.color(QPalette.ColorRole.Base), 0.4)
            if not exists:
                main = second = pal.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        name_font, folder_font = self._fonts(opt)
        rect: QRect = opt.rect.adjusted(self.PADDING + 2, self.PADDING, -self.PADDING, 0)  # type: ignore[attr-defined]
        name_metrics, folder_metrics = QFontMetrics(name_font), QFontMetrics(folder_font)
        title = path.name + ("" if exists else " — missing")
        painter.save()
        painter.setFont(name_font)
        painter.setPen(main)
        painter.drawText(QRect(rect.left(), rect.top(), rect.width(),
                               name_metrics.lineSpacing()),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         name_metrics.elidedText(title, Qt.TextElideMode.ElideMiddle,
                                                 rect.width()))
        painter.setFont(folder_font)
        painter.setPen(second)
        painter.drawText(QRect(rect.left(), rect.top() + name_metrics.lineSpacing(),
                               rect.width(), folder_metrics.lineSpacing()),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         folder_metrics.elidedText(str(path.parent),
                                                   Qt.TextElideMode.ElideMiddle, rect.width()))
        painter.restore()
