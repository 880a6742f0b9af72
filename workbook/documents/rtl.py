"""Right-to-left paragraphs (Arabic script; Hebrew is ordered too but has no shipped font).

reportlab wraps a Paragraph left to right and, in the installed version, orders and shapes
right-to-left text only with the optional `rlbidi` and `uharfbuzz` packages, which the
workbook does not ship. `fonts.para` therefore reorders a whole Arabic run before reportlab
wraps it, which is right for a name but wrong for a paragraph longer than one line: its
first printed line would hold the end of the text. `RtlParagraph` instead breaks the
*logical* text into lines by word, measuring each line as it will be drawn, and then
shapes and reorders every line on its own (python-bidi, so an embedded "OSCE 2026" still
reads left to right) and draws it against the right edge. The reordering is python-bidi's
pure-Python algorithm, which also mirrors brackets (Unicode rule L4) so "(نعم)" prints with
its brackets facing the word; the package's default, Rust-backed `get_display` does not.

A line the coach ended with Enter takes its direction from its own first strong character
(as in the editor), so a Latin line inside an Arabic note still reads and aligns left to
right. Indents and the bullet are mirrored: they sit on the right. Inline bold and italic
are not kept in such a paragraph; a bold style (a heading) prints bold throughout.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Paragraph
from reportlab.rl_config import _FUZZ

from workbook.documents import fonts

_BOLD_FONTS = frozenset({fonts.SANS_BOLD, fonts.SANS_BOLD_ITALIC, fonts.ARABIC_BOLD})
_ITALIC_FONTS = frozenset({fonts.SANS_ITALIC, fonts.SANS_BOLD_ITALIC})

Piece = tuple[str, str]  # (font name, text) in drawing order, left to right


def first_strong_rtl(text: str) -> bool | None:
    """Whether the first strongly directional character of `text` is right-to-left; None
    when there is none (digits, punctuation and spaces only)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return False
        if kind in ("R", "AL"):
            return True
    return None


def is_rtl(text: str) -> bool:
    return first_strong_rtl(text) is True


@functools.cache
def _glyphs(font: str) -> frozenset[int]:
    return frozenset(pdfmetrics.getFont(font).face.charToGlyph)


# A document is laid out up to three times (`layout.build_pdf_fitted`) from a fresh story;
# shaping and reordering the same words again was most of the cost of a long Arabic note.
@functools.lru_cache(maxsize=64)
def _shape_words(words: tuple[str, ...]) -> tuple[str, ...]:
    """Each word in its contextual forms (joining never crosses a space, so shaping the
    line at once gives the same words, only faster)."""
    reshaper, _ = fonts.arabic_tools()
    shaped = reshaper.reshape(" ".join(words)).split(" ")
    if len(shaped) != len(words):  # never seen; stay correct if the reshaper ever differs
        shaped = [reshaper.reshape(w) for w in words]
    return tuple(shaped)


def forget() -> None:
    """Drop the shaped and measured words kept while a document was laid out: they are a
    learner's text, and nothing should hold it after the document is made."""
    for cached in (_shape_words, _measured, _word_width):
        cached.cache_clear()


def visual_pieces(visual: str, *, bold: bool = False, italic: bool = False) -> list[Piece]:
    """Font pieces of text already shaped and in visual order (nothing is reordered).

    A neutral character (space, digit, punctuation) stays in the font before it when that
    font has it, else prints in the Latin font: Noto Sans Arabic lacks `(`, `?` or `%`."""
    out: list[Piece] = []
    current: str | None = None
    buffer: list[str] = []
    latin = fonts.font_for("latin", bold=bold, italic=italic)
    for ch in visual:
        script = fonts.script_of(ch)
        if script is None:
            font = current if current and ord(ch) in _glyphs(current) else latin
        else:
            font = fonts.font_for(script, bold=bold, italic=italic)
        if font != current and buffer:
            out.append((current or latin, "".join(buffer)))
            buffer = []
        current = font
        buffer.append(ch)
    if buffer:
        out.append((current or latin, "".join(buffer)))
    return out


def pieces_width(pieces: Sequence[Piece], size: float) -> float:
    return sum(pdfmetrics.stringWidth(text, font, size) for font, text in pieces)


@functools.lru_cache(maxsize=8192)
def _word_width(shaped: str, bold: bool, italic: bool, size: float) -> float:
    return pieces_width(visual_pieces(shaped, bold=bold, italic=italic), size)


@functools.lru_cache(maxsize=4096)
def _measured(words: tuple[str, ...], rtl: bool, bold: bool, italic: bool,
              size: float) -> tuple[tuple[Piece, ...], float]:
    """A line of shaped words in visual order, as font pieces, and its width."""
    _, get_display = fonts.arabic_tools()
    visual = str(get_display(" ".join(words), base_dir="R" if rtl else "L"))
    pieces = tuple(visual_pieces(visual, bold=bold, italic=italic))
    return pieces, pieces_width(pieces, size)


@dataclass(frozen=True)
class _Segment:
    """A line as the coach typed it (up to Enter), in logical order."""

    words: tuple[str, ...]
    rtl: bool


@dataclass(frozen=True)
class _Line:
    segment: int
    end: int  # index after the segment's last word on this line
    pieces: tuple[Piece, ...]
    width: float
    rtl: bool


def _segments(text: str) -> list[_Segment]:
    out = []
    for raw in text.split("\n"):
        direction = first_strong_rtl(raw)
        out.append(_Segment(tuple(raw.split()), rtl=direction is not False))
    return out


class RtlParagraph(Flowable):
    """A right-to-left paragraph of plain text, wrapped in logical order and drawn from the
    right edge, with the size, leading, colour, indents and spacing of `style`."""

    def __init__(self, text: str, style: ParagraphStyle, bulletText: str | None = None,
                 *, _shaped: list[_Segment] | None = None) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self.bulletText = bulletText
        self._bold = style.fontName in _BOLD_FONTS
        self._italic = style.fontName in _ITALIC_FONTS
        # Words in their contextual forms, still in logical order; split() hands them on.
        self._segs = _shaped if _shaped is not None else [
            _Segment(_shape_words(seg.words) if seg.words else (), seg.rtl)
            for seg in _segments(text)]
        self._laid: tuple[float, list[_Line], list[_Segment]] | None = None

    def __repr__(self) -> str:
        return f"RtlParagraph({self.text[:40]!r})"

    # -- layout ----------------------------------------------------------------------------
    def _measure(self, words: Sequence[str], rtl: bool) -> tuple[tuple[Piece, ...], float]:
        return _measured(tuple(words), rtl, self._bold, self._italic, self.style.fontSize)

    def _word_width(self, shaped: str) -> float:
        return _word_width(shaped, self._bold, self._italic, self.style.fontSize)

    def _break_word(self, shaped: str, width: float) -> list[str]:
        """A word wider than the line (a long address) in pieces that each fit."""
        # One pass over the characters, each measured in the font it prints in: measuring
        # ever shorter prefixes took minutes for a word of a few thousand letters.
        parts: list[str] = []
        start, used = 0, 0.0
        size = self.style.fontSize
        at = 0
        for font, text in visual_pieces(shaped, bold=self._bold, italic=self._italic):
            for ch in text:
                w = pdfmetrics.stringWidth(ch, font, size)
                if used + w > width and at > start:
                    parts.append(shaped[start:at])
                    start, used = at, 0.0
                used += w
                at += 1
        parts.append(shaped[start:])
        return parts

    def _layout(self, avail_width: float) -> tuple[float, list[_Line], list[_Segment]]:
        """The lines for `avail_width`, and the segments as broken for it (a word wider
        than the line becomes several)."""
        if self._laid is not None and abs(self._laid[0] - avail_width) < _FUZZ:
            return self._laid
        style = self.style
        width = max(avail_width - style.leftIndent - style.rightIndent, 1.0)
        space = max(self._word_width(" "),
                    pdfmetrics.stringWidth(" ", fonts.font_for("arabic", bold=self._bold),
                                           style.fontSize))
        lines: list[_Line] = []
        segs: list[_Segment] = []
        for seg in self._segs:
            words: list[str] = []
            for word in seg.words:
                too_wide = self._word_width(word) > width
                words += self._break_word(word, width) if too_wide else [word]
            segs.append(_Segment(tuple(words), seg.rtl))
            number = len(segs) - 1
            if not words:
                lines.append(_Line(number, 0, (), 0.0, seg.rtl))
                continue
            widths = [self._word_width(w) for w in words]
            start = 0
            while start < len(words):
                end, used = start + 1, widths[start]
                while end < len(words) and used + space + widths[end] <= width + _FUZZ:
                    used += space + widths[end]
                    end += 1
                pieces, drawn = self._measure(words[start:end], seg.rtl)
                while drawn > width + _FUZZ and end - start > 1:  # the estimate was short
                    end -= 1
                    pieces, drawn = self._measure(words[start:end], seg.rtl)
                lines.append(_Line(number, end, pieces, drawn, seg.rtl))
                start = end
        self._laid = (avail_width, lines, segs)
        return self._laid

    def _lines(self, avail_width: float) -> list[_Line]:
        return self._layout(avail_width)[1]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        lines = self._lines(availWidth)
        self.width, self.height = availWidth, len(lines) * self.style.leading
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        _, lines, segs = self._layout(availWidth)
        fits = int((availHeight + _FUZZ) / self.style.leading)
        allow_orphans = getattr(self.style, "allowOrphans", 0)
        if fits == 0 or (fits == 1 and not allow_orphans and len(lines) > 1):
            return []
        if fits >= len(lines):
            return [self]
        if not getattr(self.style, "allowWidows", 1) and len(lines) - fits == 1 and fits > 2:
            fits -= 1
        cut = lines[fits - 1]
        seg = segs[cut.segment]
        head = [*segs[:cut.segment], _Segment(seg.words[:cut.end], seg.rtl)]
        rest = segs[cut.segment + 1:]
        if cut.end < len(seg.words):
            rest = [_Segment(seg.words[cut.end:], seg.rtl), *rest]
        first = RtlParagraph(self.text, self.style, self.bulletText, _shaped=head)
        second = RtlParagraph(self.text, self.style, None, _shaped=rest)
        # Greedy breaking makes the same lines from the same words: hand them on rather
        # than measuring them again (a long note is split once per page).
        first._laid = (availWidth, lines[:fits], head)
        dropped = cut.segment + (0 if cut.end < len(seg.words) else 1)
        second._laid = (availWidth, [
            replace(ln, segment=ln.segment - dropped,
                    end=ln.end - cut.end if ln.segment == cut.segment else ln.end)
            for ln in lines[fits:]], rest)
        return [first, second]

    # -- drawing ---------------------------------------------------------------------------
    def draw(self) -> None:
        style, canvas = self.style, self.canv
        lines = self._lines(self.width)
        right = self.width - style.leftIndent  # indents mirror: the start side is the right
        left = style.rightIndent
        y = self.height - style.fontSize
        canvas.saveState()
        canvas.setFillColor(style.textColor)
        if self.bulletText:
            self._draw_bullet(y)
        for line in lines:
            x = right - line.width if line.rtl else left
            for font, text in line.pieces:
                canvas.setFont(font, style.fontSize)
                canvas.drawString(x, y, text)
                x += pdfmetrics.stringWidth(text, font, style.fontSize)
            y -= style.leading
        canvas.restoreState()

    def _draw_bullet(self, y: float) -> None:
        style, canvas = self.style, self.canv
        _, get_display = fonts.arabic_tools()
        size = getattr(style, "bulletFontSize", style.fontSize)
        pieces = visual_pieces(str(get_display(self.bulletText or "", base_dir="R")))
        x = self.width - getattr(style, "bulletIndent", 0) - pieces_width(pieces, size)
        canvas.setFillColor(getattr(style, "bulletColor", None) or style.textColor)
        for font, text in pieces:
            canvas.setFont(font, size)
            canvas.drawString(x, y, text)
            x += pdfmetrics.stringWidth(text, font, size)
        canvas.setFillColor(style.textColor)


def text_flowable(text: str, style: ParagraphStyle, bulletText: str | None = None, *,
                  bold: bool = False) -> Flowable:
    """Plain multi-line user text as one flowable: an `RtlParagraph` when it opens with a
    right-to-left letter (set in `style`'s weight), else the usual Paragraph (escaped, line
    breaks kept, `bold` as asked)."""
    if is_rtl(text):
        return RtlParagraph(text.strip("\n"), style, bulletText)
    markup = "<br/>".join(fonts.para(line, bold=bold) for line in text.strip("\n").split("\n"))
    return Paragraph(markup, style, bulletText=bulletText)
