"""Private and shared sections in the workbook: every change of the flag recorded (who, when),
what a summary will print and leave out, sections made shared since the session began, and
search hits from private sections marked as such (also in `search --json`)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE
from tests.records import run_cli
from workbook import coachees, notes, privacy, search, sessions
from workbook.errors import InvalidInput, NotFound
from workbook.vault import open_vault

PRIVATE_TEXT = "Coach only: mentions a family illness"
SHARED_TEXT = "Agreed to book the practice exam"


def grow_session(db) -> tuple[int, dict[str, int]]:  # type: ignore[no-untyped-def]
    cid = coachees.add(db, "Zoë Kowalczyk").id
    sid = sessions.start(db, cid, "grow", scheduled_at="2026-03-03T10:00").id
    return sid, {s.key: s.id for s in notes.list_sections(db, sid)}


def test_a_session_starts_with_the_template_s_private_section_and_no_change(db) -> None:  # type: ignore[no-untyped-def]
    sid, keys = grow_session(db)
    private = notes.get_section(db, keys["coach-private-notes"])
    assert private.shared is False
    assert privacy.history(db, private.id) == []
    contents = privacy.document_contents(db, sid)
    assert contents.private == ("Coach's private notes",)
    assert contents.made_shared == ()


def test_every_change_of_the_flag_is_recorded_with_who_and_when(db) -> None:  # type: ignore[no-untyped-def]
    _, keys = grow_session(db)
    section = keys["coach-private-notes"]
    notes.set_shared(db, section, True, by="coach-a")
    notes.set_shared(db, section, True, by="coach-a")  # no change: nothing recorded
    notes.set_shared(db, section, False)  # the computer account by default
    changes = privacy.history(db, section)
    assert [(c.shared, c.changed_by) for c in changes] == [
        (True, "coach-a"), (False, notes.account_name())]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", c.changed_at) for c in changes)
    assert not db.conn.in_transaction


def test_the_summary_lists_what_it_prints_and_names_a_section_made_shared(db) -> None:  # type: ignore[no-untyped-def]
    sid, keys = grow_session(db)
    notes.save_note(db, keys["goal"], SHARED_TEXT)
    notes.save_note(db, keys["coach-private-notes"], PRIVATE_TEXT)
    before = privacy.document_contents(db, sid)
    assert before.included == ("Goal",)
    assert before.private == ("Coach's private notes",)
    assert before.empty == ("Reality", "Options", "Way forward")

    notes.set_shared(db, keys["coach-private-notes"], True, by="coach-a")
    after = privacy.document_contents(db, sid)
    assert after.included == ("Goal", "Coach's private notes")
    assert after.private == ()
    [made] = after.made_shared
    assert made.heading == "Coach's private notes"
    assert made.made_shared is not None and made.made_shared.changed_by == "coach-a"

    notes.set_shared(db, keys["coach-private-notes"], False)  # undone
    assert privacy.document_contents(db, sid) == before


def test_a_section_shared_from_the_start_was_never_made_shared(db) -> None:  # type: ignore[no-untyped-def]
    sid, _ = grow_session(db)
    added = notes.add_section(db, sid, "Extra", shared=True).id
    notes.save_note(db, added, "Typed")
    assert privacy.document_contents(db, sid).made_shared == ()
    notes.set_shared(db, added, False)
    notes.set_shared(db, added, True)  # made private, then shared again: worth saying
    assert [s.heading for s in privacy.document_contents(db, sid).made_shared] == ["Extra"]


def test_contents_of_a_missing_session_or_of_none(db) -> None:  # type: ignore[no-untyped-def]
    sid, _ = grow_session(db)
    with pytest.raises(NotFound):
        privacy.document_contents(db, 999)
    with pytest.raises(InvalidInput):
        privacy.documents_contents(db, [])
    assert [c.session_id for c in privacy.documents_contents(db, [sid, sid])] == [sid]


def test_the_change_log_goes_with_its_section(db) -> None:  # type: ignore[no-untyped-def]
    sid, _ = grow_session(db)
    added = notes.add_section(db, sid, "Scratch", shared=False).id
    notes.set_shared(db, added, True)
    notes.delete_section(db, added)
    assert db.execute("SELECT count(*) FROM section_privacy_changes WHERE section_id = ?",
                      [added]).fetchone()[0] == 0


def test_search_marks_hits_from_private_sections(db) -> None:  # type: ignore[no-untyped-def]
    _, keys = grow_session(db)
    notes.save_note(db, keys["goal"], "Marathon training plan")
    notes.save_note(db, keys["coach-private-notes"], "Marathon worries, sleeping badly")
    hits = {h.ref_id: h for h in search.search(db, "marathon")}
    assert hits[keys["coach-private-notes"]].private is True
    assert hits[keys["goal"]].private is False
    assert not any(h.private for h in search.search(db, "Kowalczyk"))
    notes.set_shared(db, keys["coach-private-notes"], True)
    assert not any(h.private for h in search.search(db, "marathon"))


def test_search_json_says_which_hits_are_private(workbook_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "cli.cwb"
    shutil.copyfile(workbook_path, path)
    with open_vault(path, PASSPHRASE) as v:
        _, keys = grow_session(v.db)
        notes.save_note(v.db, keys["goal"], "Marathon training plan")
        notes.save_note(v.db, keys["coach-private-notes"], "Marathon worries")
    code, out, _ = run_cli("search", str(path), "marathon", "--json")
    assert code == 0
    private = {h["id"]: h["private"] for h in json.loads(out)}
    assert private == {keys["goal"]: False, keys["coach-private-notes"]: True}
    code, out, _ = run_cli("search", str(path), "marathon")
    assert f"[private section {keys['coach-private-notes']}]" in out
    assert f"[section {keys['goal']}]" in out
