"""Fonts of the PDF documents: shipped files, per-script runs, Arabic shaping, escaping."""

from __future__ import annotations

import io
import itertools

import pypdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from workbook.documents import fonts

NAMES = {
    "vietnamese": "Nguyễn Thị Hoa",
    "polish": "Zoë Kowalczyk, Łucja Wiśniewska-Żółć",
    "chinese": "王小明",
    "arabic": "ليلى حداد",
}


def cmap(name: str) -> set[int]:
    fonts.font_for("latin")
    return set(pdfmetrics.getFont(name).face.charToGlyph)


def test_every_font_file_is_shipped_small_and_licensed() -> None:
    folder = fonts.font_dir()
    for name in (fonts.SANS, fonts.SANS_BOLD, fonts.SANS_ITALIC, fonts.SANS_BOLD_ITALIC,
                 fonts.ARABIC, fonts.ARABIC_BOLD, fonts.CJK):
        path = fonts.font_path(name)
        assert path.parent == folder and path.exists()
        assert path.stat().st_size < 4 * 1024 * 1024, path.name
        assert path.read_bytes()[:4] == b"\x00\x01\x00\x00", f"{path.name} is not TrueType"
    assert "SIL OPEN FONT LICENSE" in (folder / "OFL-1.1.txt").read_text("utf-8")
    assert "Apache License" in (folder / "Apache-2.0.txt").read_text("utf-8")
    readme = (folder / "README.md").read_text("utf-8")
    assert "DroidSansFallback-CJK.ttf" in readme and "subset" in readme


@pytest.mark.parametrize("language", sorted(NAMES))
def test_the_font_chosen_for_each_run_has_every_glyph(language: str) -> None:
    for script, run in fonts.runs(NAMES[language]):
        shown = fonts.shape_arabic(run) if script == "arabic" else run
        glyphs = cmap(fonts.font_for(script))
        missing = [ch for ch in shown if ord(ch) not in glyphs]
        assert not missing, (language, script, missing)


def test_runs_split_by_script_and_keep_neutrals_inside_a_run() -> None:
    assert list(fonts.runs("王小明 (Xiaoming) — café")) == [
        ("cjk", "王小明"), ("latin", " (Xiaoming) — café")]
    assert list(fonts.runs("ليلى حداد (Layla)")) == [
        ("arabic", "ليلى حداد"), ("latin", " (Layla)")]
    assert list(fonts.runs("Hoa, 王小明 and ليلى")) == [
        ("latin", "Hoa, "), ("cjk", "王小明"), ("latin", " and "), ("arabic", "ليلى")]
    assert list(fonts.runs("")) == []


@given(st.text(alphabet=st.sampled_from("ab é,.-<&>王明ليى 1\n\t"), max_size=40))
@settings(max_examples=200, deadline=None)
def test_runs_lose_and_reorder_nothing(text: str) -> None:
    pieces = list(fonts.runs(text))
    assert "".join(run for _, run in pieces) == text
    assert all(run for _, run in pieces)
    assert all(a[0] != b[0] for a, b in itertools.pairwise(pieces))


def test_arabic_is_shaped_into_joined_forms_in_visual_order() -> None:
    shaped = fonts.shape_arabic("ليلى حداد")
    assert all(0xFE70 <= ord(ch) <= 0xFEFF or ch == " " for ch in shaped)
    # Visual order: the last word of the logical text is drawn first (leftmost).
    left, right = shaped.split(" ")
    assert len(left) == 4 and len(right) == 4
    assert left[-1] == "\ufea3"  # initial HAH of حداد, drawn at the right end of its word


def test_para_escapes_user_text_and_tags_non_latin_runs() -> None:
    markup = fonts.para("<b>x</b> & 王小明", bold=True)
    assert markup.startswith("&lt;b&gt;x&lt;/b&gt; &amp; ")
    assert f'<font name="{fonts.CJK}">王小明</font>' in markup
    assert f'<font name="{fonts.ARABIC_BOLD}">' in fonts.para("ليلى", bold=True)
    assert f'<font name="{fonts.ARABIC}">' in fonts.para("ليلى")


@given(st.text(max_size=60))
@settings(max_examples=150, deadline=None)
def test_para_output_is_always_valid_paragraph_markup(text: str) -> None:
    style = ParagraphStyle("t", fontName=fonts.SANS)
    paragraph = Paragraph(fonts.para(text), style)
    paragraph.wrap(300, 1000)


def test_draw_text_and_widths_on_a_canvas() -> None:
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    width = fonts.draw_text(canvas, 500, 700, "王小明 — ليلى", 10, anchor="right")
    assert width == pytest.approx(fonts.text_width("王小明 — ليلى", 10))
    assert fonts.text_width("W", 10, bold=True) > fonts.text_width("W", 10)
    long = "Nguyễn Thị Hoa " * 20
    short = fonts.fit_text(long, 8, 100)
    assert short.endswith("…") and fonts.text_width(short, 8) <= 100
    assert fonts.fit_text("Hoa", 8, 100) == "Hoa"
    canvas.save()
    reader = pypdf.PdfReader(io.BytesIO(buffer.getvalue()))
    assert "王小明" in reader.pages[0].extract_text()


def test_a_space_between_cjk_words_prints_in_a_font_that_has_it() -> None:
    from workbook.documents import fonts

    pieces = list(fonts.runs("田中 花子"))
    assert pieces == [("cjk", "田中"), ("latin", " "), ("cjk", "花子")]
