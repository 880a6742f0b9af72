"""Pictures in the documents, drawn with reportlab.graphics: goal progress over time and a
horizontal progress bar.

The chart itself carries no user text (only dates and percentages), so its built-in font
never meets a glyph it lacks; goal titles go in a legend table under it, as Paragraphs, where
the documents' per-script font fallback applies and long titles wrap.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, Line, Rect
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from workbook import dates
from workbook.documents import fonts, layout

# Okabe–Ito: told apart by most colour-blind readers; markers and dashes tell lines apart
# on a grey-scale printer too.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
           "#8C6D31")
MARKERS = ("FilledCircle", "FilledSquare", "FilledDiamond", "FilledTriangle", "Circle",
           "Square", "Diamond", "Triangle")
DASHES: tuple[tuple[float, ...] | None, ...] = (None, (4, 2), (1, 2), (6, 2, 1, 2))
GRID = colors.HexColor("#DADDE2")
AXIS = layout.MUTED
BAR_TRACK = colors.HexColor("#E3E7EC")
BAR_FILL = layout.ACCENT
_AXIS_FONT_SIZE = 7.5


@dataclass(frozen=True)
class Series:
    """One goal's line: its title and (ISO date, progress %) points in date order."""

    title: str
    points: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class LineStyle:
    color: colors.Color
    marker: str
    dash: tuple[float, ...] | None


def line_style(index: int) -> LineStyle:
    dash = DASHES[(index // len(PALETTE)) % len(DASHES)]
    return LineStyle(colors.HexColor(PALETTE[index % len(PALETTE)]),
                     MARKERS[index % len(MARKERS)], dash)


def _month_ticks(first: int, last: int, most: int = 7) -> tuple[list[int], int]:
    """First-of-month day ordinals within [first, last], every 1, 2, 3, 4, 6, 12 … months,
    so that at most `most` fall inside; and the step chosen (in months)."""
    start, end = date.fromordinal(first), date.fromordinal(last)
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    step = next((s for s in (1, 2, 3, 4, 6, 12, 24, 60) if months / s <= most), 120)
    ticks = []
    index = start.year * 12 + start.month - 1
    index += (-index) % step  # align on January, April … so labels read as round months
    while True:
        tick = date(index // 12, index % 12 + 1, 1).toordinal()
        if tick > last:
            break
        if tick >= first:
            ticks.append(tick)
        index += step
    return ticks, step


def _date_label(step: int) -> Callable[[float], str]:
    def label(value: float) -> str:
        day = date.fromordinal(round(value))
        return str(day.year) if step >= 12 else dates.month_label(day)
    return label


def _span(series: Sequence[Series]) -> tuple[int, int]:
    days = [dates.day_number(d) for s in series for d, _ in s.points]
    first, last = min(days), max(days)
    # A little room either side so end markers are not cut by the axes; a single day gets a
    # month either side so its month is labelled.
    pad = 30 if last - first < 30 else max(7, (last - first) // 30)
    return first - pad, last + pad


def progress_drawing(series: Sequence[Series], width: float, height: float = 170) -> Drawing:
    """Progress (0–100 %) against the check-in date, one line per series with points.

    Series without points are skipped; with no points at all the axes are drawn empty."""
    fonts.register_fonts()
    plotted = [s for s in series if s.points]
    drawing = Drawing(width, height)
    plot = LinePlot()
    left, bottom, right, top = 34, 24, 10, 8
    plot.x, plot.y = left, bottom
    plot.width, plot.height = width - left - right, height - bottom - top
    if plotted:
        first, last = _span(plotted)
        plot.data = [[(dates.day_number(d), max(0, min(100, p)))
                      for d, p in s.points] for s in plotted]
    else:
        today = dates.today().toordinal()
        first, last = today - 180, today
        plot.data = [[(first, -1)]]  # invisible: below the axis, no line, no marker
    ticks, step = _month_ticks(first, last)
    xa = plot.xValueAxis
    xa.valueMin, xa.valueMax = first, last
    xa.valueSteps = ticks
    xa.labelTextFormat = _date_label(step)
    xa.labels.fontName, xa.labels.fontSize = fonts.SANS, _AXIS_FONT_SIZE
    xa.labels.fillColor = AXIS
    xa.strokeColor, xa.tickDown = AXIS, 3
    ya = plot.yValueAxis
    ya.valueMin, ya.valueMax, ya.valueSteps = 0, 100, [0, 25, 50, 75, 100]
    ya.labelTextFormat = "%d%%"
    ya.labels.fontName, ya.labels.fontSize = fonts.SANS, _AXIS_FONT_SIZE
    ya.labels.fillColor = AXIS
    ya.strokeColor, ya.tickLeft = AXIS, 3
    ya.visibleGrid, ya.gridStrokeColor, ya.gridStrokeWidth = True, GRID, 0.5
    ya.gridStart, ya.gridEnd = left, left + plot.width
    ya.skipGrid = "bottom"
    if not plotted:
        plot.lines[0].strokeColor = colors.transparent
        plot.lines[0].symbol = None
    for i in range(len(plotted)):
        style = line_style(i)
        line = plot.lines[i]
        line.strokeColor, line.strokeWidth = style.color, 1.4
        if style.dash:
            line.strokeDashArray = list(style.dash)
        marker = makeMarker(style.marker)
        marker.size = 4.5
        marker.fillColor = marker.strokeColor = style.color
        marker.strokeWidth = 1
        line.symbol = marker
    drawing.add(plot)
    return drawing


def legend_swatch(index: int, width: float = 22, height: float = 9) -> Drawing:
    style = line_style(index)
    swatch = Drawing(width, height)
    line = Line(0, height / 2, width, height / 2, strokeColor=style.color, strokeWidth=1.4)
    if style.dash:
        line.strokeDashArray = list(style.dash)
    swatch.add(line)
    marker = makeMarker(style.marker)
    marker.x, marker.y, marker.size = width / 2, height / 2, 4.5
    marker.fillColor = marker.strokeColor = style.color
    swatch.add(marker)
    return swatch


def progress_chart(series: Sequence[Series], width: float, *, style: ParagraphStyle,
                   height: float = 170) -> list[Flowable]:
    """The chart and its legend (two entries a row; long titles wrap), or [] when no
    series has a point."""
    fonts.register_fonts()
    plotted = [s for s in series if s.points]
    if not plotted:
        return []
    chart = progress_drawing(plotted, width, height)
    per_row = 2 if width > 300 else 1
    swatch_w = 26
    text_w = width / per_row - swatch_w
    cells: list[list[Flowable | str]] = []
    for start in range(0, len(plotted), per_row):
        row: list[Flowable | str] = []
        for i in range(start, start + per_row):
            if i < len(plotted):
                row += [legend_swatch(i), Paragraph(fonts.para(plotted[i].title), style)]
            else:
                row += ["", ""]
        cells.append(row)
    legend = Table(cells, colWidths=[swatch_w, text_w] * per_row, hAlign="LEFT")
    legend.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return [chart, legend]


class ProgressBar(Flowable):
    """A horizontal bar filled to `percent`, with the number printed after it."""

    font_name, font_size = fonts.SANS, 8

    def __init__(self, percent: int | float, *, width: float | None = None,
                 height: float = 8, fill: colors.Color = BAR_FILL) -> None:
        super().__init__()
        self.percent = max(0.0, min(100.0, float(percent)))
        self.bar_width = width
        self.bar_height = height
        self.fill = fill
        self.label = f"{self.percent:.0f}%"
        self._width = width or 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._width = min(self.bar_width or availWidth, availWidth)
        return self._width, max(self.bar_height, self.font_size + 1)

    def draw(self) -> None:
        fonts.register_fonts()
        canvas = self.canv
        label_w = canvas.stringWidth("100%", self.font_name, self.font_size) + 6
        track_w = max(10.0, self._width - label_w)
        h = self.bar_height
        radius = h / 2
        canvas.saveState()
        canvas.setFillColor(BAR_TRACK)
        canvas.roundRect(0, 0, track_w, h, radius, stroke=0, fill=1)
        filled = track_w * self.percent / 100
        if filled > 0:
            canvas.setFillColor(self.fill)
            # Narrower than its rounded ends, a bar is drawn as a plain rectangle.
            if filled >= h:
                canvas.roundRect(0, 0, filled, h, radius, stroke=0, fill=1)
            else:
                canvas.rect(0, 0, filled, h, stroke=0, fill=1)
        canvas.setFillColor(colors.black)
        canvas.setFont(self.font_name, self.font_size)
        canvas.drawString(track_w + 5, (h - self.font_size * 0.72) / 2, self.label)
        canvas.restoreState()


def swatch_box(size: float = 8, *, ticked: bool, color: colors.Color = AXIS) -> Drawing:
    """A small square, ticked or not (a milestone done or still to do)."""
    box = Drawing(size + 1, size + 1)
    box.add(Rect(0.5, 0.5, size, size, strokeColor=color, strokeWidth=0.8,
                 fillColor=colors.white))
    if ticked:
        box.add(Line(2, size * 0.5, size * 0.42, 2, strokeColor=color, strokeWidth=1.2))
        box.add(Line(size * 0.42, 2, size - 1, size - 1, strokeColor=color, strokeWidth=1.2))
    return box
