"""Very long notes print in seconds: the work is linear, and the page says what was cut.

A shared section may hold a million characters. reportlab breaks the rest of a paragraph
into lines again on every page, so such a note once took minutes to print (220 pages); a
summary now prints about twenty pages of notes at most (`printable.NOTES_MAX`), with a
visible sentence where a section was cut. Each long render is timed against a normal
one-page summary rendered in the same test, so the bound holds on any machine.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Callable
from datetime import date
from typing import Any

import pypdf
import pytest
import sqlite_utils
from reportlab.platypus import Paragraph

from tests.test_documents_summary import crafted, flat, text_of
from workbook import actions, coachees, goals, sessions, values
from workbook.documents import markup, printable
from workbook.documents.portfolio import portfolio_pdf
from workbook.documents.summary import session_summary_pdf

OPENING = "Opening words of the shared note: Zyrra agreed to a weekly plan."
CANARY = "PRIVATE-CANARY-Quillon-7731"
# Twenty pages cost about twenty one-page summaries (a long word or Arabic, twice that); the
# million characters took minutes before, over a thousand of them.
MAX_RATIO = 60
MAX_PAGES = 24
NOTICE = re.compile(r"the rest of this section \(([\d,]+) more characters\) is in the "
                    r"workbook; it is too long to print")


def pages(data: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


def seconds(render: Callable[[], bytes], times: int = 1) -> tuple[float, bytes]:
    """The fastest of `times` renders, and the PDF."""
    best, data = float("inf"), b""
    for _ in range(times):
        start = time.perf_counter()
        data = render()
        best = min(best, time.perf_counter() - start)
    return best, data


def one_page_seconds(db: sqlite_utils.Database) -> float:
    """A normal summary: a page of shared notes in four sections, two goals discussed and
    three action items agreed."""
    note = ("Noor described the week on the wards and what went well. **Next:** one case "
            "presentation, with feedback from the team.\n- read the guideline\n- practise "
            "aloud twice\n\n")
    sid = crafted(db, "Noor Baseline", when="2026-03-05T10:00",
                  shared={f"Section {n}": note for n in range(4)})
    cid = db.execute("SELECT coachee_id FROM sessions WHERE id = ?", [sid]).fetchone()[0]
    for title in ("Present a case with confidence", "Sleep seven hours on call weeks"):
        goal = goals.add(db, cid, title, status="active").created
        sessions.discuss_goal(db, sid, goal)
    for n in range(3):
        actions.add(db, cid, f"Action {n}: book the skills lab", session_id=sid)
    elapsed, data = seconds(lambda: session_summary_pdf(db, sid), times=3)
    assert pages(data) == 1
    return elapsed


def prose(n: int) -> str:
    words = ["steady", "practice", "rounds", "feedback", "reflection", "plan", "week"]
    text = " ".join(words[i % len(words)] + str(i % 97) for i in range(n // 8 + 1))
    return (OPENING + " " + text)[:n]


SHAPES: dict[str, Callable[[], str]] = {
    "one line of a million characters": lambda: prose(1_000_000),
    "a million characters in short lines": lambda: "\n".join(
        OPENING if i == 0 else prose(70)[-70:] for i in range(1_000_000 // 71)),
    "a word of 200,000 letters": lambda: OPENING + "\n\n" + "x" * 200_000,
    "Arabic, a million characters": lambda: OPENING + "\n\n" + " ".join(
        ["مرحبا", "بالعالم", "خطة", "أسبوعية"] * 38_000),
    "an Arabic word of 200,000 letters": lambda: OPENING + "\n\n" + "مرحبا" * 40_000,
    "Chinese, a million characters": lambda: OPENING + "\n\n" + "学习计划和每周目标。" * 99_990,
}


@pytest.mark.parametrize("shape", list(SHAPES))
def test_a_huge_shared_note_prints_in_bounded_time_and_says_it_was_cut(
        db: sqlite_utils.Database, shape: str) -> None:
    body = SHAPES[shape]()
    floor = one_page_seconds(db)
    sid = crafted(db, "Zyrra Long", shared={"Reflection": body},
                  private={"Coach's private notes": f"{CANARY} never printed"})
    elapsed, data = seconds(lambda: session_summary_pdf(db, sid), times=2)
    assert elapsed < MAX_RATIO * floor, (shape, elapsed, floor)
    assert 2 <= pages(data) <= MAX_PAGES
    text = text_of(data)
    assert OPENING in text
    found = NOTICE.search(text)
    assert found, text[-300:]
    left_out = int(found.group(1).replace(",", ""))
    assert len(body) - printable.NOTES_MAX < left_out < len(body)
    assert CANARY not in text and "Coach's private notes" not in text


def test_a_short_section_after_a_huge_one_prints_whole(db: sqlite_utils.Database) -> None:
    closing = "Zyrra books the skills lab for Tuesday and brings two cases."
    sid = crafted(db, "Zyrra Share", shared={"Reflection": prose(300_000),
                                             "Way forward": closing})
    text = text_of(session_summary_pdf(db, sid))
    assert closing in text and "Way forward" in text
    assert len(NOTICE.findall(text)) == 1


def test_a_long_note_within_the_limit_prints_every_word_without_a_notice(
        db: sqlite_utils.Database) -> None:
    # 1,500 lines reach reportlab in pieces; together they read as the one note typed
    lines = [f"line {i} of the plan" for i in range(1_500)]
    body = "**Weekly plan:**\n" + "\n".join(lines)
    sid = crafted(db, "Zyrra Whole", shared={"Plan": "\n".join(lines[:300])})
    text = text_of(session_summary_pdf(db, sid))
    assert "too long to print" not in text
    for line in lines[:300]:
        assert line in text
    flows = markup.note_flowables(body)
    assert len(flows) > 1 and all(isinstance(f, Paragraph) for f in flows)
    # bold open at a cut is closed there and opened again: each piece is whole markup
    assert flows[0].text.startswith("<b>Weekly plan:</b>")
    assert sum(f.text.count("<br/>") for f in flows) + len(flows) - 1 == len(lines)


def test_bold_carries_over_a_cut_inside_a_very_long_line() -> None:
    flows = markup.note_flowables("**" + prose(30_000) + "**")
    assert len(flows) >= 3
    for flow in flows:
        assert flow.text.startswith("<b>") and flow.text.endswith("</b>")
    assert flows[0].style.spaceAfter == 0 and flows[-1].style.spaceAfter > 0


def test_budgets_leave_short_texts_whole_and_cut_at_a_line_end() -> None:
    assert printable.shares(["a" * 10, "b" * 90_000, "c" * 90_000], 50_000) == [
        10, 24_995, 24_995]
    shown, left_out = printable.cut("one two\nthree four five\n" * 10, 300)
    assert shown.endswith("five") and left_out > 0
    assert printable.cut("short", 100) == ("short", 0)
    assert printable.cost("ab\n学") == 2 + printable.LINE_COST + 2


def _maxed_portfolio(db: sqlite_utils.Database, text: Callable[[int], str]) -> int:
    """A coachee whose every printed field holds as much as the workbook accepts."""
    cid = coachees.add(db, "Zyrra Portfolio").created
    values.add(db, cid, "Honesty", reflection=text(20_000))
    goal = goals.add(db, cid, text(300), status="active",
                     **{f: text(10_000) for f in ("specific", "measurable", "achievable",
                                                  "relevant", "time_bound")}).created
    goals.set_ladder(db, goal, {level: text(2_000) for level in (-2, -1, 0, 1, 2)})
    for _ in range(3):
        goals.add_milestone(db, goal, text(300))
    actions.add(db, cid, text(2_000))
    return cid


PORTFOLIO_TEXT: dict[str, Callable[[int], str]] = {
    "prose": prose,
    "line breaks": lambda n: ("a\n" * n)[:n],
    "one wide word": lambda n: "W" * n,
    "Arabic": lambda n: ("مرحبا " * n)[:n],
}


@pytest.mark.parametrize("kind", list(PORTFOLIO_TEXT))
def test_a_portfolio_of_the_longest_fields_prints_in_bounded_time(
        db: sqlite_utils.Database, kind: str) -> None:
    floor = one_page_seconds(db)
    cid = _maxed_portfolio(db, PORTFOLIO_TEXT[kind])
    elapsed, data = seconds(lambda: portfolio_pdf(db, cid, today=date(2026, 3, 15)), times=2)
    assert elapsed < MAX_RATIO * floor, (kind, elapsed, floor)
    assert pages(data) <= MAX_PAGES + 4
    text = text_of(data)
    assert "the rest of this reflection (" in text
    assert "is in the workbook; it is too long to print" in text


def test_a_long_action_item_and_goal_title_fit_the_summary_table(
        db: sqlite_utils.Database) -> None:
    sid = crafted(db, "Zyrra Table", shared={"Plan": "Short."})
    cid: Any = db.execute("SELECT coachee_id FROM sessions WHERE id = ?", [sid]).fetchone()[0]
    actions.add(db, cid, "x\n" * 999 + "x", session_id=sid)
    text = text_of(session_summary_pdf(db, sid))
    assert "the rest of this action item (" in text
    assert flat("x " * 10) in text
