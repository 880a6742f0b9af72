"""Small widgets the Goals tab's screens share: a text box that grows with its text, a date
field in the coach's format, muted and error labels, and compact record tables."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QTableView,
    QWidget,
)

from ui.kit.date_field import DateField
from workbook.errors import WorkbookError

if TYPE_CHECKING:
    from ui.kit.state import WorkbookState


class AutoHeightEdit(QPlainTextEdit):
    """A short multi-line edit that grows with its text (from `lines` to `most` lines);
    Tab moves on, as in a form."""

    def __init__(self, lines: int = 2, most: int = 6, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lines, self._most = lines, most
        self.setTabChangesFocus(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.textChanged.connect(self._fit)
        self._fit()

    def _visual_lines(self) -> int:
        if self.document().isEmpty() and self.placeholderText():
            # An empty box shows its whole hint, not a hint cut off mid-line.
            width = max(1, round(self.viewport().width() - 2 * self.document().documentMargin()))
            box = self.fontMetrics().boundingRect(QRect(0, 0, width, 10_000),
                                                  Qt.TextFlag.TextWordWrap,
                                                  self.placeholderText())
            return -(-box.height() // self.fontMetrics().lineSpacing())
        count, block = 0, self.document().begin()
        while block.isValid():
            count += max(1, block.layout().lineCount())
            block = block.next()
        return count

    def _fit(self) -> None:
        lines = max(self._lines, min(self._most, self._visual_lines()))
        margins = self.contentsMargins()
        height = (lines * self.fontMetrics().lineSpacing() + 2 * self.document().documentMargin()
                  + margins.top() + margins.bottom() + 2)
        if self.height() != height:
            self.setFixedHeight(round(height))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def sizeHint(self) -> QSize:
        return QSize(200, self.height())


def date_edit(parent: QWidget | None = None) -> DateField:
    """A date field showing 'Tue 3 Mar 2026' whatever the system locale, reading it typed
    as YYYY-MM-DD or in the system's short format; today to start with."""
    return DateField(parent)


def muted(label: QLabel) -> QLabel:
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText,
                     palette.color(QPalette.ColorRole.PlaceholderText))
    label.setPalette(palette)
    label.setWordWrap(True)
    return label


def error_label() -> QLabel:
    """A hidden label for a refused input's sentence, in a red that suits the palette."""
    label = QLabel()
    label.setWordWrap(True)
    label.setAccessibleName("Problem")
    palette = label.palette()
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#ff8a80" if dark else "#b00020"))
    label.setPalette(palette)
    label.setHidden(True)
    return label


def show_error(label: QLabel, sentence: str) -> None:
    label.setText(sentence)
    label.setHidden(not sentence)


def table_view(model: Any, name: str, stretch: int = 0) -> QTableView:
    view = QTableView()
    view.setTabKeyNavigation(False)
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


def fit_rows(view: QTableView, rows: int, *, least: int = 2, most: int = 8) -> None:
    """Make a small table exactly as tall as `rows` rows (within least … most)."""
    shown = max(least, min(most, rows))
    height = (view.horizontalHeader().sizeHint().height() + 2 * view.frameWidth()
              + shown * view.verticalHeader().defaultSectionSize())
    view.setFixedHeight(height)


def show_failure(state: WorkbookState, label: QLabel, exc: BaseException) -> None:
    """A refused input's sentence in `label`; anything unexpected goes to the window."""
    if isinstance(exc, WorkbookError):
        show_error(label, exc.sentence)
    else:
        state.runner.failed.emit(exc)
