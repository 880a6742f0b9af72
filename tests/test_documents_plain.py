"""What a learner reads: plain words, the day the document was prepared, and paper that fits
the printer of the coach's region while no page size has been chosen."""

from __future__ import annotations

import io
import locale
import re
from datetime import date

import pypdf
import pytest
import sqlite_utils

from workbook import coachees, demo, notes, sessions
from workbook.documents import paper
from workbook.documents.portfolio import portfolio_pdf
from workbook.documents.summary import session_summary_pdf
from workbook.documents.summary_data import load_summary
from workbook.settings import get_settings, update_settings

TODAY = date(2026, 3, 15)
LETTER, A4 = (612, 792), (595, 842)
# Words of the method's literature that mean nothing to a learner.
JARGON = ("Kiresuk", "Sherman", "ρ", "rho", "T-score", "GAS", "standard deviation",
          "Baseline", "Attainment Scaling", "ladder")


def text_of(data: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(data)).pages
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pages))


def size_of(data: bytes) -> tuple[int, int]:
    box = pypdf.PdfReader(io.BytesIO(data)).pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


# -- paper by locale -------------------------------------------------------------------------
@pytest.mark.parametrize(("environ", "size"), [
    ({"LANG": "en_US.UTF-8"}, "Letter"),
    ({"LANG": "en_CA.UTF-8"}, "Letter"),
    ({"LANG": "fr_CA.UTF-8"}, "Letter"),
    ({"LANG": "es_MX.UTF-8"}, "Letter"),
    ({"LANG": "fil_PH"}, "Letter"),
    ({"LANG": "es_CL.UTF-8"}, "Letter"),
    ({"LANG": "es_CO"}, "Letter"),
    ({"LANG": "en-US"}, "Letter"),
    ({"LANG": "English_United States.1252"}, "Letter"),
    ({"LANG": "en_GB.UTF-8"}, "A4"),
    ({"LANG": "de_DE.UTF-8"}, "A4"),
    ({"LANG": "es_ES.UTF-8"}, "A4"),
    ({"LANG": "zh_CN.UTF-8"}, "A4"),
    ({"LANG": "ar_EG.UTF-8"}, "A4"),
    ({"LANG": "ast_ES.UTF-8"}, "A4"),
    ({"LANG": "C.UTF-8"}, "A4"),
    ({"LANG": "POSIX"}, "A4"),
    # LC_PAPER is the paper's own category; LC_ALL overrides every category.
    ({"LANG": "en_GB.UTF-8", "LC_PAPER": "en_US.UTF-8"}, "Letter"),
    ({"LANG": "en_US.UTF-8", "LC_PAPER": "de_DE.UTF-8"}, "A4"),
    ({"LC_ALL": "fr_FR.UTF-8", "LC_PAPER": "en_US.UTF-8"}, "A4"),
    ({"LC_ALL": "", "LC_PAPER": "en_PH.UTF-8", "LANG": "C"}, "Letter"),
])
def test_the_system_page_size_follows_the_locale(environ: dict[str, str], size: str) -> None:
    assert paper.system_page_size(environ) == size


def test_without_locale_variables_the_process_locale_decides(monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    monkeypatch.setattr(locale, "getlocale", lambda category=0: ("en_US", "UTF-8"))
    assert paper.system_page_size({}) == "Letter"
    monkeypatch.setattr(locale, "getlocale", lambda category=0: ("Dutch_Netherlands", "1252"))
    assert paper.system_page_size({}) == "A4"
    monkeypatch.setattr(locale, "getlocale", lambda category=0: (None, None))
    assert paper.system_page_size({}) == "A4"


def _one_session(db: sqlite_utils.Database) -> int:
    cid = coachees.add(db, "Aïcha Benali").created
    sid = sessions.start(db, cid, None, scheduled_at="2026-03-12T16:00", status="held").created
    notes.save_note(db, notes.add_section(db, sid, "Notes", shared=True).created, "Short.")
    return sid


def test_an_unset_page_size_follows_the_locale_and_a_chosen_one_wins(
        db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch) -> None:
    sid = _one_session(db)
    cid = sessions.get(db, sid).coachee_id
    assert get_settings(db).page_size == ""  # a new workbook has not chosen
    monkeypatch.setenv("LC_PAPER", "de_DE.UTF-8")
    assert size_of(session_summary_pdf(db, sid)) == A4
    assert size_of(portfolio_pdf(db, cid, today=TODAY)) == A4
    monkeypatch.setenv("LC_PAPER", "en_US.UTF-8")
    assert size_of(session_summary_pdf(db, sid)) == LETTER
    update_settings(db, page_size="A4")
    assert size_of(session_summary_pdf(db, sid)) == A4
    monkeypatch.setenv("LC_PAPER", "de_DE.UTF-8")
    update_settings(db, page_size="Letter")
    assert size_of(portfolio_pdf(db, cid, today=TODAY)) == LETTER


# -- the words -------------------------------------------------------------------------------
@pytest.fixture
def demo_db(db: sqlite_utils.Database) -> sqlite_utils.Database:
    demo.build_demo(db, today=TODAY)
    update_settings(db, page_size="Letter")
    return db


def test_documents_say_prepared_on_the_day_not_printed(demo_db: sqlite_utils.Database) -> None:
    sid = demo_db.execute("SELECT max(id) FROM sessions WHERE status = 'held'").fetchone()[0]
    summary = text_of(session_summary_pdf(demo_db, sid))
    assert re.search(r"Prepared \d{1,2} \w+ \d{4} · Page 1 of 1", summary)
    portfolio = text_of(portfolio_pdf(demo_db, 1, today=TODAY))
    assert "Prepared 15 March 2026 · Page 1 of" in portfolio
    assert "Printed" not in summary + portfolio


def _written_by_the_coach(db: sqlite_utils.Database, coachee_id: int) -> str:
    """Goal, milestone and value text a portfolio prints as typed (any word may be in it)."""
    rows = [*db.query("SELECT * FROM goals WHERE coachee_id = ?", [coachee_id]),
            *db.query("SELECT m.* FROM milestones m JOIN goals g ON g.id = m.goal_id "
                      "WHERE g.coachee_id = ?", [coachee_id]),
            *db.query("SELECT * FROM coachee_values WHERE coachee_id = ?", [coachee_id])]
    return " ".join(str(value) for row in rows for value in row.values())


def test_no_learner_document_speaks_the_methods_jargon(demo_db: sqlite_utils.Database) -> None:
    scored = 0
    for (cid,) in demo_db.execute("SELECT id FROM coachees WHERE deleted_at IS NULL"):
        text = text_of(portfolio_pdf(demo_db, cid, today=TODAY))
        written = _written_by_the_coach(demo_db, cid)
        found = [word for word in JARGON if word in text and word not in written]
        assert not found, (cid, found)
        if "Overall goal score" in text and "Score " in text:
            scored += 1
            assert "50 means the goals were reached as expected, on average" in text
    assert scored >= 3  # the score is still there, in plain words
    for (sid,) in demo_db.execute("SELECT id FROM sessions WHERE status = 'held' LIMIT 40"):
        text = text_of(session_summary_pdf(demo_db, sid))
        shared = " ".join(s.body for s in load_summary(demo_db, sid).sections)
        # a coach may write any word in a shared note; the document's own words are plain
        assert not [word for word in JARGON if word in text and word not in shared], sid
