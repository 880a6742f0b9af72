"""What the program summary would publish, shown before it is saved: how many coaches'
reports of which period, the headline figures at the chosen threshold (each with what it is
evidence of), and which tables are withheld because too few reports hold counts for them;
and the threshold row that chooses it ("Suppress counts below", 11 or 5).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbook.program.suppress import OFFICE_THRESHOLD, PUBLISHED_THRESHOLD
from workbook.wording import count, plural

if TYPE_CHECKING:
    from workbook.program.merge import Merged, PublishedTable

HEADERS = ("Figure", "Value", "Evidence of")
HINT = (f"{PUBLISHED_THRESHOLD} for a summary published beyond the program office; "
        f"{OFFICE_THRESHOLD} for the office's own eyes.")


def withheld_text(published: list[PublishedTable]) -> str:
    """Which tables the summary leaves out whole, in a sentence."""
    from workbook.program.merge import MIN_SOURCES

    withheld = [item.table.spec.title for item in published if item.shown is None]
    if not withheld:
        return (f"No table is withheld: each has counts from at least {MIN_SOURCES} coaches' "
                "reports.")
    if len(withheld) == len(published):
        return (f"Every table is withheld: fewer than {MIN_SOURCES} coaches' reports hold "
                "counts for each. Add more reports.")
    return (f"Withheld, as fewer than {MIN_SOURCES} coaches' reports hold counts for "
            f"{plural(len(withheld), 'it', 'them')}: " + "; ".join(withheld) + ".")


class ThresholdBox(QSpinBox):
    """Enter applies the typed threshold and stops here: it does not press Save."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()


class ThresholdRow(QWidget):
    """"Suppress counts below" and its `box` (1 to 100, 11 to start with), with the hint."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = ThresholdBox()
        self.box.setRange(2, 100)  # 1 would suppress nothing
        self.box.setValue(PUBLISHED_THRESHOLD)
        self.box.setKeyboardTracking(False)  # the preview follows whole numbers, not digits
        self.box.setAccessibleName("Suppress counts below")
        self.box.setToolTip(HINT)
        label = QLabel("Suppress counts &below:")
        label.setBuddy(self.box)
        hint = QLabel(HINT)
        hint.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(self.box)
        layout.addSpacing(8)
        layout.addWidget(hint, 1)


class SummaryPreview(QWidget):
    """`summary` (count and period, or what to do first), `caption`, the read-only
    `table` of headline figures and the `withheld` sentence."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Reports merged")
        bold = self.summary.font()
        bold.setBold(True)
        self.summary.setFont(bold)
        self.caption = QLabel("")
        self.caption.setWordWrap(True)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setAccessibleName("Headline figures")
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # read-only: Tab passes it by
        self.table.setWordWrap(True)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # a figure wraps again when its column narrows: the rows' heights follow
        header.sectionResized.connect(lambda *_: self._fit_table())
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.withheld = QLabel("")
        self.withheld.setWordWrap(True)
        self.withheld.setAccessibleName("Withheld tables")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.caption)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.withheld)
        layout.addStretch(0)
        self.show_nothing("")

    def show_nothing(self, text: str) -> None:
        """No merge to show: `text` says what to do (or that the files are being read)."""
        self.summary.setText(text)
        self.summary.setVisible(bool(text))
        self.table.setRowCount(0)
        for widget in (self.caption, self.table, self.withheld):
            widget.hide()

    def show_merged(self, merged: Merged, threshold: int) -> list[PublishedTable]:
        """The merge as published at `threshold`; returns the published tables."""
        from workbook.program.merge import publish
        from workbook.program.output import headlines

        published = publish(merged, threshold)
        reports = count(merged.sources, "coach's report", "coaches' reports")
        self.summary.setText(f"{reports}, {merged.period.label}")
        self.summary.show()
        self.caption.setText(f"Headline figures as the summary publishes them, counts below "
                             f"{threshold} suppressed:")
        rows = headlines(published, threshold)
        self.table.setRowCount(len(rows))
        for row, headline in enumerate(rows):
            for column, text in enumerate((headline.label, headline.value, headline.measures)):
                item = QTableWidgetItem(text)
                if column == 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self._fit_table()
        self.withheld.setText(withheld_text(published))
        for widget in (self.caption, self.table, self.withheld):
            widget.show()
        return published

    def headline_rows(self) -> list[tuple[str, str, str]]:
        """The table's rows as shown: (figure, value, evidence of)."""
        return [tuple(self.table.item(r, c).text() for c in range(len(HEADERS)))  # type: ignore[misc]
                for r in range(self.table.rowCount())]

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_table()  # the figures wrap to the new width

    def _fit_table(self) -> None:
        """As tall as its rows, no taller (it scrolls when the window is too low for it)."""
        table = self.table
        table.resizeRowsToContents()
        rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
        height = table.horizontalHeader().sizeHint().height() + rows + 2 * table.frameWidth()
        table.setMaximumHeight(height)
        # asked for whole, so the layout gives it the room before the space under it
        table.setMinimumHeight(min(height, 12 * self.fontMetrics().lineSpacing()))
