"""The portfolio summary: what it shows, in what order, and what it never shows."""

from __future__ import annotations

import io
import os
import re
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pypdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbook import coachees, demo, gas, goals, sessions, trash, values
from workbook import settings as settings_mod
from workbook.actions import add as add_action
from workbook.dates import short_date
from workbook.documents import portfolio_data
from workbook.documents.portfolio import (
    MODALITY,
    TITLE,
    portfolio_pdf,
    render_portfolio,
    write_portfolio,
)
from workbook.errors import InvalidInput, NotFound, WorkbookError

TODAY = date(2026, 3, 15)
SECTIONS = ["Values, in order of importance", "Goals by domain",
            "Overall goal score", "Goal progress over time", "Session history",
            "Open action items"]


def pages(data: bytes, password: str | None = None) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    if password is not None:
        reader.decrypt(password)
    return [page.extract_text() for page in reader.pages]


def flat(data: bytes) -> str:
    """All the text, whitespace collapsed (lines wrap wherever the layout put them)."""
    return re.sub(r"\s+", " ", " ".join(pages(data)))


def positions(text: str, needles: list[str]) -> list[int]:
    found = [text.find(n) for n in needles]
    assert -1 not in found, [n for n, i in zip(needles, found, strict=True) if i < 0]
    return found


def embedded_faces(data: bytes) -> set[str]:
    faces = set()
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font).get(
                "/FontDescriptor")
            if descriptor is not None and "/FontFile2" in descriptor.get_object():
                faces.add(str(font["/BaseFont"]).split("+")[-1])
    return faces


@pytest.fixture
def demo_db(db):  # type: ignore[no-untyped-def]
    demo.build_demo(db, today=TODAY)
    return db


def coachee_id(db: Any, name: str) -> int:
    return int(db.execute("SELECT id FROM coachees WHERE name = ?", [name]).fetchone()[0])


# -- order and content ---------------------------------------------------------------------
def test_sections_come_in_order_after_the_cover(demo_db) -> None:  # type: ignore[no-untyped-def]
    cid = coachee_id(demo_db, "Zoë Kowalczyk")
    text = flat(portfolio_pdf(demo_db, cid, today=TODAY))
    cover = ["Portfolio summary", "Zoë Kowalczyk", "MS2", "MD program", "Dr. Morgan Ellery",
             "Riverside School of Medicine", "Period covered"]
    at = positions(text, cover + SECTIONS)
    assert at[len(cover):] == sorted(at[len(cover):])
    assert max(at[:len(cover)]) < at[len(cover)]
    assert f"– {short_date(TODAY.isoformat())}" in text  # the period ends on the day printed


def test_values_print_in_rank_order_with_reflections(demo_db) -> None:  # type: ignore[no-untyped-def]
    cid = coachee_id(demo_db, "Nguyễn Thị Hoa")
    ranked = values.list_values(demo_db, cid)
    text = flat(portfolio_pdf(demo_db, cid, today=TODAY))
    names = [f"{i}. {v.name}" for i, v in enumerate(ranked, start=1)]
    at = positions(text, names)
    assert at == sorted(at)
    for v in ranked:
        if v.reflection:
            assert re.sub(r"\s+", " ", v.reflection) in text
    # Reordered, the document follows the new ranks.
    values.reorder(demo_db, cid, [v.id for v in reversed(ranked)])
    text = flat(portfolio_pdf(demo_db, cid, today=TODAY))
    at = positions(text, [f"{i}. {v.name}" for i, v in enumerate(reversed(ranked), start=1)])
    assert at == sorted(at)


def test_goals_are_grouped_by_domain_in_domain_order(demo_db) -> None:  # type: ignore[no-untyped-def]
    cid = coachee_id(demo_db, "王小明")
    listed = goals.list_goals(demo_db, cid)
    domain_names = {d.key: (d.position, d.name) for d in goals.domains(demo_db)}
    text = flat(portfolio_pdf(demo_db, cid, today=TODAY))
    body = text[text.index("Goals by domain"):text.index("Overall goal score")]
    order = sorted({g.domain for g in listed}, key=lambda k: domain_names[k][0])
    heads = positions(body, [domain_names[k][1] for k in order])
    assert heads == sorted(heads)
    bounds = [*heads, len(body)]
    for goal in listed:
        i = order.index(goal.domain)
        assert bounds[i] < body.index(goal.title) < bounds[i + 1], goal.title
        assert f"{goal.progress}%" in body
    first = next(g for g in listed if g.status == "achieved")
    block = body[body.index(first.title):]
    assert "Achieved · target" in block and first.specific in block


def test_goal_shows_linked_values_milestones_and_the_ladder_with_attained_level(
        demo_db) -> None:  # type: ignore[no-untyped-def]
    cid = coachee_id(demo_db, "Zoë Kowalczyk")
    goal = next(g for g in goals.list_goals(demo_db, cid) if goals.list_milestones(demo_db, g.id)
                and g.gas_attained is not None and g.value_ids)
    goals.add_milestone(demo_db, goal.id, "Late step", due_date="2026-03-12")
    goals.add_milestone(demo_db, goal.id, "Next step", due_date="2026-03-15")
    text = flat(portfolio_pdf(demo_db, cid, today=TODAY))
    block = text[text.index(goal.title):]
    names = {v.id: v.name for v in values.list_values(demo_db, cid)}
    assert "Values " + " · ".join(names[i] for i in goal.value_ids) in block
    milestones = goals.list_milestones(demo_db, goal.id)
    done = sum(m.done_on is not None for m in milestones)
    assert f"Milestones ({done} of {len(milestones)} done)" in block
    for m in milestones:
        when = f"done {short_date(m.done_on)}" if m.done_on else f"due {short_date(m.due_date)}"
        assert f"{m.title} {when}" in block
    assert "Late step due 12 Mar 2026 (overdue)" in block
    assert "Next step due 15 Mar 2026" in block
    assert "Next step due 15 Mar 2026 (overdue)" not in block  # due today is not overdue
    ladder = block[block.index("Outcome scale"):]
    rows = [f"{sign} {goal.ladder[level]}" for level, sign in
            ((-2, "–2"), (-1, "–1"), (0, "0"), (1, "+1"), (2, "+2"))]
    at = positions(ladder, rows)
    assert at == sorted(at)
    attained = rows[goal.gas_attained + 2]
    assert ladder.index("Reached " + short_date(goal.gas_attained_on)) > ladder.index(attained)
    assert "Starting point" in ladder


def test_t_score_matches_the_gas_module_and_is_explained(demo_db) -> None:  # type: ignore[no-untyped-def]
    cid = coachee_id(demo_db, "Søren Ødegaard")
    summary = gas.coachee_t_score(demo_db, cid)
    assert summary.t_score is not None
    text = flat(portfolio_pdf(demo_db, cid, today=TODAY))
    section = text[text.index("Overall goal score"):]
    assert (f"Score {summary.t_score:.0f}: {summary.goals_scored} of "
            f"{summary.goals_with_ladder} goals with an outcome scale rated so far") in section
    assert "50 means the goals were reached as expected, on average" in section
    assert f"overall goal score {summary.t_score:.0f}" in text[:text.index(SECTIONS[0])]


def test_session_history_lists_every_past_session_with_type_and_status(
        demo_db) -> None:  # type: ignore[no-untyped-def]
    cid = coachee_id(demo_db, "Declan Ashworth-Reyes")
    text = flat(portfolio_pdf(demo_db, cid, today=TODAY))
    history = text[text.index("Session history"):text.index("Open action items")]
    listed = sessions.list_sessions(demo_db, cid)
    labels = {"held": "Held", "cancelled": "Cancelled", "no-show": "No-show"}
    past = sorted((s for s in listed if s.scheduled_at[:10] < TODAY.isoformat()),
                  key=lambda s: s.scheduled_at)
    assert {s.status for s in past} >= {"held", "cancelled", "no-show"}
    rows = [f"{short_date(s.scheduled_at)} {s.template_name} {MODALITY[s.modality]} "
            f"{labels[s.status]}" for s in past]
    at = positions(history, rows)
    assert at == sorted(at)  # oldest first
    held = sum(s.status == "held" for s in past)
    assert f"{held} sessions held" in history
    upcoming = [s for s in listed if s.status == "scheduled" and s.scheduled_at[:10]
                >= TODAY.isoformat()]
    if upcoming:
        assert f"Next meeting: {short_date(upcoming[0].scheduled_at)}" in history


def test_open_action_items_show_text_owner_and_due(demo_db) -> None:  # type: ignore[no-untyped-def]
    cid = coachee_id(demo_db, "José Muñoz")
    add_action(demo_db, cid, "Send the draft <b>to</b> the PD & chief", owner="coach",
               due_date="2026-03-01")
    add_action(demo_db, cid, "Ask the ICU fellow", owner="other", owner_note="Dr. Ríos")
    text = flat(portfolio_pdf(demo_db, cid, today=TODAY))
    actions = text[text.index("Open action items"):]
    assert ("Send the draft <b>to</b> the PD & chief Dr. Morgan Ellery 1 Mar 2026 (overdue)"
            in actions)
    assert "Ask the ICU fellow Dr. Ríos No date" in actions
    done = demo_db.execute("SELECT text FROM action_items WHERE coachee_id = ? AND done_on "
                           "IS NOT NULL", [cid]).fetchall()
    assert done and all(row[0] not in actions for row in done)


# -- what never appears ----------------------------------------------------------------------
def _sentences(text: str) -> set[str]:
    parts = re.split(r"(?<=[.!?])\s+|\n+", text)
    return {re.sub(r"\s+", " ", p).strip(" -*") for p in parts
            if len(p.strip(" -*")) >= 25}


def test_no_note_text_of_any_session_appears_in_any_portfolio(demo_db) -> None:  # type: ignore[no-untyped-def]
    private: set[str] = set()
    for (body,) in demo_db.execute("SELECT body FROM session_sections WHERE shared = 0"):
        private |= _sentences(body)
    shared: set[str] = set()
    for (body,) in demo_db.execute("SELECT body FROM session_sections WHERE shared = 1"):
        shared |= _sentences(body)
    others: set[str] = set()
    for (text,) in demo_db.execute(
            "SELECT note FROM checkins UNION ALL SELECT agreement_notes FROM coachees "
            "UNION ALL SELECT body FROM note_versions UNION ALL SELECT agenda FROM sessions"):
        others |= _sentences(text)
    assert len(private) > 100 and len(shared) > 100
    # A note may repeat, word for word, part of a record the portfolio rightly prints (an
    # action item agreed, a goal's title): those sentences prove nothing either way.
    printed: list[str] = []
    for (text,) in demo_db.execute(
            "SELECT text FROM action_items UNION ALL SELECT title FROM goals "
            + "".join(f"UNION ALL SELECT {c} FROM goals " for c in (
                "specific", "measurable", "achievable", "relevant", "time_bound",
                "gas_minus2", "gas_minus1", "gas_zero", "gas_plus1", "gas_plus2")) +
            "UNION ALL SELECT title FROM milestones UNION ALL SELECT reflection "
            "FROM coachee_values"):
        printed.append(re.sub(r"\s+", " ", text))
    shown = " | ".join(printed)
    ids = [r[0] for r in demo_db.execute("SELECT id FROM coachees WHERE deleted_at IS NULL")]
    assert len(ids) >= 10
    for cid in ids:
        text = flat(portfolio_pdf(demo_db, cid, today=TODAY))
        leaked = [s for s in private | shared | others if s in text and s not in shown]
        assert not leaked, (cid, leaked[:3])


def test_the_data_query_never_reads_notes(demo_db) -> None:  # type: ignore[no-untyped-def]
    statements: list[str] = []
    demo_db.conn.set_trace_callback(statements.append)
    try:
        loaded = portfolio_data.load_portfolio(demo_db, coachee_id(demo_db, "Ama Owusu"),
                                               today=TODAY)
    finally:
        demo_db.conn.set_trace_callback(None)
    assert loaded.goals and loaded.sessions
    sql = " ".join(statements).lower()
    for forbidden in ("session_sections", "note_versions", "k.note", "agreement_notes",
                      "email", "agenda", "select *", ".*"):
        assert forbidden not in sql, forbidden
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) <= 12


def test_trashed_records_stay_out(demo_db) -> None:  # type: ignore[no-untyped-def]
    cid = coachee_id(demo_db, "Aïcha Benali")
    goal = goals.list_goals(demo_db, cid)[0]
    value = values.list_values(demo_db, cid)[-1]
    trash.trash(demo_db, "goal", goal.id)
    trash.trash(demo_db, "value", value.id)
    text = flat(portfolio_pdf(demo_db, cid, today=TODAY))
    assert goal.title not in text
    assert f"{value.name}\n" not in text and f". {value.name} " not in text
    trash.trash(demo_db, "coachee", cid)
    with pytest.raises(NotFound, match=rf"^The coachee with id {cid} is in the trash\.$"):
        portfolio_pdf(demo_db, cid)


def test_unknown_or_bad_coachee_ids(db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFound, match=r"^There is no coachee with id 4242\.$"):
        portfolio_pdf(db, 4242)
    with pytest.raises(InvalidInput, match="coachee"):
        portfolio_pdf(db, "seven")  # type: ignore[arg-type]


# -- edge cases ----------------------------------------------------------------------------
def test_a_new_coachee_without_anything_renders_one_sensible_page(db) -> None:  # type: ignore[no-untyped-def]
    cid = coachees.add(db, "Zoë Kowalczyk").created
    data = portfolio_pdf(db, cid, today=TODAY)
    assert len(pages(data)) == 1
    text = flat(data)
    for line in ("No values have been chosen yet.", "No goals have been set yet.",
                 "No score yet: it needs a goal whose outcome scale describes all five "
                 "levels, from much less to much more than expected.",
                 "No progress has been recorded at a check-in yet.", "No sessions yet.",
                 "No open action items.", "0 sessions held · 0 goals · 0 values"):
        assert line in text
    assert "Period covered" not in text and "Program" not in text  # no empty cells
    at = positions(text, SECTIONS)
    assert at == sorted(at)


def _unicode_coachee(db: Any) -> int:
    cid = coachees.add(db, "王小明", preferred_name="Xiaoming", level="MS3",
                       program="Chương trình Y khoa", cohort="Khóa 2028").created
    v1 = values.add(db, cid, "Lòng trắc ẩn", "Bệnh nhân cần được lắng nghe.").created
    v2 = values.add(db, cid, "العدالة", "الرعاية حق للجميع").created
    g = goals.add(db, cid, "Hỏi một câu mỗi ngày khi đi buồng — 王小明", domain="clinical-skills",
                  value_ids=[v1, v2], ladder={-2: "Không hỏi", -1: "Ít", 0: "Mỗi ngày",
                                              1: "Hai câu", 2: "Dạy lại"}).created
    goals.record_attainment(db, g, 1)
    return cid


def test_chinese_arabic_and_vietnamese_print_with_embedded_fonts(db) -> None:  # type: ignore[no-untyped-def]
    cid = _unicode_coachee(db)
    data = portfolio_pdf(db, cid, today=TODAY)
    text = flat(data)
    for needle in ("王小明 (Xiaoming)", "Chương trình Y khoa", "Lòng trắc ẩn",
                   "Bệnh nhân cần được lắng nghe.", "Hỏi một câu mỗi ngày khi đi buồng — 王小明",
                   "+1 Hai câu"):
        assert needle in text
    assert {"NotoSans-Regular", "NotoSans-Bold", "DroidSansFallback",
            "NotoSansArabic-Regular"} <= embedded_faces(data)
    assert all(page.count("王小明") >= 1 for page in pages(data))  # the header of every page


@pytest.mark.parametrize("checkins", [0, 1, 40])
def test_chart_with_none_one_or_many_check_ins(db, checkins: int) -> None:  # type: ignore[no-untyped-def]
    cid = coachees.add(db, "Aïcha Benali").created
    gid = goals.add(db, cid, "Build a support network", domain="well-being").created
    goals.add(db, cid, "Never checked", domain="leadership")
    start = TODAY - timedelta(days=600)
    for i in range(checkins):
        goals.check_in(db, gid, checked_on=(start + timedelta(days=15 * i)).isoformat(),
                       progress=min(100, 5 + 2 * i))
    text = flat(portfolio_pdf(db, cid, today=TODAY))
    chart = text[text.index("Goal progress over time"):text.index("Session history")]
    if checkins == 0:
        assert "No progress has been recorded at a check-in yet." in chart
        assert "100%" not in chart
    else:
        assert "0% 25% 50% 75% 100%" in chart
        assert "Build a support network" in chart
        assert "Not drawn (no check-in yet): Never checked." in chart


def test_long_content_flows_over_pages_with_header_footer_and_table_head_repeated(
        db) -> None:  # type: ignore[no-untyped-def]
    cid = coachees.add(db, "Nguyễn Thị Hoa", preferred_name="Hoa").created
    ladder = {lvl: f"Level {lvl} of the ladder, written out at some length to wrap once"
              for lvl in range(-2, 3)}
    for i in range(12):
        gid = goals.add(db, cid, f"Goal {i:02d} with a title", domain="scholarship",
                        specific="S " * 60, ladder=ladder).created
        for m in range(4):
            goals.add_milestone(db, gid, f"Milestone {m} of goal {i}")
    for i in range(70):
        sessions.start(db, cid, "grow", scheduled_at=(TODAY - timedelta(days=7 * (70 - i)))
                       .isoformat() + "T09:00", status="held")
    data = portfolio_pdf(db, cid, today=TODAY)
    texts = pages(data)
    assert len(texts) >= 6
    for number, page in enumerate(texts, start=1):
        assert TITLE in page and "Nguyễn Thị Hoa" in page
        assert f"Page {number} of {len(texts)}" in page
        assert "Confidential — prepared for Nguyễn Thị Hoa" in page
    texts = [re.sub(r"\s+", " ", t) for t in texts]
    with_history = [p for p in texts if "GROW In person Held" in p]
    assert len(with_history) >= 2
    assert all("Date Type Format Status" in p for p in with_history)
    whole = flat(data)
    assert all(f"Goal {i:02d} with a title" in whole for i in range(12))
    assert whole.count("GROW In person Held") == 70


def test_page_size_follows_settings(db) -> None:  # type: ignore[no-untyped-def]
    cid = coachees.add(db, "Zoë Kowalczyk").created
    letter = pypdf.PdfReader(io.BytesIO(portfolio_pdf(db, cid))).pages[0].mediabox
    settings_mod.update_settings(db, page_size="A4")
    a4 = pypdf.PdfReader(io.BytesIO(portfolio_pdf(db, cid))).pages[0].mediabox
    assert (round(letter.width), round(letter.height)) == (612, 792)
    assert (round(a4.width), round(a4.height)) == (595, 842)


def test_write_is_private_atomic_and_optionally_password_protected(
        db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cid = _unicode_coachee(db)
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "portfolio.pdf"
    assert write_portfolio(db, cid, target) == target
    assert target.read_bytes().startswith(b"%PDF")
    assert os.stat(target).st_mode & 0o777 == 0o600
    assert sorted(p.name for p in target.parent.iterdir()) == ["portfolio.pdf"]
    write_portfolio(db, cid, target, password="correct horse")
    reader = pypdf.PdfReader(target)
    assert reader.is_encrypted
    assert "王小明 (Xiaoming)" in " ".join(pages(target.read_bytes(), "correct horse"))
    assert os.stat(target).st_mode & 0o777 == 0o600
    with pytest.raises(WorkbookError, match="Could not write"):
        write_portfolio(db, cid, tmp_path / "missing-folder" / "x.pdf")


# -- any text prints as typed --------------------------------------------------------------
_BASE = portfolio_data.Portfolio(
    coachee=portfolio_data.PortfolioCoachee(1, "Aïcha Benali", "", "", "PGY1", "", "",
                                            "active", None),
    settings=settings_mod.Settings(coach_name="Dr. Morgan Ellery"), today=TODAY,
    period_start=None, period_end=TODAY.isoformat(), values=(), domains=(),
    gas=portfolio_data.GasScore(None, 0, 0, 0.3), sessions=(), open_actions=())
_TEXT = st.text(alphabet=st.characters(codec="latin-1", exclude_categories=("Cc", "Cf", "Zs")) |
                st.sampled_from("<>&;/\"' ßłŁęĘőűđĐ"), min_size=1, max_size=60).filter(
    lambda s: s.strip())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=_TEXT, value=_TEXT, reflection=_TEXT)
def test_any_user_text_prints_literally(title: str, value: str, reflection: str) -> None:
    goal = portfolio_data.PortfolioGoal(
        1, title, "other", "active", 40, None, 1.0, (), tuple((lvl, "") for lvl in range(-2, 3)),
        None, None, None)
    p = replace(_BASE, values=(portfolio_data.PortfolioValue(1, value, 0, reflection),),
                domains=(portfolio_data.DomainGoals("other", "Other", (goal,)),))
    text = flat(render_portfolio(p))
    for typed in (title, value, reflection):
        assert re.sub(r"\s+", " ", typed).strip() in text


def test_no_page_of_any_demo_portfolio_ends_with_a_heading(demo_db) -> None:  # type: ignore[no-untyped-def]
    headings = set(SECTIONS) | {d.name for d in goals.domains(demo_db)}
    for cid, name, preferred in demo_db.execute(
            "SELECT id, name, preferred_name FROM coachees WHERE deleted_at IS NULL"):
        label = f"{name} ({preferred})"
        for number, page in enumerate(pages(portfolio_pdf(demo_db, cid, today=TODAY)), 1):
            lines = [line.strip() for line in page.splitlines() if line.strip()]
            while lines and (lines[-1] in (TITLE, name, label) or lines[-1] in label
                             or lines[-1].startswith(("Prepared ", "Confidential"))):
                lines.pop()  # the page header and footer
            assert lines and lines[-1] not in headings, (name, number, lines[-1:])
