"""Import of the JSON interchange document: what is added, matched and refused, and the one
sentence each refusal says."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from workbook import coachees
from workbook.errors import InvalidInput, NotFound
from workbook.exchange.json_export import export_json
from workbook.exchange.json_format import MAX_BYTES, import_json

FIXTURE = Path(__file__).parent / "fixtures" / "workbook_export.json"
TABLES = ("coachees", "coachee_values", "goals", "goal_values", "milestones", "checkins",
          "sessions", "session_sections", "note_versions", "section_privacy_changes",
          "session_goals", "action_items",
          "templates", "template_sections", "prompts", "goal_domains", "value_catalog",
          "settings")


def sample() -> dict[str, Any]:
    return json.loads(FIXTURE.read_text("utf-8"))


def counts(db: Any) -> dict[str, int]:
    return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def refused(db: Any, source: Any, **kwargs: Any) -> str:
    """The sentence of the InvalidInput an import raises; asserts nothing changed."""
    before = counts(db), {k: v for k, v in export_json(db).items() if k != "exported_at"}
    with pytest.raises(InvalidInput) as info:
        import_json(db, source, **kwargs)
    after = counts(db), {k: v for k, v in export_json(db).items() if k != "exported_at"}
    assert after == before
    assert "\n" not in info.value.sentence
    return info.value.sentence


def test_import_into_an_empty_workbook(db: Any) -> None:
    grow_id = db.execute("SELECT id FROM templates WHERE key = 'grow'").fetchone()[0]
    result = import_json(db, FIXTURE)
    assert (result.coachees, result.values, result.goals, result.sessions, result.actions,
            result.templates) == (4, 3, 4, 3, 3, 3)
    assert result.warnings == []
    assert len(result.coachee_ids) == 4 and result.changes.touches("goal")
    names = {c.name for c in coachees.list_coachees(db)}
    assert names == {"Zoë Kowalczyk", "Nguyễn Thị Hoa", "Aïcha Benali"}  # 王小明 is in the trash
    trashed = db.execute("SELECT deleted_at FROM coachees WHERE name = '王小明'").fetchone()[0]
    assert trashed == "2026-03-01T08:00:00Z"
    grow = db.execute("SELECT id, name FROM templates WHERE key = 'grow'").fetchone()
    assert tuple(grow) == (grow_id, "GROW (edited)")  # a built-in is updated in place
    assert db.execute("SELECT count(*) FROM template_sections WHERE template_id = ?",
                      [grow_id]).fetchone()[0] == 2
    assert db.execute("SELECT count(*) FROM templates WHERE key = 'spikes-debrief'"
                      ).fetchone()[0] == 1
    setting = db.execute("SELECT value FROM settings WHERE key = 'coach_name'").fetchone()[0]
    assert json.loads(setting) == "Dr. Imani Castellanos"
    assert db.execute("SELECT count(*) FROM goal_domains WHERE key = 'research-ethics'"
                      ).fetchone()[0] == 1
    zoe = db.execute("SELECT id FROM coachees WHERE email = 'zoe.kowalczyk@example.edu'"
                     ).fetchone()[0]
    session = db.execute("SELECT id, template_id FROM sessions WHERE coachee_id = ? "
                         "ORDER BY scheduled_at", [zoe]).fetchone()
    assert session[1] == grow_id
    linked = db.execute("SELECT count(*) FROM session_goals WHERE session_id = ?",
                        [session[0]]).fetchone()[0]
    assert linked == 1
    private = db.execute("SELECT body FROM session_sections WHERE session_id = ? AND shared = 0",
                         [session[0]]).fetchone()[0]
    assert "tired" in private


def test_imported_records_are_searchable(db: Any) -> None:
    import_json(db, FIXTURE)
    hits = db.execute("SELECT count(*) FROM search_index WHERE search_index MATCH 'morning'"
                      ).fetchone()[0]
    assert hits >= 2


def test_import_adds_to_a_workbook_with_coachees_but_keeps_its_settings(db: Any) -> None:
    coachees.add(db, "José Muñoz", email="jose.munoz@example.edu")
    result = import_json(db, FIXTURE)
    assert result.coachees == 4
    assert "settings in the file were not applied" in result.warnings[0]
    assert db.execute("SELECT value FROM settings WHERE key = 'coach_name'").fetchone()[0] == '""'
    assert db.execute("SELECT count(*) FROM coachees").fetchone()[0] == 5


def test_a_coachee_already_present_by_email_refuses_the_whole_import(db: Any) -> None:
    coachees.add(db, "Zoe K.", email="ZOE.KOWALCZYK@example.edu")
    sentence = refused(db, FIXTURE)
    assert sentence == ('workbook_export.json: coachees[2] ("Zoë Kowalczyk") is already in this '
                        "workbook (the same email); nothing was imported.")


def test_a_coachee_already_present_by_name_and_program(db: Any) -> None:
    coachees.add(db, "nguyễn  thị hoa", program="internal medicine")
    assert "coachees[1] (\"Nguyễn Thị Hoa\") is already in this workbook (the same name and " \
           "program)" in refused(db, FIXTURE)


def test_importing_the_same_document_twice_is_refused(db: Any) -> None:
    import_json(db, FIXTURE)
    assert "is already in this workbook" in refused(db, FIXTURE)


def test_a_trashed_coachee_does_not_block_the_import(db: Any) -> None:
    coachee_id = coachees.add(db, "Aïcha Benali", email="aicha.benali@example.edu").id
    db.execute("UPDATE coachees SET deleted_at = '2026-01-01T00:00:00Z' WHERE id = ?",
               [coachee_id])
    assert import_json(db, FIXTURE).coachees == 4


def test_a_minimal_hand_written_document(db: Any) -> None:
    result = import_json(db, {"format": "coach-workbook", "format_version": 1, "coachees": [
        {"id": 1, "name": "José Muñoz", "goals": [{"id": 1, "title": "Pass the shelf exam"}]}]})
    assert (result.coachees, result.goals) == (1, 1)
    goal = db.execute("SELECT domain, status, weight, created_at FROM goals").fetchone()
    assert tuple(goal[:3]) == ("other", "active", 1.0) and goal[3].endswith("Z")


@pytest.mark.parametrize(("change", "expected"), [
    (lambda d: d["coachees"][2]["goals"][0].update(status="finished"),
     'coachees[2].goals[0].status: "finished" is not one of draft, active, achieved, revised, '
     "dropped."),
    (lambda d: d["coachees"][0].pop("name"), "coachees[0].name is required but missing."),
    (lambda d: d["coachees"][0].update(name="   "), 'coachees[0].name: "" cannot be empty.'),
    (lambda d: d["coachees"][2].update(colour="blue"),
     "coachees[2].colour is not a field of this format (see docs/interchange-format.md)."),
    (lambda d: d["coachees"][2]["goals"][0].update(target_date="31/02/2026"),
     'coachees[2].goals[0].target_date: "31/02/2026" is not a date (use YYYY-MM-DD).'),
    (lambda d: d["coachees"][2]["goals"][0].update(target_date="2026-02-31"),
     'coachees[2].goals[0].target_date: "2026-02-31" is not a date (use YYYY-MM-DD).'),
    (lambda d: d["coachees"][2]["goals"][0].update(progress=140),
     "coachees[2].goals[0].progress: 140 must be at most 100."),
    (lambda d: d["coachees"][2]["goals"][0].update(progress="40"),
     'coachees[2].goals[0].progress: "40" is not a whole number.'),
    (lambda d: d["coachees"][2]["goals"][0]["ladder"].update({"+3": "x"}),
     'coachees[2].goals[0].ladder["+3"] is not a field of this format'),
    (lambda d: d["coachees"][2]["sessions"][0].update(scheduled_at="2026-02-10 9am"),
     'coachees[2].sessions[0].scheduled_at: "2026-02-10 9am" is not a date and time '
     "(use YYYY-MM-DDTHH:MM)."),
    (lambda d: d["coachees"][2]["sessions"][0]["sections"][0].update(shared="yes"),
     'coachees[2].sessions[0].sections[0].shared: "yes" is not true or false.'),
    (lambda d: d["coachees"][2].update(level="MS9"),
     'coachees[2].level: "MS9" is not one of "", MS1, MS2'),
    (lambda d: d["coachees"][2].update(email="zoe@"),
     'coachees[2].email: "zoe@" is not an email address.'),
    (lambda d: d["coachees"][2]["action_items"][0].update(goal_ref=99),
     "coachees[2].action_items[0].goal_ref: 99 is not the id of one of this coachee's goals."),
    (lambda d: d["coachees"][2]["goals"][0].update(value_refs=[2, 99]),
     "coachees[2].goals[0].value_refs[1]: 99 is not the id of one of this coachee's values."),
    (lambda d: d["coachees"][2]["sessions"][0].update(template_ref=40),
     "coachees[2].sessions[0].template_ref: 40 is not the id of a template in this document."),
    (lambda d: d["coachees"][2]["goals"][0]["checkins"][0].update(session_ref=3),
     "coachees[2].goals[0].checkins[0].session_ref: 3 is not the id of one of this coachee's "
     "sessions."),
    (lambda d: d["coachees"][1].update(id=3),
     "coachees[2].id: 3 is used twice; each coachee id must be unique."),
    (lambda d: d["coachees"][2]["goals"][1].update(domain="astrology"),
     'coachees[2].goals[1].domain: "astrology" is not a goal domain of this workbook or of the '
     "document."),
    (lambda d: d["templates"][1].update(key="grow"),
     'templates[1].key: "grow" is used twice; each template key must be unique.'),
    (lambda d: d.update(settings={"idle_lock_minutes": 999}),
     "settings.idle_lock_minutes: Idle lock minutes must be between 1 and 240 (got 999)."),
    (lambda d: d.update(settings={"is_demo": "no"}),
     'settings.is_demo: "no" is not true or false.'),
    (lambda d: d.update(coachees={}), "coachees: an object is not a list."),
    (lambda d: d["coachees"][2]["goals"][0].update(weight=0),
     "coachees[2].goals[0].weight: 0 must be more than 0."),
    (lambda d: d["coachees"][0].update(name="x" * 201),
     "coachees[0].name: is too long (201 characters; at most 200)."),
    (lambda d: d["coachees"][0].update(name="Ann\udc80"),
     "coachees[0].name contains a character that is not valid Unicode."),
])
def test_an_invalid_record_is_named_in_one_sentence(db: Any, change: Any, expected: str) -> None:
    doc = sample()
    change(doc)
    sentence = refused(db, doc, source_name="roster.json")
    assert sentence.startswith("roster.json: ")
    assert expected in sentence


def test_errors_in_a_file_name_the_file(db: Any, tmp_path: Path) -> None:
    doc = sample()
    doc["coachees"][3]["goals"][0]["status"] = "finished"
    path = tmp_path / "roster.json"
    path.write_text(json.dumps(doc), "utf-8")
    assert refused(db, path) == ('roster.json: coachees[3].goals[0].status: "finished" is not '
                                 "one of draft, active, achieved, revised, dropped.")


@pytest.mark.parametrize(("content", "expected"), [
    (b"", "export.json is empty."),
    (b"name,email\nJos\xc3\xa9,j@example.edu\n",
     "export.json is not valid JSON (line 1, column 1: expecting value)."),
    (b'{"format": "coach-workbook", "format_version": 1,}',
     "export.json is not valid JSON (line 1, column 50: "),
    (b'{"format": "coach-workbook", "format_version": NaN}',
     "export.json is not valid JSON (NaN is not allowed in JSON)."),
    (b"[1, 2, 3]", 'export.json is not a Coach Workbook export (it has no "format": '
                   '"coach-workbook").'),
    (b'{"format": "anki", "format_version": 1}', "is not a Coach Workbook export"),
    (b'{"format": "coach-workbook", "format_version": 2}',
     "export.json was written by a newer version of Coach Workbook (format version 2); "
     "install the latest version to import it."),
    (b'{"format": "coach-workbook", "format_version": "1"}',
     'export.json: format_version: "1" is not a format version this program reads (it reads 1).'),
    (b'{"format": "coach-workbook",\n "coachees": "Zo\xeb"}',
     "export.json is not UTF-8 text (line 2 holds a byte that is not UTF-8); an export from "
     "Coach Workbook is always UTF-8."),
    (b"PK\x03\x04\x14\x00\x06\x00", "export.json is not valid JSON (line 1, column 1: "),
    (b"[" * 100_000, "export.json is nested too deeply to be an export."),
])
def test_a_file_that_is_not_an_export(db: Any, tmp_path: Path, content: bytes,
                                      expected: str) -> None:
    path = tmp_path / "export.json"
    path.write_bytes(content)
    assert expected in refused(db, path)


def test_a_utf8_bom_is_accepted(db: Any, tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_bytes(b"\xef\xbb\xbf" + FIXTURE.read_bytes())
    assert import_json(db, path).coachees == 4


def test_a_file_over_the_size_limit_is_refused_before_reading(db: Any, tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with open(path, "wb") as fh:
        fh.truncate(MAX_BYTES + 1)  # sparse: costs no disk
    mb = MAX_BYTES // 1_048_576
    assert refused(db, path) == f"huge.json is too large ({mb + 1} MB; at most {mb} MB)."


def test_a_missing_file_or_a_folder(db: Any, tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        import_json(db, tmp_path / "nowhere.json")
    assert refused(db, tmp_path) == f"{tmp_path.name} is a folder, not a file."


def test_settings_are_checked_and_unknown_ones_ignored(db: Any) -> None:
    doc = sample()
    doc["settings"]["theme"] = "dark"
    result = import_json(db, doc)
    assert result.warnings == ["The setting «theme» in the file is not known here and was "
                               "ignored."]
    assert db.execute("SELECT count(*) FROM settings WHERE key = 'theme'").fetchone()[0] == 0
    assert json.loads(db.execute("SELECT value FROM settings WHERE key = 'idle_lock_minutes'"
                                 ).fetchone()[0]) == 10


def test_a_custom_template_with_the_same_key_is_replaced_with_a_warning(db: Any) -> None:
    db.execute("INSERT INTO templates(key, name, position) VALUES ('spikes-debrief', 'Mine', 20)")
    result = import_json(db, sample())
    assert result.warnings == ["Your template «SPIKES debrief» was replaced by the one in the "
                               "file (same key)."]
    assert db.execute("SELECT count(*) FROM templates WHERE key = 'spikes-debrief'"
                      ).fetchone()[0] == 1


def test_catalog_values_and_domains_are_matched_not_duplicated(db: Any) -> None:
    doc = sample()
    doc["value_catalog"].append({"name": "curiosity", "description": "Wanting to know"})
    doc["goal_domains"].append({"key": "well-being", "name": "Wellness"})
    before = counts(db)
    import_json(db, doc)
    after = counts(db)
    assert after["value_catalog"] == before["value_catalog"] + 1  # only "Stewardship" is new
    assert after["goal_domains"] == before["goal_domains"] + 1  # only "research-ethics"
    row = db.execute("SELECT description FROM value_catalog WHERE name = 'Curiosity'").fetchone()
    assert row[0] == "Wanting to know"


def test_duplicate_links_in_the_document_are_kept_once(db: Any) -> None:
    doc = sample()
    goal = doc["coachees"][2]["goals"][0]
    goal["value_refs"] = goal["value_refs"] * 2
    doc["coachees"][2]["sessions"][0]["goal_refs"] *= 2
    import_json(db, copy.deepcopy(doc))
    assert db.execute("SELECT count(*) FROM goal_values").fetchone()[0] == 2
    assert db.execute("SELECT count(*) FROM session_goals").fetchone()[0] == 1


def test_the_example_in_the_format_description_imports(db: Any) -> None:
    text = (Path(__file__).parent.parent / "docs" / "interchange-format.md").read_text("utf-8")
    example = text.split("### 1.15")[1].split("```json")[1].split("```")[0]
    result = import_json(db, json.loads(example), source_name="example.json")
    assert (result.coachees, result.values, result.goals, result.sessions, result.actions) == (
        1, 1, 1, 1, 1)
    private = db.execute("SELECT body FROM session_sections WHERE shared = 0").fetchone()[0]
    assert private == "Check in about sleep."


def test_a_section_made_shared_is_still_named_after_export_and_import(
        db: Any, template_workbook: Path, tmp_path: Path) -> None:
    import shutil

    from tests.conftest import PASSPHRASE
    from workbook import notes, privacy, sessions
    from workbook import vault as vault_mod

    cid = coachees.add(db, "Aïcha Benali").id
    sid = sessions.start(db, cid, "grow").id
    private = next(s for s in notes.list_sections(db, sid) if not s.shared)
    notes.save_note(db, private.id, "Wants to talk about the night float")
    notes.set_shared(db, private.id, True, by="coach")
    exported = export_json(db)

    other = tmp_path / "other.cwb"
    shutil.copyfile(template_workbook, other)
    with vault_mod.open_vault(other, PASSPHRASE) as v:
        import_json(v.db, exported)
        [moved] = [s.id for s in sessions.list_sessions(v.db, coachees.list_coachees(v.db)[0].id)]
        contents = privacy.document_contents(v.db, moved)
        assert [s.heading for s in contents.made_shared] == [private.heading]
        assert contents.made_shared[0].made_shared.changed_by == "coach"  # type: ignore[union-attr]
        again = export_json(v.db)

    def section(doc: dict[str, Any]) -> dict[str, Any]:
        return next(x for x in doc["coachees"][0]["sessions"][0]["sections"]
                    if x["heading"] == private.heading)

    assert section(again)["privacy_changes"] == section(exported)["privacy_changes"]
    assert [c["shared"] for c in section(again)["privacy_changes"]] == [True]
