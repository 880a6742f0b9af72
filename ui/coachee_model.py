"""The coachee list's model: one row per coachee with the markers a coach scans for.

Rows come from `coachees.list_coachees` and `queries.coachee_overview_counts` in one worker
call. A change refreshes in place (rows updated, inserted or removed; never a reset), so the
selection survives; profile edits reload just the coachees touched, anything that can move the
markers (sessions, action items, the trash, settings) re-runs the one counts query, coalesced.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QApplication

from ui.dates import format_date, format_datetime
from ui.state import WorkbookState
from workbook import changes as wb_changes
from workbook import coachees, queries, settings, validate
from workbook.changes import Changes
from workbook.coachees import Coachee
from workbook.errors import NotFound
from workbook.queries import OverviewCounts

Index = QModelIndex | QPersistentModelIndex

# -- columns and roles -----------------------------------------------------------------------
NAME, LEVEL, PROGRAM, LAST_SEEN, NEXT_MEETING, MARKERS = range(6)
HEADERS = ("Name", "Level", "Program", "Last seen", "Next meeting", "Attention")
ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
MARKERS_ROLE = Qt.ItemDataRole.UserRole + 3  # a `Markers`
STATUS_ROLE = Qt.ItemDataRole.UserRole + 4

_LEVEL_ORDER = {level: i for i, level in enumerate(coachees.LEVELS)}
_EMPTY_COUNTS = OverviewCounts(0, 0, None, None)


@dataclass(frozen=True)
class Markers:
    """What needs the coach's attention for one coachee."""

    overdue: int
    not_seen_weeks: int | None  # set when an active coachee was last met too long ago
    never_seen: bool  # an active coachee with no held meeting yet

    @property
    def any(self) -> bool:
        return bool(self.overdue) or self.not_seen_weeks is not None or self.never_seen

    @property
    def short_text(self) -> str:
        """Beside the glyphs: the overdue count is inside the badge, the weeks are here."""
        if self.not_seen_weeks is not None:
            return f"{self.not_seen_weeks} wk"
        return "new" if self.never_seen else ""

    @property
    def description(self) -> str:
        parts = []
        if self.overdue:
            parts.append(f"Overdue action items ({self.overdue})")
        if self.not_seen_weeks is not None:
            weeks = self.not_seen_weeks
            parts.append(f"Not seen for {weeks} week{'s' if weeks != 1 else ''}")
        elif self.never_seen:
            parts.append("No meeting held yet")
        return "; ".join(parts)


@dataclass(frozen=True)
class CoacheeRow:
    coachee: Coachee
    counts: OverviewCounts
    markers: Markers
    haystack: str  # folded text the filter matches
    sort_keys: tuple[str, ...]  # one per column; plain strings so Qt compares them in C++

    @property
    def id(self) -> int:
        return self.coachee.id


def _markers(coachee: Coachee, counts: OverviewCounts, today: date, weeks: int) -> Markers:
    not_seen: int | None = None
    never = False
    if coachee.status == "active":
        last = counts.last_held[:10] if counts.last_held else None
        if last is None:
            never = True
        elif last < (today - timedelta(weeks=weeks)).isoformat():
            not_seen = (today - date.fromisoformat(last)).days // 7
    return Markers(counts.overdue_actions, not_seen, never)


def _haystack(c: Coachee) -> str:
    return validate.fold("\n".join([c.name, c.preferred_name, c.email, c.program, c.cohort,
                                    *c.tags]))


def _sort_keys(c: Coachee, counts: OverviewCounts, m: Markers) -> tuple[str, ...]:
    tie = f"\x00{c.id:010d}"  # equal keys keep a stable order
    urgency = m.not_seen_weeks if m.not_seen_weeks is not None else (1 if m.never_seen else 0)
    return (
        f"{validate.fold(c.display_name)}\x00{validate.fold(c.name)}{tie}",
        f"{_LEVEL_ORDER.get(c.level, len(_LEVEL_ORDER)):02d}{tie}",
        f"{validate.fold(c.program)}{tie}",
        f"{counts.last_held or ''}{tie}",
        f"{counts.next_scheduled or '~'}{tie}",  # "~" sorts the unscheduled last
        f"{9999 - min(m.overdue, 9999):04d}{9999 - min(urgency, 9999):04d}{tie}",
    )


def make_row(coachee: Coachee, counts: OverviewCounts | None, today: date,
             weeks: int) -> CoacheeRow:
    counts = counts or _EMPTY_COUNTS
    markers = _markers(coachee, counts, today, weeks)
    return CoacheeRow(coachee, counts, markers, _haystack(coachee),
                      _sort_keys(coachee, counts, markers))


# -- worker-side loaders (touch no widget) -------------------------------------------------
def _load_all(db: Any, today: date) -> list[CoacheeRow]:
    weeks = settings.get_settings(db).not_seen_weeks
    counts = queries.coachee_overview_counts(db, today=today)
    return [make_row(c, counts.get(c.id), today, weeks) for c in coachees.list_coachees(db)]


def _load_some(db: Any, ids: tuple[int, ...], known: dict[int, OverviewCounts],
               today: date) -> dict[int, CoacheeRow | None]:
    """The given coachees (None for one now in the trash), keeping the counts already known
    (a profile edit cannot move them; a new coachee has none)."""
    weeks = settings.get_settings(db).not_seen_weeks
    found: dict[int, CoacheeRow | None] = {}
    for coachee_id in ids:
        try:
            coachee = coachees.get(db, coachee_id)
        except NotFound:
            found[coachee_id] = None
            continue
        found[coachee_id] = make_row(coachee, known.get(coachee_id), today, weeks)
    return found


# -- marker glyphs: a numbered badge and a clock; shape and text, never colour alone --------
_ICONS: dict[tuple[Any, ...], QIcon] = {}
GLYPH = 16


def _draw_badge(p: QPainter, x: float, number: int) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#c62828"))
    p.drawEllipse(QRectF(x + 0.5, 0.5, GLYPH - 1, GLYPH - 1))
    p.setPen(QColor("white"))
    font = QFont(p.font())
    font.setBold(True)
    font.setPixelSize(11 if number < 10 else 8)
    p.setFont(font)
    p.drawText(QRectF(x, 0, GLYPH, GLYPH), Qt.AlignmentFlag.AlignCenter,
               str(number) if number < 100 else "!")


def _draw_clock(p: QPainter, x: float, ink: QColor) -> None:
    pen = QPen(ink, 1.6)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawEllipse(QRectF(x + 1.5, 1.5, GLYPH - 3, GLYPH - 3))
    centre = QPointF(x + GLYPH / 2, GLYPH / 2)
    p.drawLine(centre, QPointF(centre.x(), 4.5))
    p.drawLine(centre, QPointF(centre.x() + 3.5, centre.y()))


def marker_icon(markers: Markers) -> QIcon | None:
    """Two slots (overdue badge, clock) so the glyphs line up down the column."""
    if not markers.any:
        return None
    app = QApplication.instance()
    ink = (app.palette() if isinstance(app, QApplication) else QPalette()).color(
        QPalette.ColorRole.Text)
    clock = markers.not_seen_weeks is not None or markers.never_seen
    key = (min(markers.overdue, 100), clock, ink.name())
    if key not in _ICONS:
        scale = 2  # drawn at twice the size so 150 % and 200 % displays stay sharp
        pixmap = QPixmap(2 * GLYPH * scale + 2 * scale, GLYPH * scale)
        pixmap.fill(Qt.GlobalColor.transparent)
        p = QPainter(pixmap)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.scale(scale, scale)
        if markers.overdue:
            _draw_badge(p, 0, markers.overdue)
        if clock:
            _draw_clock(p, GLYPH + 2, ink)
        p.end()
        pixmap.setDevicePixelRatio(scale)
        _ICONS[key] = QIcon(pixmap)
    return _ICONS[key]


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
        self._today = today or wb_changes.today
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
        self._state.call(_load_all, self._today(), label="Loading coachees…",
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
                _load_some, tuple(change.ids), known, self._today(),
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
            return c.display_name
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


# -- filtering and sorting ------------------------------------------------------------------
CURRENT = "current"  # every status except archived
ALL = "all"


class CoacheeFilter(QSortFilterProxyModel):
    """Text (ignoring case and accents), status and level filters over a CoacheeModel."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self._status = CURRENT
        self._level: str | None = None
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    @property
    def text(self) -> str:
        return self._needle

    @property
    def status(self) -> str:
        return self._status

    @property
    def level(self) -> str | None:
        return self._level

    def set_text(self, text: str) -> None:
        needle = validate.fold(" ".join(text.split()))
        if needle != self._needle:
            self._refilter(lambda: setattr(self, "_needle", needle))

    def set_status(self, status: str) -> None:
        """One of coachees.STATUSES, CURRENT (all but archived) or ALL."""
        if status not in (*coachees.STATUSES, CURRENT, ALL):
            raise ValueError(status)
        if status != self._status:
            self._refilter(lambda: setattr(self, "_status", status))

    def set_level(self, level: str | None) -> None:
        if level != self._level:
            self._refilter(lambda: setattr(self, "_level", level))

    def _refilter(self, change: Callable[[], None]) -> None:
        self.beginFilterChange()
        change()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def accepts(self, row: CoacheeRow) -> bool:
        status = row.coachee.status
        if self._status == CURRENT and status == "archived":
            return False
        if self._status not in (CURRENT, ALL) and status != self._status:
            return False
        if self._level is not None and row.coachee.level != self._level:
            return False
        return all(word in row.haystack for word in self._needle.split())

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, CoacheeModel) or source_parent.isValid():
            return True
        return self.accepts(model.row_at(source_row))
