"""The session summary PDF: shared content only, in order, every script printable, paged."""

from __future__ import annotations

import io
import re
import stat
from pathlib import Path
from typing import Any

import pypdf
import pytest
import sqlite_utils

from workbook import actions, coachees, goals, notes, sessions, trash, values
from workbook.documents.summary import session_summary_pdf, write_session_summary
from workbook.documents.summary_data import load_summary
from workbook.errors import InvalidInput, NotFound
from workbook.settings import update_settings


# -- reading PDFs back -----------------------------------------------------------------------
def reader(data: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(data))


def page_texts(data: bytes) -> list[str]:
    return [page.extract_text() for page in reader(data).pages]


def flat(text: str) -> str:
    """Whitespace collapsed: wrapped lines read as the sentence that was typed."""
    return re.sub(r"\s+", " ", text).strip()


def text_of(data: bytes) -> str:
    return flat(" ".join(page_texts(data)))


def embedded_fonts(data: bytes) -> dict[str, bool]:
    """BaseFont → whether its program is embedded (/FontFile2), over every page."""
    found: dict[str, bool] = {}
    for page in reader(data).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            embedded = descriptor is not None and "/FontFile2" in descriptor.get_object()
            found[str(font["/BaseFont"]).split("+")[-1]] = embedded
    return found


def fragments(body: str) -> list[str]:
    """Plain-text pieces of a Markdown note long enough to be unmistakable."""
    pieces = re.split(r"[*_#>`\n]|^\s*(?:-|\d+\.)\s", body, flags=re.M)
    return [flat(p) for p in pieces if p and len(flat(p)) >= 20]


# -- fixtures --------------------------------------------------------------------------------


def session_ids(db: sqlite_utils.Database) -> list[int]:
    return [r["id"] for r in db.query(
        "SELECT s.id FROM sessions s JOIN coachees c ON c.id = s.coachee_id "
        "WHERE s.deleted_at IS NULL AND c.deleted_at IS NULL ORDER BY s.id")]


def sections_of(db: sqlite_utils.Database, session_id: int, shared: int) -> list[dict[str, Any]]:
    return list(db.query("SELECT heading, body FROM session_sections WHERE session_id = ? "
                         "AND shared = ? ORDER BY position, id", [session_id, shared]))


def rich_session(db: sqlite_utils.Database) -> int:
    """A demo session with private notes, shared notes, goals and action items."""
    return next(sid for sid in session_ids(db)
                if any(s["body"].strip() for s in sections_of(db, sid, 0))
                and sum(1 for s in sections_of(db, sid, 1) if s["body"].strip()) >= 3
                and load_summary(db, sid).goals and load_summary(db, sid).actions)


def crafted(db: sqlite_utils.Database, name: str, *, preferred: str = "",
            shared: dict[str, str] | None = None, private: dict[str, str] | None = None,
            when: str = "2026-03-12T16:00") -> int:
    cid = coachees.add(db, name, preferred_name=preferred).created
    sid = sessions.start(db, cid, None, scheduled_at=when, status="held").created
    for heading, body in (shared or {}).items():
        section = notes.add_section(db, sid, heading, shared=True).created
        notes.save_note(db, section, body)
    for heading, body in (private or {}).items():
        section = notes.add_section(db, sid, heading, shared=False).created
        notes.save_note(db, section, body)
    return sid


# -- the demo workbook -----------------------------------------------------------------------
def test_shared_sections_in_order_and_private_ones_absent(demo_db: sqlite_utils.Database
                                                          ) -> None:
    sid = rich_session(demo_db)
    text = text_of(session_summary_pdf(demo_db, sid))
    position = 0
    for section in sections_of(demo_db, sid, 1):
        if not section["body"].strip():
            continue
        found = text.find(flat(section["heading"]), position)
        assert found >= position, section["heading"]
        for piece in fragments(section["body"]):
            found = text.find(piece, found)
            assert found >= 0, piece
        position = found
    for section in sections_of(demo_db, sid, 0):
        assert flat(section["heading"]) not in text
        for piece in fragments(section["body"]):
            assert piece not in text


def test_goals_actions_and_meeting_facts_are_printed(demo_db: sqlite_utils.Database) -> None:
    sid = rich_session(demo_db)
    content = load_summary(demo_db, sid)
    text = text_of(session_summary_pdf(demo_db, sid))
    for label in ("Session summary", "Goals discussed", "Action items agreed", "NEXT MEETING",
                  "Dr. Morgan Ellery", "Riverside School of Medicine", content.template_name,
                  content.coachee_name):
        assert label in text
    for goal in content.goals:
        assert flat(goal.title)[:30] in text and goal.domain in text
        assert f"{goal.progress}%" in text
        for value in goal.values:
            assert value in text
    for action in content.actions:
        assert flat(action.text)[:30] in text
    assert f"Confidential — prepared for {content.coachee_label} by Dr. Morgan Ellery" in text


def test_no_private_text_in_any_demo_summary(demo_db: sqlite_utils.Database) -> None:
    private = [piece for r in demo_db.query(
        "SELECT body FROM session_sections WHERE shared = 0 AND body <> ''")
        for piece in fragments(r["body"])]
    private += [piece for r in demo_db.query("SELECT note FROM checkins WHERE note <> ''")
                for piece in fragments(r["note"])]
    # The demo repeats a few shared sentences in check-in notes: those are not private.
    shared = flat(" ".join(
        [r["body"] for r in demo_db.query("SELECT body FROM session_sections WHERE shared = 1")]
        + [r["title"] for r in demo_db.query("SELECT title FROM goals")]
        + [r["text"] for r in demo_db.query("SELECT text FROM action_items")]))
    private = [p for p in private if p not in shared]
    assert len(private) > 50
    ids = session_ids(demo_db)
    assert len(ids) > 50
    for sid in ids:
        text = text_of(session_summary_pdf(demo_db, sid))
        leaked = [p for p in private if p in text]
        assert not leaked, (sid, leaked[:1])


def test_typical_demo_summaries_fit_one_page(demo_db: sqlite_utils.Database) -> None:
    ids = session_ids(demo_db)
    pages = [len(reader(session_summary_pdf(demo_db, sid)).pages) for sid in ids[::4]]
    assert sum(1 for n in pages if n == 1) >= 0.85 * len(pages)
    assert max(pages) <= 2


def test_chinese_and_arabic_names_embed_their_fonts(demo_db: sqlite_utils.Database) -> None:
    by_name = {r["name"]: r["id"] for r in demo_db.query(
        "SELECT c.name, MAX(s.id) AS id FROM sessions s JOIN coachees c ON c.id = s.coachee_id "
        "WHERE s.status = 'held' GROUP BY c.id")}
    chinese = session_summary_pdf(demo_db, by_name["王小明"])
    assert "王小明 (Xiaoming)" in text_of(chinese)
    used = embedded_fonts(chinese)
    assert used.get("DroidSansFallback") is True and used.get("NotoSans-Regular") is True
    arabic = session_summary_pdf(demo_db, by_name["ليلى حداد"])
    used = embedded_fonts(arabic)
    assert used.get("NotoSansArabic-Regular") is True or used.get("NotoSansArabic-Bold") is True
    assert "Layla" in text_of(arabic)  # the Arabic itself extracts in visual order
    latin = session_summary_pdf(demo_db, by_name["Zoë Kowalczyk"])
    assert all(embedded for embedded in embedded_fonts(latin).values())
    assert not any("Droid" in f or "Arabic" in f for f in embedded_fonts(latin))


# -- crafted sessions ------------------------------------------------------------------------
def test_markup_in_notes_prints_literally_and_formatting_is_kept(db: sqlite_utils.Database
                                                                  ) -> None:
    sid = crafted(db, "Zoë Kowalczyk", shared={
        "What we said": "<b>x</b> & <script>alert('hi')</script>\n\n**Bold words** and "
                        "*italic words*\n\n- first bullet\n- second bullet\n\n1. one\n2. two"})
    data = session_summary_pdf(db, sid)
    text = text_of(data)
    assert "<b>x</b> & <script>alert('hi')</script>" in text
    assert re.search(r"• ?first bullet • ?second bullet", text)
    assert re.search(r"1\. ?one 2\. ?two", text)
    drawn: dict[str, set[str]] = {}

    def visit(txt: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if font is not None and txt.strip():
            drawn.setdefault(txt.strip(), set()).add(str(font["/BaseFont"]).split("+")[-1])

    reader(data).pages[0].extract_text(visitor_text=visit)
    assert any("Bold words" in t and "NotoSans-Bold" in f for t, f in drawn.items())
    assert any("italic words" in t and "NotoSans-Italic" in f for t, f in drawn.items())


def test_names_in_four_scripts_are_embedded(db: sqlite_utils.Database) -> None:
    sid = crafted(db, "Nguyễn Thị Hoa", shared={
        "Notes": "Met with Łucja Wiśniewska-Żółć, 王小明 and ليلى حداد about the study group."})
    data = session_summary_pdf(db, sid)
    text = text_of(data)
    for name in ("Nguyễn Thị Hoa", "Łucja Wiśniewska-Żółć", "王小明"):
        assert name in text
    used = embedded_fonts(data)
    assert {"NotoSans-Regular", "DroidSansFallback", "NotoSansArabic-Regular"} <= set(used)
    assert all(used.values())


def test_a_very_long_note_flows_across_pages_with_page_x_of_y(db: sqlite_utils.Database
                                                               ) -> None:
    words = ("reflection practice feedback patient rounds study sleep plan " * 1000).split()
    body = "\n\n".join(" ".join(words[i:i + 120]) for i in range(0, len(words), 120))
    sid = crafted(db, "Aïcha Benali", shared={"Long reflection": body + "\n\nTHE-LAST-WORD"})
    data = session_summary_pdf(db, sid)
    pages = page_texts(data)
    total = len(pages)
    assert total >= 8
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in page
        assert "Confidential — prepared for Aïcha Benali" in flat(page)
        assert "Session summary" in page  # the header, on every page
    assert "THE-LAST-WORD" in pages[-1]
    assert len(re.findall(r"\bpatient\b", text_of(data))) == 1000


def test_page_size_follows_the_settings(db: sqlite_utils.Database) -> None:
    sid = crafted(db, "Søren Ødegaard", shared={"Notes": "Short."})
    letter = reader(session_summary_pdf(db, sid)).pages[0].mediabox
    assert (round(float(letter.width)), round(float(letter.height))) == (612, 792)
    update_settings(db, page_size="A4")
    a4 = reader(session_summary_pdf(db, sid)).pages[0].mediabox
    assert (round(float(a4.width)), round(float(a4.height))) == (595, 842)


def test_a_password_is_needed_to_open_a_protected_summary(db: sqlite_utils.Database) -> None:
    sid = crafted(db, "José Muñoz", shared={"Notes": "A protected note."})
    protected = reader(session_summary_pdf(db, sid, password="tulip 7 harbour"))
    assert protected.is_encrypted
    assert not protected.decrypt("wrong password")
    assert protected.decrypt("tulip 7 harbour")
    assert "A protected note." in protected.pages[0].extract_text()
    assert not reader(session_summary_pdf(db, sid)).is_encrypted
    assert not reader(session_summary_pdf(db, sid, password="")).is_encrypted


def test_a_session_without_shared_notes_still_renders(db: sqlite_utils.Database) -> None:
    sid = crafted(db, "Ama Owusu", private={"Coach only": "A private impression never printed."})
    data = session_summary_pdf(db, sid)
    text = text_of(data)
    assert len(reader(data).pages) == 1
    assert "No shared notes were written for this session." in text
    assert "Ama Owusu" in text and "Not arranged yet" in text and "Page 1 of 1" in text
    assert "private impression" not in text and "Coach only" not in text
    assert "Goals discussed" not in text and "Action items agreed" not in text


def test_goals_values_and_actions_of_a_crafted_session(db: sqlite_utils.Database) -> None:
    sid = crafted(db, "王小明", preferred="Xiaoming", shared={"Notes": "We talked."})
    cid = sessions.get(db, sid).coachee_id
    value = values.add(db, cid, "Courage").created
    goal = goals.add(db, cid, "Ask one question on rounds", domain="clinical-skills",
                     status="active", progress=35, value_ids=[value]).created
    gone = goals.add(db, cid, "A goal moved to the trash", domain="well-being").created
    for g in (goal, gone):
        sessions.discuss_goal(db, sid, g)
    trash.trash(db, "goal", gone)
    actions.add(db, cid, "Present first twice a week", session_id=sid, due_date="2026-03-30")
    actions.add(db, cid, "Send the SLOE guide", session_id=sid, owner="coach")
    sessions.update(db, sid, next_meeting_at="2026-04-09T11:00")
    text = text_of(session_summary_pdf(db, sid))
    assert "Ask one question on rounds" in text and "Clinical skills" in text
    assert "35%" in text and "Courage" in text and "Active" in text
    assert "A goal moved to the trash" not in text
    assert "Present first twice a week" in text and "30 Mar 2026" in text
    assert "Xiaoming" in text and "Coach" in text
    assert "Thursday 9 April 2026, 11:00" in text
    assert "Thursday 12 March 2026, 16:00–16:30" in text


def test_coachee_label_shows_the_name_they_go_by_only_when_it_adds_something(
        db: sqlite_utils.Database) -> None:
    zoe = crafted(db, "Zoë Kowalczyk", preferred="Zoë")
    hoa = crafted(db, "Nguyễn Thị Hoa", preferred="Hoa")
    ming = crafted(db, "王小明", preferred="Xiaoming")
    assert load_summary(db, zoe).coachee_label == "Zoë Kowalczyk"
    assert load_summary(db, hoa).coachee_label == "Nguyễn Thị Hoa"
    assert load_summary(db, ming).coachee_label == "王小明 (Xiaoming)"


def test_write_is_atomic_and_private(db: sqlite_utils.Database, tmp_path: Path) -> None:
    sid = crafted(db, "Élodie Marchand", shared={"Notes": "Saved to a file."})
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "summary.pdf"
    target.write_bytes(b"old")
    written = write_session_summary(db, sid, target)
    assert written == target and target.read_bytes().startswith(b"%PDF-")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in folder.iterdir()] == ["summary.pdf"]  # no temp file left


def test_missing_and_trashed_sessions_are_not_found(db: sqlite_utils.Database) -> None:
    with pytest.raises(NotFound, match=r"There is no session with id 4242\."):
        session_summary_pdf(db, 4242)
    sid = crafted(db, "Marisol Quispe", shared={"Notes": "Trashed later."})
    trash.trash(db, "session", sid)
    with pytest.raises(NotFound, match=rf"There is no session with id {sid}\."):
        session_summary_pdf(db, sid)
    with pytest.raises(InvalidInput, match="session id"):
        session_summary_pdf(db, "7")  # type: ignore[arg-type]

