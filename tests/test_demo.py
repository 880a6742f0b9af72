"""The demo workbook: fictional, realistic, current, complete, valid and reproducible."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from workbook import demo, seed
from workbook import vault as vault_mod
from workbook.errors import InvalidInput
from workbook.gas import t_score
from workbook.vault import policy_problem

TODAY = date(2026, 3, 15)
TEMPLATE_KEYS = {t["key"] for t in seed.builtin_templates()}


@pytest.fixture
def built(db):  # type: ignore[no-untyped-def]
    summary = demo.build_demo(db, today=TODAY)
    return db, summary


def rows(db: Any, sql: str, *params: Any) -> list[dict[str, Any]]:
    return list(db.query(sql, list(params)))


def one(db: Any, sql: str, *params: Any) -> Any:
    return db.execute(sql, list(params)).fetchone()[0]


# -- the content files ---------------------------------------------------------------------
def test_content_matches_the_builtin_templates_and_refers_only_to_known_records() -> None:
    content = demo.load_content()
    sections = {t["key"]: {s["key"] for s in t["sections"]} for t in seed.builtin_templates()}
    coachees = {c["key"]: c for c in content["coachees"]}
    goal_owner = {g["key"]: c["key"] for c in content["coachees"] for g in c["goals"]}
    for c in content["coachees"]:
        names = {v["name"] for v in c["values"]}
        for g in c["goals"]:
            assert set(g.get("values", [])) <= names, g["key"]
            assert len(g.get("gas", [])) in (0, 5), g["key"]
    for s in content["sessions"] + content["plan"]:
        assert s["coachee"] in coachees, s
        assert s["template"] in TEMPLATE_KEYS, s
        assert set(s.get("notes", {})) <= sections[s["template"]], s.get("id")
        mentioned = [*s.get("goals", []), *(c["goal"] for c in s.get("checkins", [])),
                     *(a["goal"] for a in s.get("actions", []) if a.get("goal"))]
        assert all(goal_owner[k] == s["coachee"] for k in mentioned), s.get("id")
    for template, parts in content["fragments"].items():
        assert set(parts) <= sections[template], template
    ids = [s["id"] for s in content["sessions"]]
    assert len(ids) == len(set(ids))


def test_at_least_forty_sessions_are_written_out_in_full() -> None:
    written = [s for s in demo.load_content()["sessions"]
               if s.get("status", "held") == "held" and len(s.get("notes", {})) >= 3]
    assert len(written) >= 40


def test_the_demo_passphrase_is_documented_and_allowed() -> None:
    assert demo.DEMO_PASSPHRASE == "coaching demo only 2026"
    assert len(demo.DEMO_PASSPHRASE) >= 12
    assert policy_problem(demo.DEMO_PASSPHRASE) is None
    assert "DEMO_PASSPHRASE" in (demo.__doc__ or "") or "passphrase" in (demo.__doc__ or "")


# -- building ------------------------------------------------------------------------------
def test_build_leaves_no_transaction_open(db) -> None:  # type: ignore[no-untyped-def]
    summary = demo.build_demo(db, today=TODAY)  # how long it takes: bench/scaling.py
    assert summary
    assert not db.conn.in_transaction


def test_summary_counts_what_is_in_the_workbook(built) -> None:  # type: ignore[no-untyped-def]
    db, summary = built
    assert summary == demo.summary(db, TODAY)
    assert summary.coachees == one(db, "SELECT count(*) FROM coachees") >= 14
    assert summary.sessions >= 60
    assert summary.goals == one(db, "SELECT count(*) FROM goals WHERE deleted_at IS NULL")
    assert summary.actions >= 2 * one(db, "SELECT count(*) FROM sessions WHERE status='held'")
    assert summary.overdue_actions >= 3
    assert summary.upcoming_sessions >= 3


def test_refuses_a_workbook_that_already_has_coachees(built) -> None:  # type: ignore[no-untyped-def]
    db, summary = built
    with pytest.raises(InvalidInput, match="empty workbook"):
        demo.build_demo(db, today=TODAY)
    assert demo.summary(db, TODAY) == summary
    assert not db.conn.in_transaction


def test_the_file_is_valid(built) -> None:  # type: ignore[no-untyped-def]
    db, _ = built
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    sections = one(db, "SELECT count(*) FROM session_sections")
    assert one(db, "SELECT count(*) FROM search_index WHERE kind = 'section'") == sections
    hits = rows(db, "SELECT kind FROM search_index WHERE search_index MATCH ?", "SPIKES")
    assert {"section"} <= {h["kind"] for h in hits}
    # diacritics are folded by the index, so a coach can type "Zoe" or "Soren"
    for query in ("Zoe", "Soren", "Layla"):
        assert rows(db, "SELECT 1 FROM search_index WHERE search_index MATCH ? AND "
                        "kind = 'coachee'", query), query


def test_same_day_builds_the_same_workbook(built, template_workbook: Path,  # type: ignore[no-untyped-def]
                                           tmp_path: Path) -> None:
    from tests.conftest import PASSPHRASE

    db, _ = built
    copy = tmp_path / "again.cwb"
    shutil.copyfile(template_workbook, copy)
    with vault_mod.open_vault(copy, PASSPHRASE) as other:
        demo.build_demo(other.db, today=TODAY)
        for table in ("coachees", "coachee_values", "goals", "goal_values", "milestones",
                      "sessions", "session_sections", "note_versions", "session_goals",
                      "checkins", "action_items", "settings"):
            sql = f"SELECT * FROM {table} ORDER BY rowid"
            assert rows(db, sql) == rows(other.db, sql), table


def test_dates_follow_the_day_it_is_built(tmp_path: Path) -> None:
    later = TODAY + timedelta(days=200)  # into the next academic year
    with demo.create_demo_workbook(tmp_path / "demo.cwb", today=later) as v:
        first, last = v.db.execute(
            "SELECT min(scheduled_at), max(scheduled_at) FROM sessions").fetchone()
        assert first[:10] >= (later - timedelta(days=430)).isoformat()
        assert (later + timedelta(days=1)).isoformat() <= last[:10]
        assert one(v.db, "SELECT cohort FROM coachees WHERE level = 'MS1' LIMIT 1") == \
            f"Class of {later.year + 4}"
    with vault_mod.open_vault(tmp_path / "demo.cwb", demo.DEMO_PASSPHRASE) as again:
        assert one(again.db, "SELECT count(*) FROM coachees") >= 14


# -- coachees ------------------------------------------------------------------------------
def test_coachees_span_levels_programs_cohorts_and_statuses(built) -> None:  # type: ignore[no-untyped-def]
    db, _ = built
    people = rows(db, "SELECT * FROM coachees")
    levels = {p["level"] for p in people}
    assert {"MS1", "MS2", "MS3", "MS4", "PGY1", "PGY2", "PGY3", "Fellow"} <= levels
    assert sum(p["level"] == "Fellow" for p in people) == 1
    assert {"MD program", "Internal Medicine residency", "Pediatrics residency",
            "General Surgery residency", "Family Medicine residency",
            "Emergency Medicine residency", "Cardiology fellowship"} <= {
        p["program"] for p in people}
    cohorts = {p["cohort"] for p in people}
    assert "Class of 2028" in cohorts and "PGY entry 2025" in cohorts
    assert len({p["pronouns"] for p in people}) >= 3
    assert all(re.fullmatch(r"[a-z.\-]+@example\.edu", p["email"]) for p in people)
    assert len({p["email"] for p in people}) == len(people)
    statuses = Counter(p["status"] for p in people)
    assert statuses["paused"] == 1 and statuses["graduated"] == 1
    assert all(p["start_date"] and p["start_date"] <= TODAY.isoformat() for p in people)
    assert all(json.loads(p["tags"]) for p in people)
    agreed = [p for p in people if p["agreement_cadence"] and p["agreement_confidentiality"]]
    assert len(people) - 3 <= len(agreed) < len(people)


def test_names_carry_accents_and_non_latin_scripts(built) -> None:  # type: ignore[no-untyped-def]
    db, _ = built
    names = {r["name"]: r["preferred_name"] for r in rows(db, "SELECT * FROM coachees")}
    for accented in ("Zoë Kowalczyk", "José Muñoz", "Nguyễn Thị Hoa", "Aïcha Benali",
                     "Søren Ødegaard", "Ama Owusu", "Priya Raghunathan"):
        assert accented in names
    assert names["王小明"] == "Xiaoming"
    arabic = [n for n in names if re.search(r"[\u0600-\u06FF]", n)]
    assert arabic and names[arabic[0]] == "Layla"


def test_only_invented_people_appear(built) -> None:  # type: ignore[no-untyped-def]
    db, _ = built
    everything = " ".join(
        str(v) for table in ("coachees", "coachee_values", "goals", "sessions",
                             "session_sections", "action_items", "checkins", "milestones",
                             "settings")
        for r in rows(db, f"SELECT * FROM {table}") for v in r.values() if isinstance(v, str))
    # well-known real people a writer might reach for in medical education and beyond
    for real in ("Osler", "Gawande", "Kübler-Ross", "Buckman", "Baile", "Kiresuk",
                 "Cooperrider", "Whitmore", "Farmer", "Obama", "Fauci", "Nightingale",
                 "Hippocrates", "Mayo", "Johns Hopkins", "Harvard", "Stanford", "Taylor Swift",
                 "Einstein", "Jobs", "Oprah"):
        assert real.lower() not in everything.lower(), real
    settings = {r["key"]: json.loads(r["value"]) for r in rows(db, "SELECT * FROM settings")}
    assert settings["coach_name"] == "Dr. Morgan Ellery"
    assert settings["institution"] == "Riverside School of Medicine"
    assert settings["is_demo"] is True


# -- values and goals ----------------------------------------------------------------------
def test_values_are_ranked_reflected_on_and_some_are_left_unlinked(built) -> None:  # type: ignore[no-untyped-def]
    db, _ = built
    for c in rows(db, "SELECT id FROM coachees"):
        ranks = [r["rank"] for r in rows(
            db, "SELECT rank FROM coachee_values WHERE coachee_id = ? ORDER BY rank", c["id"])]
        assert 4 <= len(ranks) <= 6 and ranks == list(range(len(ranks)))
    values = rows(db, "SELECT * FROM coachee_values")
    assert sum(bool(v["reflection"]) for v in values) >= 0.75 * len(values)
    assert one(db, "SELECT count(*) FROM coachee_values v WHERE NOT EXISTS "
                   "(SELECT 1 FROM goal_values gv WHERE gv.value_id = v.id)") >= 10
    unlinked = rows(db, "SELECT * FROM goals g WHERE g.status <> 'draft' AND deleted_at IS NULL "
                        "AND NOT EXISTS (SELECT 1 FROM goal_values gv WHERE gv.goal_id = g.id)")
    assert len(unlinked) >= 1


def test_goals_cover_domains_statuses_smart_fields_and_milestones(built) -> None:  # type: ignore[no-untyped-def]
    db, _ = built
    goals = rows(db, "SELECT * FROM goals WHERE deleted_at IS NULL")
    assert len({g["domain"] for g in goals}) >= 6
    statuses = Counter(g["status"] for g in goals)
    assert statuses["active"] >= 10 and statuses["achieved"] >= 5
    assert statuses["dropped"] == 1 and statuses["draft"] == 1
    smart = ("specific", "measurable", "achievable", "relevant", "time_bound")
    firm = [g for g in goals if g["status"] in ("active", "achieved")]
    assert all(all(g[k] for k in smart) for g in firm)
    assert all(g["target_date"] for g in goals)
    assert all(g["progress"] == 100 for g in goals if g["status"] == "achieved")
    assert one(db, "SELECT count(*) FROM checkins c JOIN goals g ON g.id = c.goal_id "
                   "WHERE c.checked_on < substr(g.created_at, 1, 10)") == 0
    milestones = rows(db, "SELECT m.*, g.created_at FROM milestones m "
                          "JOIN goals g ON g.id = m.goal_id")
    assert all(m["done_on"] >= m["created_at"][:10] for m in milestones if m["done_on"])
    assert sum(m["done_on"] is not None for m in milestones) >= 10
    assert sum(m["done_on"] is None for m in milestones) >= 3


def test_gas_ladders_and_attained_levels_make_a_meaningful_t_score(built) -> None:  # type: ignore[no-untyped-def]
    db, _ = built
    goals = rows(db, "SELECT * FROM goals WHERE deleted_at IS NULL")
    ladder = ("gas_minus2", "gas_minus1", "gas_zero", "gas_plus1", "gas_plus2")
    laddered = [g for g in goals if all(g[k] for k in ladder)]
    assert len(laddered) >= 0.7 * len(goals)
    scored = [g for g in laddered if g["gas_attained"] is not None]
    assert len(scored) >= 10 and len(scored) < len(laddered)
    assert len({g["gas_attained"] for g in scored}) >= 4
    assert all(g["gas_attained_on"] for g in scored)
    score = t_score([(g["weight"], g["gas_attained"]) for g in scored])
    assert score is not None and 45 < score < 70 and round(score) != 50


def test_goals_show_their_latest_check_in(built) -> None:  # type: ignore[no-untyped-def]
    db, _ = built
    for g in rows(db, "SELECT * FROM goals"):
        latest = rows(db, "SELECT * FROM checkins WHERE goal_id = ? AND progress IS NOT NULL "
                          "ORDER BY checked_on DESC, id DESC LIMIT 1", g["id"])
        if latest:
            assert g["progress"] == latest[0]["progress"], g["title"]
        level = rows(db, "SELECT * FROM checkins WHERE goal_id = ? AND gas_level IS NOT NULL "
                         "ORDER BY checked_on DESC, id DESC LIMIT 1", g["id"])
        assert g["gas_attained"] == (level[0]["gas_level"] if level else None), g["title"]
    spread = db.execute("SELECT julianday(max(checked_on)) - julianday(min(checked_on)) "
                        "FROM checkins").fetchone()[0]
    assert spread > 300
    assert one(db, "SELECT count(*) FROM checkins c JOIN sessions s ON s.id = c.session_id "
                   "JOIN goals g ON g.id = c.goal_id WHERE s.coachee_id <> g.coachee_id "
                   "OR c.checked_on <> substr(s.scheduled_at, 1, 10)") == 0
    assert one(db, "SELECT count(*) FROM checkins WHERE session_id IS NULL") == 0


# -- sessions ------------------------------------------------------------------------------
def test_sessions_use_every_template_over_fourteen_months(built) -> None:  # type: ignore[no-untyped-def]
    db, _ = built
    used = rows(db, "SELECT t.key, s.template_name, t.name FROM sessions s "
                    "JOIN templates t ON t.id = s.template_id")
    assert len(used) == one(db, "SELECT count(*) FROM sessions")
    assert {u["key"] for u in used} == TEMPLATE_KEYS
    assert all(u["template_name"] == u["name"] for u in used)
    first = one(db, "SELECT min(scheduled_at) FROM sessions")
    assert first[:10] <= (TODAY - timedelta(days=380)).isoformat()
    assert one(db, "SELECT max(scheduled_at) FROM sessions WHERE status <> 'scheduled'") < \
        TODAY.isoformat()
    per_month = Counter(r["m"] for r in rows(
        db, "SELECT substr(scheduled_at, 1, 7) AS m FROM sessions WHERE status = 'held'"))
    assert len(per_month) >= 13
    assert len({r["modality"] for r in rows(db, "SELECT modality FROM sessions")}) >= 3
    assert one(db, "SELECT count(*) FROM sessions WHERE agenda <> ''") >= 8


def test_sections_are_copies_of_the_template_sections(built) -> None:  # type: ignore[no-untyped-def]
    db, _ = built
    expected = {}
    for r in rows(db, "SELECT template_id, key, heading, shared, position FROM template_sections"):
        expected.setdefault(r["template_id"], []).append(
            (r["key"], r["heading"], r["shared"], r["position"]))
    for s in rows(db, "SELECT id, template_id FROM sessions"):
        got = [(r["key"], r["heading"], r["shared"], r["position"]) for r in rows(
            db, "SELECT * FROM session_sections WHERE session_id = ? ORDER BY position", s["id"])]
        assert got == sorted(expected[s["template_id"]], key=lambda x: x[3])


def test_statuses_tell_attendance_and_upcoming_meetings(built) -> None:  # type: ignore[no-untyped-def]
    db, _ = built
    statuses = Counter(r["status"] for r in rows(db, "SELECT status FROM sessions"))
    assert statuses["cancelled"] >= 3 and statuses["no-show"] >= 2
    scheduled = rows(db, "SELECT * FROM sessions WHERE status = 'scheduled'")
    assert len(scheduled) >= 3
    horizon = (TODAY + timedelta(days=14)).isoformat()
    assert all(TODAY.isoformat() < s["scheduled_at"][:10] <= horizon for s in scheduled)
    # the disengaged learner's story: no-shows, then held sessions with the matching template
    story = rows(db, "SELECT coachee_id, count(*) AS n FROM sessions WHERE status = 'no-show' "
                     "GROUP BY coachee_id ORDER BY n DESC LIMIT 1")[0]
    assert story["n"] >= 2
    assert one(db, "SELECT count(*) FROM sessions WHERE coachee_id = ? AND status = 'held' "
                   "AND template_name = 'Disengaged learner'", story["coachee_id"]) >= 2
    # someone the dashboard lists as "not seen for a while" (the default is 8 weeks)
    last_held = rows(db, "SELECT c.id, max(s.scheduled_at) AS last FROM coachees c JOIN sessions "
                         "s ON s.coachee_id = c.id WHERE c.status = 'active' AND s.status = 'held' "
                         "GROUP BY c.id")
    cutoff = (TODAY - timedelta(weeks=8)).isoformat()
    assert 1 <= sum(r["last"] < cutoff for r in last_held) <= 3
    recent = rows(db, "SELECT * FROM sessions WHERE status = 'held' AND scheduled_at >= ?",
                  (TODAY - timedelta(days=45)).isoformat())
    assert recent and sum(bool(s["next_meeting_at"]) for s in recent) >= 0.8 * len(recent)
    assert all(s["next_meeting_at"] > s["scheduled_at"] for s in rows(
        db, "SELECT * FROM sessions WHERE next_meeting_at IS NOT NULL"))


def test_notes_are_shared_and_private_varied_and_use_markdown(built) -> None:  # type: ignore[no-untyped-def]
    db, _ = built
    held = rows(db, "SELECT id FROM sessions WHERE status = 'held'")
    texts = ["\n".join(r["body"] for r in rows(
        db, "SELECT body FROM session_sections WHERE session_id = ? ORDER BY position", s["id"]))
        for s in held]
    assert all(t.strip() for t in texts)
    assert len(set(texts)) == len(texts)
    shared = rows(db, "SELECT body FROM session_sections WHERE shared = 1 AND body <> ''")
    private = rows(db, "SELECT body FROM session_sections WHERE shared = 0 AND body <> ''")
    assert len(shared) >= 200 and len(private) >= 30
    assert sum(p["body"].startswith("Private:") for p in private) >= 3
    bodies = [r["body"] for r in shared + private]
    assert sum("\n- " in b or b.startswith("- ") for b in bodies) >= 20
    assert sum(bool(re.search(r"^1\. ", b, re.M)) for b in bodies) >= 10
    assert sum("**" in b for b in bodies) >= 10
    assert sum(bool(re.search(r"(?<!\*)\*[^*\n]+\*(?!\*)", b)) for b in bodies) >= 5
    assert sum("\n\n" in b for b in bodies) >= 3
    for word in ("shelf", "night float", "family meeting", "SPIKES", "abstract", "burnout"):
        assert any(word.lower() in b.lower() for b in bodies), word
    scheduled_text = one(db, "SELECT count(*) FROM session_sections ss JOIN sessions s ON "
                             "s.id = ss.session_id WHERE s.status = 'scheduled' AND body <> ''")
    assert scheduled_text == 0


def test_generated_sessions_vary_beyond_the_name(built) -> None:  # type: ignore[no-untyped-def]
    db, _ = built
    by_template: dict[str, set[str]] = {}
    for plan in demo.load_content()["plan"]:
        session = rows(db, "SELECT s.id, c.preferred_name FROM sessions s JOIN coachees c ON "
                           "c.id = s.coachee_id WHERE s.title = ? AND s.scheduled_at LIKE ?",
                       plan["title"], f"{TODAY - timedelta(days=plan['ago'])}%")
        assert len(session) == 1, plan["title"]
        body = "\n".join(r["body"] for r in rows(
            db, "SELECT body FROM session_sections WHERE session_id = ? ORDER BY position",
            session[0]["id"]))
        shape = body.replace(session[0]["preferred_name"], "NAME")
        by_template.setdefault(plan["template"], set()).add(re.sub(r"“[^”]*”", "GOAL", shape))
    counts = Counter(p["template"] for p in demo.load_content()["plan"])
    for template, shapes in by_template.items():
        assert len(shapes) >= min(counts[template], 3) - 1 > 0 or counts[template] == 1, template


def test_sessions_link_the_goals_they_discussed(built) -> None:  # type: ignore[no-untyped-def]
    db, _ = built
    held = one(db, "SELECT count(*) FROM sessions WHERE status = 'held'")
    linked = one(db, "SELECT count(DISTINCT session_id) FROM session_goals")
    assert linked >= 0.6 * held
    assert one(db, "SELECT count(*) FROM session_goals sg JOIN sessions s ON s.id = sg.session_id "
                   "JOIN goals g ON g.id = sg.goal_id WHERE s.coachee_id <> g.coachee_id") == 0
    assert one(db, "SELECT count(*) FROM checkins c WHERE NOT EXISTS (SELECT 1 FROM "
                   "session_goals sg WHERE sg.session_id = c.session_id "
                   "AND sg.goal_id = c.goal_id)") == 0


# -- action items, versions, trash ---------------------------------------------------------
def test_action_items_have_owners_due_dates_and_a_realistic_state(built) -> None:  # type: ignore[no-untyped-def]
    db, _ = built
    day = TODAY.isoformat()
    actions = rows(db, "SELECT a.*, s.scheduled_at, s.status AS session_status "
                       "FROM action_items a JOIN sessions s ON s.id = a.session_id "
                       "WHERE a.deleted_at IS NULL")
    assert {"coachee", "coach", "both"} <= {a["owner"] for a in actions}
    assert all(a["session_status"] == "held" and a["due_date"] for a in actions)
    per_session = Counter(a["session_id"] for a in actions)
    assert 1.5 <= sum(per_session.values()) / len(per_session) <= 3.5
    past = [a for a in actions if a["due_date"] < day]
    overdue = [a for a in past if a["done_on"] is None]
    assert len(overdue) >= 3 and len(overdue) <= 0.1 * len(past)
    assert {a["owner"] for a in overdue} >= {"coachee", "coach"}
    soon = [a for a in actions if day <= a["due_date"] <= (TODAY + timedelta(days=14)).isoformat()]
    assert len(soon) >= 3 and all(a["done_on"] is None for a in soon)
    for a in actions:
        if a["done_on"]:
            assert a["scheduled_at"][:10] <= a["done_on"] <= day


def test_note_history_and_trash_have_content(built) -> None:  # type: ignore[no-untyped-def]
    db, _ = built
    versions = rows(db, "SELECT v.*, ss.body AS current, s.scheduled_at FROM note_versions v "
                        "JOIN session_sections ss ON ss.id = v.section_id "
                        "JOIN sessions s ON s.id = ss.session_id")
    assert len(versions) >= 6
    for v in versions:
        assert v["current"].startswith(v["body"]) and v["body"] != v["current"]
        assert v["saved_at"][:16] > v["scheduled_at"]
    assert one(db, "SELECT count(*) FROM goals WHERE deleted_at IS NOT NULL") == 1
    assert one(db, "SELECT count(*) FROM action_items WHERE deleted_at IS NOT NULL") == 1
    assert one(db, "SELECT max(deleted_at) FROM goals") < TODAY.isoformat()
