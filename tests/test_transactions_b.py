"""Every mutation of templates, sessions, notes and actions: one transaction, closed afterwards,
and a failing call (bad input, missing record, or a failure midway) changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from workbook import actions, notes, sessions, templates
from workbook.errors import InvalidInput, NotFound, WorkbookError

World = dict[str, Any]
Call = Callable[[Any, World], object]


def snapshot(db) -> dict[str, list[tuple[Any, ...]]]:  # type: ignore[no-untyped-def]
    tables = [r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name")]
    return {t: sorted(db.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}


@pytest.fixture
def world(db) -> World:  # type: ignore[no-untyped-def]
    with db.atomic():
        cid = int(db["coachees"].insert({"name": "Nguyễn Thị Hoa"}).last_pk)
        other = int(db["coachees"].insert({"name": "Zoë Kowalczyk"}).last_pk)
        gid = int(db["goals"].insert({"coachee_id": cid, "title": "Step 1"}).last_pk)
        their_goal = int(db["goals"].insert({"coachee_id": other, "title": "Lead"}).last_pk)
        new_goal = int(db["goals"].insert({"coachee_id": cid, "title": "Sleep"}).last_pk)
    sid = sessions.start(db, cid, "grow", scheduled_at="2025-01-01T10:00").id
    sections = notes.list_sections(db, sid)
    notes.save_note(db, sections[0].id, "First", window=timedelta(0))
    notes.save_note(db, sections[0].id, "Second", window=timedelta(0))
    sessions.discuss_goal(db, sid, gid)
    aid = actions.add(db, cid, "Read", session_id=sid).id
    actions.add(db, cid, "Write", session_id=sid)
    tpl = templates.get_template(db, "grow")
    return {
        "coachee": cid, "other": other, "goal": gid, "new_goal": new_goal,
        "their_goal": their_goal, "session": sid,
        "section": sections[0].id, "empty_section": sections[1].id,
        "version": notes.list_versions(db, sections[0].id)[0].id, "action": aid,
        "template": tpl.id, "tsection": tpl.sections[0].id,
        "prompt": tpl.sections[0].prompts[0].id,
    }


# name: (a call that succeeds, a call that fails with bad input or a missing record)
CASES: dict[str, tuple[Call, Call]] = {
    "templates.add_template": (
        lambda db, w: templates.add_template(db, "Mine", sections=[{"heading": "A"}]),
        lambda db, w: templates.add_template(db, "Mine", sections=[{"heading": "A"},
                                                                   {"heading": ""}])),
    "templates.update_template": (
        lambda db, w: templates.update_template(db, w["template"], name="Grow 2"),
        lambda db, w: templates.update_template(db, w["template"], name="Grow 2", colour=1)),
    "templates.duplicate_template": (
        lambda db, w: templates.duplicate_template(db, w["template"], "Copy"),
        lambda db, w: templates.duplicate_template(db, w["template"], "Free-form")),
    "templates.move_template": (
        lambda db, w: templates.move_template(db, w["template"], 0),
        lambda db, w: templates.move_template(db, w["template"], -1)),
    "templates.add_section": (
        lambda db, w: templates.add_section(db, w["template"], "Extra"),
        lambda db, w: templates.add_section(db, w["template"], "")),
    "templates.update_section": (
        lambda db, w: templates.update_section(db, w["tsection"], heading="Aim"),
        lambda db, w: templates.update_section(db, w["tsection"], heading="Aim", shared="?")),
    "templates.delete_section": (
        lambda db, w: templates.delete_section(db, w["tsection"]),
        lambda db, w: templates.delete_section(db, 99_999)),
    "templates.move_section": (
        lambda db, w: templates.move_section(db, w["tsection"], 3),
        lambda db, w: templates.move_section(db, w["tsection"], "three")),
    "templates.add_prompt": (
        lambda db, w: templates.add_prompt(db, w["tsection"], "Why now?"),
        lambda db, w: templates.add_prompt(db, w["tsection"], " ")),
    "templates.update_prompt": (
        lambda db, w: templates.update_prompt(db, w["prompt"], "Why now?"),
        lambda db, w: templates.update_prompt(db, w["prompt"], "")),
    "templates.delete_prompt": (
        lambda db, w: templates.delete_prompt(db, w["prompt"]),
        lambda db, w: templates.delete_prompt(db, 99_999)),
    "templates.move_prompt": (
        lambda db, w: templates.move_prompt(db, w["prompt"], 1),
        lambda db, w: templates.move_prompt(db, w["prompt"], -1)),
    "sessions.start": (
        lambda db, w: sessions.start(db, w["coachee"], "well-being"),
        lambda db, w: sessions.start(db, w["coachee"], "well-being", modality="carrier pigeon")),
    "sessions.schedule": (
        lambda db, w: sessions.schedule(db, w["coachee"], "2031-01-01T09:00"),
        lambda db, w: sessions.schedule(db, w["coachee"], "2031-02-30T09:00")),
    "sessions.update": (
        lambda db, w: sessions.update(db, w["session"], title="New", status="cancelled"),
        lambda db, w: sessions.update(db, w["session"], title="New", status="maybe")),
    "sessions.set_template": (
        lambda db, w: sessions.set_template(db, sessions.schedule(
            db, w["coachee"], "2031-01-01T09:00").id, "grow"),
        lambda db, w: sessions.set_template(db, w["session"], "free-form")),
    "sessions.discuss_goal": (
        lambda db, w: sessions.discuss_goal(db, w["session"], w["new_goal"]),
        lambda db, w: sessions.discuss_goal(db, w["session"], w["their_goal"])),
    "sessions.undiscuss_goal": (
        lambda db, w: sessions.undiscuss_goal(db, w["session"], w["goal"]),
        lambda db, w: sessions.undiscuss_goal(db, 99_999, w["goal"])),
    "notes.save_note": (
        lambda db, w: notes.save_note(db, w["section"], "", window=timedelta(0)),
        lambda db, w: notes.save_note(db, w["section"], 42)),
    "notes.restore_version": (
        lambda db, w: notes.restore_version(db, w["version"]),
        lambda db, w: notes.restore_version(db, 99_999)),
    "notes.add_section": (
        lambda db, w: notes.add_section(db, w["session"], "More", shared=False),
        lambda db, w: notes.add_section(db, w["session"], "More", shared="secret")),
    "notes.rename_section": (
        lambda db, w: notes.rename_section(db, w["section"], "Aim"),
        lambda db, w: notes.rename_section(db, w["section"], "")),
    "notes.set_shared": (
        lambda db, w: notes.set_shared(db, w["section"], False),
        lambda db, w: notes.set_shared(db, w["section"], "no")),
    "notes.delete_section": (
        lambda db, w: notes.delete_section(db, w["empty_section"]),
        lambda db, w: notes.delete_section(db, w["section"])),
    "notes.move_section": (
        lambda db, w: notes.move_section(db, w["section"], 2),
        lambda db, w: notes.move_section(db, w["section"], None)),
    "actions.add": (
        lambda db, w: actions.add(db, w["coachee"], "Call", due_date="2026-01-01"),
        lambda db, w: actions.add(db, w["coachee"], "Call", due_date="2026-13-01")),
    "actions.update": (
        lambda db, w: actions.update(db, w["action"], text="Reread", owner="coach"),
        lambda db, w: actions.update(db, w["action"], text="Reread", owner="nobody")),
    "actions.complete": (
        lambda db, w: actions.complete(db, w["action"], "2026-01-01"),
        lambda db, w: actions.complete(db, w["action"], "soon")),
    "actions.reopen": (
        lambda db, w: actions.reopen(db, w["action"]),
        lambda db, w: actions.reopen(db, 99_999)),
    "actions.move": (
        lambda db, w: actions.move(db, w["action"], 1),
        lambda db, w: actions.move(db, w["action"], -2)),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_failure_changes_nothing_and_success_commits(db, world: World, name: str) -> None:
    succeed, fail = CASES[name]
    before = snapshot(db)
    with pytest.raises((InvalidInput, NotFound)) as caught:
        fail(db, world)
    assert isinstance(caught.value, WorkbookError) and caught.value.sentence.endswith(".")
    assert not db.conn.in_transaction
    assert snapshot(db) == before
    succeed(db, world)
    assert not db.conn.in_transaction
    assert snapshot(db) != before, f"{name} changed nothing"


def _explode_on(db, event: str) -> None:  # type: ignore[no-untyped-def]
    # A temporary trigger makes the database fail partway through an operation.
    db.execute(f"CREATE TEMP TRIGGER explode {event} BEGIN SELECT RAISE(ABORT, 'boom'); END")


# name: (the statement that fails, an operation that reaches it after writing something)
MIDWAY: dict[str, tuple[str, Call]] = {
    "start copies sections": (
        "AFTER INSERT ON session_sections",
        lambda db, w: sessions.start(db, w["coachee"], "grow")),
    "add_template inserts prompts": (
        "AFTER INSERT ON prompts",
        lambda db, w: templates.add_template(db, "Mine", sections=[
            {"heading": "A", "prompts": ["Why?"]}])),
    "duplicate_template inserts prompts": (
        "AFTER INSERT ON prompts",
        lambda db, w: templates.duplicate_template(db, w["template"], "Copy")),
    "save_note keeps a version, then updates": (
        "BEFORE UPDATE ON session_sections",
        lambda db, w: notes.save_note(db, w["section"], "Third", window=timedelta(0))),
    "restore_version keeps a version, then updates": (
        "BEFORE UPDATE ON session_sections",
        lambda db, w: notes.restore_version(db, w["version"])),
    "set_template deletes, then copies": (
        "AFTER INSERT ON session_sections",
        lambda db, w: sessions.set_template(db, w["blank_session"], "grow")),
    "notes.delete_section deletes, then renumbers": (
        "AFTER UPDATE OF position ON session_sections",
        lambda db, w: notes.delete_section(db, w["empty_section"])),
    "templates.delete_section deletes, then renumbers": (
        "AFTER UPDATE OF position ON template_sections",
        lambda db, w: templates.delete_section(db, w["tsection"])),
    "move_prompt renumbers several rows": (
        "AFTER UPDATE OF position ON prompts WHEN NEW.position = 1",
        lambda db, w: templates.move_prompt(db, w["prompt"], 2)),
    "actions.update moves to another list": (
        "AFTER UPDATE ON action_items WHEN NEW.session_id IS NULL",
        lambda db, w: actions.update(db, w["action"], session_id=None)),
}


@pytest.mark.parametrize("name", sorted(MIDWAY))
def test_failure_midway_changes_nothing(db, world: World, name: str) -> None:
    event, operation = MIDWAY[name]
    blank = sessions.schedule(db, world["coachee"], "2031-01-01T09:00", "free-form").id
    world["blank_session"] = blank
    before = snapshot(db)
    _explode_on(db, event)
    try:
        with pytest.raises(Exception, match="boom"):
            operation(db, world)
    finally:
        db.execute("DROP TRIGGER temp.explode")
    assert not db.conn.in_transaction
    assert snapshot(db) == before


def test_nested_in_a_callers_transaction(db, world: World) -> None:
    """Composed inside a caller's atomic block, an operation rolls back with the caller."""
    before = snapshot(db)
    with pytest.raises(RuntimeError), db.atomic():
        sessions.start(db, world["coachee"], "grow")
        actions.add(db, world["coachee"], "Part of a bigger change")
        raise RuntimeError("caller gives up")
    assert not db.conn.in_transaction
    assert snapshot(db) == before
