"""Right-to-left notes: wrapped in reading order, right-aligned, nothing lost across pages."""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass
from typing import Any

import arabic_reshaper
import pypdf
import sqlite_utils
from bidi.algorithm import get_display  # mirrors brackets (L4); bidi.get_display does not
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph

from workbook import coachees, notes, sessions
from workbook.documents import fonts, layout, markup, rtl
from workbook.documents.summary import session_summary_pdf
from workbook.settings import Settings

# Fictional study-plan sentences (Layla Haddad is not a real learner).
STUDY_PLAN = (
    "بدأت ليلى حداد خطة دراسة جديدة لهذا الفصل مع تركيز على علم التشريح ووظائف الأعضاء. "
    "اتفقنا على ثلاث جلسات مراجعة كل أسبوع وعلى اختبار قصير في نهاية كل وحدة. "
    "ستكتب ملاحظات يومية عن ما تعلمته وما بقي غامضا وتعرضها في الجلسة القادمة. "
    "الهدف الأساسي هو الاستعداد لامتحان OSCE 2026 بثقة أكبر وبدون قلق زائد قبل الموعد "
    "مع مراجعة الحالات السريرية الصعبة مرة أخرى في النهاية")

_FONT_NAMES = {"NotoSans-Regular": fonts.SANS, "NotoSans-Bold": fonts.SANS_BOLD,
               "NotoSans-Italic": fonts.SANS_ITALIC, "NotoSansArabic-Regular": fonts.ARABIC,
               "NotoSansArabic-Bold": fonts.ARABIC_BOLD, "DroidSansFallback": fonts.CJK}


@dataclass(frozen=True)
class Drawn:
    """One string drawn on a page, as pypdf reads it back, in drawing (visual) order."""

    page: int
    x: float
    y: float
    text: str
    font: str  # our registered name
    size: float

    @property
    def right(self) -> float:
        return self.x + pdfmetrics.stringWidth(self.text, self.font, self.size)


def drawn(data: bytes) -> list[Drawn]:
    out: list[Drawn] = []
    for number, page in enumerate(pypdf.PdfReader(io.BytesIO(data)).pages):
        def visit(txt: str, cm: Any, tm: Any, font: Any, size: Any, number: int = number
                  ) -> None:
            txt = txt.strip("\n")
            if font is None or not txt.strip():
                return
            if any(rtl.is_rtl(ch) for ch in txt):
                txt = txt[::-1]  # pypdf reverses right-to-left runs; keep what was drawn
            base = str(font["/BaseFont"]).split("+")[-1]
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            piece = Drawn(number, x, y, txt, _FONT_NAMES[base], size * tm[0] * cm[0])
            if out and (out[-1].page, out[-1].x, out[-1].y) == (number, x, y):
                # pypdf hands one drawn string over in parts where the direction changes
                # (Arabic then "2026"), each with the string's start: join them again.
                piece = Drawn(number, x, y, out.pop().text + txt, piece.font, piece.size)
            out.append(piece)

        page.extract_text(visitor_text=visit)
    return out


def lines_of(pieces: list[Drawn]) -> list[list[Drawn]]:
    """Pieces grouped into printed lines, top of the first page first, each line left to
    right."""
    rows: dict[tuple[int, float], list[Drawn]] = {}
    for piece in pieces:
        rows.setdefault((piece.page, round(piece.y, 1)), []).append(piece)
    return [sorted(rows[key], key=lambda p: p.x)
            for key in sorted(rows, key=lambda k: (k[0], -k[1]))]


def shaped(word: str) -> str:
    return str(arabic_reshaper.reshape(word))


def seen(word: str) -> str:
    """How a typed word looks in a right-to-left line: contextual forms, letters right to
    left, a sentence's full stop on its left."""
    return str(get_display(shaped(word), base_dir="R"))


def tokens(line: list[Drawn]) -> list[str]:
    """The words of a printed line as drawn, left to right."""
    return "".join(piece.text for piece in line).split()


def holds(line: list[Drawn], word: str) -> bool:
    return seen(word) in tokens(line)


def build(note: str) -> bytes:
    return layout.build_pdf(markup.note_flowables(note), title="Session summary",
                            coachee="ليلى حداد", settings=Settings())


def frame_right(data: bytes) -> float:
    return float(pypdf.PdfReader(io.BytesIO(data)).pages[0].mediabox.width) - layout.MARGIN_X


def note_lines(data: bytes, words: list[str]) -> list[list[Drawn]]:
    """The printed lines of a body-text note made of `words` (not the header, the footer,
    the coachee's name or a heading, which may share a word with it)."""
    size = layout.make_styles().body.fontSize
    top = float(pypdf.PdfReader(io.BytesIO(data)).pages[0].mediabox.height) - layout.MARGIN_TOP
    body = [p for p in drawn(data) if p.size == size and layout.MARGIN_BOTTOM < p.y < top]
    return [line for line in lines_of(body) if any(holds(line, w) for w in words)]


def assert_every_word_once(lines: list[list[Drawn]], words: list[str]) -> None:
    assert Counter(t for line in lines for t in tokens(line)) == Counter(map(seen, words))


# -- through the session summary -------------------------------------------------------------
def test_a_four_line_arabic_note_reads_from_the_top_right(db: sqlite_utils.Database) -> None:
    cid = coachees.add(db, "ليلى حداد").created
    sid = sessions.start(db, cid, None, scheduled_at="2026-03-12T16:00", status="held").created
    section = notes.add_section(db, sid, "خطة الدراسة", shared=True).created
    notes.save_note(db, section, STUDY_PLAN)
    data = session_summary_pdf(db, sid)

    words = STUDY_PLAN.split()
    lines = note_lines(data, words)
    assert len(lines) == 4
    # The first word opens the top line at its right edge, as an Arabic reader starts;
    # the last word ends the bottom line at its left.
    assert tokens(lines[0])[-1] == seen(words[0]) and not holds(lines[0], words[-1])
    assert tokens(lines[-1])[0] == seen(words[-1])
    assert lines[0][0].y > lines[-1][0].y
    right = frame_right(data)
    for line in lines:
        assert abs(line[-1].right - right) < 1.0, tokens(line)
    assert_every_word_once(lines, words)


def test_a_long_arabic_action_item_wraps_from_the_top_right_in_its_cell(
        db: sqlite_utils.Database) -> None:
    from workbook import actions

    cid = coachees.add(db, "ليلى حداد").created
    sid = sessions.start(db, cid, None, scheduled_at="2026-03-12T16:00", status="held").created
    actions.add(db, cid, STUDY_PLAN, session_id=sid)
    data = session_summary_pdf(db, sid)

    words = STUDY_PLAN.split()
    size = layout.make_styles().cell.fontSize
    pieces = drawn(data)
    who = next(p.x for p in pieces if p.text == "WHO")  # the next column's heading
    cell = [p for p in pieces if p.size == size and p.right <= who and set(tokens([p])) <= {
        seen(w) for w in words}]
    lines = lines_of(cell)
    assert len(lines) >= 3, "the action item wraps in its column"
    assert tokens(lines[0])[-1] == seen(words[0]) and tokens(lines[-1])[0] == seen(words[-1])
    assert lines[0][0].y > lines[-1][0].y
    assert_every_word_once(lines, words)


def test_a_wrapped_latin_paragraph_is_unchanged() -> None:
    note = ("**Strengths:** *persistence* with a long line that wraps across the page width "
            "because it keeps going and going about feedback on rounds with ليلى حداد\n\n"
            "- first point\n- second point")
    flows = markup.note_flowables(note)
    assert [type(f) for f in flows] == [Paragraph, Paragraph, Paragraph]
    assert flows[0].text == markup.inline_markup(note.split("\n\n")[0])
    assert "<b>Strengths:</b> <i>persistence</i>" in flows[0].text
    assert [f.bulletText for f in flows[1:]] == ["•", "•"]


def test_a_very_long_arabic_note_flows_over_pages_without_losing_a_word() -> None:
    note = " ".join([STUDY_PLAN] * 25)  # one paragraph of about 80 lines
    data = build(note)
    pages = pypdf.PdfReader(io.BytesIO(data)).pages
    assert len(pages) == 2
    words = note.split()
    lines = note_lines(data, words)
    assert len(lines) >= 78
    assert {line[0].page for line in lines} == {0, 1}
    assert tokens(lines[0])[-1] == seen(words[0]) and lines[0][0].page == 0
    assert tokens(lines[-1])[0] == seen(words[-1]) and lines[-1][0].page == 1
    assert_every_word_once(lines, words)
    right = frame_right(data)
    assert all(abs(line[-1].right - right) < 1.0 for line in lines)


def test_osce_2026_stays_whole_between_its_arabic_neighbours() -> None:
    data = build(STUDY_PLAN)
    (line,) = [ln for ln in lines_of(drawn(data)) if any("OSCE" in p.text for p in ln)]
    (token,) = [p for p in line if "OSCE" in p.text]
    assert "OSCE 2026" in token.text
    # Read right to left: "…لامتحان OSCE 2026 بثقة…", the Latin in its own order.
    words = tokens(line)
    at = words.index("OSCE")
    assert words[at - 1:at + 3] == [seen("بثقة"), "OSCE", "2026", seen("لامتحان")]


def test_brackets_face_their_words() -> None:
    para = rtl.RtlParagraph("مراجعة (ساعتان) اليوم", layout.make_styles().body)
    para.wrap(400, 100)
    (line,) = para._lines(400)
    visual = "".join(t for _, t in line.pieces)
    assert "(" + shaped("ساعتان")[::-1] + ")" in visual  # not ")ﻥﺎﺘﻋﺎﺳ(" facing outward
    # Noto Sans Arabic has no brackets: they print in Noto Sans, not as empty boxes.
    assert all(font == fonts.SANS for font, t in line.pieces if "(" in t or ")" in t)


def test_markup_typed_in_an_arabic_note_prints_literally() -> None:
    note = "ملاحظة <b>x</b> & <script>alert(1)</script> &amp; تمت"
    (flow,) = markup.note_flowables(note)
    assert isinstance(flow, rtl.RtlParagraph)
    drawn_text = "".join(p.text for p in lines_of(drawn(build(note)))[1])
    # Printed as typed, in reading order: the "<" and ";" at the ends of the Latin stretch
    # belong to the Arabic around them (Unicode bidi), so they sit on its outer sides.
    assert "b>x</b> & <script>alert(1)</script> &amp" in drawn_text
    assert drawn_text == seen(note)


# -- the flowable ----------------------------------------------------------------------------
def test_direction_comes_from_the_first_strong_letter() -> None:
    assert rtl.is_rtl("ليلى said hello")
    assert rtl.is_rtl("2026: «مراجعة» OSCE")
    assert rtl.is_rtl("שלום עולם")
    assert not rtl.is_rtl("OSCE 2026 مراجعة")
    assert rtl.first_strong_rtl("12, 34 — !") is None
    assert not rtl.is_rtl("")


def test_arabic_list_items_headings_and_quotes_use_the_flowable_mirrored() -> None:
    note = "# خطة الأسبوع\n\n- مراجعة التشريح\n- اختبار قصير\n\n> ملاحظة من ليلى\n\n- English item"
    flows = markup.note_flowables(note)
    kinds = [type(f).__name__ for f in flows]
    assert kinds == ["RtlParagraph"] * 4 + ["Paragraph"]
    heading, item, _, quote, _ = flows
    assert heading._bold and not item._bold
    assert item.bulletText == "•" and item.style.leftIndent > 0
    assert quote.style.textColor == layout.make_styles().quote.textColor
    data = build(note)
    lines = lines_of(drawn(data))
    right = frame_right(data)
    heading_line = next(ln for ln in lines if holds(ln, "الأسبوع"))
    assert heading_line[-1].font == fonts.ARABIC_BOLD
    assert abs(heading_line[-1].right - right) < 1.0
    item_line = next(ln for ln in lines if holds(ln, "التشريح"))
    bullet = item_line[-1]
    assert bullet.text == "•" and abs(bullet.right - right) < 12  # the bullet sits on the right
    assert item_line[-2].right < right - item.style.leftIndent + 1


def test_a_latin_line_typed_inside_an_arabic_note_reads_left_to_right() -> None:
    note = "ملاحظات الجلسة\nAgreed: read chapter 4 (anatomy).\nثم نلتقي الأسبوع القادم"
    (flow,) = markup.note_flowables(note)
    assert isinstance(flow, rtl.RtlParagraph)
    data = build(note)
    lines = lines_of(drawn(data))
    latin = next(ln for ln in lines if any("Agreed" in p.text for p in ln))
    assert latin[0].text.startswith("Agreed: read chapter 4 (anatomy).")
    assert abs(latin[0].x - layout.MARGIN_X) < 0.5


def test_split_hands_on_every_word_once() -> None:
    style = layout.make_styles().body
    para = rtl.RtlParagraph(STUDY_PLAN, style)
    _, height = para.wrap(200, 10_000)
    lines = para._lines(200)
    assert height == len(lines) * style.leading and len(lines) > 4
    first, second = para.split(200, style.leading * 3 + 1)
    assert first.wrap(200, 1000)[1] == 3 * style.leading
    assert [ln.pieces for ln in first._lines(200) + second._lines(200)] == [
        ln.pieces for ln in lines]
    for part in (first, second):  # the lines handed on are the lines it would make itself
        fresh = rtl.RtlParagraph(part.text, style, _shaped=part._segs)
        assert fresh._lines(200) == part._lines(200)
    assert second.bulletText is None
    assert para.split(200, style.leading * 0.5) == []
    assert para.split(200, style.leading * 1.5) == []  # no orphan line at a page foot
    assert para.split(200, 10_000) == [para]


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=1, max_value=12), st.integers(min_value=80, max_value=300))
def test_splitting_anywhere_keeps_lines_and_line_breaks(at: int, width: int) -> None:
    style = layout.make_styles().body
    text = "ملاحظات الجلسة\n" + STUDY_PLAN + "\nAgreed: read chapter 4.\nثم نلتقي"
    para = rtl.RtlParagraph(text, style)
    para.wrap(width, 10_000)
    lines = para._lines(width)
    parts = para.split(width, style.leading * at + 0.5)
    if at >= len(lines):
        assert parts == [para]
        return
    if at == 1:
        assert parts == []
        return
    first, second = parts
    for part in parts:
        fresh = rtl.RtlParagraph(part.text, style, _shaped=part._segs)
        assert fresh._lines(width) == part._lines(width)
    joined = first._lines(width) + second._lines(width)
    assert [(ln.pieces, ln.rtl) for ln in joined] == [(ln.pieces, ln.rtl) for ln in lines]


def test_a_word_wider_than_the_line_is_broken_not_cut() -> None:
    style = layout.make_styles().body
    url = "https://example.org/" + "study-plan-" * 12
    para = rtl.RtlParagraph(f"راجع الرابط {url} غدا", style)
    para.wrap(120, 1000)
    lines = para._lines(120)
    assert len(lines) >= 4 and all(ln.width <= 120 + 0.01 for ln in lines)
    _, _, (segment,) = para._layout(120)
    assert "".join(segment.words[2:-1]) == url  # broken into pieces, in order
    printed = "".join(t for ln in lines for _, t in ln.pieces)
    assert sorted(c for c in printed if c != " " and not rtl.is_rtl(c)) == sorted(url)


def test_text_flowable_picks_the_direction() -> None:
    style = layout.make_styles().cell
    assert isinstance(rtl.text_flowable("الرعاية حق للجميع\nوالعدل", style), rtl.RtlParagraph)
    latin = rtl.text_flowable("Care <for> all\nand fairness", style)
    assert isinstance(latin, Paragraph)
    assert latin.text == "Care &lt;for&gt; all<br/>and fairness"


_WORDS = st.sampled_from(["خطة", "دراسة", "ليلى", "لا", "الأعضاء", "OSCE", "2026", "(نعم)",
                          "Zoë", "王小明", "مراجعة،", "؟", "https://example.org/x"])


@settings(max_examples=60, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=40), st.integers(min_value=40, max_value=400))
def test_lines_fit_and_keep_every_word(words: list[str], width: int) -> None:
    para = rtl.RtlParagraph("ليلى " + " ".join(words), layout.make_styles().body)
    para.wrap(width, 10_000)
    lines = para._lines(width)
    assert all(line.width <= width + 0.01 for line in lines)
    printed = [w for line in lines for w in "".join(t for _, t in line.pieces).split()]
    # Every word printed once, whatever the width (an address may be broken into pieces).
    if not any(w.startswith("https") for w in words):
        assert Counter(printed) == Counter(seen(w) for w in ["ليلى", *words])
