"""Every sqlite-utils call the project relies on, run on a real encrypted workbook.

sqlite-utils catches OperationalError from the stdlib's module, not sqlcipher3's, so some of
its fallbacks do not work on our connection; this file pins down what does.
"""

from __future__ import annotations

import pytest
import sqlite_utils


def test_execute_and_query(db: sqlite_utils.Database) -> None:
    cur = db.execute("INSERT INTO coachees(name) VALUES (?)", ["Sun Li"])
    assert cur.lastrowid
    assert list(db.query("SELECT name FROM coachees WHERE id = ?", [cur.lastrowid])) == [
        {"name": "Sun Li"}]
    assert list(db.query("SELECT name FROM coachees WHERE id = :i", {"i": cur.lastrowid}))


def test_table_insert_update_get_rows_where_count(db: sqlite_utils.Database) -> None:
    table = db["coachees"]
    assert isinstance(table, sqlite_utils.db.Table)
    table.insert({"name": "Ilse Varga", "program": "MD"})
    pk = table.last_pk
    table.update(pk, {"program": "Pediatrics"})
    assert table.get(pk)["program"] == "Pediatrics"
    table.insert_all([{"name": f"Coachee {i}"} for i in range(5)])
    assert table.count == 6
    assert [r["name"] for r in table.rows_where("program = ?", ["Pediatrics"])] == ["Ilse Varga"]
    with pytest.raises(sqlite_utils.db.NotFoundError):
        table.get(999_999)


def test_atomic_commits_nests_and_rolls_back(db: sqlite_utils.Database) -> None:
    with db.atomic():
        db.execute("INSERT INTO coachees(name) VALUES ('Outer')")
        with pytest.raises(RuntimeError), db.atomic():
            db.execute("INSERT INTO coachees(name) VALUES ('Inner')")
            raise RuntimeError("inner fails")
    assert [r["name"] for r in db.query("SELECT name FROM coachees")] == ["Outer"]
    with pytest.raises(RuntimeError), db.atomic():
        db.execute("INSERT INTO coachees(name) VALUES ('Gone')")
        raise RuntimeError("outer fails")
    assert db["coachees"].count == 1
    assert not db.conn.in_transaction


def test_constraint_errors_roll_back_the_whole_atomic_block(db: sqlite_utils.Database) -> None:
    with pytest.raises(Exception, match=r"CHECK|constraint"), db.atomic():
        db.execute("INSERT INTO coachees(name) VALUES ('Kept?')")
        db.execute("INSERT INTO coachees(name, status) VALUES ('Bad', 'nonsense')")
    assert db["coachees"].count == 0
    assert not db.conn.in_transaction


def test_introspection(db: sqlite_utils.Database) -> None:
    assert {"coachees", "sessions", "search_index"} <= set(db.table_names())
    assert "name" in {c.name for c in db["coachees"].columns}
    assert db["coachees"].pks == ["id"]


def test_fts5_match_through_sqlite_utils(db: sqlite_utils.Database) -> None:
    db.execute("INSERT INTO coachees(name) VALUES ('Nguyễn Thị Hoa')")
    rows = list(db.query("SELECT ref_id FROM search_index WHERE search_index MATCH ?",
                         ['"nguyen"']))
    assert len(rows) == 1


def test_alter_true_fallback_is_unavailable_so_the_project_never_uses_it(
    db: sqlite_utils.Database,
) -> None:
    # Documented trap: with a sqlcipher3 connection, sqlite-utils' alter fallback does not
    # catch sqlcipher3's OperationalError. Schema changes go through migrations instead.
    with pytest.raises(Exception, match=r"no column|has no column"):
        db["coachees"].insert({"name": "X", "not_a_column": 1}, alter=True)
    assert db["coachees"].count == 0


def test_writes_of_records_the_project_makes(db: sqlite_utils.Database) -> None:
    # Rows are written through the table API (docs/architecture.md); each shape used is here.
    coachee = int(db["coachees"].insert({"name": "Ada Brandt"}).last_pk)
    goal = int(db["goals"].insert({"coachee_id": coachee, "title": "Lead rounds"}).last_pk)
    value = int(db["coachee_values"].insert(
        {"coachee_id": coachee, "name": "Courage", "rank": 0}).last_pk)
    link = db["goal_values"].insert({"goal_id": goal, "value_id": value})
    assert link.last_rowid  # a pair key: callers take the rowid, never int(last_pk)
    db["goal_domains"].insert({"key": "craft", "name": "Craft", "position": 9})
    db["goal_domains"].update("craft", {"name": "Clinical craft"})  # a text primary key
    assert db["goal_domains"].get("craft")["name"] == "Clinical craft"
    db["goals"].update(goal, {"progress": 40, "target_date": None})
    assert db["goals"].get(goal)["progress"] == 40
    db["settings"].upsert({"key": "coach_name", "value": '"Dr Ines Moreau"'}, pk="key")
    db["settings"].upsert({"key": "a_new_key", "value": "1"}, pk="key")
    stored = {r["key"]: r["value"] for r in db.query("SELECT key, value FROM settings")}
    assert stored["coach_name"] == '"Dr Ines Moreau"' and stored["a_new_key"] == "1"
    with pytest.raises(sqlite_utils.db.NotFoundError):
        db["goals"].update(999_999, {"progress": 1})


def test_table_writes_roll_back_with_the_callers_transaction(db: sqlite_utils.Database) -> None:
    with pytest.raises(RuntimeError), db.atomic():
        pk = db["coachees"].insert({"name": "Noor Haddad"}).last_pk
        db["coachees"].update(pk, {"program": "MD"})
        raise RuntimeError("the operation fails after writing")
    assert db["coachees"].count == 0
    assert not db.conn.in_transaction


def test_delete_where_quotes_the_table_and_nests_in_the_callers_transaction(
        db: sqlite_utils.Database) -> None:
    keep = db["coachees"].insert({"name": "Tomás Ferreira"}).last_pk
    gone = db["coachees"].insert({"name": "Amara Okafor"}).last_pk
    with pytest.raises(RuntimeError), db.atomic():
        db["coachees"].delete_where("id = ?", [gone])
        raise RuntimeError("the purge fails after deleting")
    assert db["coachees"].count == 2  # rolled back with the caller's transaction
    with db.atomic():
        db["coachees"].delete_where("id = ?", [gone])
    assert [r["id"] for r in db["coachees"].rows] == [keep]
    assert not db.conn.in_transaction
