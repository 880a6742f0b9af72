"""Coaching sessions: held, scheduled, cancelled or missed meetings with one coachee.

A session copies its template's sections when it starts (headings, keys, shared flags), so a
later edit of the template never rewrites history; `template_name` is copied for the same
reason. Session times are local `YYYY-MM-DDTHH:MM`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlite_utils

from workbook import actions, goals, notes, templates, validate
from workbook.actions import ActionItem
from workbook.changes import Changes
from workbook.dates import now_iso, now_minute
from workbook.errors import InvalidInput, NotFound
from workbook.goal_records import Goal
from workbook.notes import Section
from workbook.records import FromRow

MODALITIES = ("in-person", "video", "phone", "other")
STATUSES = ("scheduled", "held", "cancelled", "no-show")
TITLE_MAX = 200
AGENDA_MAX = 5_000
EDITABLE = ("scheduled_at", "duration_min", "modality", "status", "title", "agenda",
            "next_meeting_at")


@dataclass(frozen=True)
class Session(FromRow):
    id: int
    coachee_id: int
    template_id: int | None
    template_name: str
    scheduled_at: str
    duration_min: int
    modality: str
    status: str
    title: str
    agenda: str
    next_meeting_at: str | None
    created_at: str
    updated_at: str
    deleted_at: str | None


@dataclass(frozen=True)
class SessionDetail:
    session: Session
    sections: tuple[Section, ...]
    goal_ids: tuple[int, ...]
    actions: tuple[ActionItem, ...]


@dataclass(frozen=True)
class Accountability:
    """What a coach reviews at the start of a meeting."""

    last_session: Session | None
    open_actions: list[ActionItem]
    active_goals: list[Goal]


def _live_coachee(db: sqlite_utils.Database, coachee_id: Any) -> int:
    coachee_id = validate.record_id(coachee_id, "coachee")
    if db.execute("SELECT 1 FROM coachees WHERE id = ? AND deleted_at IS NULL",
                  [coachee_id]).fetchone() is None:
        raise NotFound(f"There is no coachee with id {coachee_id}.")
    return coachee_id


def _default_duration(db: sqlite_utils.Database) -> int:
    row = db.execute("SELECT value FROM settings WHERE key = 'default_duration_min'").fetchone()
    try:
        value = json.loads(row[0]) if row else 30
        return validate.integer(value, "default duration", minimum=0, maximum=1440)
    except (ValueError, InvalidInput):
        return 30  # a damaged setting must not stop a coach from starting a meeting


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    validate.known_fields(fields, EDITABLE, "sessions")
    row: dict[str, Any] = {}
    if "scheduled_at" in fields:
        when = validate.iso_datetime(fields["scheduled_at"], "meeting time")
        if when is None:
            raise InvalidInput("A session needs a meeting time.")
        row["scheduled_at"] = when
    if "duration_min" in fields:
        row["duration_min"] = validate.integer(fields["duration_min"], "duration in minutes",
                                               minimum=0, maximum=1440)
    if "modality" in fields:
        row["modality"] = validate.choice(fields["modality"], "modality", MODALITIES)
    if "status" in fields:
        row["status"] = validate.choice(fields["status"], "session status", STATUSES)
    if "title" in fields:
        row["title"] = validate.text(fields["title"], "session title", max_len=TITLE_MAX)
    if "agenda" in fields:
        row["agenda"] = validate.text(fields["agenda"], "agenda", max_len=AGENDA_MAX)
    if "next_meeting_at" in fields:
        row["next_meeting_at"] = validate.iso_datetime(fields["next_meeting_at"], "next meeting")
    return row


def _template(db: sqlite_utils.Database, template: int | str | None) -> templates.Template | None:
    return None if template is None else templates.get_template(db, template)


def _copy_sections(db: sqlite_utils.Database, session_id: int, template_id: int) -> None:
    db.execute(
        "INSERT INTO session_sections(session_id, key, position, heading, shared, body, "
        "updated_at) SELECT ?, key, position, heading, shared, '', ? FROM template_sections "
        "WHERE template_id = ? ORDER BY position, id", [session_id, now_iso(), template_id])


def start(db: sqlite_utils.Database, coachee_id: int,
          template: int | str | None = "free-form", *, scheduled_at: str | None = None,
          status: str | None = None, **fields: Any) -> Changes:
    """A session with the template's sections, empty. `template=None` starts one without any.

    `scheduled_at` defaults to now; `status` to held when the time has come, else scheduled.
    """
    coachee_id = _live_coachee(db, coachee_id)
    if scheduled_at is None or (isinstance(scheduled_at, str) and not scheduled_at.strip()):
        scheduled_at = now_minute()
    row = _clean({**fields, "scheduled_at": scheduled_at,
                  **({"status": status} if status is not None else {})})
    row.setdefault("status", "held" if row["scheduled_at"] <= now_minute() else "scheduled")
    chosen = _template(db, template)
    stamp = now_iso()
    with db.atomic():
        row.setdefault("duration_min", _default_duration(db))
        session_id = int(db["sessions"].insert({
            **row, "coachee_id": coachee_id,
            "template_id": chosen.id if chosen else None,
            "template_name": chosen.name if chosen else "",
            "created_at": stamp, "updated_at": stamp,
        }).last_pk)
        if chosen:
            _copy_sections(db, session_id, chosen.id)
    return Changes("session", (session_id,), created=session_id, also=frozenset({"section"}))


def schedule(db: sqlite_utils.Database, coachee_id: int, scheduled_at: str,
             template: int | str | None = None, **fields: Any) -> Changes:
    """A future meeting (status scheduled); its template can be chosen later."""
    if validate.iso_datetime(scheduled_at, "meeting time") is None:
        raise InvalidInput("A scheduled meeting needs a date and time.")
    return start(db, coachee_id, template, scheduled_at=scheduled_at, status="scheduled",
                 **fields)


def _row(db: sqlite_utils.Database, session_id: Any, include_deleted: bool = False
         ) -> dict[str, Any]:
    session_id = validate.record_id(session_id, "session")
    rows = list(db.query(
        "SELECT s.*, c.deleted_at AS coachee_deleted_at FROM sessions s "
        "JOIN coachees c ON c.id = s.coachee_id WHERE s.id = ?", [session_id]))
    if not rows or (not include_deleted and (rows[0]["deleted_at"]
                                             or rows[0]["coachee_deleted_at"])):
        raise NotFound(f"There is no session with id {session_id}.")
    return rows[0]


def get(db: sqlite_utils.Database, session_id: int, *, include_deleted: bool = False) -> Session:
    return Session.from_row(_row(db, session_id, include_deleted))


def update(db: sqlite_utils.Database, session_id: int, **fields: Any) -> Changes:
    values = _clean(fields)
    current = _row(db, session_id)
    with db.atomic():
        db["sessions"].update(current["id"], {**values, "updated_at": now_iso()})
    return Changes("session", (current["id"],))


def set_template(db: sqlite_utils.Database, session_id: int,
                 template: int | str | None) -> Changes:
    """Swap the sections of a session that has no notes yet for another template's."""
    current = _row(db, session_id)
    chosen = _template(db, template)
    if db.execute("SELECT 1 FROM session_sections WHERE session_id = ? AND trim(body) <> '' "
                  "LIMIT 1", [current["id"]]).fetchone():
        raise InvalidInput("This session already has notes, so its template cannot change; "
                           "add sections instead.")
    if db.execute("SELECT 1 FROM who5_answers WHERE session_id = ?",
                  [current["id"]]).fetchone():
        raise InvalidInput("This session has WHO-5 scores recorded, so its template cannot "
                           "change; untick Record scores first if they should go.")
    with db.atomic():
        db.execute("DELETE FROM session_sections WHERE session_id = ?", [current["id"]])
        if chosen:
            _copy_sections(db, current["id"], chosen.id)
        db["sessions"].update(current["id"], {
            "template_id": chosen.id if chosen else None,
            "template_name": chosen.name if chosen else "", "updated_at": now_iso()})
    return Changes("session", (current["id"],), also=frozenset({"section", "note_version"}))


def _bound(value: Any, field: str, end_of_day: bool) -> str | None:
    """A date or date-time bound for filtering, as a comparable local date-time string."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        value = value.isoformat()
    if isinstance(value, str) and len(value.strip()) == 10:
        day = validate.iso_date(value, field)
        return f"{day}T23:59" if end_of_day else f"{day}T00:00"
    return validate.iso_datetime(value, field)


def list_sessions(db: sqlite_utils.Database, coachee_id: int | None = None, *,
                  status: str | None = None, since: str | date | None = None,
                  until: str | date | None = None, limit: int | None = None) -> list[Session]:
    """Newest first. `since`/`until` are inclusive dates (or date-times)."""
    where = ["s.deleted_at IS NULL", "c.deleted_at IS NULL"]
    params: list[Any] = []
    if coachee_id is not None:
        where.append("s.coachee_id = ?")
        params.append(validate.record_id(coachee_id, "coachee"))
    if status is not None:
        where.append("s.status = ?")
        params.append(validate.choice(status, "session status", STATUSES))
    low, high = _bound(since, "since", False), _bound(until, "until", True)
    if low:
        where.append("s.scheduled_at >= ?")
        params.append(low)
    if high:
        where.append("s.scheduled_at <= ?")
        params.append(high)
    sql = (f"SELECT s.* FROM sessions s JOIN coachees c ON c.id = s.coachee_id "
           f"WHERE {' AND '.join(where)} ORDER BY s.scheduled_at DESC, s.id DESC")
    if limit is not None:
        sql += " LIMIT ?"
        params.append(validate.integer(limit, "limit", minimum=1))
    return [Session.from_row(r) for r in db.query(sql, params)]


def meeting_to_open(db: sqlite_utils.Database, coachee_id: int,
                    day: date | str) -> Session | None:
    """The meeting a coach starting a session with this coachee on `day` most likely means:
    one dated that day (scheduled or held), else the latest earlier one still "scheduled"
    (never marked held, cancelled or missed). None when there is no such meeting."""
    coachee_id = _live_coachee(db, coachee_id)
    on = validate.iso_date(day, "date")
    if on is None:
        raise InvalidInput("Say which day the meeting is on.")
    rows = list(db.query(
        "SELECT * FROM sessions WHERE coachee_id = :c AND deleted_at IS NULL AND ("
        "  (substr(scheduled_at, 1, 10) = :day AND status IN ('scheduled', 'held'))"
        "  OR (scheduled_at < :day AND status = 'scheduled')) "
        "ORDER BY substr(scheduled_at, 1, 10) = :day DESC, scheduled_at DESC, id DESC "
        "LIMIT 1", {"c": coachee_id, "day": on}))
    return Session.from_row(rows[0]) if rows else None


def _goal_ids(db: sqlite_utils.Database, session_id: int) -> tuple[int, ...]:
    return tuple(r[0] for r in db.execute(
        "SELECT g.id FROM session_goals sg JOIN goals g ON g.id = sg.goal_id "
        "WHERE sg.session_id = ? AND g.deleted_at IS NULL ORDER BY g.id", [session_id]))


def detail(db: sqlite_utils.Database, session_id: int) -> SessionDetail:
    session = get(db, session_id)
    return SessionDetail(
        session=session,
        sections=tuple(notes.list_sections(db, session.id)),
        goal_ids=_goal_ids(db, session.id),
        actions=tuple(actions.list_actions(db, session_id=session.id)),
    )


def _goal_of(db: sqlite_utils.Database, session: dict[str, Any], goal_id: Any) -> int:
    goal = goals.get(db, goal_id)
    if goal.coachee_id != session["coachee_id"]:
        raise InvalidInput("That goal belongs to another coachee, not to this session's.")
    return goal.id


def discuss_goal(db: sqlite_utils.Database, session_id: int, goal_id: int) -> Changes:
    session = _row(db, session_id)
    goal = _goal_of(db, session, goal_id)
    with db.atomic():
        db.execute("INSERT OR IGNORE INTO session_goals(session_id, goal_id) VALUES (?, ?)",
                   [session["id"], goal])
    return Changes("session", (session["id"],), also=frozenset({"goal"}))


def undiscuss_goal(db: sqlite_utils.Database, session_id: int, goal_id: int) -> Changes:
    session = _row(db, session_id)
    goal = validate.record_id(goal_id, "goal")
    with db.atomic():
        db.execute("DELETE FROM session_goals WHERE session_id = ? AND goal_id = ?",
                   [session["id"], goal])
    return Changes("session", (session["id"],), also=frozenset({"goal"}))


def accountability(db: sqlite_utils.Database, coachee_id: int, *,
                   before_session_id: int | None = None) -> Accountability:
    """The last held meeting before this one, the open action items and the active goals."""
    coachee_id = _live_coachee(db, coachee_id)
    where, params = "", [coachee_id]
    if before_session_id is not None:
        current = _row(db, before_session_id)
        if current["coachee_id"] != coachee_id:
            raise InvalidInput("That session belongs to another coachee.")
        where = " AND (s.scheduled_at < ? OR (s.scheduled_at = ? AND s.id < ?))"
        params += [current["scheduled_at"], current["scheduled_at"], current["id"]]
    rows = list(db.query(
        f"SELECT s.* FROM sessions s WHERE s.coachee_id = ? AND s.deleted_at IS NULL "
        f"AND s.status = 'held'{where} ORDER BY s.scheduled_at DESC, s.id DESC LIMIT 1", params))
    open_actions = [a for a in actions.list_actions(db, coachee_id=coachee_id, open_only=True)
                    if before_session_id is None or a.session_id != before_session_id]
    active = [g for g in goals.list_goals(db, coachee_id, include_closed=False)
              if g.status == "active"]
    return Accountability(Session.from_row(rows[0]) if rows else None, open_actions, active)
