"""Markdown notes → flowables: formatting kept, user text always printed as typed."""

from __future__ import annotations

import io
import re

import pypdf
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.platypus import Paragraph

from workbook.documents import layout, markup
from workbook.settings import Settings


def texts(note: str) -> list[str]:
    return [f.text for f in markup.note_flowables(note) if isinstance(f, Paragraph)]


def pdf_text(note: str) -> str:
    data = layout.build_pdf(markup.note_flowables(note), title="Test", coachee="Zoë Kowalczyk",
                            settings=Settings())
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_blank_notes_give_nothing() -> None:
    assert markup.note_flowables("") == []
    assert markup.note_flowables("  \n\n ") == []


def test_markup_typed_in_a_note_prints_literally() -> None:
    note = "<b>x</b> & <script>alert(1)</script> &amp; &lt; <br/> <para>"
    (paragraph,) = markup.note_flowables(note)
    assert "<b>" not in paragraph.text.replace("&lt;b&gt;", "")
    text = pdf_text(note)
    assert "<b>x</b> & <script>alert(1)</script> &amp; &lt; <br/> <para>" in text


def test_bold_italic_and_line_breaks() -> None:
    (paragraph,) = markup.note_flowables("**Strengths:** *persistence*\nsecond line")
    assert paragraph.text == "<b>Strengths:</b> <i>persistence</i><br/>second line"


def test_bullet_and_numbered_lists_nest_and_keep_their_numbers() -> None:
    note = "- first\n- second\n  1. inner\n  2. inner two\n\n3. three\n4. four"
    flows = [f for f in markup.note_flowables(note) if isinstance(f, Paragraph)]
    bullets = [f.bulletText for f in flows]
    assert bullets == ["•", "•", "1.", "2.", "3.", "4."]
    indents = [f.style.leftIndent for f in flows]
    assert indents[2] > indents[0] and indents[4] == indents[0]
    text = pdf_text(note)
    assert re.search(r"•\s*first", text) and re.search(r"3\.\s*three", text)


def test_an_item_that_opens_with_a_nested_list_keeps_its_bullet() -> None:
    flows = [f for f in markup.note_flowables("- - inner") if isinstance(f, Paragraph)]
    assert [f.bulletText for f in flows] == ["•", "•"]


def test_nothing_a_coach_typed_disappears() -> None:
    note = "[1]: http://example.org\n\n![chart](x.png) and [the guide](https://example.org/g)"
    text = pdf_text(note)
    assert "[1]: http://example.org" in text
    assert "chart" in text and "the guide (https://example.org/g)" in text


def test_headings_quotes_code_and_rules_render_as_text() -> None:
    note = "# Plan\n\n> she said so\n\n    indented code <x>\n\n---\n\nafter"
    text = pdf_text(note)
    for piece in ("Plan", "she said so", "indented code <x>", "after"):
        assert piece in text
    heading = markup.note_flowables("# Plan")[0]
    assert heading.style.fontName == layout.make_styles().subheading.fontName


def test_inline_markup_of_one_line() -> None:
    assert markup.inline_markup("a **b** <c>") == "a <b>b</b> &lt;c&gt;"
    assert markup.inline_markup("") == ""


WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéżọ王", min_size=1, max_size=8)


@given(st.lists(st.one_of(WORD, st.sampled_from(
    ["**", "*", "_", "- ", "1. ", "\n", "\n\n", "<b>", "&", "#", "> ", "`", "[", "](", ")",
     "  ", "\\", "<script>", "&amp;", "---"])), max_size=30))
@settings(max_examples=60, deadline=None)
def test_any_note_builds_a_pdf_and_keeps_every_word(parts: list[str]) -> None:
    note = " ".join(parts)
    text = re.sub(r"\s+", "", pdf_text(note)) if note.strip() else ""
    for part in parts:
        if part.isalpha():
            assert part in text
