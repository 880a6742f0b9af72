"""Goals: SMART fields, domain, linked values, Goal Attainment Scaling ladder, milestones and
check-ins."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from workbook import coachees, validate
from workbook.changes import Changes
from workbook.dates import now_iso, today
from workbook.errors import InvalidInput, NotFound
from workbook.goal_records import (
    CLOSED_STATUSES,
    GOAL_STATUSES,
    LADDER_COLUMNS,
    Checkin,
    Domain,
    Goal,
    Milestone,
)
from workbook.templates import renumber

_SMART = ("specific", "measurable", "achievable", "relevant", "time_bound")
GOAL_FIELDS = ("title", "domain", *_SMART, "status", "progress", "target_date", "weight",
               "gas_baseline", "ladder", "value_ids")


# -- validation ----------------------------------------------------------------------------
def _gas_level(value: Any, field: str) -> int | None:
    if value is None:
        return None
    return validate.integer(value, field, minimum=-2, maximum=2)


def _clean_ladder(ladder: Any) -> dict[str, str]:
    """Columns for a whole ladder: levels not given are left blank."""
    if ladder is None:
        ladder = {}
    if not isinstance(ladder, dict):
        raise InvalidInput(
            f"The GAS ladder must map levels −2…+2 to text, not «{validate.shown(ladder)}»."
        )
    row = dict.fromkeys(LADDER_COLUMNS.values(), "")
    for key, text in ladder.items():
        try:
            level = validate.integer(key, "GAS ladder level", minimum=-2, maximum=2)
        except InvalidInput:
            raise InvalidInput(
                f"GAS ladder level «{validate.shown(key)}» is not one of −2, −1, 0, +1, +2."
            ) from None
        label = f"GAS ladder level {level:+d}" if level else "GAS ladder level 0"
        row[LADDER_COLUMNS[level]] = validate.text(text, label, max_len=2_000)
    return row


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    """Validated columns; `ladder` becomes its five columns, `value_ids` a list of ids."""
    validate.known_fields(values, GOAL_FIELDS, "goals")
    row: dict[str, Any] = {}
    for key, value in values.items():
        if key == "title":
            row[key] = validate.text(value, "title", required=True, max_len=300,
                                     missing="A goal needs a title.")
        elif key == "domain":
            row[key] = validate.text(value, "domain", required=True, max_len=100,
                                     missing="A goal needs a domain.")
        elif key in _SMART:
            row[key] = validate.text(value, key.replace("_", "-"), max_len=10_000)
        elif key == "status":
            row[key] = validate.choice(value, "status", GOAL_STATUSES)
        elif key == "progress":
            row[key] = validate.integer(value, "progress", minimum=0, maximum=100)
        elif key == "target_date":
            row[key] = validate.iso_date(value, "target date")
        elif key == "weight":
            row[key] = validate.number(value, "weight", above=0, maximum=100)
        elif key == "gas_baseline":
            row[key] = _gas_level(value, "GAS baseline")
        elif key == "ladder":
            row.update(_clean_ladder(value))
        else:
            row[key] = validate.id_list(value, "value")
    return row


def _resolve_domain(db: sqlite_utils.Database, text: str) -> str:
    for domain in domains(db):
        if validate.same_text(domain.key, text) or validate.same_text(domain.name, text):
            return domain.key
    raise InvalidInput(f"Domain «{validate.shown(text)}» is not one of the goal domains.")


def _check_values(db: sqlite_utils.Database, coachee_id: int, value_ids: list[int]) -> None:
    live = {r["id"] for r in db.query(
        "SELECT id FROM coachee_values WHERE coachee_id = ? AND deleted_at IS NULL",
        [coachee_id])}
    for value_id in value_ids:
        if value_id not in live:
            raise InvalidInput(f"Value {value_id} is not one of this coachee's values.")


def _write(db: sqlite_utils.Database, goal_id: int, coachee_id: int, row: dict[str, Any]) -> None:
    """Apply validated columns (and value links) to an existing goal; caller holds the
    transaction and has checked the goal exists."""
    value_ids = row.pop("value_ids", None)
    if "domain" in row:
        row["domain"] = _resolve_domain(db, row["domain"])
    if value_ids is not None:
        _check_values(db, coachee_id, value_ids)
    db["goals"].update(goal_id, {**row, "updated_at": now_iso()})
    if value_ids is not None:
        # Links to trashed values are kept, so restoring a value brings its links back.
        db.execute(
            "DELETE FROM goal_values WHERE goal_id = ? AND value_id IN "
            "(SELECT id FROM coachee_values WHERE deleted_at IS NULL)", [goal_id])
        for value_id in value_ids:
            db["goal_values"].insert({"goal_id": goal_id, "value_id": value_id})


# -- goals ---------------------------------------------------------------------------------
def domains(db: sqlite_utils.Database) -> list[Domain]:
    return [Domain.from_row(r) for r in db.query(
        "SELECT * FROM goal_domains ORDER BY position, key")]


def add(db: sqlite_utils.Database, coachee_id: int, title: str, **fields: Any) -> Changes:
    row = _clean({"title": title, **fields})
    with db.atomic():
        coachee = coachees.get(db, coachee_id)
        new_id = int(db["goals"].insert({"coachee_id": coachee.id, "title": row["title"]}).last_pk)
        _write(db, new_id, coachee.id, row)
    return Changes("goal", (new_id,), created=new_id)


def update(db: sqlite_utils.Database, goal_id: int, **fields: Any) -> Changes:
    row = _clean(fields)
    also = frozenset({"value"}) if "value_ids" in row else frozenset()
    with db.atomic():
        goal = get(db, goal_id)
        if row:
            _write(db, goal.id, goal.coachee_id, row)
    return Changes("goal", (goal.id,), also=also)


def _value_links(db: sqlite_utils.Database, goal_ids: list[int]) -> dict[int, list[int]]:
    links: dict[int, list[int]] = {}
    if not goal_ids:
        return links
    sql = ("SELECT gv.goal_id, gv.value_id FROM goal_values gv "
           "JOIN coachee_values v ON v.id = gv.value_id WHERE v.deleted_at IS NULL")
    params: list[int] = []
    if len(goal_ids) <= 500:  # beyond that, one pass over all links beats a huge IN (...)
        sql += f" AND gv.goal_id IN ({', '.join('?' for _ in goal_ids)})"
        params = goal_ids
    wanted = set(goal_ids)
    for r in db.query(sql + " ORDER BY v.rank, v.id", params):
        if r["goal_id"] in wanted:
            links.setdefault(r["goal_id"], []).append(r["value_id"])
    return links


def get(db: sqlite_utils.Database, goal_id: int, *, include_deleted: bool = False) -> Goal:
    goal_id = validate.record_id(goal_id, "goal")
    rows = list(db.query(
        "SELECT g.*, c.deleted_at AS coachee_deleted_at FROM goals g "
        "JOIN coachees c ON c.id = g.coachee_id WHERE g.id = ?", [goal_id]))
    if not rows:
        raise NotFound(f"There is no goal with id {goal_id}.")
    if not include_deleted and (rows[0]["deleted_at"] or rows[0]["coachee_deleted_at"]):
        raise NotFound(f"The goal with id {goal_id} is in the trash.")
    return Goal.from_row({**rows[0], "value_ids": _value_links(db, [goal_id]).get(goal_id, ())})


def list_goals(db: sqlite_utils.Database, coachee_id: int | None = None, *,
               include_closed: bool = True) -> list[Goal]:
    """Goals not in the trash, by coachee name then in the order they were set."""
    sql = ("SELECT g.*, c.name AS coachee_name FROM goals g JOIN coachees c "
           "ON c.id = g.coachee_id WHERE g.deleted_at IS NULL AND c.deleted_at IS NULL")
    params: list[Any] = []
    if coachee_id is not None:
        sql += " AND g.coachee_id = ?"
        params.append(validate.record_id(coachee_id, "coachee"))
    if not include_closed:
        sql += f" AND g.status NOT IN ({', '.join('?' for _ in CLOSED_STATUSES)})"
        params += CLOSED_STATUSES
    rows = list(db.query(sql, params))
    rows.sort(key=lambda r: (validate.fold(r["coachee_name"]), r["coachee_id"], r["id"]))
    links = _value_links(db, [r["id"] for r in rows])
    return [Goal.from_row({**r, "value_ids": links.get(r["id"], ())}) for r in rows]


def set_values(db: sqlite_utils.Database, goal_id: int, value_ids: list[int]) -> Changes:
    """Link the goal to exactly these values of its coachee."""
    ids = validate.id_list(value_ids, "value")
    with db.atomic():
        goal = get(db, goal_id)
        _write(db, goal.id, goal.coachee_id, {"value_ids": ids})
    return Changes("goal", (goal.id,), also=frozenset({"value"}))


def set_ladder(db: sqlite_utils.Database, goal_id: int, ladder: dict[int, str]) -> Changes:
    """Replace the whole GAS ladder (levels left out become blank)."""
    row = _clean_ladder(ladder)
    with db.atomic():
        goal = get(db, goal_id)
        _write(db, goal.id, goal.coachee_id, row)
    return Changes("goal", (goal.id,))


def record_attainment(db: sqlite_utils.Database, goal_id: int, level: int | None,
                      on: str | None = None) -> Changes:
    """The GAS level attained at review (−2…+2), on `on` (default today); None clears it."""
    attained = _gas_level(level, "GAS attained level")
    when = validate.iso_date(on, "attainment date")
    if attained is None:
        when = None
    elif when is None:
        when = today().isoformat()
    with db.atomic():
        goal = get(db, goal_id)
        _write(db, goal.id, goal.coachee_id, {"gas_attained": attained,
                                              "gas_attained_on": when})
    return Changes("goal", (goal.id,))


# -- milestones ----------------------------------------------------------------------------
def list_milestones(db: sqlite_utils.Database, goal_id: int) -> list[Milestone]:
    goal_id = validate.record_id(goal_id, "goal")
    return [Milestone.from_row(r) for r in db.query(
        "SELECT m.* FROM milestones m JOIN goals g ON g.id = m.goal_id "
        "JOIN coachees c ON c.id = g.coachee_id WHERE m.goal_id = ? "
        "AND g.deleted_at IS NULL AND c.deleted_at IS NULL ORDER BY m.position, m.id",
        [goal_id])]


def get_milestone(db: sqlite_utils.Database, milestone_id: int) -> Milestone:
    """A milestone of a goal that is not in the trash."""
    milestone_id = validate.record_id(milestone_id, "milestone")
    rows = list(db.query("SELECT * FROM milestones WHERE id = ?", [milestone_id]))
    if not rows:
        raise NotFound(f"There is no milestone with id {milestone_id}.")
    milestone = Milestone.from_row(rows[0])
    get(db, milestone.goal_id)
    return milestone


def _milestone_fields(values: dict[str, Any]) -> dict[str, Any]:
    validate.known_fields(values, ("title", "due_date", "done_on"), "milestones")
    row: dict[str, Any] = {}
    if "title" in values:
        row["title"] = validate.text(values["title"], "milestone title", required=True,
                                     max_len=300, missing="A milestone needs a title.")
    if "due_date" in values:
        row["due_date"] = validate.iso_date(values["due_date"], "due date")
    if "done_on" in values:
        row["done_on"] = validate.iso_date(values["done_on"], "done date")
    return row


def _touch_goal(db: sqlite_utils.Database, goal_id: int) -> None:
    db["goals"].update(goal_id, {"updated_at": now_iso()})


def add_milestone(db: sqlite_utils.Database, goal_id: int, title: str,
                  due_date: str | None = None) -> Changes:
    row = _milestone_fields({"title": title, "due_date": due_date})
    with db.atomic():
        goal = get(db, goal_id)
        position = len(list_milestones(db, goal.id))
        new_id = int(db["milestones"].insert({
            "goal_id": goal.id, "position": position, "title": row["title"],
            "due_date": row["due_date"]}).last_pk)
        _touch_goal(db, goal.id)
    return Changes("milestone", (new_id,), created=new_id, also=frozenset({"goal"}))


def update_milestone(db: sqlite_utils.Database, milestone_id: int, **fields: Any) -> Changes:
    row = _milestone_fields(fields)
    with db.atomic():
        milestone = get_milestone(db, milestone_id)
        if row:
            db["milestones"].update(milestone.id, row)
            _touch_goal(db, milestone.goal_id)
    return Changes("milestone", (milestone.id,), also=frozenset({"goal"}))


def delete_milestone(db: sqlite_utils.Database, milestone_id: int) -> Changes:
    with db.atomic():
        milestone = get_milestone(db, milestone_id)
        db.execute("DELETE FROM milestones WHERE id = ?", [milestone.id])
        renumber(db, "milestones", "goal_id = ?", [milestone.goal_id])
        _touch_goal(db, milestone.goal_id)
    return Changes("milestone", (milestone.id,), also=frozenset({"goal"}))


def move_milestone(db: sqlite_utils.Database, milestone_id: int, new_position: int) -> Changes:
    """Move a milestone to `new_position` (0 is first) among its goal's milestones."""
    position = validate.integer(new_position, "milestone position", minimum=0)
    with db.atomic():
        milestone = get_milestone(db, milestone_id)
        ids = [m.id for m in list_milestones(db, milestone.goal_id)]
        if position >= len(ids):
            raise InvalidInput(
                f"Milestone position must be between 0 and {len(ids) - 1} (got {position})."
            )
        ids.remove(milestone.id)
        ids.insert(position, milestone.id)
        renumber(db, "milestones", "goal_id = ?", [milestone.goal_id],
                 moving=(milestone.id, position))
        _touch_goal(db, milestone.goal_id)
    return Changes("milestone", tuple(ids), also=frozenset({"goal"}))


# -- check-ins -----------------------------------------------------------------------------
def list_checkins(db: sqlite_utils.Database, goal_id: int) -> list[Checkin]:
    goal_id = validate.record_id(goal_id, "goal")
    return [Checkin.from_row(r) for r in db.query(
        "SELECT k.* FROM checkins k JOIN goals g ON g.id = k.goal_id "
        "JOIN coachees c ON c.id = g.coachee_id WHERE k.goal_id = ? "
        "AND g.deleted_at IS NULL AND c.deleted_at IS NULL ORDER BY k.checked_on, k.id",
        [goal_id])]


def _check_session(db: sqlite_utils.Database, session_id: int, coachee_id: int) -> None:
    rows = list(db.query("SELECT coachee_id, deleted_at FROM sessions WHERE id = ?",
                         [session_id]))
    if not rows or rows[0]["deleted_at"]:
        raise NotFound(f"There is no session with id {session_id}.")
    if rows[0]["coachee_id"] != coachee_id:
        raise InvalidInput(f"Session {session_id} is not one of this coachee's sessions.")


def _latest(db: sqlite_utils.Database, goal_id: int, column: str) -> int | None:
    row = db.execute(
        f"SELECT id FROM checkins WHERE goal_id = ? AND {column} IS NOT NULL "
        "ORDER BY checked_on DESC, id DESC LIMIT 1", [goal_id]).fetchone()
    return None if row is None else int(row[0])


def check_in(db: sqlite_utils.Database, goal_id: int, *, checked_on: str | None = None,
             progress: int | None = None, gas_level: int | None = None, note: str = "",
             session_id: int | None = None) -> Changes:
    """Record progress on a goal; the goal takes the progress and GAS level of its latest
    check-in (a back-dated check-in does not overwrite a newer one).

    A goal has one check-in per session: checking in again in the same session replaces
    that check-in's date, progress, level and note (the latest wins) instead of adding one.
    """
    when = validate.iso_date(checked_on, "check-in date") or today().isoformat()
    pct = None if progress is None else validate.integer(progress, "progress", minimum=0,
                                                         maximum=100)
    level = _gas_level(gas_level, "GAS level")
    note = validate.text(note, "note", max_len=20_000)
    session = None if session_id is None else validate.record_id(session_id, "session")
    with db.atomic():
        goal = get(db, goal_id)
        found = None
        written = {"checked_on": when, "progress": pct, "gas_level": level, "note": note}
        if session is not None:
            _check_session(db, session, goal.coachee_id)
            found = db.execute("SELECT id FROM checkins WHERE goal_id = ? AND session_id = ?",
                               [goal.id, session]).fetchone()
        if found is None:
            checkin_id = int(db["checkins"].insert({
                "goal_id": goal.id, "session_id": session, **written}).last_pk)
        else:
            checkin_id = int(found[0])
            db["checkins"].update(checkin_id, written)
        row: dict[str, Any] = {}
        if pct is not None and _latest(db, goal.id, "progress") == checkin_id:
            row["progress"] = pct
        if level is not None and _latest(db, goal.id, "gas_level") == checkin_id:
            row.update(gas_attained=level, gas_attained_on=when)
        if row:
            _write(db, goal.id, goal.coachee_id, row)
    return Changes("checkin", (checkin_id,), created=checkin_id if found is None else None,
                   also=frozenset({"goal"}))
