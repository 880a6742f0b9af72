"""The program summary PDF: many coaches' reports merged, as the program director hands it
to the school — headline figures, every table with its small counts suppressed, a chart of
Goal Attainment Scaling levels and one of meetings by quarter.

Every figure says what it counts and what it is evidence of; "s" marks a suppressed count.
The page shows only what `workbook.program.output` publishes: nothing here reads a
workbook, so no name can reach it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table

from workbook.documents import fonts, layout
from workbook.documents.layout import Styles, make_styles
from workbook.program import tables as t
from workbook.program.merge import MIN_SOURCES
from workbook.program.suppress import TOTAL
from workbook.settings import Settings

if TYPE_CHECKING:
    from workbook.program.merge import Merged, PublishedTable
    from workbook.program.output import Headline

TITLE = "Coaching program summary"
FOR = "the coaching program"
SUPPRESSED = "s"
_CHART_FONT = 7.5


def _intro(merged: Merged, threshold: int, styles: Styles) -> list[Flowable]:
    return [
        Paragraph(fonts.para(TITLE), styles.title),
        Paragraph(fonts.para(f"{merged.period.label} · {merged.sources} coaches' reports"),
                  styles.subtitle),
        Paragraph(fonts.para(
            "Counts from the coaches' own workbooks, added up without any name, note or date "
            f"finer than a quarter. A count below {threshold} is suppressed ({SUPPRESSED}), "
            "with enough others that none can be worked out by subtraction, and a table that "
            f"fewer than {MIN_SOURCES} coaches' reports hold counts for is withheld. "
            "Attendance and "
            "follow-through show engagement, not outcomes; goal figures show progress "
            "against each learner's own goals."), styles.small)]


def _grid(rows: list[list[str]], styles: Styles, width: float, *, first_share: float,
          header_rows: int = 1, total_row: bool = False) -> Table:
    columns = len(rows[0])
    rest = (1 - first_share) / max(1, columns - 1)
    cells = [[Paragraph(fonts.para(text, bold=r < header_rows), styles.cell) for text in row]
             for r, row in enumerate(rows)]
    table = Table(cells, colWidths=[width * first_share] + [width * rest] * (columns - 1),
                  repeatRows=header_rows, hAlign="LEFT")
    commands = [("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                ("BACKGROUND", (0, 0), (-1, header_rows - 1), layout.TINT),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, layout.RULE)]
    if total_row:
        commands.append(("LINEABOVE", (0, -1), (-1, -1), 0.8, layout.MUTED))
    table.setStyle(layout.table_style(*commands))
    return table


def _shown(value: int | None) -> str:
    return SUPPRESSED if value is None else f"{value:,}"


def _headlines(items: Sequence[Headline], styles: Styles, width: float) -> list[Flowable]:
    rows = [["Figure", "Value", "Evidence of"]] + [[h.label, h.value, h.measures]
                                                  for h in items]
    return [*layout.heading_block(fonts.para("At a glance"), styles),
            _grid(rows, styles, width, first_share=0.62)]


def _table(item: PublishedTable, styles: Styles, width: float) -> list[Flowable]:
    spec = item.table.spec
    about = (f"Counts {spec.counts}; evidence of {spec.measures}. {spec.note}").strip()
    head = [*layout.heading_block(fonts.para(spec.title), styles, keep=60),
            Paragraph(fonts.para(about), styles.small)]
    if item.shown is None:
        return [*head, Paragraph(fonts.para(
            f"Withheld: fewer than {MIN_SOURCES} coaches' reports hold counts for this table "
            f"({item.contributors})."), styles.body)]
    shown = item.shown.shown
    total = ["total"] if spec.row_totals else []
    rows = [[spec.row_label if not spec.one_row else "", *spec.columns, *total]]
    rows += [["count" if spec.one_row else r, *[_shown(shown[(r, c)]) for c in spec.columns],
              *([_shown(shown[(r, TOTAL)])] if spec.row_totals else [])]
             for r in item.table.rows]
    if spec.column_totals:
        rows.append(["total", *[_shown(shown[(TOTAL, c)]) for c in spec.columns],
                     _shown(shown[(TOTAL, TOTAL)])])
    return [*head, _grid(rows, styles, width, first_share=0.12 if spec.one_row else 0.26,
                         total_row=spec.column_totals)]


def _bars(title: str, labels: Sequence[str], values: Sequence[int | None],
          width: float) -> Drawing:
    """A bar chart of published counts; a suppressed bar is left out and marked "s"."""
    height = 150
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 36, 28, width - 50, height - 48
    chart.data = [[v or 0 for v in values]]
    chart.bars[0].fillColor = layout.ACCENT
    chart.bars[0].strokeColor = None
    chart.categoryAxis.categoryNames = list(labels)
    for axis in (chart.categoryAxis.labels, chart.valueAxis.labels):
        axis.fontName, axis.fontSize = fonts.SANS, _CHART_FONT
    chart.valueAxis.valueMin = 0
    chart.valueAxis.strokeColor = chart.categoryAxis.strokeColor = layout.MUTED
    drawing.add(chart)
    drawing.add(String(0, height - 10, title, fontName=fonts.SANS_BOLD, fontSize=8.5,
                       fillColor=layout.ACCENT))
    step = chart.width / max(1, len(values))
    for n, value in enumerate(values):
        if value is None:
            drawing.add(String(chart.x + step * (n + 0.5), chart.y + 3, SUPPRESSED,
                               fontName=fonts.SANS, fontSize=_CHART_FONT,
                               fillColor=colors.black, textAnchor="middle"))
    return drawing


def _charts(published: Sequence[PublishedTable], width: float) -> list[Flowable]:
    by_key = {item.table.spec.key: item for item in published}
    drawn: list[Flowable] = []
    levels = by_key["gas_levels"]
    if levels.shown is not None:
        drawn.append(_bars("Goals by GAS level attained (0: as expected)", t.GAS_LEVELS,
                           [levels.shown.shown[(t.ALL, c)] for c in t.GAS_LEVELS], width))
    meetings = by_key["attendance"]
    if meetings.shown is not None:
        quarters = meetings.table.rows
        drawn.append(_bars("Meetings held, by quarter", quarters,
                           [meetings.shown.shown[(q, "held")] for q in quarters], width))
    return [KeepTogether(drawn)] if drawn else []


def program_summary_pdf(merged: Merged, published: Sequence[PublishedTable],
                        headlines: Sequence[Headline], threshold: int) -> bytes:
    """The program summary as PDF bytes (A4 or Letter as the system's paper)."""
    settings = Settings()
    styles = make_styles()
    width = layout.content_width(settings)
    story: list[Flowable] = [*_intro(merged, threshold, styles),
                             *_headlines(headlines, styles, width),
                             *_charts(published, width)]
    for item in published:
        story += _table(item, styles, width)
    return layout.build_pdf(story, title=TITLE, coachee=FOR, settings=settings,
                            subject=f"Coaching program summary, {merged.period.label}")
