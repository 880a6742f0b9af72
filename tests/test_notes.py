"""Section notes: autosave, coalesced previous versions, restoring, and the section list."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.records import fails
from workbook import notes, sessions
from workbook.errors import InvalidInput, NotFound

LONG = "Hoa wants to present a case at morning report before the end of the rotation. " * 3


def new_session(db, template: str | None = "free-form") -> int:  # type: ignore[no-untyped-def]
    with db.atomic():
        cid = int(db["coachees"].insert({"name": "Nguyễn Thị Hoa"}).last_pk)
    return sessions.start(db, cid, template).id


def first_section(db, template: str = "free-form") -> int:  # type: ignore[no-untyped-def]
    return notes.list_sections(db, new_session(db, template))[0].id


def age_versions(db, section_id: int, minutes: int) -> None:  # type: ignore[no-untyped-def]
    stamp = (datetime.now(UTC) - timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%SZ")
    with db.atomic():
        db.execute("UPDATE note_versions SET saved_at = ? WHERE section_id = ?",
                   [stamp, section_id])


def bodies(db, section_id: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [v.body for v in notes.list_versions(db, section_id)]


def test_save_note_stores_the_body_exactly(db) -> None:
    sid = first_section(db)
    text = "  Zoë: «I want to lead rounds»\n\t王小明 helped.\n"
    changes = notes.save_note(db, sid, text)
    assert changes.kind == "section" and changes.ids == (sid,)
    section = notes.get_section(db, sid)
    assert section.body == text  # not stripped: the editor's cursor must not jump
    assert section.updated_at.endswith("Z")


def test_typing_does_not_flood_versions(db) -> None:
    sid = first_section(db)
    typed = ""
    for ch in LONG:
        typed += ch
        notes.save_note(db, sid, typed)
    # the first keystroke's text is kept once (no version yet), then nothing within 5 minutes
    assert bodies(db, sid) == ["H"]
    assert notes.get_section(db, sid).body == LONG


def test_a_version_is_kept_once_the_window_has_passed(db) -> None:
    sid = first_section(db)
    notes.save_note(db, sid, "First thought")
    notes.save_note(db, sid, "First thought, second")
    age_versions(db, sid, 6)
    changes = notes.save_note(db, sid, "First thought, second, third")
    assert changes.touches("note_version")
    assert bodies(db, sid)[0] == "First thought, second"
    # within the window again: nothing new
    notes.save_note(db, sid, "First thought, second, third, fourth")
    assert len(bodies(db, sid)) == 2


def test_window_is_a_keyword(db) -> None:
    sid = first_section(db)
    for text in ["a", "ab", "abc", "abcd"]:
        notes.save_note(db, sid, text, window=timedelta(0))
    assert bodies(db, sid) == ["abc", "ab", "a"]
    age_versions(db, sid, 6)
    notes.save_note(db, sid, "abcde", window=timedelta(minutes=10))
    assert len(bodies(db, sid)) == 3


def test_a_big_deletion_is_always_kept(db) -> None:
    sid = first_section(db)
    notes.save_note(db, sid, "x")
    notes.save_note(db, sid, LONG)
    assert bodies(db, sid) == ["x"]
    changes = notes.save_note(db, sid, LONG[: len(LONG) // 3])
    assert changes.touches("note_version")
    assert bodies(db, sid)[0] == LONG
    notes.save_note(db, sid, LONG[: len(LONG) // 3 - 5])  # a small deletion: not kept
    assert len(bodies(db, sid)) == 2


def test_never_empty_or_duplicate_versions(db) -> None:
    sid = first_section(db)
    notes.save_note(db, sid, "   \n", window=timedelta(0))
    notes.save_note(db, sid, "Plan", window=timedelta(0))
    assert bodies(db, sid) == []  # the whitespace-only body was not worth keeping
    notes.save_note(db, sid, "Plan B", window=timedelta(0))
    notes.save_note(db, sid, "Plan", window=timedelta(0))
    notes.save_note(db, sid, "Plan B", window=timedelta(0))  # "Plan" is already kept
    assert bodies(db, sid) == ["Plan B", "Plan"]


def test_saving_the_same_body_writes_nothing(db) -> None:
    sid = first_section(db)
    notes.save_note(db, sid, "Same")
    with db.atomic():
        db.execute("UPDATE session_sections SET updated_at = '2000-01-01T00:00:00Z' "
                   "WHERE id = ?", [sid])
    changes = notes.save_note(db, sid, "Same")
    assert not changes.touches("note_version")
    assert notes.get_section(db, sid).updated_at == "2000-01-01T00:00:00Z"


def test_autosave_is_one_small_transaction(db) -> None:
    sid = first_section(db)
    notes.save_note(db, sid, "Warm up")
    notes.save_note(db, sid, "Warm up.")  # keeps "Warm up" as the first version
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        notes.save_note(db, sid, "Warm up, then more")
    finally:
        db.conn.set_trace_callback(None)
    # the trace repeats a statement for each trigger step it runs, so compare distinct ones
    # (and in one spelling: sqlite-utils quotes names and writes keywords in lower case)
    writes = {s.replace('"', "").lower() for s in statements if "search_index" not in s
              and s.split()[0].upper() in ("INSERT", "UPDATE", "DELETE")}
    assert statements.count("BEGIN") == 1
    assert writes == {"update session_sections set body = 'warm up, then more', "
                      f"updated_at = '{notes.get_section(db, sid).updated_at.lower()}' "
                      f"where id = {sid}"}


def test_restore_version_round_trip(db) -> None:
    sid = first_section(db)
    notes.save_note(db, sid, "Version one", window=timedelta(0))
    notes.save_note(db, sid, "Version two", window=timedelta(0))
    notes.save_note(db, sid, "Version three", window=timedelta(0))
    one = next(v for v in notes.list_versions(db, sid) if v.body == "Version one")
    changes = notes.restore_version(db, one.id)
    assert changes.ids == (sid,) and changes.touches("note_version")
    assert notes.get_section(db, sid).body == "Version one"
    assert bodies(db, sid)[0] == "Version three"  # restoring is itself undoable
    three = notes.list_versions(db, sid)[0]
    notes.restore_version(db, three.id)
    assert notes.get_section(db, sid).body == "Version three"
    assert sorted(bodies(db, sid)) == ["Version one", "Version three", "Version two"]
    before = bodies(db, sid)
    notes.restore_version(db, three.id)  # already current: nothing changes
    assert bodies(db, sid) == before


def test_list_versions_newest_first(db) -> None:
    sid = first_section(db)
    with db.atomic():
        for stamp, body in [("2025-01-01T10:00:00Z", "old"), ("2025-03-01T10:00:00Z", "new"),
                            ("2025-02-01T10:00:00Z", "middle")]:
            db.execute("INSERT INTO note_versions(section_id, body, saved_at) VALUES (?, ?, ?)",
                       [sid, body, stamp])
    versions = notes.list_versions(db, sid)
    assert [v.body for v in versions] == ["new", "middle", "old"]
    assert versions[0].section_id == sid and versions[0].saved_at == "2025-03-01T10:00:00Z"


def test_note_validation_and_missing_records(db) -> None:
    sid = first_section(db)
    with fails(InvalidInput, "Section notes must be text, not «None»."):
        notes.save_note(db, sid, None)  # type: ignore[arg-type]
    with fails(InvalidInput, "Section notes are too long"):
        notes.save_note(db, sid, "x" * (notes.BODY_MAX + 1))
    with fails(InvalidInput, "Section notes contain characters that cannot be stored."):
        notes.save_note(db, sid, "bad \ud800 surrogate")
    with fails(NotFound, "There is no section with id 9999."):
        notes.save_note(db, 9999, "x")
    with fails(NotFound, "There is no note version with id 9999."):
        notes.restore_version(db, 9999)
    with fails(InvalidInput, "«x» is not a valid section id."):
        notes.get_section(db, "x")  # type: ignore[arg-type]
    assert notes.get_section(db, sid).body == ""


def test_sections_of_a_trashed_session_are_out_of_reach(db) -> None:
    session_id = new_session(db)
    sid = notes.list_sections(db, session_id)[0].id
    notes.save_note(db, sid, "One", window=timedelta(0))
    notes.save_note(db, sid, "Two", window=timedelta(0))
    version = notes.list_versions(db, sid)[0].id
    with db.atomic():
        db.execute("UPDATE sessions SET deleted_at = '2026-01-01T00:00:00Z' WHERE id = ?",
                   [session_id])
    for call in (lambda: notes.save_note(db, sid, "x"), lambda: notes.list_versions(db, sid),
                 lambda: notes.restore_version(db, version),
                 lambda: notes.list_sections(db, session_id),
                 lambda: notes.add_section(db, session_id, "More")):
        with pytest.raises(NotFound):
            call()


def test_add_rename_share_move_sections(db) -> None:
    session_id = new_session(db)
    before = notes.list_sections(db, session_id)
    changes = notes.add_section(db, session_id, "Notes", shared=False)
    assert changes.created is not None and changes.touches("session")
    added = notes.get_section(db, changes.id)
    assert (added.key, added.position, added.shared, added.body) == (
        "notes-2", len(before), False, "")
    notes.rename_section(db, added.id, "Résumé for Aïcha")
    notes.set_shared(db, added.id, True)
    added = notes.get_section(db, added.id)
    assert (added.heading, added.shared) == ("Résumé for Aïcha", True)
    notes.move_section(db, added.id, 0)
    after = notes.list_sections(db, session_id)
    assert after[0].id == added.id
    assert [s.position for s in after] == list(range(len(after)))
    assert [s.id for s in after[1:]] == [s.id for s in before]


def test_section_validation(db) -> None:
    session_id = new_session(db)
    sid = notes.list_sections(db, session_id)[0].id
    with fails(InvalidInput, "A section needs a heading."):
        notes.add_section(db, session_id, " ")
    with fails(InvalidInput, "A section needs a heading."):
        notes.rename_section(db, sid, "")
    with fails(InvalidInput, "Section heading is too long"):
        notes.rename_section(db, sid, "h" * 201)
    with fails(InvalidInput, "Shared must be yes or no"):
        notes.set_shared(db, sid, "private")  # type: ignore[arg-type]
    with fails(InvalidInput, "New position must be at least 0"):
        notes.move_section(db, sid, -3)
    with fails(NotFound, "There is no session with id 9999."):
        notes.add_section(db, 9999, "x")


def test_delete_only_an_empty_section(db) -> None:
    session_id = new_session(db, "grow")
    sections = notes.list_sections(db, session_id)
    target = sections[1]
    notes.save_note(db, target.id, "Reality: two exams in March", window=timedelta(0))
    with fails(InvalidInput, "The section «Reality» still has notes; clear the section first."):
        notes.delete_section(db, target.id)
    assert notes.get_section(db, target.id).body.startswith("Reality")
    notes.save_note(db, target.id, "  \n")
    changes = notes.delete_section(db, target.id)
    assert changes.touches("note_version")
    left = notes.list_sections(db, session_id)
    assert target.id not in [s.id for s in left]
    assert [s.position for s in left] == list(range(len(sections) - 1))
    assert db.execute("SELECT COUNT(*) FROM note_versions WHERE section_id = ?",
                      [target.id]).fetchone()[0] == 0
    with pytest.raises(NotFound):
        notes.get_section(db, target.id)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.text(max_size=80), min_size=1, max_size=8))
def test_any_text_saves_and_versions_stay_clean(db, edits: list[str]) -> None:
    sid = first_section(db)
    for body in edits:
        try:
            notes.save_note(db, sid, body, window=timedelta(0))
        except InvalidInput:
            assert any(0xD800 <= ord(c) <= 0xDFFF for c in body)
            continue
        assert notes.get_section(db, sid).body == body
    kept = bodies(db, sid)
    assert all(b.strip() for b in kept)
    assert len(kept) == len(set(kept))
    assert not db.conn.in_transaction
