"""Export of a whole workbook to the JSON interchange document, and the round trip through a
new workbook (export → import → export gives the same document but for `exported_at`)."""

from __future__ import annotations

import json
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import workbook
from workbook import vault as vault_mod
from workbook.exchange.json_export import export_json
from workbook.exchange.json_format import import_json, write_export

T0 = "2026-01-05T14:00:00Z"
T1 = "2026-02-10T09:30:00Z"
GONE = "2026-03-01T08:00:00Z"


def _ins(db: Any, table: str, **row: Any) -> int:
    columns = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    return int(db.execute(f"INSERT INTO {table}({columns}) VALUES ({marks})",
                          list(row.values())).lastrowid)


def fill_workbook(db: Any) -> dict[str, int]:
    """Everything a workbook can hold, written with plain SQL (fictional people only)."""
    ids: dict[str, int] = {}
    with db.atomic():
        for key, value in {"coach_name": "Dr. Imani Castellanos", "institution": "Fictional "
                           "School of Medicine", "idle_lock_minutes": 10, "gas_rho": 0.25,
                           "page_size": "A4"}.items():
            db.execute("INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO "
                       "UPDATE SET value = excluded.value", [key, json.dumps(value)])
        _ins(db, "goal_domains", key="research-ethics", name="Research ethics",
             description="Custom domain", position=10, builtin=0)
        _ins(db, "value_catalog", name="Stewardship", description="Caring for what is shared")
        db.execute("UPDATE templates SET name = 'GROW (edited)', updated_at = ? WHERE key = 'grow'",
                   [T1])
        spikes = _ins(db, "templates", key="spikes-debrief", name="SPIKES debrief",
                      competency="Skills coaching", description="Breaking bad news",
                      position=11, created_at=T0, updated_at=T1)
        setting = _ins(db, "template_sections", template_id=spikes, key="setting", position=0,
                       heading="Setting", shared=1, guidance="Privacy first")
        _ins(db, "prompts", section_id=setting, position=0, text="Who was in the room?")
        _ins(db, "prompts", section_id=setting, position=1, text="Was there privacy?")
        _ins(db, "template_sections", template_id=spikes, key="coach-only", position=1,
             heading="Coach's observations", shared=0)
        _ins(db, "templates", key="old-idea", name="Old idea", position=12, created_at=T0,
             updated_at=T0, deleted_at=GONE)

        zoe = ids["zoe"] = _ins(
            db, "coachees", name="Zoë Kowalczyk", preferred_name="Zoë", pronouns="she/her",
            email="zoe.kowalczyk@example.edu", level="MS2", program="MD", cohort="2028",
            start_date="2025-08-04", tags=json.dumps(["first-gen", "research"]),
            agreement_cadence="Monthly", agreement_contact="Email", agreement_confidentiality=
            "Confidential unless safety concern", agreement_notes="Prefers mornings",
            agreement_date="2025-08-20", created_at=T0, updated_at=T1)
        curiosity = _ins(db, "coachee_values", coachee_id=zoe, name="Curiosity", rank=0,
                         reflection="Asks why", created_at=T0, updated_at=T0)
        balance = _ins(db, "coachee_values", coachee_id=zoe, name="Balance", rank=1,
                       created_at=T0, updated_at=T0)
        _ins(db, "coachee_values", coachee_id=zoe, name="Old value", rank=2, created_at=T0,
             updated_at=T0, deleted_at=GONE)
        goal = ids["goal"] = _ins(
            db, "goals", coachee_id=zoe, title="Present a case at morning report",
            domain="clinical-skills", specific="One case", measurable="Feedback form",
            achievable="With resident help", relevant="Communication", time_bound="By May",
            status="active", progress=40, target_date="2026-05-30", gas_minus2="No case",
            gas_minus1="Drafted", gas_zero="Presented", gas_plus1="Presented well",
            gas_plus2="Invited again", gas_baseline=-1, gas_attained=1,
            gas_attained_on="2026-06-01", weight=2.5, created_at=T0, updated_at=T1)
        _ins(db, "goal_values", goal_id=goal, value_id=curiosity)
        _ins(db, "goal_values", goal_id=goal, value_id=balance)
        _ins(db, "milestones", goal_id=goal, position=0, title="Pick a case",
             due_date="2026-02-01", done_on="2026-01-28")
        _ins(db, "milestones", goal_id=goal, position=1, title="Rehearse")
        ethics = _ins(db, "goals", coachee_id=zoe, title="IRB training", domain="research-ethics",
                      status="draft", created_at=T0, updated_at=T0)
        grow = db.execute("SELECT id FROM templates WHERE key = 'grow'").fetchone()[0]
        session = ids["session"] = _ins(
            db, "sessions", coachee_id=zoe, template_id=grow, template_name="GROW",
            scheduled_at="2026-02-10T09:00", duration_min=45, modality="video", status="held",
            title="Second meeting", agenda="Case presentation", next_meeting_at="2026-03-10T09:00",
            created_at=T0, updated_at=T1)
        _ins(db, "sessions", coachee_id=zoe, template_id=spikes, template_name="SPIKES debrief",
             scheduled_at="2026-03-10T09:00", status="scheduled", created_at=T1, updated_at=T1)
        _ins(db, "session_goals", session_id=session, goal_id=goal)
        shared = _ins(db, "session_sections", session_id=session, key="goal", position=0,
                      heading="Goal", shared=1, body="Present at morning report", updated_at=T1)
        _ins(db, "note_versions", section_id=shared, body="Present", saved_at=T0)
        _ins(db, "note_versions", section_id=shared, body="Present at morning report",
             saved_at=T1)
        _ins(db, "session_sections", session_id=session, key="private", position=1,
             heading="Private notes", shared=0, body="Seemed tired; ask about sleep.",
             updated_at=T1)
        _ins(db, "checkins", goal_id=goal, session_id=session, checked_on="2026-02-10",
             progress=40, gas_level=-1, note="Case chosen")
        _ins(db, "checkins", goal_id=ethics, checked_on="2026-02-11", note="Not started")
        _ins(db, "action_items", coachee_id=zoe, session_id=session, goal_id=goal,
             text="Email the chief resident", owner="coachee", due_date="2026-02-17",
             position=0, created_at=T1, updated_at=T1)
        _ins(db, "action_items", coachee_id=zoe, session_id=session, text="Send SPIKES article",
             owner="coach", owner_note="PDF", done_on="2026-02-11", position=1, created_at=T1,
             updated_at=T1)
        _ins(db, "action_items", coachee_id=zoe, text="Dropped idea", owner="both",
             created_at=T1, updated_at=T1, deleted_at=GONE)

        hoa = ids["hoa"] = _ins(db, "coachees", name="Nguyễn Thị Hoa", level="PGY1",
                                program="Internal Medicine", status="paused", created_at=T0,
                                updated_at=T0)
        _ins(db, "goals", coachee_id=hoa, title="Sleep before call", domain="well-being",
             created_at=T0, updated_at=T0, deleted_at=GONE)
        wang = ids["wang"] = _ins(db, "coachees", name="王小明", email="xiaoming@example.edu",
                                  level="Fellow", created_at=T0, updated_at=T0, deleted_at=GONE)
        _ins(db, "goals", coachee_id=wang, title="Publish abstract", domain="scholarship",
             created_at=T0, updated_at=T0)
        _ins(db, "sessions", coachee_id=wang, scheduled_at="2025-12-01T16:00", status="no-show",
             created_at=T0, updated_at=T0)
        ids["aicha"] = _ins(db, "coachees", name="Aïcha Benali", email="aicha.benali@example.edu",
                            level="MS4", created_at=T0, updated_at=T0)
    return ids


@pytest.fixture
def second(tmp_path: Path) -> Iterator[Any]:
    """A second, brand-new workbook (the `db` fixture is the first)."""
    v = vault_mod.create(tmp_path / "second.cwb", "Second fictional passphrase 77")
    try:
        yield v.db
        assert not v.db.conn.in_transaction
    finally:
        v.close()


def _without_stamp(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k != "exported_at"}


def test_envelope_names_format_version_and_app(db: Any) -> None:
    doc = export_json(db)
    assert doc["format"] == "coach-workbook"
    assert doc["format_version"] == 1
    assert doc["app_version"] == workbook.__version__
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", doc["exported_at"])
    assert doc["coachees"] == []
    assert [t["id"] for t in doc["templates"]] == list(range(1, len(doc["templates"]) + 1))
    assert {d["key"] for d in doc["goal_domains"]} >= {"well-being", "other"}


def test_export_holds_everything_including_trash_and_private_notes(db: Any) -> None:
    fill_workbook(db)
    doc = export_json(db)
    names = [c["name"] for c in doc["coachees"]]
    assert names == ["Aïcha Benali", "Nguyễn Thị Hoa", "Zoë Kowalczyk", "王小明"]
    assert [c["id"] for c in doc["coachees"]] == [1, 2, 3, 4]
    wang = doc["coachees"][3]
    assert wang["deleted_at"] == GONE and wang["goals"][0]["title"] == "Publish abstract"
    zoe = doc["coachees"][2]
    assert zoe["tags"] == ["first-gen", "research"]
    assert zoe["agreement"]["date"] == "2025-08-20"
    assert [v["name"] for v in zoe["values"]] == ["Curiosity", "Balance", "Old value"]
    assert zoe["values"][2]["deleted_at"] == GONE
    goal = zoe["goals"][0]
    assert goal["ladder"] == {"-2": "No case", "-1": "Drafted", "0": "Presented",
                              "+1": "Presented well", "+2": "Invited again"}
    assert goal["value_refs"] == [zoe["values"][0]["id"], zoe["values"][1]["id"]]
    assert goal["weight"] == 2.5 and goal["gas_attained"] == 1
    assert [m["title"] for m in goal["milestones"]] == ["Pick a case", "Rehearse"]
    session = zoe["sessions"][0]
    assert goal["checkins"][0]["session_ref"] == session["id"]
    assert zoe["goals"][1]["checkins"][0]["session_ref"] is None
    assert session["goal_refs"] == [goal["id"]]
    template = next(t for t in doc["templates"] if t["id"] == session["template_ref"])
    assert template["key"] == "grow" and template["name"] == "GROW (edited)"
    private = session["sections"][1]
    assert private["shared"] is False and "tired" in private["body"]
    assert [v["body"] for v in session["sections"][0]["versions"]] == [
        "Present", "Present at morning report"]
    actions = zoe["action_items"]
    assert actions[0]["session_ref"] == session["id"] and actions[0]["goal_ref"] == goal["id"]
    assert actions[2]["deleted_at"] == GONE
    spikes = next(t for t in doc["templates"] if t["key"] == "spikes-debrief")
    assert spikes["sections"][0]["prompts"] == ["Who was in the room?", "Was there privacy?"]
    assert spikes["sections"][1]["shared"] is False
    assert next(t for t in doc["templates"] if t["key"] == "old-idea")["deleted_at"] == GONE
    assert doc["settings"]["coach_name"] == "Dr. Imani Castellanos"
    assert doc["settings"]["gas_rho"] == 0.25
    assert "Stewardship" in [v["name"] for v in doc["value_catalog"]]


def test_ids_are_dense_per_kind(db: Any) -> None:
    fill_workbook(db)
    doc = export_json(db)
    for kind in ("values", "goals", "sessions", "action_items"):
        refs = [r["id"] for c in doc["coachees"] for r in c[kind]]
        assert refs == list(range(1, len(refs) + 1)), kind


def test_round_trip_through_a_new_workbook_is_identical(db: Any, second: Any) -> None:
    fill_workbook(db)
    first = export_json(db)
    result = import_json(second, first, source_name="backup.json")
    assert (result.coachees, result.values, result.goals, result.sessions, result.actions) == (
        4, 3, 4, 3, 3)
    assert result.templates == len(first["templates"])
    again = export_json(second)
    assert _without_stamp(again) == _without_stamp(first)


def test_round_trip_through_a_written_file(db: Any, second: Any, tmp_path: Path) -> None:
    fill_workbook(db)
    out = tmp_path / "out"
    out.mkdir()
    path = write_export(db, out / "export.json")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text("utf-8")
    assert "Zoë Kowalczyk" in text and "王小明" in text  # readable, not \\u-escaped
    assert [p.name for p in out.iterdir()] == ["export.json"]  # no temp file left behind
    import_json(second, path)
    assert _without_stamp(export_json(second)) == _without_stamp(json.loads(text))


def test_write_export_replaces_an_older_export(db: Any, tmp_path: Path) -> None:
    target = tmp_path / "export.json"
    target.write_text("old", "utf-8")
    write_export(db, target)
    assert json.loads(target.read_text("utf-8"))["format"] == "coach-workbook"


def test_export_changes_nothing_and_leaves_no_transaction(db: Any) -> None:
    fill_workbook(db)
    before = _without_stamp(export_json(db))
    assert _without_stamp(export_json(db)) == before
    assert not db.conn.in_transaction


def test_the_demo_workbook_round_trips(db: Any, second: Any) -> None:
    """Content written by the domain modules' own rules (the demo), not only by raw SQL."""
    from workbook.demo import build_demo

    build_demo(db)
    first = export_json(db)
    assert len(first["coachees"]) >= 3
    import_json(second, first)
    assert _without_stamp(export_json(second)) == _without_stamp(first)


@pytest.mark.parametrize("streamed", [False, True])
@pytest.mark.parametrize("collecting", [True, False])
def test_export_leaves_the_collector_as_it_found_it(
        db: Any, collecting: bool, streamed: bool, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The build pauses automatic collection (its containers hold no cycles); the window
    keeps automatic collection off for good (ui/kit/collector.py), so an export on its worker
    must never switch it back on, and a command-line export must get it back."""
    import gc

    from workbook.exchange import json_export

    seen: list[bool] = []
    real = json_export.iter_coachees

    def spy(*args: Any) -> Any:
        seen.append(gc.isenabled())
        return real(*args)

    monkeypatch.setattr(json_export, "iter_coachees", spy)
    (gc.enable if collecting else gc.disable)()
    try:
        if streamed:
            write_export(db, tmp_path / "export.json")
        else:
            assert export_json(db)["format"] == "coach-workbook"
        assert seen == [False]  # paused while the document was built
        assert gc.isenabled() is collecting
    finally:
        gc.enable()


# -- the written file is streamed, one coachee at a time ------------------------------------

def _same_text_as_the_whole_document(db: Any, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> str:
    from workbook.exchange import json_export

    monkeypatch.setattr(json_export, "now_iso", lambda: T1)  # one moment for both exports
    path = write_export(db, tmp_path / "export.json")
    written = path.read_bytes()
    whole = json.dumps(export_json(db), ensure_ascii=False, indent=2) + "\n"
    assert written == whole.encode("utf-8")
    assert not db.conn.in_transaction
    return whole


def test_streamed_file_of_an_empty_workbook(db: Any, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    text = _same_text_as_the_whole_document(db, tmp_path, monkeypatch)
    assert text.endswith('\n  "coachees": []\n}\n')


def test_streamed_file_of_the_demo(db: Any, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from workbook.demo import build_demo

    build_demo(db)
    text = _same_text_as_the_whole_document(db, tmp_path, monkeypatch)
    assert len(json.loads(text)["coachees"]) >= 3


def test_streamed_file_with_many_scripts_and_multiline_notes(
        db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = fill_workbook(db)
    tricky = ('First line\nsecond\r\nthird\ttab "quoted" \\ back\u2028sep\u2029para '
              '"coachees": [] ✓ 🙂\n')
    with db.atomic():
        for name in ("ليلى حداد", "Ирина Соколова", "Ελένη Παππά", "अनन्या शर्मा", "Ōta Hiroshi"):
            who = _ins(db, "coachees", name=name, agreement_notes=tricky, tags=json.dumps(
                [name, "multi\nline"]), created_at=T0, updated_at=T0)
            met = _ins(db, "sessions", coachee_id=who, scheduled_at="2026-02-01T10:00",
                       agenda=tricky, created_at=T0, updated_at=T0)
            section = _ins(db, "session_sections", session_id=met, heading="Notes",
                           body=name + "\n" + tricky, updated_at=T1)
            _ins(db, "note_versions", section_id=section, body=tricky, saved_at=T0)
        _ins(db, "session_sections", session_id=ids["session"], key="more", position=2,
             heading="Rückblick\nzwei Zeilen", body=tricky, updated_at=T1)
    text = _same_text_as_the_whole_document(db, tmp_path, monkeypatch)
    assert "Ирина Соколова" in text and "\u2028" in text  # written as typed, not escaped
    assert tricky in {c["agreement"]["notes"] for c in json.loads(text)["coachees"]}


def test_streaming_holds_one_coachee_not_the_whole_document(db: Any, tmp_path: Path) -> None:
    """40 coachees x 30 sessions x 5 sections of ~2 kB notes: about 13 MB of JSON, written
    with well under a third of that in (Python) memory at any moment."""
    import tracemalloc

    words = ["reflection", "feedback", "rotation", "résumé", "王", "sleep", "clinic", "ليلى"]
    with db.atomic():
        db["coachees"].insert_all(
            {"id": c, "name": f"Fictional Learner {c:02d}", "created_at": T0, "updated_at": T0}
            for c in range(1, 41))
        db["sessions"].insert_all(
            {"id": s, "coachee_id": 1 + s % 40, "scheduled_at": f"2026-01-{1 + s % 28:02d}T09:00",
             "created_at": T0, "updated_at": T0} for s in range(1, 1201))
        db["session_sections"].insert_all(
            {"session_id": 1 + i // 5, "position": i % 5, "heading": "Notes", "updated_at": T1,
             "body": " ".join(words[(i + k) % len(words)] for k in range(280)) + f" {i}"}
            for i in range(6000))
    target = tmp_path / "export.json"
    tracemalloc.start()
    try:
        write_export(db, target)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    size = target.stat().st_size
    assert size > 10_000_000
    assert peak < size / 3, f"peak {peak:,} bytes for a file of {size:,}"
    assert len(json.loads(target.read_text("utf-8"))["coachees"]) == 40
