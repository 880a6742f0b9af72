"""The coachee list's model: one row per coachee with the markers a coach scans for.

Rows come from `coachees.list_coachees` and `queries.coachee_overview_counts` in one worker
call (`ui.coachees.coachee_rows`). A change refreshes in place (rows updated, inserted or
removed; never a reset), so the selection survives; profile edits reload just the coachees
touched, anything that can move the markers (sessions, action items, the trash, settings)
re-runs the one counts query, coalesced. The glyphs are drawn in
`ui.coachees.coachee_markers`; filtering and sorting live in `ui.coachees.coachee_filter`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFont

from ui.coachees.coachee_markers import marker_icon
from ui.coachees.coachee_rows import (
    HEADERS,
    ID_ROLE,
    LAST_SEEN,
    LEVEL,
    MARKERS,
    MARKERS_ROLE,
    NAME,
    NEXT_MEETING,
    PROGRAM,
    SORT_ROLE,
    STATUS_ROLE,
    CoacheeRow,
    Index,
    list_name,
    load_all,
    load_some,
)
from ui.kit.state import WorkbookState
from workbook import dates
from workbook.changes import Changes
from workbook.dates import format_date, format_datetime


# -- the model -----------------------------------------------------------------------------
class CoacheeModel(QAbstractTableModel):
    """Coachees outside the trash, with overdue and not-seen markers."""

    loaded = Signal()  # rows were (re)loaded; emitted after every refresh lands
    REFRESH_DELAY_MS = 250  # coalesces a burst of action/session saves into one count query
    _FULL_KINDS = ("coachee", "session", "action", "trash", "settings")

    def __init__(self, state: WorkbookState, parent: Any = None, *,
                 today: Callable[[], date] | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._today = today or dates.today
        self._rows: list[CoacheeRow] = []
        self._row_of: dict[int, int] = {}
        self._generation = 0
        self.has_loaded = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.reload)
        state.opened.connect(self.reload)
        state.closed.connect(self.clear)
        state.changed.connect(self._on_changed)
        if state.is_open:
            self.reload()

    # -- loading ------------------------------------------------------------------------
    def reload(self) -> None:
        self._timer.stop()
        if not self._state.is_open:
            return
        generation = self._generation
        self._state.call(load_all, self._today(), label="Loading coachees…",
                         success=lambda rows: self._apply_all(generation, rows))

    def clear(self) -> None:
        """Forget every coachee (the workbook was locked or closed)."""
        self._timer.stop()
        self._generation += 1
        self.beginResetModel()
        self._rows = []
        self._row_of = {}
        self.has_loaded = False
        self.endResetModel()

    def _on_changed(self, change: Changes) -> None:
        kinds = {change.kind, *change.also}
        if change.kind == "trash":
            kinds.discard("trash")  # a trashed value or goal moves no marker
        if change.kind == "section" or not kinds & set(self._FULL_KINDS):
            return
        profile_only = change.kind == "coachee" and not change.also
        coachee_trash = change.kind == "trash" and "coachee" in change.also
        if change.ids and (profile_only or coachee_trash):
            generation = self._generation
            known = {r.id: r.counts for r in self._rows}
            self._state.call(
                load_some, tuple(change.ids), known, self._today(),
                success=lambda found: self._apply_some(generation, found, coachee_trash))
        else:
            self._timer.start()

    def _apply_all(self, generation: int, rows: list[CoacheeRow]) -> None:
        if generation != self._generation:
            return  # cleared (locked) while the load was on its way
        if not self.has_loaded:
            self.beginResetModel()
            self._rows = list(rows)
            self._reindex()
            self.has_loaded = True
            self.endResetModel()
        else:
            wanted = {r.id: r for r in rows}
            self._remove(lambda row: row.id not in wanted)
            self._merge(wanted)
        self.loaded.emit()

    def _apply_some(self, generation: int, found: dict[int, CoacheeRow | None],
                    counts_unknown: bool = False) -> None:
        if generation != self._generation:
            return
        self._remove(lambda row: row.id in found and found[row.id] is None)
        back = [k for k, v in found.items() if v is not None and k not in self._row_of]
        self._merge({k: v for k, v in found.items() if v is not None})
        if back and counts_unknown:
            self._timer.start()  # restored from the trash: their markers come with the counts
        self.loaded.emit()

    def _remove(self, gone: Callable[[CoacheeRow], bool]) -> None:
        for i in range(len(self._rows) - 1, -1, -1):
            if gone(self._rows[i]):
                self.beginRemoveRows(QModelIndex(), i, i)
                del self._rows[i]
                self.endRemoveRows()
        self._reindex()

    def _merge(self, rows: dict[int, CoacheeRow]) -> None:
        fresh = []
        for coachee_id, row in rows.items():
            i = self._row_of.get(coachee_id)
            if i is None:
                fresh.append(row)
            elif self._rows[i] != row:
                self._rows[i] = row
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(HEADERS) - 1))
        if fresh:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            self._rows.extend(fresh)
            self._reindex()
            self.endInsertRows()

    def _reindex(self) -> None:
        self._row_of = {r.id: i for i, r in enumerate(self._rows)}

    # -- lookups ------------------------------------------------------------------------
    def row_at(self, row: int) -> CoacheeRow:
        return self._rows[row]

    def row_for(self, coachee_id: int) -> int | None:
        return self._row_of.get(coachee_id)

    def record(self, coachee_id: int) -> CoacheeRow | None:
        i = self._row_of.get(coachee_id)
        return None if i is None else self._rows[i]

    def rows(self) -> list[CoacheeRow]:
        return list(self._rows)

    # -- QAbstractTableModel ------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return HEADERS[section]
            if role == Qt.ItemDataRole.ToolTipRole and section == MARKERS:
                return "Overdue action items (red numbered badge) and coachees not seen " \
                       "for a while (clock)"
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        c, col = row.coachee, index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == ID_ROLE:
            return c.id
        if role == SORT_ROLE:
            return row.sort_keys[col]
        if role == MARKERS_ROLE:
            return row.markers
        if role == STATUS_ROLE:
            return c.status
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, col)
        if role in (Qt.ItemDataRole.AccessibleDescriptionRole,
                    Qt.ItemDataRole.AccessibleTextRole) and col == MARKERS:
            return row.markers.description or "Nothing needs attention"
        if role == Qt.ItemDataRole.DecorationRole and col == MARKERS:
            return marker_icon(row.markers)
        if role == Qt.ItemDataRole.FontRole and col == NAME and c.status != "active":
            font = QFont()
            font.setItalic(True)
            return font
        return None

    @staticmethod
    def _display(row: CoacheeRow, col: int) -> str:
        c = row.coachee
        if col == NAME:
            return list_name(c)
        if col == LEVEL:
            return c.level
        if col == PROGRAM:
            return c.program
        if col == LAST_SEEN:
            return format_date(row.counts.last_held) or "—"
        if col == NEXT_MEETING:
            return format_date(row.counts.next_scheduled)
        parts = [row.markers.short_text] if row.markers.short_text else []
        if c.status != "active":
            parts.append(c.status.capitalize())
        return " · ".join(parts)

    @staticmethod
    def _tooltip(row: CoacheeRow, col: int) -> str | None:
        c = row.coachee
        if col == NAME:
            lines = [c.name + (f" ({c.pronouns})" if c.pronouns else "")]
            if c.preferred_name and c.preferred_name != c.name:
                lines.append(f"Goes by {c.preferred_name}")
            if c.status != "active":
                lines.append(f"Status: {c.status}")
            studies = " · ".join(x for x in (c.level, c.program, c.cohort) if x)
            if studies:
                lines.append(studies)
            # The narrow list hides these columns: the tooltip still says them.
            if row.counts.last_held:
                lines.append(f"Last seen {format_date(row.counts.last_held)}")
            if row.counts.next_scheduled:
                lines.append(f"Next meeting {format_datetime(row.counts.next_scheduled)}")
            if row.markers.any:
                lines.append(row.markers.description)
            return "\n".join(lines)
        if col == PROGRAM:
            return " · ".join(x for x in (c.program, c.cohort) if x) or None
        if col == LAST_SEEN:
            if row.counts.last_held:
                return f"Last meeting held {format_datetime(row.counts.last_held)}"
            return "No meeting held yet"
        if col == NEXT_MEETING:
            if row.counts.next_scheduled:
                return f"Next meeting {format_datetime(row.counts.next_scheduled)}"
            return "No meeting scheduled"
        if col == MARKERS:
            return row.markers.description or "Nothing needs attention"
        return None
