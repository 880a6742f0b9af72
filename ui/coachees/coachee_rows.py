"""One coachee list row: the coachee, their counts, the markers a coach scans for, and the
keys the list filters and sorts on. Built on the worker (no widget is touched here)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from workbook import coachees, dates, queries, settings, validate
from workbook.coachees import Coachee
from workbook.errors import NotFound
from workbook.queries import OverviewCounts
from workbook.wording import count

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
    never_seen: bool  # an active coachee with no held meeting, added `weeks` or more ago

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
            parts.append(f"Not seen for {count(weeks, 'week')}")
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


def list_name(c: Coachee) -> str:
    """The full name (two Josés need their surnames), then the name they go by when it is not
    already one of its words: "José Muñoz", "王小明 (Xiaoming)", "Tavita Faleolo (Tavi)"."""
    preferred = " ".join(c.preferred_name.split())
    if not preferred or preferred == c.name:
        return c.name
    words = set(re.findall(r"\w+", validate.fold(c.name)))
    if set(re.findall(r"\w+", validate.fold(preferred))) <= words:
        return c.name
    return f"{c.name} ({preferred})"


def _markers(coachee: Coachee, counts: OverviewCounts, today: date, weeks: int) -> Markers:
    not_seen: int | None = None
    never = False
    last = counts.last_held[:10] if counts.last_held else None
    if coachee.status == "active" and queries.not_seen_lately(last, coachee.created_at, today,
                                                              weeks):
        if last is None:
            never = True
        else:
            not_seen = dates.weeks_since(last, today)
    return Markers(counts.overdue_actions, not_seen, never)


def _haystack(c: Coachee) -> str:
    return validate.fold("\n".join([c.name, c.preferred_name, c.email, c.program, c.cohort,
                                    *c.tags]))


def _sort_keys(c: Coachee, counts: OverviewCounts, m: Markers) -> tuple[str, ...]:
    tie = f"\x00{c.id:010d}"  # equal keys keep a stable order
    urgency = m.not_seen_weeks if m.not_seen_weeks is not None else (1 if m.never_seen else 0)
    return (
        f"{validate.fold(list_name(c))}{tie}",
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
def load_all(db: Any, today: date) -> list[CoacheeRow]:
    weeks = settings.get_settings(db).not_seen_weeks
    counts = queries.coachee_overview_counts(db, today=today)
    return [make_row(c, counts.get(c.id), today, weeks) for c in coachees.list_coachees(db)]


def load_some(db: Any, ids: tuple[int, ...], known: dict[int, OverviewCounts],
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
