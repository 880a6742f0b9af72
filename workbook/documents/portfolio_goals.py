"""One goal in the portfolio summary: title and status, progress bar, SMART fields in brief,
linked values, milestones and the outcome scale (the GAS ladder) with the starting level and the
level reached marked."""

from __future__ import annotations

from datetime import date

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from workbook.dates import short_date
from workbook.documents import charts, fonts, layout, printable
from workbook.documents.layout import Styles
from workbook.documents.portfolio_data import PortfolioGoal

GOAL_STATUS = {"draft": "Draft", "active": "Active", "achieved": "Achieved",
               "revised": "Revised", "dropped": "Dropped"}
GAS_MEANING = {-2: "much less than expected", -1: "less than expected", 0: "as expected",
               1: "more than expected", 2: "much more than expected"}
ACHIEVED = colors.HexColor("#2E7D4F")
CLOSED = colors.HexColor("#8A929C")


# The minus sign (U+2212) is not in the embedded Noto Sans; the en dash looks the same there.
MINUS = "–"


def level_sign(level: int) -> str:
    """–2, –1, 0, +1, +2."""
    return f"{MINUS}{-level}" if level < 0 else (f"+{level}" if level > 0 else "0")


def _style(styles: Styles, name: str, **changes: object) -> ParagraphStyle:
    return ParagraphStyle(name, parent=styles.cell, **changes)  # type: ignore[arg-type]


def _plain(rows: list[list[Flowable | str]], widths: list[float],
           extra: list[tuple] | None = None) -> Table:
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6), ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5), *(extra or [])]))
    return table


def _header(goal: PortfolioGoal, styles: Styles, width: float) -> list[Flowable]:
    status = GOAL_STATUS.get(goal.status, goal.status.capitalize())
    facts = f"<b>{status}</b>"
    if goal.target_date:
        facts += f" · target {short_date(goal.target_date)}"
    title = printable.cell(goal.title, styles.cell_bold, what="goal", bold=True)
    right = Paragraph(facts, _style(styles, "cw-goal-facts", alignment=TA_RIGHT,
                                    textColor=layout.MUTED))
    fill = ACHIEVED if goal.status == "achieved" else (
        CLOSED if goal.status in ("dropped", "revised") else charts.BAR_FILL)
    bar = charts.ProgressBar(goal.progress, width=min(width * 0.55, 260), height=7, fill=fill)
    return [_plain([[title, right]], [width * 0.66, width * 0.34]), Spacer(1, 3), bar,
            Spacer(1, 4)]


def _smart(goal: PortfolioGoal, styles: Styles, width: float) -> list[Flowable]:
    label = _style(styles, "cw-smart-label", fontSize=8.5, textColor=layout.MUTED)
    text = _style(styles, "cw-smart-text", fontSize=8.5, leading=11)
    rows: list[list[Flowable | str]] = [
        [Paragraph(name, label), printable.cell(value, text, what="field")]
        for name, value in goal.smart]
    if goal.values:
        rows.append([Paragraph("Values", label),
                     Paragraph(fonts.para(" · ".join(goal.values)), text)])
    return [_plain(rows, [70, width - 70])] if rows else []


def _milestones(goal: PortfolioGoal, styles: Styles, width: float,
                today: date) -> list[Flowable]:
    if not goal.milestones:
        return []
    text = _style(styles, "cw-milestone", fontSize=8.5, leading=11)
    when = _style(styles, "cw-milestone-when", fontSize=8.5, leading=11,
                  textColor=layout.MUTED)
    done = sum(m.done for m in goal.milestones)
    rows: list[list[Flowable | str]] = []
    for m in goal.milestones:
        date_text = (f"done {short_date(m.done_on)}" if m.done
                     else (f"due {short_date(m.due_date)}" if m.due_date else ""))
        if not m.done and m.due_date and m.due_date < today.isoformat():
            date_text = f"<b>{date_text} (overdue)</b>"
        rows.append([charts.swatch_box(ticked=m.done),
                     printable.cell(m.title, text, what="milestone"),
                     Paragraph(date_text, when)])
    heading = Paragraph(f"Milestones ({done} of {len(goal.milestones)} done)",
                        _style(styles, "cw-ms-head", fontSize=8.5, textColor=layout.MUTED))
    table = _plain(rows, [14, width - 14 - 130, 130])
    return [Spacer(1, 3), KeepTogether([heading, table])]


def _ladder(goal: PortfolioGoal, styles: Styles, width: float) -> list[Flowable]:
    if not goal.has_any_ladder:
        return []
    text = _style(styles, "cw-ladder", fontSize=8.5, leading=11)
    level_style = _style(styles, "cw-ladder-level", fontSize=8.5, leading=11)
    mark_style = _style(styles, "cw-ladder-mark", fontSize=8, leading=11,
                        textColor=layout.MUTED)
    head = _style(styles, "cw-ladder-head", fontSize=8, leading=10, textColor=layout.MUTED)
    rows: list[list[Flowable | str]] = [[
        Paragraph("Level", head), Paragraph("What it looks like", head), Paragraph("", head)]]
    extra: list[tuple] = [("LINEBELOW", (0, 0), (-1, 0), 0.4, layout.RULE)]
    for row, (level, words) in enumerate(goal.ladder, start=1):
        marks = []
        attained = goal.gas_attained == level
        if attained:
            on = f" {short_date(goal.gas_attained_on)}" if goal.gas_attained_on else ""
            marks.append(f"<b>Reached{on}</b>")
        if goal.gas_baseline == level:
            marks.append("Starting point")
        cell = fonts.para(words, bold=attained) if words else "—"
        rows.append([
            Paragraph(f"<b>{level_sign(level)}</b>" if attained else level_sign(level),
                      level_style),
            Paragraph(f"<b>{cell}</b>" if attained else cell, text),
            Paragraph("<br/>".join(marks), mark_style)])
        if attained:
            extra.append(("BACKGROUND", (0, row), (-1, row), layout.TINT))
    if goal.gas_attained is None:
        note = "not rated at a review yet."
    else:
        note = (f"reached {level_sign(goal.gas_attained)} "
                f"({GAS_MEANING[goal.gas_attained]}).")
    table = Table(rows, colWidths=[34, width - 34 - 112, 112], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4), ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2), ("BOX", (0, 0), (-1, -1), 0.4, layout.RULE),
        *extra]))
    title = Paragraph(f"Outcome scale — {note}",
                      _style(styles, "cw-ladder-title", fontSize=8.5, textColor=layout.MUTED))
    return [Spacer(1, 4), KeepTogether([title, Spacer(1, 1.5), table])]


def goal_block(goal: PortfolioGoal, styles: Styles, width: float, today: date,
               lead: list[Flowable] | None = None) -> list[Flowable]:
    """The flowables of one goal; its head (after `lead`, e.g. its domain's heading) stays
    together on one page, the rest may flow on."""
    # Explicit, because keepWithNext does not hold a heading to a following KeepTogether.
    head = KeepTogether([*(lead or []), *_header(goal, styles, width),
                         *_smart(goal, styles, width)])
    return [head, *_milestones(goal, styles, width, today), *_ladder(goal, styles, width),
            Spacer(1, 8)]
