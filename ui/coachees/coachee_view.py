"""The coachee list's table: how it is set up, how wide its columns are, which give way in a
narrow pane, and what happens to the selection when the selected row goes.

Apart from the list (`coachee_list`) because this is layout, measured from the font; the list
around it holds the filters, the coachee actions and which coachee is chosen.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSize, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ui.coachees.coachee_filter import CoacheeFilter
from ui.coachees.coachee_rows import HEADERS, LAST_SEEN, LEVEL, MARKERS, NAME, NEXT_MEETING, PROGRAM
from workbook import coachees


class CoacheeView(QTableView):
    """The list's table. When the selected row goes (filtered out, archived, trashed) nothing
    is selected: Qt would select a neighbour, and the tabs would show a coachee nobody chose."""

    # In a narrow pane these columns give way, first to last, so the name keeps its room; then
    # the Attention column narrows to its glyphs (names come before it; its words stay in the
    # tooltips).
    GIVE_WAY = (PROGRAM, NEXT_MEETING, LAST_SEEN, LEVEL)
    NAME_CHARS = 20  # room for a typical full name, in average characters

    def __init__(self, proxy: CoacheeFilter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabKeyNavigation(False)  # Tab leaves the list; arrows move in it
        self.setModel(proxy)
        self.setAccessibleName("Coachees")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSortingEnabled(True)
        self.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.setIconSize(QSize(34, 16))  # the two marker glyph slots
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        # Widths from the font, not ResizeToContents: that reads every row on every change.
        fm = self.fontMetrics()
        pad = 2 * self.style().pixelMetric(self.style().PixelMetric.PM_FocusFrameHMargin) + 14
        widest_date = fm.horizontalAdvance("Wed 28 Sep 2026")
        widths = {
            LEVEL: max(fm.horizontalAdvance(t) for t in (*coachees.LEVELS, HEADERS[LEVEL])),
            PROGRAM: fm.horizontalAdvance("Internal Medicine res"),
            LAST_SEEN: widest_date, NEXT_MEETING: widest_date,
            MARKERS: max(34 + 6 + fm.horizontalAdvance("99 wk"), fm.horizontalAdvance("Graduated")),
        }
        self._widths = {col: width + pad for col, width in widths.items()}
        for col, width in self._widths.items():
            header.resizeSection(col, width)
        self._name_room = fm.averageCharWidth() * self.NAME_CHARS + pad
        self._glyphs_width = self.iconSize().width() + pad

    def rowsAboutToBeRemoved(self, parent: QModelIndex, start: int, end: int) -> None:
        current = self.currentIndex()
        if current.isValid() and current.parent() == parent and start <= current.row() <= end:
            self.selectionModel().clear()
        super().rowsAboutToBeRemoved(parent, start, end)

    def fit_columns(self) -> None:
        """In a narrow pane the program, next meeting and last seen columns give way so full
        names stay readable (the name's tooltip still says all three)."""
        room = self.width() - 2 * self.frameWidth()
        if self.verticalScrollBar().isVisible():
            room -= self.verticalScrollBar().width()
        taken = sum(self._widths.values())
        hidden: set[int] = set()
        for col in self.GIVE_WAY:
            if room - taken >= self._name_room:
                break
            hidden.add(col)
            taken -= self._widths[col]
        for col in self.GIVE_WAY:
            if self.isColumnHidden(col) != (col in hidden):
                self.setColumnHidden(col, col in hidden)
        markers = self._widths[MARKERS]
        if room - taken < self._name_room:
            markers = self._glyphs_width
        if self.columnWidth(MARKERS) != markers:
            self.horizontalHeader().resizeSection(MARKERS, markers)
