"""Full-text search: tokens quoted safely, accents folded, ranking, snippets, the trash left out."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.records import coachee, fails, trash
from workbook import actions, notes, search, sessions
from workbook.errors import InvalidInput


def kinds(hits: list[search.SearchHit]) -> list[tuple[str, int]]:
    return [(h.kind, h.ref_id) for h in hits]


@pytest.fixture
def filled(db):  # type: ignore[no-untyped-def]
    """A small workbook: three coachees, a session with notes, a goal, a value, an action."""
    hoa = coachee(db, "Nguyễn Thị Hoa", program="Internal Medicine")
    zoe = coachee(db, "Zoë Kowalczyk")
    wang = coachee(db, "王小明")
    sid = sessions.start(db, hoa, "grow", scheduled_at="2025-05-06T10:00",
                         title="Presentation planning", agenda="Morning report").id
    sections = notes.list_sections(db, sid)
    notes.save_note(db, sections[0].id, "Hoa wants to present a case at morning report "
                    "before the end of the cardiology rotation, and to get feedback from "
                    "the attending about the differential diagnosis.")
    notes.save_note(db, sections[-1].id, "Private: seemed tired; ask about sleep next time.")
    with db.atomic():
        gid = int(db["goals"].insert({"coachee_id": hoa, "title": "Leadership on the wards",
                                      "specific": "Run the team huddle twice"}).last_pk)
        vid = int(db["coachee_values"].insert({"coachee_id": zoe, "name": "Compassion",
                                               "reflection": "Sitting with families"}).last_pk)
    aid = actions.add(db, hoa, "Email the chief resident about a morning report slot",
                      session_id=sid).id
    return {"db": db, "hoa": hoa, "zoe": zoe, "wang": wang, "session": sid,
            "sections": [s.id for s in sections], "goal": gid, "value": vid, "action": aid}


def test_every_kind_is_found_with_its_context(filled) -> None:
    db = filled["db"]
    hit = search.search(db, "cardiology")[0]
    assert (hit.kind, hit.ref_id, hit.session_id) == ("section", filled["sections"][0],
                                                      filled["session"])
    assert (hit.coachee_id, hit.coachee_name, hit.title) == (filled["hoa"], "Nguyễn Thị Hoa",
                                                             "Goal")
    assert hit.scheduled_at == "2025-05-06T10:00"
    session_hit = search.search(db, "presentation planning")[0]
    assert (session_hit.kind, session_hit.ref_id, session_hit.session_id, session_hit.title) == (
        "session", filled["session"], filled["session"], "Presentation planning")
    goal_hit = search.search(db, "huddle")[0]
    assert (goal_hit.kind, goal_hit.ref_id, goal_hit.title, goal_hit.session_id) == (
        "goal", filled["goal"], "Leadership on the wards", None)
    value_hit = search.search(db, "families")[0]
    assert (value_hit.kind, value_hit.ref_id, value_hit.coachee_name, value_hit.title) == (
        "value", filled["value"], "Zoë Kowalczyk", "Compassion")
    action_hit = search.search(db, "chief resident")[0]
    assert (action_hit.kind, action_hit.ref_id, action_hit.session_id) == (
        "action", filled["action"], filled["session"])
    assert action_hit.title.startswith("Email the chief resident")
    coachee_hit = search.search(db, "internal medicine")[0]
    assert (coachee_hit.kind, coachee_hit.ref_id, coachee_hit.title) == (
        "coachee", filled["hoa"], "Nguyễn Thị Hoa")
    private = search.search(db, "tired")  # the coach's own search includes private notes
    assert kinds(private) == [("section", filled["sections"][-1])]


def test_accents_are_folded_both_ways(filled) -> None:
    db = filled["db"]
    for query in ("Nguyen", "nguyễn", "NGUYEN thi", "Zoe", "zoë kowalczyk"):
        assert search.search(db, query), query
    assert search.search(db, "Nguyen")[0].ref_id == filled["hoa"]
    assert search.search(db, "zoe")[0].ref_id == filled["zoe"]


def test_cjk_names(filled) -> None:
    db = filled["db"]
    assert kinds(search.search(db, "王小明")) == [("coachee", filled["wang"])]
    assert kinds(search.search(db, "王小")) == [("coachee", filled["wang"])]  # a prefix
    # documented limitation: a CJK run is one token, so its middle or end is not found
    assert search.search(db, "小明") == []


def test_all_words_must_match_and_the_last_is_a_prefix(filled) -> None:
    db = filled["db"]
    assert {h.kind for h in search.search(db, "morning report")} == {"section", "session",
                                                                     "action"}
    assert kinds(search.search(db, "morning cardio")) == [("section", filled["sections"][0])]
    assert search.search(db, "cardio morning") == []  # only the last word is a prefix
    assert search.search(db, "differential diag")
    assert search.search(db, "c") == []  # one ASCII letter is a word, not a prefix
    assert search.search(db, "xyzzy") == []


def test_titles_rank_above_bodies(filled) -> None:
    db = filled["db"]
    hoa = filled["hoa"]
    with db.atomic():
        db["goals"].insert({"coachee_id": hoa, "title": "Wellbeing routine"})
    sid = sessions.start(db, hoa).id
    notes.save_note(db, notes.list_sections(db, sid)[0].id,
                    "We talked about many things today, wellbeing among them, and about "
                    "the rotation schedule for the coming block of the clerkship year.")
    hits = search.search(db, "wellbeing")
    assert [h.kind for h in hits] == ["goal", "section"]
    assert hits[0].rank < hits[1].rank  # bm25: lower is better


def test_snippets(filled) -> None:
    db = filled["db"]
    hit = search.search(db, "attending")[0]
    assert "«attending»" in hit.snippet
    assert hit.snippet.startswith("…") or hit.snippet.endswith("…")
    words = hit.snippet.strip("…").split()
    assert len(words) <= search.SNIPPET_TOKENS + 1
    # a prefix is highlighted as the whole word
    assert "«cardiology»" in search.search(db, "cardio")[0].snippet
    # when only the title matched, the highlighted title is the snippet
    name_hit = search.search(db, "Kowalczyk")[0]
    assert name_hit.snippet == "Zoë «Kowalczyk»"
    assert "«Nguyễn»" in search.search(db, "nguyen")[0].snippet
    # one line, no runs of spaces from empty fields or line breaks from notes
    goal_snippet = search.search(db, "huddle")[0].snippet
    assert goal_snippet == "Run the team «huddle» twice"
    notes.save_note(db, filled["sections"][1], "Line one\n\n   line two about rounds")
    assert search.search(db, "rounds")[0].snippet == "Line one line two about «rounds»"


def test_items_of_a_trashed_session_are_left_out(filled) -> None:
    db = filled["db"]
    trash(db, "sessions", filled["session"])
    assert search.search(db, "chief resident") == []
    assert search.search(db, "cardiology") == []
    with db.atomic():
        db.execute("UPDATE sessions SET deleted_at = NULL")
    assert kinds(search.search(db, "chief resident")) == [("action", filled["action"])]


def test_trash_is_left_out(filled) -> None:
    db = filled["db"]
    trash(db, "goals", filled["goal"])
    assert search.search(db, "huddle") == []
    trash(db, "action_items", filled["action"])
    assert "action" not in {h.kind for h in search.search(db, "morning report")}
    trash(db, "coachee_values", filled["value"])
    assert search.search(db, "families") == []
    trash(db, "sessions", filled["session"])
    assert search.search(db, "cardiology") == []
    assert search.search(db, "presentation planning") == []
    trash(db, "coachees", filled["zoe"])
    assert search.search(db, "zoe") == []
    with db.atomic():
        db.execute("UPDATE goals SET deleted_at = NULL")
    trash(db, "coachees", filled["hoa"])
    assert search.search(db, "huddle") == []  # the goal is back, but its coachee is not


def test_trashed_hits_do_not_crowd_out_live_ones(db) -> None:
    cid = coachee(db, "Aïcha Benali")
    with db.atomic():
        for n in range(120):
            db["goals"].insert({"coachee_id": cid, "title": f"Residency goal {n}",
                                "deleted_at": "2026-01-01T00:00:00Z"})
        # ranks below every trashed one: the word is only in its body
        live = int(db["goals"].insert({"coachee_id": cid, "title": "Match applications",
                                       "specific": "residency interviews to plan for the "
                                                   "match in the spring"}).last_pk)
    assert kinds(search.search(db, "residency", limit=5)) == [("goal", live)]


def test_coachee_filter_and_limit(filled) -> None:
    db = filled["db"]
    everyone = search.search(db, "morning")
    assert len(everyone) == 3
    assert search.search(db, "morning", coachee_id=filled["zoe"]) == []
    assert len(search.search(db, "morning", coachee_id=filled["hoa"])) == 3
    assert len(search.search(db, "morning", limit=2)) == 2
    assert search.search(db, "morning", limit=2) == everyone[:2]
    with fails(InvalidInput, "Limit must be between 1 and 1000 (got 0)."):
        search.search(db, "morning", limit=0)
    with fails(InvalidInput, "«me» is not a valid coachee id."):
        search.search(db, "morning", coachee_id="me")  # type: ignore[arg-type]


@pytest.mark.parametrize("query", [
    '"', "*", "NEAR(", "NEAR(a b)", "a OR", "OR", "AND", "NOT", "-x", "col:x", "title:secret",
    "^start", '"unterminated', "a + b", "(", ")", "{title body}: x", "x AND NOT y", "'",
    "\\", "\x00", "--", "; DROP TABLE coachees;", "​", "\ud800",
])
def test_fts_syntax_is_never_interpreted(filled, query: str) -> None:
    db = filled["db"]
    hits = search.search(db, query)
    assert isinstance(hits, list)
    assert db.execute("SELECT COUNT(*) FROM coachees").fetchone()[0] == 3


def test_operators_are_plain_words(filled) -> None:
    db = filled["db"]
    with db.atomic():
        db["goals"].insert({"coachee_id": filled["hoa"], "title": "NEAR the OR on call",
                            "specific": "col title x"})
    assert [h.title for h in search.search(db, "NEAR the OR")] == ["NEAR the OR on call"]
    assert [h.title for h in search.search(db, "col:title")] == ["NEAR the OR on call"]
    assert search.search(db, "title:leadership") == []  # no column filter: both words needed


def test_empty_and_punctuation_only(filled) -> None:
    db = filled["db"]
    for query in ("", "   ", "!!!", "«»", "—", "\u0301", "_", None):
        assert search.search(db, query) == []  # type: ignore[arg-type]


def test_tokens_and_match_expression() -> None:
    assert search.tokens("Nguyễn Thị-Hoa, «MS3»!") == ["Nguyễn", "Thị", "Hoa", "MS3"]
    assert search.tokens("王小明 ok") == ["王小明", "ok"]
    assert search.tokens('a"b*c') == ["a", "b", "c"]
    assert search.tokens("x " * 40) == ["x"] * search.MAX_TOKENS
    assert search.match_expression("near(a OR b") == '"near" "a" "OR" "b"'
    assert search.match_expression("zoe kow") == '"zoe" "kow"*'
    assert search.match_expression("王") == '"王"*'
    assert search.match_expression("?!") is None


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=60))
def test_any_text_query_never_raises(filled, query: str) -> None:
    hits = search.search(filled["db"], query)
    assert all(isinstance(h, search.SearchHit) for h in hits)
    assert not filled["db"].conn.in_transaction


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.lists(st.sampled_from(['"', "*", "OR", "AND", "NOT", "NEAR", "(", ")", ":",
                                       "-", "^", "+", "morning", "report", "zoe", "王小明"]),
                      max_size=8).map(" ".join))
def test_operator_soup_never_raises(filled, query: str) -> None:
    assert isinstance(search.search(filled["db"], query), list)


def test_search_on_many_notes_reads_through_the_index(db) -> None:
    rng = random.Random(7)
    vocabulary = ["patient", "learner", "reflection", "feedback", "exam", "clinical",
                  "rotation", "sleep", "wellness", "goal", "plan", "study", "schedule", "stress",
                  "mentor", "presentation", "surgery", "pediatrics", "team", "practice"]
    vocabulary += [f"term{n}" for n in range(800)]
    with db.atomic():
        for c in range(30):
            cid = int(db["coachees"].insert({"name": f"Learner {c}"}).last_pk)
            for _ in range(20):
                sid = int(db["sessions"].insert({"coachee_id": cid, "status": "held",
                                                 "scheduled_at": "2025-01-01T10:00"}).last_pk)
                for k in range(4):
                    body = " ".join(rng.choice(vocabulary) for _ in range(60))
                    db["session_sections"].insert({"session_id": sid, "key": f"k{k}",
                                                   "heading": f"Part {k}", "body": body})
    # How long it takes is measured in bench/ (ratio to raw FTS5); here, that it stays the
    # kind of work that scales: a fixed number of statements, each through an index.
    for query in ("patient", "sleep stress", "term12", "pres", "Learner 7"):
        statements: list[str] = []
        db.conn.set_trace_callback(statements.append)
        try:
            hits = search.search(db, query)
        finally:
            db.conn.set_trace_callback(None)
        assert hits, query
        selects = [s for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))]
        assert 1 <= len(selects) <= 4, (query, len(selects))
        plans = [[r[3] for r in db.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall()]
                 for sql in selects]
        assert any("VIRTUAL TABLE INDEX" in step for plan in plans for step in plan), plans
        for plan in plans:  # one pass over the ranked hits; every record looked up by key
            scans = [step for step in plan
                     if step.startswith("SCAN ") and "VIRTUAL TABLE" not in step]
            assert len(scans) <= 1, plan


def test_save_note_keeps_the_index_in_step(db) -> None:
    cid = coachee(db, "Aïcha Benali")
    section = notes.list_sections(db, sessions.start(db, cid).id)[0].id
    notes.save_note(db, section, "Step one exam in June", window=timedelta(0))
    assert kinds(search.search(db, "june")) == [("section", section)]
    notes.save_note(db, section, "Step two exam in July", window=timedelta(0))
    assert search.search(db, "june") == []
    assert kinds(search.search(db, "july")) == [("section", section)]


def _notes(db, cid: int, bodies: list[str]) -> list[int]:  # type: ignore[no-untyped-def]
    """One held session per body, written in order (later ones are more recent)."""
    ids = []
    for body in bodies:
        section = notes.list_sections(db, sessions.start(db, cid).id)[0].id
        notes.save_note(db, section, body, window=timedelta(0))
        ids.append(section)
    return ids


def test_a_query_matching_too_many_records_is_ranked_among_the_most_recent(
        db, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "RANK_ALL", 40)
    monkeypatch.setattr(search, "RANK_RECENT", 15)
    cid = coachee(db, "Mireille Okafor")
    filler = "the rotation went on as planned with rounds, clinic and teaching " * 3
    old = _notes(db, cid, ["wellness wellness wellness kindness"] * 10)  # the best matches, oldest
    new = _notes(db, cid, [f"{filler} wellness"] * 40)

    broad = search.find(db, "wellness", limit=50)
    assert broad.recent_only
    assert {h.ref_id for h in broad.hits} == set(new[-15:])  # the 15 newest, none older
    assert [h.ref_id for h in search.search(db, "wellness")] == [h.ref_id for h in broad.hits]

    narrow = search.find(db, "wellness kindness", limit=50)  # ten matches: every one ranked
    assert not narrow.recent_only
    assert {h.ref_id for h in narrow.hits} == set(old)

    monkeypatch.setattr(search, "RANK_ALL", 50)  # exactly at the limit: all are ranked
    whole = search.find(db, "wellness", limit=5)
    assert not whole.recent_only and {h.ref_id for h in whole.hits} <= set(old)


def test_the_recent_cut_counts_one_coachees_matches_only(
        db, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "RANK_ALL", 12)
    monkeypatch.setattr(search, "RANK_RECENT", 5)
    ines, otto = coachee(db, "Inês Faria"), coachee(db, "Otto Lindqvist")
    hers = _notes(db, ines, ["journal club"] * 10)
    _notes(db, otto, ["journal club"] * 10)
    assert search.find(db, "journal").recent_only  # 20 matches in the whole workbook
    mine = search.find(db, "journal", coachee_id=ines)  # 10 of hers: all ranked
    assert not mine.recent_only
    assert {h.ref_id for h in mine.hits} == set(hers)
