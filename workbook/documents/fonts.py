"""Fonts for the PDF documents: registration, per-script fallback and Arabic shaping.

reportlab's built-in fonts cover Latin-1 only, so every document uses fonts shipped in
`resources/fonts/` (licences beside them):

- Noto Sans (regular, bold, italic, bold italic): Latin with Vietnamese and Polish, Greek,
  Cyrillic, punctuation. The family is `SANS` and Paragraph's `<b>`/`<i>` map onto it.
- Noto Sans Arabic (regular, bold): Arabic script, including the presentation forms that
  `arabic-reshaper` produces.
- Droid Sans Fallback, subset to the CJK characters of GB2312, Big5, Shift_JIS and KS X 1001
  plus kana, bopomofo and CJK punctuation: Chinese, Japanese and common Korean. It has no
  bold; bold CJK text prints in the regular weight.

reportlab picks one font per run of text and does no shaping or bidi, so text is split into
runs by script (`runs`), Arabic runs are shaped and put in visual order (`shape_arabic`),
and each non-Latin run is wrapped in `<font name=…>` (`para`). Every piece of user text is
XML-escaped first, so markup typed by a user prints literally.

Use `para(text, bold=…, italic=…)` for Paragraph markup and `draw_text(canvas, …)` /
`text_width(…)` for text drawn straight on a canvas (headers and footers). The Arabic and
CJK fonts are registered lazily, the first time a run needs them.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from workbook import bundled

Script = Literal["latin", "arabic", "cjk"]

SANS = "CWSans"
SANS_BOLD = "CWSans-Bold"
SANS_ITALIC = "CWSans-Italic"
SANS_BOLD_ITALIC = "CWSans-BoldItalic"
ARABIC = "CWArabic"
ARABIC_BOLD = "CWArabic-Bold"
CJK = "CWCJK"

_FILES = {
    SANS: "NotoSans-Regular.ttf",
    SANS_BOLD: "NotoSans-Bold.ttf",
    SANS_ITALIC: "NotoSans-Italic.ttf",
    SANS_BOLD_ITALIC: "NotoSans-BoldItalic.ttf",
    ARABIC: "NotoSansArabic-Regular.ttf",
    ARABIC_BOLD: "NotoSansArabic-Bold.ttf",
    CJK: "DroidSansFallback-CJK.ttf",
}

# Arabic letters, marks, Arabic-Indic digits and the presentation forms.
_ARABIC_RANGES = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x0870, 0x08FF), (0xFB50, 0xFDFF),
                  (0xFE70, 0xFEFF))


def font_dir() -> Path:
    return bundled.folder("fonts")


def font_path(name: str) -> Path:
    """The file behind one of the registered font names (SANS, ARABIC, CJK, …)."""
    return font_dir() / _FILES[name]


@functools.cache
def _register(name: str) -> TTFont:
    font = TTFont(name, str(font_path(name)))
    pdfmetrics.registerFont(font)
    return font


@functools.cache
def register_fonts() -> None:
    """Register the Latin family (idempotent, cheap); Paragraph's <b>/<i> then map onto it."""
    for name in (SANS, SANS_BOLD, SANS_ITALIC, SANS_BOLD_ITALIC):
        _register(name)
    pdfmetrics.registerFontFamily(SANS, normal=SANS, bold=SANS_BOLD, italic=SANS_ITALIC,
                                  boldItalic=SANS_BOLD_ITALIC)


@functools.cache
def _cmap(name: str) -> frozenset[int]:
    return frozenset(_register(name).face.charToGlyph)


def _is_arabic(cp: int) -> bool:
    return any(lo <= cp <= hi for lo, hi in _ARABIC_RANGES)


@functools.cache
def script_of(ch: str) -> Script | None:
    """The script whose font draws `ch`; None for neutral characters (spaces, punctuation
    and digits the Latin font has), which join the run around them."""
    cp = ord(ch)
    if _is_arabic(cp):
        return "arabic"
    if ch.isspace() or (cp < 0x80 and not ch.isalpha()):
        return None
    if cp in _cmap(SANS):
        return "latin"
    if cp in _cmap(CJK):
        return "cjk"
    return "latin"  # nothing has it: the Latin font's empty box, not a crash


def runs(text: str) -> Iterator[tuple[Script, str]]:
    """Split `text` into (script, run) pairs. Neutral characters stay inside an Arabic or
    CJK run when the same script continues after them ("ليلى حداد" is one run, so bidi
    can order its words), and otherwise go to the Latin run."""
    current: Script = "latin"
    buffer: list[str] = []
    pending: list[str] = []  # neutrals after a non-Latin run, not yet placed
    for ch in text:
        script = script_of(ch)
        if script is None:
            (pending if current != "latin" else buffer).append(ch)
            continue
        if script == current:
            if current == "cjk" and any(ord(p) not in _cmap(CJK) for p in pending):
                # The CJK font lacks some neutrals (the space): they print in Latin between
                # two CJK runs ("田中 花子" is three runs, not a box in the middle).
                yield current, "".join(buffer)
                yield "latin", "".join(pending)
                buffer, pending = [ch], []
                continue
            buffer += pending
            pending = []
            buffer.append(ch)
            continue
        if buffer:
            yield current, "".join(buffer)
        if current != "latin" and pending:
            # The neutrals between two scripts belong to neither: print them as Latin.
            if script == "latin":
                buffer = [*pending, ch]
            else:
                yield "latin", "".join(pending)
                buffer = [ch]
        else:
            buffer = [ch]
        pending = []
        current = script
    if buffer:
        yield current, "".join(buffer)
    if pending:
        yield "latin", "".join(pending)


@functools.cache
def arabic_tools() -> tuple[Any, Any]:
    """arabic-reshaper, and python-bidi's pure-Python `get_display`: unlike the package's
    default (Rust) one it mirrors brackets, so "(نعم)" keeps them facing the word."""
    import arabic_reshaper
    from bidi.algorithm import get_display

    return arabic_reshaper.ArabicReshaper(), get_display


def shape_arabic(run: str) -> str:
    """Join Arabic letters into their contextual forms and put the run in visual order."""
    reshaper, get_display = arabic_tools()
    return str(get_display(reshaper.reshape(run)))


def font_for(script: Script, *, bold: bool = False, italic: bool = False) -> str:
    """The registered font name for a run (registering it on first use)."""
    if script == "arabic":
        name = ARABIC_BOLD if bold else ARABIC
    elif script == "cjk":
        name = CJK
    else:
        register_fonts()
        return {(False, False): SANS, (True, False): SANS_BOLD, (False, True): SANS_ITALIC,
                (True, True): SANS_BOLD_ITALIC}[(bold, italic)]
    _register(name)
    return name


def para(text: str, *, bold: bool = False, italic: bool = False) -> str:
    """Paragraph markup for plain user text: escaped, each non-Latin run in its font.

    Latin runs carry no font tag, so they inherit the paragraph's font and any enclosing
    <b>/<i>; `bold`/`italic` say which face an Arabic run should get inside them."""
    register_fonts()
    out = []
    for script, run in runs(text):
        if script == "latin":
            out.append(escape(run))
            continue
        shown = shape_arabic(run) if script == "arabic" else run
        out.append(f'<font name="{font_for(script, bold=bold, italic=italic)}">'
                   f"{escape(shown)}</font>")
    return "".join(out)


def drawn_runs(text: str, *, bold: bool = False) -> list[tuple[str, str]]:
    """(font name, text) pieces for drawing `text` on a canvas, Arabic already shaped."""
    return [(font_for(script, bold=bold), shape_arabic(run) if script == "arabic" else run)
            for script, run in runs(text)]


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    return sum(pdfmetrics.stringWidth(run, font, size)
               for font, run in drawn_runs(text, bold=bold))


def draw_text(canvas: Any, x: float, y: float, text: str, size: float, *, bold: bool = False,
              anchor: Literal["left", "right", "centre"] = "left") -> float:
    """Draw one line of user text at (x, y) with per-script fonts; returns its width."""
    pieces = drawn_runs(text, bold=bold)
    width = sum(pdfmetrics.stringWidth(run, font, size) for font, run in pieces)
    if anchor == "right":
        x -= width
    elif anchor == "centre":
        x -= width / 2
    for font, run in pieces:
        canvas.setFont(font, size)
        canvas.drawString(x, y, run)
        x += pdfmetrics.stringWidth(run, font, size)
    return width


def fit_text(text: str, size: float, max_width: float, *, bold: bool = False) -> str:
    """`text` shortened with an ellipsis to fit `max_width` (for one-line headers)."""
    if text_width(text, size, bold=bold) <= max_width:
        return text
    while text and text_width(text + "…", size, bold=bold) > max_width:
        text = text[:-1]
    return text.rstrip() + "…"
