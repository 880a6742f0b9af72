"""Personal values: the catalog to choose from, each coachee's ranked choices and reflections,
and how those values show up in the coachee's goals."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import sqlite_utils

from workbook import coachees, validate
from workbook.changes import Changes
from workbook.dates import now_iso
from workbook.errors import InvalidInput, NotFound
from workbook.records import Converters, FromRow

NAME_MAX = 100
REFLECTION_MAX = 20_000


@dataclass(frozen=True)
class CatalogValue(FromRow):
    id: int
    name: str
    description: str
    builtin: bool

    CONVERT: ClassVar[Converters] = {"builtin": bool}


@dataclass(frozen=True)
class CoacheeValue(FromRow):
    id: int
    coachee_id: int
    name: str
    rank: int
    reflection: str
    created_at: str
    updated_at: str
    deleted_at: str | None


@dataclass(frozen=True)
class GoalRef(FromRow):
    id: int
    title: str


@dataclass(frozen=True)
class ValuesGoalsMap:
    """Which of a coachee's values their (open or achieved) goals express."""

    links: list[tuple[int, int]]  # (value_id, goal_id)
    values_without_goals: list[CoacheeValue]
    goals_without_values: list[GoalRef]
    values: list[CoacheeValue]
    goals: list[GoalRef]


# -- the catalog ---------------------------------------------------------------------------
def catalog(db: sqlite_utils.Database) -> list[CatalogValue]:
    items = [CatalogValue.from_row(r) for r in db.query("SELECT * FROM value_catalog")]
    return sorted(items, key=lambda v: (validate.fold(v.name), v.id))


def add_catalog_value(db: sqlite_utils.Database, name: str, description: str = "") -> Changes:
    name = validate.text(name, "value name", required=True, max_len=NAME_MAX,
                         missing="A value needs a name.")
    description = validate.text(description, "value description", max_len=2_000)
    with db.atomic():
        for row in list(db.query("SELECT name FROM value_catalog")):
            if validate.same_text(row["name"], name):
                raise InvalidInput(f"The values list already has «{row['name']}».")
        new_id = int(db["value_catalog"].insert({"name": name, "description": description}).last_pk)
    return Changes("catalog", (new_id,), created=new_id)


# -- a coachee's values ----------------------------------------------------------------------
_LIVE = """
SELECT v.* FROM coachee_values v JOIN coachees c ON c.id = v.coachee_id
WHERE v.deleted_at IS NULL AND c.deleted_at IS NULL
"""


def list_values(db: sqlite_utils.Database, coachee_id: int) -> list[CoacheeValue]:
    """The coachee's values, most important first (none if the coachee is in the trash)."""
    coachee_id = validate.record_id(coachee_id, "coachee")
    rows = db.query(_LIVE + " AND v.coachee_id = ? ORDER BY v.rank, v.id", [coachee_id])
    return [CoacheeValue.from_row(r) for r in rows]


def get(db: sqlite_utils.Database, value_id: int, *,
        include_deleted: bool = False) -> CoacheeValue:
    value_id = validate.record_id(value_id, "value")
    rows = list(db.query(
        "SELECT v.*, c.deleted_at AS coachee_deleted_at FROM coachee_values v "
        "JOIN coachees c ON c.id = v.coachee_id WHERE v.id = ?", [value_id]))
    if not rows:
        raise NotFound(f"There is no value with id {value_id}.")
    if not include_deleted and (rows[0]["deleted_at"] or rows[0]["coachee_deleted_at"]):
        raise NotFound(f"The value with id {value_id} is in the trash.")
    return CoacheeValue.from_row(rows[0])


def _check_unique(db: sqlite_utils.Database, coachee_id: int, name: str,
                  except_id: int | None = None) -> None:
    for value in list_values(db, coachee_id):
        if value.id != except_id and validate.same_text(value.name, name):
            raise InvalidInput(f"Value «{name}» is already one of this coachee's values.")


def next_rank(db: sqlite_utils.Database, coachee_id: int) -> int:
    row = db.execute(
        "SELECT max(rank) FROM coachee_values WHERE coachee_id = ? AND deleted_at IS NULL",
        [coachee_id],
    ).fetchone()
    return 0 if row[0] is None else int(row[0]) + 1


def add(db: sqlite_utils.Database, coachee_id: int, name: str, reflection: str = "") -> Changes:
    name = validate.text(name, "value name", required=True, max_len=NAME_MAX,
                         missing="A value needs a name.")
    reflection = validate.text(reflection, "reflection", max_len=REFLECTION_MAX)
    with db.atomic():
        coachee = coachees.get(db, coachee_id)
        _check_unique(db, coachee.id, name)
        new_id = int(db["coachee_values"].insert({
            "coachee_id": coachee.id, "name": name, "rank": next_rank(db, coachee.id),
            "reflection": reflection}).last_pk)
    return Changes("value", (new_id,), created=new_id)


def update(db: sqlite_utils.Database, value_id: int, *, name: str | None = None,
           reflection: str | None = None) -> Changes:
    row: dict[str, Any] = {}
    if name is not None:
        row["name"] = validate.text(name, "value name", required=True, max_len=NAME_MAX,
                                    missing="A value needs a name.")
    if reflection is not None:
        row["reflection"] = validate.text(reflection, "reflection", max_len=REFLECTION_MAX)
    with db.atomic():
        value = get(db, value_id)
        if "name" in row:
            _check_unique(db, value.coachee_id, row["name"], except_id=value.id)
        if row:
            db["coachee_values"].update(value.id, {**row, "updated_at": now_iso()})
    return Changes("value", (value.id,))


def reorder(db: sqlite_utils.Database, coachee_id: int, ordered_ids: list[int]) -> Changes:
    """Rank the coachee's values in the order given (it must list each of them once)."""
    wanted = validate.id_list(ordered_ids, "value")
    if isinstance(ordered_ids, list | tuple) and len(wanted) != len(ordered_ids):
        raise InvalidInput("The new order of values lists a value twice.")
    with db.atomic():
        coachee = coachees.get(db, coachee_id)
        current = {v.id for v in list_values(db, coachee.id)}
        if set(wanted) != current:
            raise InvalidInput(
                "The new order of values must list each of this coachee's values exactly once."
            )
        stamp = now_iso()
        for rank, value_id in enumerate(wanted):
            db["coachee_values"].update(value_id, {"rank": rank, "updated_at": stamp})
    return Changes("value", tuple(wanted))


def values_goals_map(db: sqlite_utils.Database, coachee_id: int) -> ValuesGoalsMap:
    """Links between the coachee's values and goals, ignoring trashed and dropped goals."""
    values = list_values(db, coachee_id)
    goals = [GoalRef.from_row(r) for r in db.query(
        "SELECT g.id, g.title FROM goals g JOIN coachees c ON c.id = g.coachee_id "
        "WHERE g.coachee_id = ? AND g.deleted_at IS NULL AND c.deleted_at IS NULL "
        "AND g.status <> 'dropped' ORDER BY g.id", [coachee_id])]
    value_ids = {v.id for v in values}
    goal_ids = {g.id for g in goals}
    links = [
        (r["value_id"], r["goal_id"]) for r in db.query(
            "SELECT gv.value_id, gv.goal_id FROM goal_values gv JOIN goals g ON g.id = gv.goal_id "
            "WHERE g.coachee_id = ? ORDER BY gv.value_id, gv.goal_id", [coachee_id])
        if r["value_id"] in value_ids and r["goal_id"] in goal_ids
    ]
    linked_values = {v for v, _ in links}
    linked_goals = {g for _, g in links}
    return ValuesGoalsMap(
        links=links,
        values_without_goals=[v for v in values if v.id not in linked_values],
        goals_without_values=[g for g in goals if g.id not in linked_goals],
        values=values,
        goals=goals,
    )
