"""A session summary keeps to one page when it can; a long one pages with every table kept
with its heading and no row left alone on a page."""

from __future__ import annotations

import io
import re

import pypdf
import pytest
import sqlite_utils

from workbook import actions, coachees, goals, notes, sessions
from workbook.documents.summary import TITLE, session_summary_pdf
from workbook.settings import update_settings

HEADINGS = ("Goals discussed", "Action items agreed")
TABLE_HEADS = ("ACTION WHO BY", "GOAL STATUS PROGRESS LINKED VALUES")


def page_count(data: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


def body_lines(data: bytes, coachee: str) -> list[list[str]]:
    """Each page's lines without the page header and footer (drawn last, so listed last)."""
    pages = []
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        lines = [re.sub(r"\s+", " ", line).strip() for line in page.extract_text().splitlines()]
        lines = [line for line in lines if line]
        while lines and (lines[-1] in (TITLE, coachee)
                         or lines[-1].startswith(("Prepared ", "Confidential"))):
            lines.pop()
        pages.append(lines)
    return pages




@pytest.mark.parametrize("size", ["Letter", "A4"])
def test_every_demo_session_summary_fits_one_page(demo_db: sqlite_utils.Database,
                                                  size: str) -> None:
    update_settings(demo_db, page_size=size)  # pinned: the same on every machine
    ids = [r["id"] for r in demo_db.query(
        "SELECT s.id FROM sessions s JOIN coachees c ON c.id = s.coachee_id "
        "WHERE s.deleted_at IS NULL AND c.deleted_at IS NULL ORDER BY s.id")]
    assert len(ids) > 50
    longer = {sid: n for sid in ids if (n := page_count(session_summary_pdf(demo_db, sid))) > 1}
    assert longer == {}


def test_the_appreciative_inquiry_summary_keeps_its_done_action_on_page_one(
        demo_db: sqlite_utils.Database) -> None:
    update_settings(demo_db, page_size="Letter")
    sid = demo_db.execute(
        "SELECT s.id FROM sessions s JOIN templates t ON t.id = s.template_id "
        "WHERE t.name LIKE 'Appreciative Inquiry%' AND s.status = 'held' "
        "AND s.deleted_at IS NULL ORDER BY s.scheduled_at DESC LIMIT 1").fetchone()[0]
    done = [r["text"] for r in demo_db.query(
        "SELECT text FROM action_items WHERE session_id = ? AND done_on IS NOT NULL", [sid])]
    assert done
    data = session_summary_pdf(demo_db, sid)
    assert page_count(data) == 1
    page = " ".join(body_lines(data, "Marisol Quispe")[0])
    assert all(text in page for text in done)


# -- crafted: notes of growing length push the tables down the page ------------------------
def _session(db: sqlite_utils.Database, paragraphs: int, n_actions: int) -> tuple[int, list[str]]:
    cid = coachees.add(db, f"Søren Ødegaard {paragraphs}-{n_actions}").created
    sid = sessions.start(db, cid, None, scheduled_at="2026-03-12T16:00", status="held").created
    words = "We talked through the week on the ward and what made the evenings hard. "
    body = "\n\n".join(f"Paragraph {i}: {words * 3}" for i in range(paragraphs))
    section = notes.add_section(db, sid, "What we talked about", shared=True).created
    notes.save_note(db, section, body)
    for g in range(2):
        goal = goals.add(db, cid, f"Goal number {g} for the year", status="active",
                         progress=30).created
        sessions.discuss_goal(db, sid, goal)
    texts = [f"Agreed step {i:02d} before the next meeting" for i in range(n_actions)]
    for text in texts:
        actions.add(db, cid, text, session_id=sid, due_date="2026-03-30")
    return sid, texts


def _assert_kept(data: bytes, coachee: str, texts: list[str], *, whole: bool) -> None:
    pages = body_lines(data, coachee)
    for number, lines in enumerate(pages, start=1):
        assert lines, f"page {number} is empty"
        text = " ".join(lines)  # pypdf gives each table cell its own line
        assert not text.endswith(HEADINGS + TABLE_HEADS), (number, text[-60:])
    on_page = [[t for t in texts if any(t in line for line in lines)] for lines in pages]
    assert [t for page in on_page for t in page] == texts  # each once, in order
    counts = [len(page) for page in on_page if page]
    assert all(n >= 2 for n in counts), counts  # no row alone on a page
    heading_page = next(i for i, lines in enumerate(pages) if "Action items agreed" in lines)
    first_row_page = next(i for i, page in enumerate(on_page) if page)
    assert heading_page == first_row_page  # the heading travels with its table
    if whole:
        assert len(counts) == 1, counts


@pytest.mark.parametrize("paragraphs", range(4, 13))
def test_a_short_action_table_moves_whole_with_its_heading(db: sqlite_utils.Database,
                                                           paragraphs: int) -> None:
    update_settings(db, page_size="Letter")
    sid, texts = _session(db, paragraphs, 3)
    data = session_summary_pdf(db, sid)
    _assert_kept(data, f"Søren Ødegaard {paragraphs}-3", texts, whole=True)


@pytest.mark.parametrize("paragraphs", [2, 5, 8, 11, 14])
def test_a_long_summary_pages_with_headings_kept_and_no_lone_rows(db: sqlite_utils.Database,
                                                                  paragraphs: int) -> None:
    update_settings(db, page_size="A4")
    sid, texts = _session(db, paragraphs, 30)
    data = session_summary_pdf(db, sid)
    assert page_count(data) >= 2
    coachee = f"Søren Ødegaard {paragraphs}-30"
    _assert_kept(data, coachee, texts, whole=False)
    pages = body_lines(data, coachee)
    for lines in pages[1:]:
        if any(t in line for t in texts for line in lines) and "Action items agreed" not in lines:
            assert " ".join(lines).startswith("ACTION WHO BY")  # the header row repeats


def test_action_items_of_the_longest_allowed_text_still_page(db: sqlite_utils.Database) -> None:
    """Rows too tall to keep two on a page split where they must rather than fail."""
    update_settings(db, page_size="Letter")
    cid = coachees.add(db, "Ama Owusu").created
    sid = sessions.start(db, cid, None, scheduled_at="2026-03-12T16:00", status="held").created
    texts = [f"Step {i} " + "read, write and practise " * 79 for i in range(3)]
    for text in texts:
        actions.add(db, cid, text.strip(), session_id=sid)
    data = session_summary_pdf(db, sid)
    flat = re.sub(r"\s+", " ", " ".join(" ".join(p) for p in body_lines(data, "Ama Owusu")))
    assert page_count(data) >= 2
    assert all(text.strip()[:60] in flat for text in texts)
