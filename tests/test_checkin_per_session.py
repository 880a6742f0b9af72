"""One check-in per goal per session: checking in again edits it, a migration folds the
duplicates older workbooks hold (the latest wins), and a JSON import applies the same rule."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3

from tests.conftest import PASSPHRASE
from workbook import coachees, goals, migrations, sessions, vault
from workbook.changes import Changes
from workbook.exchange.json_format import import_json

FIXTURE = Path(__file__).parent / "fixtures" / "workbook_export.json"
STEP = "0003_one_checkin_per_goal_per_session"


@pytest.fixture
def hoa(db: Any) -> int:
    return coachees.add(db, "Nguyễn Thị Hoa").created


@pytest.fixture
def goal(db: Any, hoa: int) -> int:
    return goals.add(db, hoa, "Build a study plan").created


def _rows(db: Any, goal_id: int) -> list[tuple[Any, ...]]:
    return [(k.session_id, k.checked_on, k.progress, k.gas_level, k.note)
            for k in goals.list_checkins(db, goal_id)]


def test_a_second_check_in_in_the_same_session_edits_the_first(db: Any, hoa: int,
                                                                goal: int) -> None:
    sid = sessions.start(db, hoa, None, scheduled_at="2026-03-01T09:00").id
    first = goals.check_in(db, goal, checked_on="2026-03-01", progress=40, gas_level=-1,
                           note="Plan drafted.", session_id=sid)
    again = goals.check_in(db, goal, checked_on="2026-03-01", progress=55, session_id=sid)
    assert again == Changes("checkin", (first.created,), also=frozenset({"goal"}))
    assert _rows(db, goal) == [(sid, "2026-03-01", 55, None, "")]
    assert goals.get(db, goal).progress == 55
    # Another session, or none, still adds a check-in of its own.
    later = sessions.start(db, hoa, None, scheduled_at="2026-04-01T09:00").id
    goals.check_in(db, goal, checked_on="2026-04-01", progress=70, session_id=later)
    goals.check_in(db, goal, checked_on="2026-04-02", progress=75)
    goals.check_in(db, goal, checked_on="2026-04-03", progress=80)
    assert [r[:3] for r in _rows(db, goal)] == [
        (sid, "2026-03-01", 55), (later, "2026-04-01", 70), (None, "2026-04-02", 75),
        (None, "2026-04-03", 80)]


def test_the_workbook_refuses_a_second_row_for_one_goal_and_session(db: Any, hoa: int,
                                                                     goal: int) -> None:
    sid = sessions.start(db, hoa, None).id
    goals.check_in(db, goal, progress=10, session_id=sid)
    with pytest.raises(sqlcipher3.dbapi2.IntegrityError), db.atomic():
        db.execute("INSERT INTO checkins(goal_id, session_id, checked_on) VALUES (?, ?, ?)",
                   [goal, sid, "2026-03-02"])


@contextlib.contextmanager
def _at_previous_schema(path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A real workbook as the version before the fold wrote it (only the earlier
    migrations ran), open for writing the rows that version allowed."""
    names = [name for name, _step in migrations.MIGRATIONS]
    earlier = migrations.MIGRATIONS[:names.index(STEP)]
    with monkeypatch.context() as patched:
        patched.setattr(migrations, "MIGRATIONS", earlier)
        patched.setattr(migrations, "SCHEMA_VERSION", len(earlier))
        with vault.create(path, PASSPHRASE) as v:
            assert v.pragma("user_version") == len(earlier)
            yield v.db


def test_the_migration_folds_same_session_duplicates_the_latest_winning(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "older.cwb"
    with _at_previous_schema(path, monkeypatch) as db, db.atomic():
        hoa = db.execute("INSERT INTO coachees(name) VALUES ('Nguyễn Thị Hoa')").lastrowid
        plan = db.execute("INSERT INTO goals(coachee_id, title) VALUES (?, 'Study plan')",
                          [hoa]).lastrowid
        sleep = db.execute("INSERT INTO goals(coachee_id, title) VALUES (?, 'Sleep')",
                           [hoa]).lastrowid
        march, april = (db.execute(
            "INSERT INTO sessions(coachee_id, scheduled_at) VALUES (?, ?)",
            [hoa, when]).lastrowid for when in ("2026-03-01T09:00", "2026-04-01T09:00"))
        rows = [  # goal, session, date, progress, note — as clicks added them
            (plan, march, "2026-03-01", 30, "first click"),
            (plan, march, "2026-03-01", 40, "second click"),
            (plan, march, "2026-03-01", 45, "third click"),
            (plan, april, "2026-04-01", 60, "April"),
            (sleep, march, "2026-03-02", 20, "dated later"),
            (sleep, march, "2026-03-01", 10, "written later, dated earlier"),
            (plan, None, "2026-03-05", 42, "between meetings"),
            (plan, None, "2026-03-05", 43, "between meetings, again"),
        ]
        for row in rows:
            db.execute("INSERT INTO checkins(goal_id, session_id, checked_on, progress, "
                       "note) VALUES (?, ?, ?, ?, ?)", list(row))
    with vault.open_vault(path, PASSPHRASE) as v:  # opening upgrades it
        db = v.db
        assert v.pragma("user_version") == migrations.SCHEMA_VERSION
        assert STEP in [r[0] for r in db.execute("SELECT name FROM schema_migrations")]
        assert [(r[0], r[2], r[4]) for r in _rows(db, plan)] == [
            (march, 45, "third click"), (None, 42, "between meetings"),
            (None, 43, "between meetings, again"), (april, 60, "April")]
        assert [(r[0], r[2], r[4]) for r in _rows(db, sleep)] == [
            (march, 20, "dated later")]
        # From now on a second check-in in that session edits the kept one.
        goals.check_in(db, plan, checked_on="2026-03-01", progress=50, session_id=march)
        assert [r[2] for r in _rows(db, plan)] == [50, 42, 43, 60]
        with pytest.raises(sqlcipher3.dbapi2.IntegrityError), db.atomic():
            db.execute("INSERT INTO checkins(goal_id, session_id, checked_on) "
                       "VALUES (?, ?, '2026-03-01')", [sleep, march])


def _with_duplicates() -> dict[str, Any]:
    doc = json.loads(FIXTURE.read_text("utf-8"))
    goal = next(g for c in doc["coachees"] for g in c["goals"]
                if g["title"] == "Present a case at morning report")
    first = goal["checkins"][0]  # session 1, 2026-02-10, 40 %
    goal["checkins"] = [
        {**first, "progress": 35, "note": "Later in the file, dated later", "checked_on":
         "2026-02-11"},
        first,
        {**first, "progress": 38, "note": "Later in the file, same date", "checked_on":
         "2026-02-11"},
        {**first, "session_ref": None, "progress": 20, "note": "Between meetings"},
    ]
    return doc


def test_json_import_keeps_the_latest_check_in_of_a_goal_in_each_session(
        db: Any, tmp_path: Path) -> None:
    source = tmp_path / "duplicates.json"
    source.write_text(json.dumps(_with_duplicates(), ensure_ascii=False), "utf-8")
    result = import_json(db, source)
    assert result.warnings == [
        "The goal «Present a case at morning report» had more than one check-in for the same "
        "session; only the latest of each was imported."]
    goal_id = db.execute("SELECT id FROM goals WHERE title = "
                         "'Present a case at morning report'").fetchone()[0]
    kept = _rows(db, goal_id)
    assert [(r[0] is None, r[1], r[2], r[4]) for r in kept] == [
        (True, "2026-02-10", 20, "Between meetings"),
        (False, "2026-02-11", 38, "Later in the file, same date")]
