"""A note's Markdown → reportlab flowables, with every piece of user text escaped.

Notes keep the simple formatting a coach types: paragraphs, `-`/`*` and `1.` lists (nested),
`**bold**`, `*italic*`, and a line break where they pressed Enter. They are parsed with
markdown-it-py (CommonMark) and the flowables are built from its token stream; no regular
expression touches the text. Raw HTML is switched off and so are entities, so `<b>x</b>`,
`&amp;` or `<script>` typed in a note print exactly as typed; reference definitions and
images are off too, so no line a coach typed can vanish from the page.

A paragraph or list item that opens with a right-to-left letter (Arabic) becomes an
`rtl.RtlParagraph`, which wraps it in reading order; its bold and italic are not kept.

A long paragraph reaches reportlab in pieces. reportlab breaks the whole rest of a paragraph
into lines again on every page it fills, so one paragraph of n characters costs n² (a
million characters pasted without a line break took minutes). A piece ends at a line break
once it holds `CHUNK` characters, which prints exactly as one paragraph would; a single line
longer than `LONG_LINE` characters (far beyond any paragraph a person types) is cut after a
sentence, else after a word, and the next piece starts on a new line.

`note_flowables(text)` is the entry point; `inline_markup(text)` gives Paragraph markup for
one line of Markdown (e.g. a goal title written with emphasis).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph
from reportlab.platypus.flowables import HRFlowable

from workbook.documents import fonts, layout, rtl

_INDENT = 18  # points per list level
CHUNK = 2_000  # characters of a piece of a paragraph, ended at the next line break
LONG_LINE = 8_000  # characters of one line (no Enter) before it is cut into pieces
_SENTENCE_ENDS = (". ", "! ", "? ", "。", "！", "？")
_OPEN = {"strong_open": "<b>", "em_open": "<i>"}
_CLOSED = {"strong_close": "<b>", "em_close": "<i>"}
_CLOSE = {"<b>": "</b>", "<i>": "</i>"}


@functools.cache
def parser() -> MarkdownIt:
    return (MarkdownIt("commonmark", {"html": False, "breaks": True})
            .disable(["entity", "image", "reference"]))


def _cut_at(text: str, room: int) -> int:
    """Where a piece may end within `text[:room]`: after the last sentence that ends in its
    second half, else after its last space; 0 when it has no space."""
    ends = [found + len(end) for end in _SENTENCE_ENDS
            if (found := text.rfind(end, room // 2, room)) >= 0]
    return max(ends) if ends else text.rfind(" ", 0, room) + 1


class _Pieces:
    """One paragraph's inline text, as Paragraph markup or as plain text, in pieces (see the
    module docstring). Each piece is whole markup: the tags open at a cut are closed there
    and opened again at the start of the next piece."""

    def __init__(self, plain: bool) -> None:
        self.plain = plain
        self.done: list[str] = []
        self.out: list[str] = []
        self.open: list[str] = []  # "<b>" and "<i>" open now, outermost first
        self.size = 0  # characters in the current piece
        self.line = 0  # characters since the last line break

    def tag(self, kind: str) -> None:
        if kind in _OPEN:
            self.open.append(_OPEN[kind])
            if not self.plain:
                self.out.append(_OPEN[kind])
            return
        tag = _CLOSED[kind]
        if tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag)]
        if not self.plain:
            self.out.append(_CLOSE[tag])

    def text(self, content: str) -> None:
        # a line only just over the limit stays whole: no piece of a few words at its end
        while self.line + len(content) > LONG_LINE + CHUNK:
            room = LONG_LINE - self.line
            # no space within reach: end the piece before the word, or (a word longer than
            # a whole piece) inside it
            at = _cut_at(content, room) or (0 if self.line else room)
            self._put(content[:at])
            content = content[at:]
            self.cut()
        self._put(content)

    def _put(self, text: str) -> None:
        if not text:
            return
        self.out.append(text if self.plain else fonts.para(
            text, bold="<b>" in self.open, italic="<i>" in self.open))
        self.size += len(text)
        self.line += len(text)

    def line_break(self) -> None:
        if self.size >= CHUNK:
            self.cut()  # the next piece starts on a line of its own, as the break would
            return
        self.out.append("\n" if self.plain else "<br/>")
        self.size += 1
        self.line = 0

    def cut(self) -> None:
        if not self.size:
            return
        self.done.append("".join(self.out + [_CLOSE[t] for t in reversed(self.open)
                                             if not self.plain]))
        self.out = [] if self.plain else list(self.open)
        self.size = self.line = 0

    def finish(self) -> list[str]:
        if self.size or not self.done:
            self.done.append("".join(self.out))
        return self.done


def _pieces(children: Sequence[Token] | None, *, plain: bool = False) -> list[str]:
    """Paragraph markup for one inline token stream, in pieces; with `plain`, the text as
    printed without bold or italic, line breaks as "\n" (what a right-to-left paragraph
    draws)."""
    pieces = _Pieces(plain)
    href: list[str] = []
    link_text: list[str] = []
    for tok in children or ():
        kind = tok.type
        if kind in _OPEN or kind in _CLOSED:
            pieces.tag(kind)
        elif kind in ("softbreak", "hardbreak"):
            pieces.line_break()
        elif kind in ("text", "code_inline", "html_inline"):
            pieces.text(tok.content)
            if href:
                link_text.append(tok.content)
        elif kind == "link_open":
            href.append(str(tok.attrs.get("href", "")))
            link_text = []
        elif kind == "link_close" and href:
            # Paper has no links: print the address unless the text already is it.
            target = href.pop()
            if target and target not in ("".join(link_text), "mailto:" + "".join(link_text)):
                pieces.text(f" ({target})")
    return pieces.finish()


def _inline(children: Sequence[Token] | None, *, plain: bool = False) -> str:
    return "".join(_pieces(children, plain=plain))


def inline_markup(text: str) -> str:
    """Paragraph markup for a single line of Markdown (bold and italic kept, escaped)."""
    tokens = parser().parseInline(text)
    return _inline(tokens[0].children if tokens else None)


def _lines_pieces(lines: Sequence[str], *, plain: bool) -> list[str]:
    """Lines of a code block as one paragraph's pieces."""
    pieces = _Pieces(plain)
    for number, line in enumerate(lines):
        if number:
            pieces.line_break()
        pieces.text(line)
    return pieces.finish()


def _opens_rtl(pieces: Sequence[str]) -> bool:
    for piece in pieces:
        direction = rtl.first_strong_rtl(piece)
        if direction is not None:
            return direction
    return False


@functools.lru_cache(maxsize=256)
def _piece_style(style: ParagraphStyle, first: bool, last: bool) -> ParagraphStyle:
    """`style` for one piece of a paragraph: no space between pieces, and only the last
    keeps with what follows, so the pieces read as the one paragraph they are."""
    return ParagraphStyle(f"{style.name}-piece", parent=style,
                          spaceBefore=style.spaceBefore if first else 0,
                          spaceAfter=style.spaceAfter if last else 0,
                          keepWithNext=getattr(style, "keepWithNext", 0) if last else 0)


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

    def add(self, make: Callable[[bool], list[str]]) -> None:
        """Append a paragraph; `make(plain)` gives its pieces as markup, or as plain text
        when `plain`: an `RtlParagraph` draws that when the paragraph opens with a
        right-to-left letter, which reportlab cannot wrap itself."""
        bullet = None
        if self.lists and self.lists[-1].pending is not None:
            bullet, self.lists[-1].pending = self.lists[-1].pending, None
        style = self.style()
        plain = make(True)
        right_to_left = _opens_rtl(plain)
        pieces = plain if right_to_left else make(False)
        for number, piece in enumerate(pieces):
            shown = (style if len(pieces) == 1 else
                     _piece_style(style, number == 0, number == len(pieces) - 1))
            mark = None if number else bullet
            self.out.append(rtl.RtlParagraph(piece, shown, bulletText=mark) if right_to_left
                            else Paragraph(piece, shown, bulletText=mark))

    def flush_bullet(self) -> None:
        """An item that opens with a nested list still shows its own bullet."""
        if self.lists and self.lists[-1].pending is not None:
            self.add(lambda plain: [""])

    def token(self, tok: Token) -> None:
        kind = tok.type
        if kind == "inline":
            self.add(lambda plain: _pieces(tok.children, plain=plain))
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
            self.add(lambda plain: _lines_pieces(lines, plain=plain))
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
