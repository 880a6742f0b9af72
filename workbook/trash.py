"""The trash: soft-deleted records, restoring them, and deleting them for good.

A record is in the trash when its `deleted_at` is set. Trashing a coachee hides everything
of theirs without touching those rows, so restoring the coachee brings it all back. Purging
is a real DELETE: foreign keys cascade to every child row, the search triggers remove the
index entries, and the vault's `secure_delete` overwrites the freed pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlite_utils

from workbook import migrations, validate, values
from workbook.changes import Changes
from workbook.dates import now_iso
from workbook.errors import InvalidInput, NotFound
from workbook.records import FromRow

KIND_TABLES = {
    "coachee": "coachees",
    "value": "coachee_values",
    "goal": "goals",
    "session": "sessions",
    "action": "action_items",
    "template": "templates",
}
assert set(KIND_TABLES.values()) == set(migrations.TRASHABLE)

_NOUNS = {"coachee": "coachee", "value": "value", "goal": "goal", "session": "session",
          "action": "action item", "template": "template"}
# What each kind shows in the trash list.
_LABELS = {
    "coachee": "t.name",
    "value": "t.name",
    "goal": "t.title",
    "session": "substr(t.scheduled_at, 1, 10) || ' · ' || "
               "coalesce(nullif(t.template_name, ''), nullif(t.title, ''), 'Session')",
    "action": "t.text",
    "template": "t.name",
}
_COACHEE_CHILDREN = frozenset({"value", "goal", "session", "action"})


@dataclass(frozen=True)
class TrashItem(FromRow):
    kind: str
    id: int
    label: str
    deleted_at: str
    coachee_id: int | None
    coachee_name: str | None


def _kind(kind: Any) -> str:
    if isinstance(kind, str) and kind in KIND_TABLES:
        return kind
    raise InvalidInput(
        f"Kind «{validate.shown(kind)}» is not one of: {', '.join(KIND_TABLES)}."
    )


def _coachee_column(kind: str) -> str:
    if kind == "coachee":
        return "t.id"
    if kind == "template":
        return "NULL"
    return "t.coachee_id"


def _select(kind: str) -> str:
    return (
        f"SELECT '{kind}' AS kind, t.id, {_LABELS[kind]} AS label, t.deleted_at, "
        f"c.id AS coachee_id, c.name AS coachee_name, c.deleted_at AS coachee_deleted_at "
        f"FROM {KIND_TABLES[kind]} t LEFT JOIN coachees c ON c.id = {_coachee_column(kind)}"
    )


def _row(db: sqlite_utils.Database, kind: str, record_id: Any) -> dict[str, Any]:
    record_id = validate.record_id(record_id, _NOUNS[kind])
    rows = list(db.query(_select(kind) + " WHERE t.id = ?", [record_id]))
    if not rows:
        raise NotFound(f"There is no {_NOUNS[kind]} with id {record_id}.")
    return rows[0]


def _also(kind: str) -> frozenset[str]:
    return frozenset({kind}) | (_COACHEE_CHILDREN if kind == "coachee" else frozenset())


def trash(db: sqlite_utils.Database, kind: str, record_id: int) -> Changes:
    """Move a record to the trash (a record already there keeps its first date)."""
    kind = _kind(kind)
    with db.atomic():
        row = _row(db, kind, record_id)
        if not row["deleted_at"]:
            db[KIND_TABLES[kind]].update(row["id"], {"deleted_at": now_iso()})
    return Changes("trash", (row["id"],), also=_also(kind))


def restore(db: sqlite_utils.Database, kind: str, record_id: int) -> Changes:
    """Take a record out of the trash. A restored value goes to the end of the ranking."""
    kind = _kind(kind)
    with db.atomic():
        row = _row(db, kind, record_id)
        if kind in _COACHEE_CHILDREN and row["coachee_deleted_at"]:
            raise InvalidInput(f"Restore the coachee «{row['coachee_name']}» first.")
        if row["deleted_at"]:
            changed: dict[str, Any] = {"deleted_at": None, "updated_at": now_iso()}
            if kind == "value":
                _check_value_name(db, row)
                changed["rank"] = values.next_rank(db, row["coachee_id"])
            db[KIND_TABLES[kind]].update(row["id"], changed)
    return Changes("trash", (row["id"],), also=_also(kind))


def _check_value_name(db: sqlite_utils.Database, row: dict[str, Any]) -> None:
    for live in values.list_values(db, row["coachee_id"]):
        if validate.same_text(live.name, row["label"]):
            raise InvalidInput(
                f"Value «{live.name}» is already one of {row['coachee_name']}'s values; "
                "rename that one before restoring this."
            )


def list_trash(db: sqlite_utils.Database) -> list[TrashItem]:
    """Everything in the trash, most recently trashed first."""
    rows: list[dict[str, Any]] = []
    for kind in KIND_TABLES:
        rows += db.query(_select(kind) + " WHERE t.deleted_at IS NOT NULL")
    order = list(KIND_TABLES)
    rows.sort(key=lambda r: (r["deleted_at"], -order.index(r["kind"]), r["id"]), reverse=True)
    return [TrashItem.from_row(r) for r in rows]


def _forget_deleted_text(db: sqlite_utils.Database) -> None:
    # FTS5 keeps the words of deleted and edited rows in its segments until they are merged.
    # Merging everything now (about 1 s on a 110 MB workbook) means a purged name is gone
    # from the file, not just hidden; secure_delete then zeroes the freed pages. FTS5's own
    # 'secure-delete' option would do this on every autosave instead, at 5-50x the cost.
    db.execute("INSERT INTO search_index(search_index) VALUES ('optimize')")


def _purge_row(db: sqlite_utils.Database, kind: str, record_id: int) -> None:
    if kind == "coachee":
        # Triggers cover every indexed table; this also catches rows indexed under the
        # coachee by a computed expression (session sections).
        db.execute("DELETE FROM search_index WHERE coachee_id = ?", [record_id])
    if kind == "session":
        # Its action items were hidden with it; purging must not set them loose.
        db.execute("DELETE FROM action_items WHERE session_id = ?", [record_id])
    # The table varies with the kind: sqlite-utils quotes its name, none is formatted in.
    db[KIND_TABLES[kind]].delete_where("id = ?", [record_id])


def purge(db: sqlite_utils.Database, kind: str, record_id: int) -> Changes:
    """Delete a trashed record and everything under it for good (cannot be undone)."""
    kind = _kind(kind)
    with db.atomic():
        row = _row(db, kind, record_id)
        if not row["deleted_at"]:
            raise InvalidInput(
                f"Move the {_NOUNS[kind]} to the trash before deleting it for good."
            )
        _purge_row(db, kind, row["id"])
        _forget_deleted_text(db)
    return Changes("trash", (row["id"],), also=_also(kind))


def empty_trash(db: sqlite_utils.Database) -> Changes:
    """Purge everything in the trash, in one transaction."""
    kinds: set[str] = set()
    with db.atomic():
        # Coachees first: their cascade takes their trashed children with them.
        for kind in KIND_TABLES:
            table = KIND_TABLES[kind]
            for r in list(db.query(f"SELECT id FROM {table} WHERE deleted_at IS NOT NULL")):
                _purge_row(db, kind, r["id"])
                kinds |= _also(kind)
        if kinds:
            _forget_deleted_text(db)
    return Changes("trash", also=frozenset(kinds))
