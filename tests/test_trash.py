"""The trash: trashing and restoring every kind, the list, and purging for good."""

from __future__ import annotations

import pytest

from workbook import coachees, goals, trash, validate, values
from workbook.changes import Changes
from workbook.errors import InvalidInput, NotFound


def _session(db, coachee_id: int, *, when: str = "2026-03-01T09:00", template: str = "GROW",
             title: str = "", agenda: str = "") -> int:
    cur = db.execute(
        "INSERT INTO sessions(coachee_id, scheduled_at, template_name, title, agenda) "
        "VALUES (?, ?, ?, ?, ?)", [coachee_id, when, template, title, agenda])
    return int(cur.lastrowid)


def _action(db, coachee_id: int, text: str, **links) -> int:
    cur = db.execute(
        "INSERT INTO action_items(coachee_id, text, session_id, goal_id) VALUES (?, ?, ?, ?)",
        [coachee_id, text, links.get("session_id"), links.get("goal_id")])
    return int(cur.lastrowid)


def _template(db, key: str = "grow") -> int:
    return int(db.execute("SELECT id FROM templates WHERE key = ?", [key]).fetchone()[0])


def _deleted_at(db, table: str, record_id: int) -> str | None:
    return db.execute(f"SELECT deleted_at FROM {table} WHERE id = ?", [record_id]).fetchone()[0]


@pytest.fixture
def aicha(db) -> int:
    return coachees.add(db, "Aïcha Benali").created


# -- trash and restore -----------------------------------------------------------------------
@pytest.mark.parametrize("kind", list(trash.KIND_TABLES))
def test_trash_and_restore_every_kind(db, aicha, kind) -> None:
    record = {
        "coachee": lambda: aicha,
        "value": lambda: values.add(db, aicha, "Integrity").created,
        "goal": lambda: goals.add(db, aicha, "Pass the shelf exam").created,
        "session": lambda: _session(db, aicha),
        "action": lambda: _action(db, aicha, "Email the clerkship director"),
        "template": lambda: _template(db),
    }[kind]()
    table = trash.KIND_TABLES[kind]
    changes = trash.trash(db, kind, record)
    assert changes.kind == "trash" and changes.ids == (record,) and changes.touches(kind)
    stamp = _deleted_at(db, table, record)
    assert stamp is not None and stamp.endswith("Z")
    assert [(i.kind, i.id) for i in trash.list_trash(db)] == [(kind, record)]
    trash.trash(db, kind, record)  # trashing twice keeps the first date
    assert _deleted_at(db, table, record) == stamp
    assert trash.restore(db, kind, record).touches(kind)
    assert _deleted_at(db, table, record) is None
    assert trash.list_trash(db) == []


def test_trashing_a_coachee_hides_and_restoring_brings_back_everything(db, aicha) -> None:
    vid = values.add(db, aicha, "Integrity").created
    gid = goals.add(db, aicha, "Pass the shelf exam", value_ids=[vid]).created
    changes = trash.trash(db, "coachee", aicha)
    assert {"value", "goal", "session", "action"} <= changes.also
    assert coachees.list_coachees(db) == [] and goals.list_goals(db) == []
    assert values.list_values(db, aicha) == []
    # Only the coachee is in the trash list; their records wait with them.
    assert [(i.kind, i.id) for i in trash.list_trash(db)] == [("coachee", aicha)]
    trash.restore(db, "coachee", aicha)
    assert goals.get(db, gid).value_ids == (vid,)


@pytest.mark.parametrize("kind", ["value", "goal", "session", "action"])
def test_restoring_a_record_of_a_trashed_coachee_asks_for_the_coachee_first(db, aicha,
                                                                            kind) -> None:
    record = {
        "value": lambda: values.add(db, aicha, "Integrity").created,
        "goal": lambda: goals.add(db, aicha, "Pass the shelf exam").created,
        "session": lambda: _session(db, aicha),
        "action": lambda: _action(db, aicha, "Book a meeting"),
    }[kind]()
    trash.trash(db, kind, record)
    trash.trash(db, "coachee", aicha)
    with pytest.raises(InvalidInput, match=r"^Restore the coachee «Aïcha Benali» first\.$"):
        trash.restore(db, kind, record)
    assert _deleted_at(db, trash.KIND_TABLES[kind], record) is not None
    trash.restore(db, "coachee", aicha)
    trash.restore(db, kind, record)
    assert _deleted_at(db, trash.KIND_TABLES[kind], record) is None


def test_a_restored_value_goes_last(db, aicha) -> None:
    a, b, c = (values.add(db, aicha, n).created for n in ("Integrity", "Curiosity", "Balance"))
    trash.trash(db, "value", a)
    values.reorder(db, aicha, [c, b])
    trash.restore(db, "value", a)
    listed = values.list_values(db, aicha)
    assert [v.id for v in listed] == [c, b, a] and listed[-1].rank == 2


def test_restoring_a_value_whose_name_was_reused_is_refused(db, aicha) -> None:
    old = values.add(db, aicha, "Integrity").created
    trash.trash(db, "value", old)
    values.add(db, aicha, "integrity")
    with pytest.raises(InvalidInput, match="Value «integrity» is already one of Aïcha Benali's"):
        trash.restore(db, "value", old)


def test_builtin_template_can_be_trashed(db) -> None:
    tid = _template(db, "relationship-building")
    trash.trash(db, "template", tid)
    item = trash.list_trash(db)[0]
    assert (item.kind, item.label, item.coachee_id, item.coachee_name) == (
        "template", "Relationship building", None, None)


def test_bad_kind_and_missing_record(db) -> None:
    with pytest.raises(InvalidInput, match=r"^Kind «note» is not one of: coachee, value, goal"):
        trash.trash(db, "note", 1)
    with pytest.raises(NotFound, match=r"^There is no action item with id 999\.$"):
        trash.trash(db, "action", 999)
    with pytest.raises(NotFound, match=r"There is no goal with id 5\."):
        trash.restore(db, "goal", 5)
    with pytest.raises(InvalidInput, match="is not a valid coachee id"):
        trash.purge(db, "coachee", None)  # type: ignore[arg-type]


# -- the list --------------------------------------------------------------------------------
def test_list_trash_labels_and_newest_first(db, aicha) -> None:
    zoe = coachees.add(db, "Zoë Kowalczyk").created
    vid = values.add(db, aicha, "Integrity").created
    gid = goals.add(db, aicha, "Pass the shelf exam").created
    sid = _session(db, aicha, when="2026-03-01T09:00", template="GROW")
    bare = _session(db, aicha, when="2026-04-02T10:30", template="", title="Catch-up")
    aid = _action(db, aicha, "Email the clerkship director")
    tid = _template(db, "free-form")
    order = [("value", vid), ("goal", gid), ("session", sid), ("session", bare),
             ("action", aid), ("template", tid), ("coachee", zoe)]
    for n, (kind, record) in enumerate(order):
        trash.trash(db, kind, record)
        db.execute(f"UPDATE {trash.KIND_TABLES[kind]} SET deleted_at = ? WHERE id = ?",
                   [f"2026-05-0{n + 1}T12:00:00Z", record])
    items = trash.list_trash(db)
    assert [(i.kind, i.id) for i in items] == list(reversed(order))
    labels = {(i.kind, i.id): i for i in items}
    assert labels[("coachee", zoe)].label == "Zoë Kowalczyk"
    assert labels[("coachee", zoe)].coachee_name == "Zoë Kowalczyk"
    assert labels[("value", vid)].label == "Integrity"
    assert labels[("goal", gid)].label == "Pass the shelf exam"
    assert labels[("session", sid)].label == "2026-03-01 · GROW"
    assert labels[("session", bare)].label == "2026-04-02 · Catch-up"
    assert labels[("action", aid)].label == "Email the clerkship director"
    assert labels[("template", tid)].label == "Free-form"
    assert (labels[("goal", gid)].coachee_id, labels[("goal", gid)].coachee_name) == (
        aicha, "Aïcha Benali")
    assert items[0].deleted_at == "2026-05-07T12:00:00Z"


# -- purge ---------------------------------------------------------------------------------
def test_purge_needs_the_record_in_the_trash(db, aicha) -> None:
    gid = goals.add(db, aicha, "Pass the shelf exam").created
    with pytest.raises(InvalidInput, match=r"^Move the goal to the trash before deleting it "):
        trash.purge(db, "goal", gid)
    assert goals.get(db, gid).id == gid


def test_purge_goal_cascades_to_its_parts(db, aicha) -> None:
    vid = values.add(db, aicha, "Integrity").created
    gid = goals.add(db, aicha, "Pass the shelf exam", value_ids=[vid]).created
    goals.add_milestone(db, gid, "Draft a plan")
    goals.check_in(db, gid, progress=20)
    sid = _session(db, aicha)
    db.execute("INSERT INTO session_goals(session_id, goal_id) VALUES (?, ?)", [sid, gid])
    aid = _action(db, aicha, "Do practice questions", goal_id=gid)
    trash.trash(db, "goal", gid)
    assert trash.purge(db, "goal", gid) == Changes("trash", (gid,), also=frozenset({"goal"}))
    for table in ("goals", "milestones", "checkins", "goal_values", "session_goals"):
        column = "id" if table == "goals" else "goal_id"
        assert db.execute(f"SELECT count(*) FROM {table} WHERE {column} = ?",
                          [gid]).fetchone()[0] == 0
    assert db.execute("SELECT goal_id FROM action_items WHERE id = ?", [aid]).fetchone()[0] is None
    assert values.get(db, vid).name == "Integrity"


def _texts(db) -> list[tuple[str, object]]:
    """Every cell of every table (search index shadow tables included)."""
    cells = []
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for table in tables:
        for row in db.execute(f'SELECT * FROM "{table}"').fetchall():
            cells += [(table, cell) for cell in row if isinstance(cell, str | bytes)]
    return cells


def _mentions(db, *needles: str) -> list[str]:
    found = []
    for table, cell in _texts(db):
        for needle in needles:
            if isinstance(cell, str) and validate.fold(needle) in validate.fold(cell):
                found.append(f"{table}: {cell[:60]}")
            elif isinstance(cell, bytes) and validate.fold(needle).encode() in cell:
                found.append(f"{table}: <blob>")
    return found


def _fill(db, name: str, email: str) -> int:
    """A coachee with something in every table that can hold their data."""
    cid = coachees.add(db, name, email=email, agreement_notes=f"Agreement with {name}").created
    vid = values.add(db, cid, f"Family of {name}", reflection=f"{name} reflects").created
    gid = goals.add(db, cid, f"Goal of {name}", specific=f"{name} will study",
                    value_ids=[vid]).created
    goals.add_milestone(db, gid, f"Milestone for {name}")
    sid = _session(db, cid, title=f"Meeting with {name}", agenda=f"Agenda for {name}")
    goals.check_in(db, gid, progress=30, note=f"{name} checked in", session_id=sid)
    db.execute("INSERT INTO session_goals(session_id, goal_id) VALUES (?, ?)", [sid, gid])
    section = db.execute(
        "INSERT INTO session_sections(session_id, heading, body) VALUES (?, ?, ?)",
        [sid, "Reality", f"{name} described the week"]).lastrowid
    db.execute("INSERT INTO note_versions(section_id, body, saved_at) VALUES (?, ?, ?)",
               [section, f"Earlier note on {name}", "2026-03-01T09:10:00Z"])
    _action(db, cid, f"{name} books the exam", session_id=sid, goal_id=gid)
    return cid


def test_purged_coachee_leaves_no_trace_anywhere(db) -> None:
    aicha = _fill(db, "Aïcha Benali", "aicha.benali@example.edu")
    _fill(db, "Zoë Kowalczyk", "zoe@example.edu")
    assert _mentions(db, "Benali") and _mentions(db, "Kowalczyk")  # the scan sees both
    trash.trash(db, "coachee", aicha)
    changes = trash.purge(db, "coachee", aicha)
    assert changes.ids == (aicha,) and changes.touches("coachee") and changes.touches("goal")
    assert _mentions(db, "Benali", "Aïcha", "aicha.benali") == []
    assert db.execute("SELECT count(*) FROM search_index WHERE search_index MATCH 'benali'"
                      ).fetchone()[0] == 0
    # The other coachee is untouched, in the tables and in the search index.
    assert len(_mentions(db, "Kowalczyk")) > 10
    assert db.execute("SELECT count(*) FROM search_index WHERE search_index MATCH 'kowalczyk'"
                      ).fetchone()[0] > 5
    assert [c.name for c in coachees.list_coachees(db)] == ["Zoë Kowalczyk"]


def test_empty_trash_purges_everything_in_it(db, aicha) -> None:
    zoe = coachees.add(db, "Zoë Kowalczyk").created
    keep = values.add(db, zoe, "Curiosity").created
    gone_value = values.add(db, zoe, "Integrity").created
    gid = goals.add(db, aicha, "Pass the shelf exam").created
    trash.trash(db, "goal", gid)  # trashed itself, and its coachee too
    trash.trash(db, "coachee", aicha)
    trash.trash(db, "value", gone_value)
    trash.trash(db, "template", _template(db, "grow"))
    changes = trash.empty_trash(db)
    assert changes.kind == "trash" and {"coachee", "value", "template"} <= changes.also
    assert trash.list_trash(db) == []
    assert db.execute("SELECT count(*) FROM coachees").fetchone()[0] == 1
    assert [v.id for v in values.list_values(db, zoe)] == [keep]
    assert db.execute("SELECT count(*) FROM templates WHERE key = 'grow'").fetchone()[0] == 0
    assert trash.empty_trash(db) == Changes("trash")


def test_purging_a_session_takes_its_action_items_with_it(db, aicha: int) -> None:
    with db.atomic():
        session = _session(db, aicha)
        own = _action(db, aicha, "Draft the personal statement", session_id=session)
        loose = _action(db, aicha, "Book the shelf exam")
    trash.trash(db, "session", session)
    trash.purge(db, "session", session)
    remaining = {r[0] for r in db.execute("SELECT id FROM action_items")}
    assert remaining == {loose} and own not in remaining
    hits = db.execute("SELECT count(*) FROM search_index WHERE search_index MATCH 'personal'")
    assert hits.fetchone()[0] == 0


def test_purge_leaves_no_trace_of_text_typed_and_rewritten_earlier(db, aicha: int) -> None:
    from workbook import notes, sessions

    sid = sessions.start(db, aicha, "grow").created
    section = notes.list_sections(db, sid)[0].id
    notes.save_note(db, section, "Zanzibarite confidential remark")
    notes.save_note(db, section, "A neutral rewrite of the note")
    trash.trash(db, "coachee", aicha)
    trash.purge(db, "coachee", aicha)
    for table in db.table_names():
        for row in db.execute(f"SELECT * FROM [{table}]").fetchall():
            blob = b"".join(v if isinstance(v, bytes) else str(v).encode() for v in row)
            assert b"zanzibarite" not in blob.lower(), table
