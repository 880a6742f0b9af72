"""A note's Markdown → reportlab flowables, with every piece of user text escaped.

Notes keep the simple formatting a coach types: paragraphs, `-`/`*` and `1.` lists (nested),
`**bold**`, `*italic*`, and a line break where they pressed Enter. They are parsed with
markdown-it-py (CommonMark) and the flowables are built from its token stream; no regular
expression touches the text. Raw HTML is switched off and so are entities, so `<b>x</b>`,
`&amp;` or `<script>` typed in a note print exactly as typed; reference definitions and
images are off too, so no line a coach typed can vanish from the page.

A paragraph or list item that opens with a right-to-left letter (Arabic) becomes an
`rtl.RtlParagraph`, which wraps it in reading order; its bold and italic are not kept.

`note_flowables(text)` is the entry point; `inline_markup(text)` gives Paragraph markup for
one line of Markdown (e.g. a goal title written with emphasis).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph
from reportlab.platypus.flowables import HRFlowable

from workbook.documents import fonts, layout, rtl

_INDENT = 18  # points per list level


@functools.cache
def parser() -> MarkdownIt:
    return (MarkdownIt("commonmark", {"html": False, "breaks": True})
            .disable(["entity", "image", "reference"]))


def _inline(children: Sequence[Token] | None, *, plain: bool = False) -> str:
    """Paragraph markup for one inline token stream; with `plain`, the text as printed
    without bold or italic, line breaks as "\n" (what a right-to-left paragraph draws)."""
    out: list[str] = []
    bold = italic = 0
    href: list[str] = []
    link_text: list[str] = []
    tags = {"strong_open": "<b>", "strong_close": "</b>", "em_open": "<i>",
            "em_close": "</i>"}
    for tok in children or ():
        kind = tok.type
        if kind in tags:
            bold += {"strong_open": 1, "strong_close": -1}.get(kind, 0)
            italic += {"em_open": 1, "em_close": -1}.get(kind, 0)
            if not plain:
                out.append(tags[kind])
        elif kind in ("softbreak", "hardbreak"):
            out.append("\n" if plain else "<br/>")
        elif kind in ("text", "code_inline", "html_inline"):
            out.append(tok.content if plain else
                       fonts.para(tok.content, bold=bold > 0, italic=italic > 0))
            if href:
                link_text.append(tok.content)
        elif kind == "link_open":
            href.append(str(tok.attrs.get("href", "")))
            link_text = []
        elif kind == "link_close" and href:
            # Paper has no links: print the address unless the text already is it.
            target = href.pop()
            if target and target not in ("".join(link_text), "mailto:" + "".join(link_text)):
                out.append(f" ({target})" if plain else " (" + fonts.para(target) + ")")
    return "".join(out)


def inline_markup(text: str) -> str:
    """Paragraph markup for a single line of Markdown (bold and italic kept, escaped)."""
    tokens = parser().parseInline(text)
    return _inline(tokens[0].children if tokens else None)


@dataclass
class _ListState:
    ordered: bool
    pending: str | None = None  # the bullet not yet printed for the current item


@dataclass
class _Builder:
    styles: layout.Styles
    out: list[Flowable] = field(default_factory=list)
    lists: list[_ListState] = field(default_factory=list)
    quotes: int = 0
    heading: bool = False

    def style(self) -> ParagraphStyle:
        if self.heading:
            base = self.styles.subheading
        elif self.lists:
            base = self.styles.list_item
        elif self.quotes:
            base = self.styles.quote
        else:
            return self.styles.body
        indent = _INDENT * len(self.lists) + 12 * self.quotes
        if indent == base.leftIndent:
            return base
        return ParagraphStyle(f"{base.name}-{len(self.lists)}-{self.quotes}", parent=base,
                              leftIndent=indent, bulletIndent=indent - _INDENT + 3)

    def add(self, markup: str, *, rtl_text: str | None = None) -> None:
        """Append a paragraph; `rtl_text` (its plain text) replaces `markup` when the
        paragraph opens with a right-to-left letter, which reportlab cannot wrap itself."""
        bullet = None
        if self.lists and self.lists[-1].pending is not None:
            bullet, self.lists[-1].pending = self.lists[-1].pending, None
        if rtl_text is not None and rtl.is_rtl(rtl_text):
            self.out.append(rtl.RtlParagraph(rtl_text, self.style(), bulletText=bullet))
            return
        self.out.append(Paragraph(markup, self.style(), bulletText=bullet))

    def flush_bullet(self) -> None:
        """An item that opens with a nested list still shows its own bullet."""
        if self.lists and self.lists[-1].pending is not None:
            self.add("")

    def token(self, tok: Token) -> None:
        kind = tok.type
        if kind == "inline":
            self.add(_inline(tok.children), rtl_text=_inline(tok.children, plain=True))
        elif kind in ("bullet_list_open", "ordered_list_open"):
            self.flush_bullet()
            self.lists.append(_ListState(ordered=kind == "ordered_list_open"))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.lists.pop()
        elif kind == "list_item_open":
            state = self.lists[-1]
            state.pending = f"{tok.info}." if state.ordered else "•"
        elif kind == "heading_open":
            self.heading = True
        elif kind == "heading_close":
            self.heading = False
        elif kind == "blockquote_open":
            self.quotes += 1
        elif kind == "blockquote_close":
            self.quotes -= 1
        elif kind in ("code_block", "fence", "html_block"):
            lines = tok.content.rstrip("\n").split("\n")
            self.add("<br/>".join(fonts.para(line) for line in lines), rtl_text="\n".join(lines))
        elif kind == "hr":
            self.out.append(HRFlowable(width="100%", thickness=0.5, color=layout.RULE,
                                       spaceBefore=4, spaceAfter=6))


def note_flowables(text: str, styles: layout.Styles | None = None) -> list[Flowable]:
    """The flowables of one note; an empty or blank note gives none."""
    if not text.strip():
        return []
    builder = _Builder(styles or layout.make_styles())
    for tok in parser().parse(text):
        builder.token(tok)
    return builder.out
