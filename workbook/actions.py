"""Action items: who does what by when, agreed in a session (or between sessions).

Items are ordered by `position` among their siblings: the items of one session, or a
coachee's items that belong to no session.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlite_utils

from workbook import validate
from workbook.changes import Changes
from workbook.dates import now_iso, today
from workbook.errors import InvalidInput, NotFound
from workbook.records import FromRow
from workbook.templates import reorder

OWNERS = ("coachee", "coach", "both", "other")
TEXT_MAX = 2_000
OWNER_NOTE_MAX = 200
_EDITABLE = ("text", "owner", "owner_note", "due_date", "goal_id", "session_id")
# An item is out of sight when it, its coachee or its session is in the trash (the items agreed
# in a trashed meeting go and come back with it). Shared with queries.
LIVE_FROM = ("action_items a JOIN coachees c ON c.id = a.coachee_id "
             "LEFT JOIN sessions s ON s.id = a.session_id")
LIVE_WHERE = ("a.deleted_at IS NULL AND c.deleted_at IS NULL "
              "AND (s.id IS NULL OR s.deleted_at IS NULL)")


@dataclass(frozen=True)
class ActionItem(FromRow):
    id: int
    coachee_id: int
    session_id: int | None
    goal_id: int | None
    text: str
    owner: str
    owner_note: str
    due_date: str | None
    done_on: str | None
    position: int
    created_at: str
    updated_at: str
    deleted_at: str | None

    @property
    def is_open(self) -> bool:
        return self.done_on is None

    def is_overdue(self, today: date) -> bool:
        return self.is_open and self.due_date is not None and self.due_date < today.isoformat()


def _live_coachee(db: sqlite_utils.Database, coachee_id: Any) -> int:
    coachee_id = validate.record_id(coachee_id, "coachee")
    row = db.execute("SELECT 1 FROM coachees WHERE id = ? AND deleted_at IS NULL",
                     [coachee_id]).fetchone()
    if row is None:
        raise NotFound(f"There is no coachee with id {coachee_id}.")
    return coachee_id


def _owned(db: sqlite_utils.Database, table: str, what: str, value: Any,
           coachee_id: int) -> int | None:
    """A session or goal id that must be live and belong to `coachee_id` (None passes)."""
    if value is None:
        return None
    record_id = validate.record_id(value, what)
    row = db.execute(f"SELECT coachee_id FROM {table} WHERE id = ? AND deleted_at IS NULL",
                     [record_id]).fetchone()
    if row is None:
        raise NotFound(f"There is no {what} with id {record_id}.")
    if row[0] != coachee_id:
        raise InvalidInput(f"That {what} belongs to another coachee.")
    return record_id


def _row(db: sqlite_utils.Database, action_id: Any) -> dict[str, Any]:
    action_id = validate.record_id(action_id, "action item")
    rows = list(db.query(
        f"SELECT a.* FROM {LIVE_FROM} WHERE a.id = ? AND {LIVE_WHERE}", [action_id]))
    if not rows:
        raise NotFound(f"There is no action item with id {action_id}.")
    return rows[0]


def get(db: sqlite_utils.Database, action_id: int, *, include_deleted: bool = False) -> ActionItem:
    if include_deleted:
        action_id = validate.record_id(action_id, "action item")
        rows = list(db.query("SELECT * FROM action_items WHERE id = ?", [action_id]))
        if not rows:
            raise NotFound(f"There is no action item with id {action_id}.")
        return ActionItem.from_row(rows[0])
    return ActionItem.from_row(_row(db, action_id))


def _text(value: Any) -> str:
    return validate.text(value, "action item", required=True, max_len=TEXT_MAX,
                         missing="An action item needs some text.")


def _siblings(session_id: int | None, coachee_id: int) -> tuple[str, list[Any]]:
    if session_id is None:
        return "coachee_id = ? AND session_id IS NULL AND deleted_at IS NULL", [coachee_id]
    return "session_id = ? AND deleted_at IS NULL", [session_id]


def add(db: sqlite_utils.Database, coachee_id: int, text: str, *, session_id: int | None = None,
        goal_id: int | None = None, owner: str = "coachee", owner_note: str = "",
        due_date: str | date | None = None) -> Changes:
    coachee_id = _live_coachee(db, coachee_id)
    values = {
        "coachee_id": coachee_id,
        "session_id": _owned(db, "sessions", "session", session_id, coachee_id),
        "goal_id": _owned(db, "goals", "goal", goal_id, coachee_id),
        "text": _text(text),
        "owner": validate.choice(owner, "owner", OWNERS),
        "owner_note": validate.text(owner_note, "owner note", max_len=OWNER_NOTE_MAX),
        "due_date": validate.iso_date(due_date, "due date"),
    }
    scope, params = _siblings(values["session_id"], coachee_id)
    with db.atomic():
        values["position"] = db.execute(
            f"SELECT COUNT(*) FROM action_items WHERE {scope}", params).fetchone()[0]
        stamp = now_iso()
        new_id = int(db["action_items"].insert(
            {**values, "created_at": stamp, "updated_at": stamp}).last_pk)
    return Changes("action", (new_id,), created=new_id)


def update(db: sqlite_utils.Database, action_id: int, **fields: Any) -> Changes:
    """Edit text, owner, owner_note, due_date, goal_id or session_id (None detaches)."""
    validate.known_fields(fields, _EDITABLE, "action items")
    row = _row(db, action_id)
    values: dict[str, Any] = {}
    if "text" in fields:
        values["text"] = _text(fields["text"])
    if "owner" in fields:
        values["owner"] = validate.choice(fields["owner"], "owner", OWNERS)
    if "owner_note" in fields:
        values["owner_note"] = validate.text(fields["owner_note"], "owner note",
                                             max_len=OWNER_NOTE_MAX)
    if "due_date" in fields:
        values["due_date"] = validate.iso_date(fields["due_date"], "due date")
    if "goal_id" in fields:
        values["goal_id"] = _owned(db, "goals", "goal", fields["goal_id"], row["coachee_id"])
    if "session_id" in fields:
        values["session_id"] = _owned(db, "sessions", "session", fields["session_id"],
                                      row["coachee_id"])
    with db.atomic():
        if "session_id" in values and values["session_id"] != row["session_id"]:
            scope, params = _siblings(values["session_id"], row["coachee_id"])
            values["position"] = db.execute(
                f"SELECT COUNT(*) FROM action_items WHERE {scope}", params).fetchone()[0]
        db["action_items"].update(row["id"], {**values, "updated_at": now_iso()})
    return Changes("action", (row["id"],))


def complete(db: sqlite_utils.Database, action_id: int,
             done_on: str | date | None = None) -> Changes:
    row = _row(db, action_id)
    day = validate.iso_date(done_on, "done date") or today().isoformat()
    with db.atomic():
        db["action_items"].update(row["id"], {"done_on": day, "updated_at": now_iso()})
    return Changes("action", (row["id"],))


def reopen(db: sqlite_utils.Database, action_id: int) -> Changes:
    row = _row(db, action_id)
    with db.atomic():
        db["action_items"].update(row["id"], {"done_on": None, "updated_at": now_iso()})
    return Changes("action", (row["id"],))


def list_actions(db: sqlite_utils.Database, *, coachee_id: int | None = None,
                 session_id: int | None = None, open_only: bool = False) -> list[ActionItem]:
    """With `session_id`: in the session's order. Otherwise open items first, soonest due."""
    where = [LIVE_WHERE]
    params: list[Any] = []
    if coachee_id is not None:
        where.append("a.coachee_id = ?")
        params.append(validate.record_id(coachee_id, "coachee"))
    if session_id is not None:
        where.append("a.session_id = ?")
        params.append(validate.record_id(session_id, "session"))
        order = "a.position, a.id"
    else:
        # open items by due date (undated last), then done items, most recently done first
        order = ("a.done_on IS NOT NULL, "
                 "CASE WHEN a.done_on IS NULL THEN COALESCE(a.due_date, '9999-12-31') END, "
                 "a.done_on DESC, a.created_at, a.position, a.id")
    if open_only:
        where.append("a.done_on IS NULL")
    sql = (f"SELECT a.* FROM {LIVE_FROM} "
           f"WHERE {' AND '.join(where)} ORDER BY {order}")
    return [ActionItem.from_row(r) for r in db.query(sql, params)]


def move(db: sqlite_utils.Database, action_id: int, new_position: int) -> Changes:
    """Reorder among siblings (the same session's items, or the coachee's loose items)."""
    row = _row(db, action_id)
    validate.integer(new_position, "new position", minimum=0)
    scope, params = _siblings(row["session_id"], row["coachee_id"])
    with db.atomic():
        reorder(db, "action_items", row["id"], new_position, scope, params)
    return Changes("action", (row["id"],))
