"""The pictures in the documents: goal progress over time and the progress bar."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pypdf
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.graphics import renderPDF
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import SimpleDocTemplate

from tests.test_documents_portfolio import embedded_faces
from workbook.documents import charts, fonts

LEGEND = ParagraphStyle("legend", fontName=fonts.SANS, fontSize=8, leading=10)


def _pdf_text(story: list) -> tuple[str, bytes]:
    """The text of `story` laid out in a plain document, and the PDF itself."""
    fonts.register_fonts()
    out = io.BytesIO()
    SimpleDocTemplate(out).build(story)
    reader = pypdf.PdfReader(io.BytesIO(out.getvalue()))
    return "\n".join(p.extract_text() for p in reader.pages), out.getvalue()


def _drawing_text(series: list[charts.Series]) -> str:
    drawing = charts.progress_drawing(series, 460)
    reader = pypdf.PdfReader(io.BytesIO(renderPDF.drawToString(drawing)))
    return reader.pages[0].extract_text()


def test_empty_chart_draws_axes_only() -> None:
    text = _drawing_text([])
    assert "0%" in text and "100%" in text
    assert charts.progress_chart([], 460, style=LEGEND) == []
    assert charts.progress_chart([charts.Series("Not checked yet", ())], 460,
                                 style=LEGEND) == []


def test_one_check_in_sits_inside_a_labelled_span() -> None:
    series = [charts.Series("Only one", (("2026-03-15", 40),))]
    text = _drawing_text(series)
    assert "Mar 2026" in text and "Apr 2026" in text
    axis = charts.progress_drawing(series, 460).contents[0].xValueAxis
    day = date(2026, 3, 15).toordinal()
    assert axis.valueMin <= day - 28 and axis.valueMax >= day + 28


def test_many_goals_and_check_ins_draw_and_list_every_title() -> None:
    start = date(2024, 9, 1)
    series = [charts.Series(f"Goal number {i} Nguyễn Thị Hoa", tuple(
        ((start + timedelta(days=30 * m + i)).isoformat(), (i * 13 + m * 9) % 101)
        for m in range(20))) for i in range(11)]
    series.append(charts.Series("No check-in yet", ()))
    story = charts.progress_chart(series, 460, style=LEGEND)
    text, _ = _pdf_text(story)
    for i in range(11):
        assert f"Goal number {i} Nguyễn Thị Hoa" in text
    assert "No check-in yet" not in text  # only lines that exist are in the legend
    assert "2025" in text and "2026" in text  # dates on the axis


def test_legend_wraps_long_and_non_latin_titles() -> None:
    long_title = "Deliver difficult news to standardized patients using SPIKES " * 4
    story = charts.progress_chart([
        charts.Series(long_title.strip(), (("2026-01-05", 10), ("2026-02-05", 30))),
        charts.Series("王小明 — 每天提问", (("2026-01-20", 50),)),
        charts.Series("ليلى حداد", (("2026-01-25", 70),)),
    ], 460, style=LEGEND)
    legend = story[1]
    _, height = legend.wrap(460, 1000)
    assert height > 3 * LEGEND.leading  # the long title took several lines
    text, data = _pdf_text(story)
    assert "王小明" in text
    faces = {pdfmetrics.getFont(name).face.name.decode()
             for name in (fonts.SANS, fonts.CJK, fonts.ARABIC)}
    assert faces <= embedded_faces(data)


def test_progress_values_outside_0_100_stay_on_the_chart() -> None:
    drawing = charts.progress_drawing(
        [charts.Series("Odd", (("2026-01-01", -5), ("2026-01-02", 140)))], 300)
    plot = drawing.contents[0]
    assert [p[1] for p in plot.data[0]] == [0, 100]


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)),
       st.integers(min_value=0, max_value=8000))
def test_month_ticks_are_first_days_inside_the_range(first: date, days: int) -> None:
    last = first + timedelta(days=days)
    ticks, step = charts._month_ticks(first.toordinal(), last.toordinal())
    assert len(ticks) <= 7
    assert all(first.toordinal() <= t <= last.toordinal() for t in ticks)
    assert all(date.fromordinal(t).day == 1 for t in ticks)
    assert ticks == sorted(ticks)
    if days >= 62:
        assert ticks  # a range of two months or more always gets a label
    label = charts._date_label(step)(ticks[0]) if ticks else ""
    assert not ticks or str(date.fromordinal(ticks[0]).year) in label


def test_line_styles_differ_for_many_goals() -> None:
    styles = [charts.line_style(i) for i in range(len(charts.PALETTE) * len(charts.DASHES))]
    assert len({(s.color.hexval(), s.marker, s.dash) for s in styles}) == len(styles)


def test_progress_bar_clamps_and_prints_its_number() -> None:
    bars = [charts.ProgressBar(65), charts.ProgressBar(-3), charts.ProgressBar(250),
            charts.ProgressBar(0), charts.ProgressBar(2, width=120)]
    assert [b.percent for b in bars] == [65, 0, 100, 0, 2]
    assert bars[4].wrap(400, 100)[0] == 120
    assert bars[0].wrap(400, 100)[0] == 400
    text, _ = _pdf_text(bars)
    assert text.split() == ["65%", "0%", "100%", "0%", "2%"]


def test_milestone_box_ticked_or_not() -> None:
    ticked = charts.swatch_box(ticked=True)
    empty = charts.swatch_box(ticked=False)
    assert len(ticked.contents) == 3 and len(empty.contents) == 1
