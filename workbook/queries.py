"""The "Today" view and simple reports: who is due, what is overdue, who has not been seen.

Every function takes `today` so tests can fix the date; it defaults to the coach's local date.
Lists leave out the trash and coachees in the trash; action items of *archived* coachees are
left out of `overdue_actions` too (an archived learner is put away on purpose).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import sqlite_utils

from workbook import dates, validate
from workbook.actions import LIVE_FROM, LIVE_WHERE, ActionItem
from workbook.errors import InvalidInput, NotFound
from workbook.records import record_from_row
from workbook.sessions import Session
from workbook.settings import get_settings


@dataclass(frozen=True)
class UpcomingSession:
    session: Session
    coachee_name: str


@dataclass(frozen=True)
class OverdueAction:
    action: ActionItem
    coachee_name: str
    days_overdue: int


@dataclass(frozen=True)
class NotSeen:
    coachee_id: int
    name: str
    last_held: str | None
    weeks_since: int | None


@dataclass(frozen=True)
class GoalDue:
    goal_id: int
    coachee_id: int
    coachee_name: str
    title: str
    status: str
    progress: int
    target_date: str
    days_left: int  # negative once the target date has passed

    @classmethod
    def from_row(cls, row: dict[str, Any], today: date) -> GoalDue:
        days_left = dates.days_between(today, row["target_date"])
        return record_from_row(cls, row, goal_id=row["id"], days_left=days_left)


@dataclass(frozen=True)
class Attendance:
    held: int
    cancelled: int
    no_show: int
    scheduled: int
    attendance_rate: float | None  # held / (held + cancelled + no-show); None before any

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Attendance:
        # SUM over a coachee without sessions is NULL
        counts = {name: row[name] or 0 for name in ("held", "cancelled", "no_show", "scheduled")}
        settled = counts["held"] + counts["cancelled"] + counts["no_show"]
        return record_from_row(cls, row, **counts,
                               attendance_rate=counts["held"] / settled if settled else None)


@dataclass(frozen=True)
class OverviewCounts:
    overdue_actions: int
    open_actions: int
    last_held: str | None
    next_scheduled: str | None


def _today(today: date | None) -> date:
    if today is None:
        return dates.today()
    if not isinstance(today, date):
        raise InvalidInput(f"Today «{validate.shown(today)}» is not a date.")
    return today


def _days(value: Any, field: str) -> int:
    return validate.integer(value, field, minimum=0, maximum=36_500)


# An open item counts unless it or its session is in the trash. The trashed sessions are few
# (an index of their own), so they are excluded as a list instead of a lookup per item.
_OPEN_ITEMS = ("a.done_on IS NULL AND a.deleted_at IS NULL AND (a.session_id IS NULL OR "
               "a.session_id NOT IN (SELECT id FROM sessions WHERE deleted_at IS NOT NULL))")


def upcoming_sessions(db: sqlite_utils.Database, *, days: int = 14,
                      today: date | None = None) -> list[UpcomingSession]:
    """Scheduled meetings from today 00:00 to the end of day `today + days`, soonest first."""
    day = _today(today)
    end = day + timedelta(days=_days(days, "days"))
    rows = db.query(
        "SELECT s.*, c.name AS coachee_name FROM sessions s JOIN coachees c "
        "ON c.id = s.coachee_id WHERE s.status = 'scheduled' AND s.deleted_at IS NULL "
        "AND c.deleted_at IS NULL AND s.scheduled_at >= ? AND s.scheduled_at <= ? "
        "ORDER BY s.scheduled_at, s.id", [f"{day.isoformat()}T00:00", f"{end.isoformat()}T23:59"])
    return [UpcomingSession(session=Session.from_row(r), coachee_name=r["coachee_name"])
            for r in rows]


def overdue_actions(db: sqlite_utils.Database, *, today: date | None = None,
                    limit: int | None = None,
                    after: tuple[str, int] | None = None) -> list[OverdueAction]:
    """Open action items due before today, the most overdue first: all of them, or the
    `limit` that come after the item `after` (its due date and id) in that order."""
    day = _today(today)
    where, params = "", [day.isoformat()]
    if after is not None:
        where = " AND (a.due_date, a.id) > (?, ?)"
        params += [validate.text(after[0], "due date"), validate.record_id(after[1], "action")]
    tail = ""
    if limit is not None:
        tail = " LIMIT ?"
        params.append(validate.integer(limit, "limit", minimum=1, maximum=1_000_000))
    rows = db.query(
        f"SELECT a.*, c.name AS coachee_name FROM {LIVE_FROM} WHERE a.done_on IS NULL "
        f"AND a.due_date < ? AND {LIVE_WHERE} AND c.status <> 'archived'{where} "
        f"ORDER BY a.due_date, a.id{tail}", params)
    return [OverdueAction(action=ActionItem.from_row(r), coachee_name=r["coachee_name"],
                          days_overdue=dates.days_between(r["due_date"], day))
            for r in rows]


def count_overdue_actions(db: sqlite_utils.Database, *, today: date | None = None) -> int:
    """How many items `overdue_actions` lists, read from the open items' index alone."""
    day = _today(today)
    row = db.execute(
        f"SELECT count(*) FROM action_items a WHERE {_OPEN_ITEMS} AND a.due_date < ? "
        "AND a.coachee_id IN (SELECT id FROM coachees WHERE deleted_at IS NULL "
        "AND status <> 'archived')", [day.isoformat()]).fetchone()
    return int(row[0])


def not_seen_lately(last_held: str | None, added_at: str, today: date, weeks: int) -> bool:
    """The one "not seen lately" rule: the last held meeting is more than `weeks` weeks
    before `today`; with none held yet, the coachee was added more than `weeks` weeks ago
    (someone added this morning has not been missed, only not met yet)."""
    cutoff = (today - timedelta(weeks=weeks)).isoformat()
    since = last_held[:10] if last_held is not None else dates.local_day(added_at)
    return since < cutoff


def not_seen(db: sqlite_utils.Database, *, weeks: int | None = None,
             today: date | None = None) -> list[NotSeen]:
    """Active coachees not seen lately (`not_seen_lately`); never-seen first."""
    day = _today(today)
    if weeks is None:
        weeks = get_settings(db).not_seen_weeks
    weeks = validate.integer(weeks, "weeks", minimum=0, maximum=5_200)
    rows = list(db.query(
        "SELECT c.id, c.name, c.created_at, (SELECT MAX(s.scheduled_at) FROM sessions s "
        "  WHERE s.coachee_id = c.id AND s.status = 'held' AND s.deleted_at IS NULL "
        "  AND s.scheduled_at < ?) AS last_held "
        "FROM coachees c WHERE c.deleted_at IS NULL AND c.status = 'active'",
        [f"{(day + timedelta(days=1)).isoformat()}T00:00"]))
    result = []
    for r in rows:
        last = r["last_held"]
        if not not_seen_lately(last, r["created_at"], day, weeks):
            continue
        since = dates.weeks_since(last, day)
        result.append(record_from_row(NotSeen, r, coachee_id=r["id"], weeks_since=since))
    result.sort(key=lambda n: (n.last_held is not None, n.last_held or "",
                               validate.fold(n.name), n.coachee_id))
    return result


def goals_due_soon(db: sqlite_utils.Database, *, days: int = 14,
                   today: date | None = None) -> list[GoalDue]:
    """Draft or active goals whose target date is at most `days` away, or already past."""
    day = _today(today)
    end = day + timedelta(days=_days(days, "days"))
    rows = db.query(
        "SELECT g.id, g.coachee_id, c.name AS coachee_name, g.title, g.status, g.progress, "
        "g.target_date FROM goals g JOIN coachees c ON c.id = g.coachee_id "
        "WHERE g.status IN ('draft', 'active') AND g.target_date IS NOT NULL "
        "AND g.target_date <= ? AND g.deleted_at IS NULL AND c.deleted_at IS NULL "
        "ORDER BY g.target_date, g.id", [end.isoformat()])
    return [GoalDue.from_row(r, day) for r in rows]


_ATTENDANCE = (
    "SELECT c.id, "
    "SUM(s.status = 'held') AS held, SUM(s.status = 'cancelled') AS cancelled, "
    "SUM(s.status = 'no-show') AS no_show, SUM(s.status = 'scheduled') AS scheduled "
    "FROM coachees c LEFT JOIN sessions s ON s.coachee_id = c.id AND s.deleted_at IS NULL "
    "WHERE c.deleted_at IS NULL"
)


def attendance(db: sqlite_utils.Database, coachee_id: int) -> Attendance:
    coachee_id = validate.record_id(coachee_id, "coachee")
    rows = list(db.query(_ATTENDANCE + " AND c.id = ? GROUP BY c.id", [coachee_id]))
    if not rows:
        raise NotFound(f"There is no coachee with id {coachee_id}.")
    return Attendance.from_row(rows[0])


def attendance_all(db: sqlite_utils.Database) -> dict[int, Attendance]:
    """Every coachee outside the trash, including those without any session."""
    return {r["id"]: Attendance.from_row(r) for r in db.query(_ATTENDANCE + " GROUP BY c.id")}


def coachee_overview_counts(db: sqlite_utils.Database, *,
                            today: date | None = None) -> dict[int, OverviewCounts]:
    """Markers for the coachee list, for every coachee outside the trash, in one query.

    Read on every unlock: it reads the open items' index (not every item ever written) and
    seeks each coachee's last held and next scheduled meeting (not every session)."""
    day = _today(today).isoformat()
    rows = db.query(
        "SELECT c.id, COALESCE(a.open_count, 0) AS open_actions, "
        "COALESCE(a.overdue_count, 0) AS overdue_actions, "
        "(SELECT MAX(s.scheduled_at) FROM sessions s WHERE s.coachee_id = c.id "
        "  AND s.status = 'held' AND s.deleted_at IS NULL) AS last_held, "
        "(SELECT MIN(s.scheduled_at) FROM sessions s WHERE s.coachee_id = c.id "
        "  AND s.status = 'scheduled' AND s.deleted_at IS NULL AND s.scheduled_at >= ?) "
        "  AS next_scheduled "
        "FROM coachees c "
        "LEFT JOIN (SELECT a.coachee_id, COUNT(*) AS open_count, "
        "  SUM(a.due_date IS NOT NULL AND a.due_date < ?) AS overdue_count "
        f"  FROM action_items a WHERE {_OPEN_ITEMS} GROUP BY a.coachee_id) a "
        "  ON a.coachee_id = c.id "
        "WHERE c.deleted_at IS NULL", [f"{day}T00:00", day])
    return {r["id"]: record_from_row(OverviewCounts, r) for r in rows}


_OWNER_TABLES = {"session": "sessions", "goal": "goals", "value": "coachee_values",
                 "action": "action_items"}


def coachee_of(db: sqlite_utils.Database, kind: str, record_id: int) -> int | None:
    """The coachee a record belongs to (for opening a search hit or a Today row), or None."""
    if kind == "coachee":
        return record_id
    if kind == "section":
        sql = ("SELECT s.coachee_id FROM session_sections x JOIN sessions s "
               "ON s.id = x.session_id WHERE x.id = ?")
    elif kind in _OWNER_TABLES:
        sql = f"SELECT coachee_id FROM {_OWNER_TABLES[kind]} WHERE id = ?"
    else:
        return None
    row = db.execute(sql, [record_id]).fetchone()
    return None if row is None else int(row[0])
