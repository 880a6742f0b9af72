"""The page every document shares: size, margins, styles, header, footer and encryption.

A document module builds a list of platypus flowables (its *story*) with the styles of
`make_styles()` and the text helpers of `fonts` / `markup`, then calls `build_pdf`, which
lays it out on pages of the coach's chosen size (Letter or A4, from settings; while that is
unset, the paper of the system's locale) and draws on every page:

- header: the document title on the left, the coachee's name on the right, a hairline;
- footer: a hairline, "Confidential — prepared for <coachee> by <coach>" on the left,
  "Prepared <date> · Page x of y" on the right (the day the document was made, which is
  the day it was exported or printed).

"Page x of y" needs the page count before the last page is drawn, so pages are kept until
the document is complete and decorated when it is saved (one layout pass, not two).
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    TableStyle,
)

from workbook import dates
from workbook.documents import fonts, paper
from workbook.documents.protection import encrypt
from workbook.settings import Settings

INK = colors.HexColor("#1F2328")
MUTED = colors.HexColor("#5B6470")
RULE = colors.HexColor("#C9CED6")
ACCENT = colors.HexColor("#2F5D7C")  # a quiet blue-grey for headings and bars
TINT = colors.HexColor("#EEF2F5")

MARGIN_X = 22 * mm
MARGIN_TOP = 21 * mm
MARGIN_BOTTOM = 19 * mm
_HEADER_Y = 11 * mm  # from the top edge: baseline of the header line
_FOOTER_Y = 10 * mm  # from the bottom edge: baseline of the footer line
_SMALL = 7.5



def page_size_name(settings: Settings) -> str:
    """"Letter" or "A4": the coach's setting, or the system's paper while it is unset."""
    return settings.page_size or paper.system_page_size()


def page_size(settings: Settings) -> tuple[float, float]:
    return A4 if page_size_name(settings) == "A4" else LETTER


def owner_label(owner: str, note: str, *, coachee: str, coach: str) -> str:
    """Who does an action item, in both documents' words: "Zoë", "Dr. Ellery (with Hoa)"."""
    who = {"coachee": coachee, "coach": coach.strip() or "Coach",
           "both": "Both of us"}.get(owner)
    note = note.strip()
    if who is None:
        return note or "Other"
    return f"{who} ({note})" if note else who


def confidentiality_line(coachee: str, coach: str) -> str:
    if coach.strip():
        return f"Confidential — prepared for {coachee} by {coach}"
    return f"Confidential — prepared for {coachee}"


@dataclass(frozen=True)
class Styles:
    """Paragraph styles of every document. Body text is 9.5/13.2 Noto Sans (tighter in the
    `TIGHTER` levels a document may use to keep to one page)."""

    title: ParagraphStyle      # the document's title, once, at the top of page 1
    subtitle: ParagraphStyle   # the line under the title (coachee's name)
    heading: ParagraphStyle    # a section heading ("Goals discussed")
    subheading: ParagraphStyle  # a heading inside a section (a note's own "# heading")
    body: ParagraphStyle
    list_item: ParagraphStyle  # body with a hanging bullet; markup sets leftIndent per level
    quote: ParagraphStyle
    label: ParagraphStyle      # small muted caps-like label in fact tables ("Coach")
    value: ParagraphStyle      # the value beside a label
    small: ParagraphStyle      # muted small print (e.g. "No shared notes")
    cell: ParagraphStyle       # table cells
    cell_bold: ParagraphStyle


@dataclass(frozen=True)
class Tightness:
    """How much a document gives up to stay on fewer pages: `space` scales the gaps between
    blocks (and table padding), `leading` is taken off every line's height in points."""

    space: float = 1.0
    leading: float = 0.0


# In order: first the gaps shrink, then the lines come a little closer. The type size never
# changes, so a learner reads the same text whichever level was needed.
TIGHTER = (Tightness(), Tightness(space=0.55), Tightness(space=0.4, leading=0.8))


@functools.cache
def make_styles(tight: Tightness = TIGHTER[0]) -> Styles:
    fonts.register_fonts()
    gap, less = tight.space, tight.leading
    base = ParagraphStyle("cw-body", fontName=fonts.SANS, fontSize=9.5, leading=13.2 - less,
                          textColor=INK, alignment=TA_LEFT, spaceAfter=4 * gap)
    return Styles(
        title=ParagraphStyle("cw-title", parent=base, fontName=fonts.SANS_BOLD, fontSize=17,
                             leading=21 - less, spaceAfter=1, textColor=INK),
        subtitle=ParagraphStyle("cw-subtitle", parent=base, fontSize=11, leading=14 - less,
                                textColor=MUTED, spaceAfter=8 * gap),
        heading=ParagraphStyle("cw-heading", parent=base, fontName=fonts.SANS_BOLD,
                               fontSize=10, leading=13 - less, textColor=ACCENT,
                               spaceBefore=9 * gap, spaceAfter=3 * gap, keepWithNext=True),
        subheading=ParagraphStyle("cw-subheading", parent=base, fontName=fonts.SANS_BOLD,
                                  spaceBefore=4 * gap, spaceAfter=2 * gap, keepWithNext=True),
        body=base,
        list_item=ParagraphStyle("cw-list", parent=base, spaceAfter=2 * gap,
                                 bulletFontName=fonts.SANS, bulletFontSize=9.5),
        quote=ParagraphStyle("cw-quote", parent=base, leftIndent=12, textColor=MUTED),
        label=ParagraphStyle("cw-label", parent=base, fontSize=7.5, leading=10 - less / 2,
                             textColor=MUTED, spaceAfter=0),
        value=ParagraphStyle("cw-value", parent=base, spaceAfter=0),
        small=ParagraphStyle("cw-small", parent=base, fontSize=9, leading=12 - less,
                             textColor=MUTED),
        cell=ParagraphStyle("cw-cell", parent=base, fontSize=9, leading=12 - less, spaceAfter=0),
        cell_bold=ParagraphStyle("cw-cell-bold", parent=base, fontName=fonts.SANS_BOLD,
                                 fontSize=9, leading=12 - less, spaceAfter=0),
    )


@functools.cache
def _flowing_heading(styles: Styles) -> ParagraphStyle:
    return ParagraphStyle("cw-heading-flowing", parent=styles.heading, keepWithNext=False)


def heading_paragraph(markup: str, styles: Styles) -> Paragraph:
    """A section heading for a `keep.HeadedTable`, which does the keeping itself."""
    return Paragraph(markup, _flowing_heading(styles))


def heading_block(markup: str, styles: Styles, *, keep: float = 30) -> list[Flowable]:
    """A section heading that never ends a page and never leaves a gap.

    `styles.heading` keeps with the next flowable, which moves a long note or table whole
    to the next page when it does not fit below the heading. This instead starts a new page
    only when less than `keep` points (about two lines of text, or a table's header and
    first row) would remain below the heading, and otherwise lets what follows split."""
    style = _flowing_heading(styles)
    return [CondPageBreak(style.spaceBefore + style.leading + keep), Paragraph(markup, style)]


def table_style(*commands: tuple[Any, ...]) -> TableStyle:
    """A TableStyle whose own font is Noto Sans: reportlab's default (Helvetica) would
    otherwise be named, unembedded, on every page that has a table, even with Paragraph
    cells."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.SANS), *commands])


def content_width(settings: Settings) -> float:
    """The width a flowable may use (page width less both margins)."""
    return page_size(settings)[0] - 2 * MARGIN_X


@dataclass(frozen=True)
class PageFrame:
    """What the header and footer show on every page."""

    title: str
    coachee: str
    confidentiality: str
    prepared: str


def _decorate(canvas: Canvas, frame: PageFrame, page: int, pages: int) -> None:
    width, height = canvas._pagesize
    left, right = MARGIN_X, width - MARGIN_X
    canvas.saveState()
    canvas.setFillColor(MUTED)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    top = height - _HEADER_Y
    half = (right - left) / 2 - 6
    fonts.draw_text(canvas, left, top, fonts.fit_text(frame.title, _SMALL + 0.5, half),
                    _SMALL + 0.5)
    fonts.draw_text(canvas, right, top, fonts.fit_text(frame.coachee, _SMALL + 0.5, half),
                    _SMALL + 0.5, anchor="right")
    canvas.line(left, top - 4, right, top - 4)
    canvas.line(left, _FOOTER_Y + 9, right, _FOOTER_Y + 9)
    stamp = f"Prepared {frame.prepared} · Page {page} of {pages}"
    used = fonts.draw_text(canvas, right, _FOOTER_Y, stamp, _SMALL, anchor="right")
    fonts.draw_text(canvas, left, _FOOTER_Y,
                    fonts.fit_text(frame.confidentiality, _SMALL, right - left - used - 12),
                    _SMALL)
    canvas.restoreState()


class _DecoratedCanvas(Canvas):
    """Keeps every page until the end so each can say "Page x of y"."""

    def __init__(self, *args: Any, decorate: Callable[[Canvas, int, int], None],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._decorate_page = decorate
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._decorate_page(self, number, total)
            super().showPage()
        super().save()


def protected(pdf: bytes, password: str | None) -> bytes:
    """`pdf` as the learner gets it: AES-256 with `password` (see `protection`), or as it is
    when there is none. Done once, on the layout that is kept."""
    return encrypt(pdf, password) if password else pdf


def build_pdf(story: Sequence[Flowable], *, title: str, coachee: str, settings: Settings,
              password: str | None = None, printed: date | None = None,
              subject: str = "") -> bytes:
    """Lay out `story` on decorated pages and return the PDF bytes (nothing touches disk).

    `title` heads every page and names the PDF; `coachee` is the name shown in the header
    and in the confidentiality line, with the coach's name from `settings`. An empty or
    None `password` leaves the file unencrypted. `printed` is the day shown as "Prepared"
    (today when None)."""
    return protected(build_pdf_paged(story, title=title, coachee=coachee, settings=settings,
                                     printed=printed, subject=subject).data, password)


@dataclass(frozen=True)
class Built:
    data: bytes
    pages: int
    last_page_used: float  # the share of the last page's body that holds something


SPILL = 0.3  # a last page used less than this is "a little overflow", worth tightening for


def build_pdf_fitted(make_story: Callable[[Tightness], Sequence[Flowable]], *,
                     accept: Callable[[Built, Built], bool] | None = None,
                     **page: Any) -> bytes:
    """`build_pdf` of `make_story(tightness)`, with less space before another page.

    Laid out as usual first; when that spills a little onto a last page, laid out again at
    each of the `TIGHTER` levels in turn, and the first that `accept(usual, tighter)`
    (default: fewer pages) is kept. `page` holds `build_pdf`'s keywords."""
    password = page.pop("password", None)
    usual = build_pdf_paged(make_story(TIGHTER[0]), **page)
    if usual.pages == 1 or usual.last_page_used > SPILL:
        return protected(usual.data, password)
    for tight in TIGHTER[1:]:
        tighter = build_pdf_paged(make_story(tight), **page)
        if accept(usual, tighter) if accept else tighter.pages < usual.pages:
            return protected(tighter.data, password)
    return protected(usual.data, password)


def build_pdf_paged(story: Sequence[Flowable], *, title: str, coachee: str,
                    settings: Settings, printed: date | None = None,
                    subject: str = "") -> Built:
    """`build_pdf`, unencrypted, with the number of pages and how full the last one is."""
    fonts.register_fonts()
    frame = PageFrame(title=title, coachee=coachee,
                      confidentiality=confidentiality_line(coachee, settings.coach_name),
                      prepared=dates.long_date(printed or dates.today()))
    buffer = io.BytesIO()
    size = page_size(settings)
    doc = BaseDocTemplate(
        buffer, pagesize=size, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=f"{title} — {coachee}",
        author=settings.coach_name, subject=subject, creator="Coach Workbook",
        initialFontName=fonts.SANS)
    # No frame padding: text lines up with the header and footer rules.
    body = Frame(MARGIN_X, MARGIN_BOTTOM, size[0] - 2 * MARGIN_X,
                 size[1] - MARGIN_TOP - MARGIN_BOTTOM, leftPadding=0, rightPadding=0,
                 topPadding=0, bottomPadding=0, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[body])])

    counted = [0]

    def decorate(canvas: Canvas, page: int, pages: int) -> None:
        counted[0] = pages
        _decorate(canvas, frame, page, pages)

    doc.build(list(story), canvasmaker=functools.partial(_DecoratedCanvas, decorate=decorate))
    used = (body._y1 + body._height - body._y) / body._height
    return Built(buffer.getvalue(), counted[0], max(0.0, min(1.0, used)))
