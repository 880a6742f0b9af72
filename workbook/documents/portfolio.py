"""The portfolio summary: a learner's year of coaching on a few pages, for their annual review.

Cover facts, values ranked with reflections, goals by domain (progress bar, status, SMART
fields, linked values, milestones, the outcome scale with the level reached), the overall goal
score (the GAS T-score, in plain words), a chart of progress over time, the session history
(date, type, status — never notes) and the open action items. It is built only from
`portfolio_data.load_portfolio`, which loads no note text at all.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import sqlite_utils
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from workbook.dates import short_date
from workbook.documents import charts, fonts, keep, layout, printable, rtl
from workbook.documents.layout import Styles, make_styles
from workbook.documents.output import write_file
from workbook.documents.portfolio_data import (
    Portfolio,
    PortfolioValue,
    load_portfolio,
)
from workbook.documents.portfolio_goals import goal_block
from workbook.documents.summary_data import name_with_preferred
from workbook.wording import count

TITLE = "Portfolio summary"
SESSION_STATUS = {"held": "Held", "cancelled": "Cancelled", "no-show": "No-show"}
MODALITY = {"in-person": "In person", "video": "Video", "phone": "Phone", "other": "Other"}


def coachee_heading(p: Portfolio) -> str:
    return name_with_preferred(p.coachee.name, p.coachee.preferred_name)


def _section(title: str, styles: Styles, room: float = 55) -> list[Flowable]:
    """A section heading with at least `room` points under it on its page."""
    return layout.heading_block(fonts.para(title), styles, keep=room)


def _headed(title: str, styles: Styles, table: Table,
            intro: list[Flowable] | None = None) -> list[Flowable]:
    """A listing kept with its heading (and `intro`), never one row alone on a page."""
    heading = layout.heading_paragraph(fonts.para(title), styles)
    return [keep.HeadedTable([heading, *(intro or [])], table)]


def _empty(title: str, sentence: str, styles: Styles) -> list[Flowable]:
    """A section with nothing to list: its heading and one sentence saying so."""
    return [*_section(title, styles, 40), Paragraph(fonts.para(sentence), styles.small)]


def _cover(p: Portfolio, styles: Styles, width: float) -> list[Flowable]:
    c, s = p.coachee, p.settings
    period = (f"{short_date(p.period_start)} – {short_date(p.period_end)}" if p.period_start
              else "")
    facts = [("Level", c.level), ("Program", c.program), ("Cohort", c.cohort),
             ("Coach", s.coach_name), ("Institution", s.institution),
             ("Period covered", period)]
    shown = [(label, value) for label, value in facts if value.strip()]
    cells = [[Paragraph(fonts.para(label), styles.label),
              Paragraph(fonts.para(value), styles.value)] for label, value in shown]
    rows = [cells[i] + (cells[i + 1] if i + 1 < len(cells) else ["", ""])
            for i in range(0, len(cells), 2)]
    story: list[Flowable] = [Paragraph(fonts.para(TITLE), styles.title),
                             Paragraph(fonts.para(coachee_heading(p)), styles.subtitle)]
    if rows:
        table = Table(rows, colWidths=[width * 0.16, width * 0.34] * 2, hAlign="LEFT")
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("BACKGROUND", (0, 0), (-1, -1), layout.TINT),
            ("LEFTPADDING", (0, 0), (-1, -1), 6), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]))
        story.append(table)
    story += [Spacer(1, 6), Paragraph(fonts.para(_at_a_glance(p)), styles.small)]
    return story


def _at_a_glance(p: Portfolio) -> str:
    counts = p.session_counts()
    goals = p.goals
    achieved = sum(g.status == "achieved" for g in goals)
    parts = [count(counts["held"], "session") + " held",
             count(len(goals), "goal") + (f" ({achieved} achieved)" if achieved else ""),
             count(len(p.values), "value")]
    if p.gas.t_score is not None:
        parts.append(f"overall goal score {p.gas.t_score:.0f}")
    return " · ".join(parts)


def _values(values: tuple[PortfolioValue, ...], styles: Styles,
            width: float) -> list[Flowable]:
    if not values:
        return _empty("Values, in order of importance", "No values have been chosen yet.",
                      styles)
    rows = []
    for number, value in enumerate(values, start=1):
        text = [Paragraph(fonts.para(value.name, bold=True), styles.cell_bold)]
        if value.reflection.strip():
            text += printable.cell(value.reflection.strip(), styles.cell, what="reflection")
        rows.append([Paragraph(f"{number}.", styles.cell_bold), text])
    table = keep.Listing(rows, colWidths=[22, width - 22], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4), ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("LINEBELOW", (0, 0), (-1, -2), 0.4, layout.RULE),
    ]))
    return _headed("Values, in order of importance", styles, table)


def _goals(p: Portfolio, styles: Styles, width: float) -> list[Flowable]:
    if not p.domains:
        return _empty("Goals by domain", "No goals have been set yet.", styles)
    # The section's and each domain's heading travel with the head of their first goal.
    page_break, title = _section("Goals by domain", styles, 150)
    story: list[Flowable] = [page_break]
    for d, domain in enumerate(p.domains):
        heading = Paragraph(fonts.para(domain.name), styles.subheading)
        for i, goal in enumerate(domain.goals):
            if i:
                story.append(HRFlowable(width="100%", thickness=0.4, color=layout.RULE,
                                        spaceBefore=2, spaceAfter=6))
            lead = None if i else ([heading] if d else [title, heading])
            story += goal_block(goal, styles, width, p.today, lead=lead)
        story.append(Spacer(1, 4))
    return story


GAS_HEADING = "Overall goal score"
GAS_MEANING = ("50 means the goals were reached as expected, on average; above 50, better "
               "than expected; below 50, not as far as expected.")


def _gas(p: Portfolio, styles: Styles) -> list[Flowable]:
    # Goal Attainment Scaling in a learner's words: the method's name, formula and
    # correlation setting are the coach's business, not the reader's.
    story = _section(GAS_HEADING, styles)
    gas = p.gas
    if gas.t_score is None:
        if gas.goals_with_ladder:
            line = (f"No score yet: {count(gas.goals_with_ladder, 'goal')} with an outcome "
                    "scale, none rated at a review so far.")
        else:
            line = ("No score yet: it needs a goal whose outcome scale describes all five "
                    "levels, from much less to much more than expected.")
        return [*story, Paragraph(fonts.para(line), styles.body)]
    score = Paragraph(fonts.para(
        f"Score {gas.t_score:.0f}: {gas.goals_scored} of "
        f"{count(gas.goals_with_ladder, 'goal')} with an outcome scale rated so far",
        bold=True), styles.body)
    return [*story, score, Paragraph(fonts.para(GAS_MEANING), styles.small)]


def _chart(p: Portfolio, styles: Styles, width: float) -> list[Flowable]:
    title = "Goal progress over time"
    series = [charts.Series(g.title, tuple((pt.checked_on, pt.progress) for pt in g.history))
              for g in p.goals]
    legend = ParagraphStyle("cw-legend", parent=styles.cell, fontSize=8.5, leading=11)
    drawn = charts.progress_chart(series, width, style=legend)
    if not drawn:
        return _empty(title, "No progress has been recorded at a check-in yet.", styles)
    missing = [g.title for g in p.goals if not g.history]
    caption = "Progress (%) recorded at each check-in, one line per goal."
    if missing:
        caption += f" Not drawn (no check-in yet): {'; '.join(missing)}."
    # The heading is inside: a chart moved to the next page takes its heading along.
    heading = _section(title, styles)[1]
    return [KeepTogether([heading, *drawn, Paragraph(fonts.para(caption), styles.small)])]


def _sessions(p: Portfolio, styles: Styles, width: float) -> list[Flowable]:
    today = p.today.isoformat()
    upcoming = [s for s in p.sessions if s.status == "scheduled" and s.scheduled_at >= today]
    past = [s for s in p.sessions if s not in upcoming]
    nxt = ""
    if upcoming:
        kind = f" ({upcoming[0].kind})" if upcoming[0].kind else ""
        nxt = f" Next meeting: {short_date(upcoming[0].scheduled_at)}{kind}."
    if not past:
        return _empty("Session history", "No sessions yet." + nxt, styles)
    counts = p.session_counts()
    summary = [count(counts["held"], "session") + " held"]
    summary += [f"{counts[k]} {k}" for k in ("cancelled", "no-show") if counts[k]]
    intro = Paragraph(fonts.para(", ".join(summary) + "." + nxt), styles.small)
    header = [Paragraph(text, styles.cell_bold) for text in ("Date", "Type", "Format",
                                                              "Status")]
    rows: list[list[Flowable]] = [header]
    for s in past:
        status = SESSION_STATUS.get(s.status, "Not recorded")
        rows.append([Paragraph(short_date(s.scheduled_at), styles.cell),
                     Paragraph(fonts.para(s.kind or "—"), styles.cell),
                     Paragraph(MODALITY.get(s.modality, s.modality), styles.cell),
                     Paragraph(status, styles.cell_bold if s.status != "held"
                               else styles.cell)])
    return _headed("Session history", styles, _table(rows, [0.2, 0.46, 0.16, 0.18], width),
                   [intro])


def _actions(p: Portfolio, styles: Styles, width: float) -> list[Flowable]:
    if not p.open_actions:
        return _empty("Open action items", "No open action items.", styles)
    who = p.coachee.preferred_name.strip() or p.coachee.name
    rows: list[list[Flowable]] = [[Paragraph(t, styles.cell_bold)
                                   for t in ("Action", "Owner", "Due")]]
    for a in p.open_actions:
        due = short_date(a.due_date) if a.due_date else "No date"
        if a.is_overdue(p.today):
            due = f"<b>{due} (overdue)</b>"
        owner = layout.owner_label(a.owner, a.owner_note, coachee=who,
                                   coach=p.settings.coach_name)
        rows.append([printable.cell(a.text.strip(), styles.cell, what="action item"),
                     Paragraph(fonts.para(owner), styles.cell), Paragraph(due, styles.cell)])
    return _headed("Open action items", styles, _table(rows, [0.54, 0.2, 0.26], width))


def _table(rows: list[list[Flowable]], shares: list[float], width: float) -> Table:
    """A listing with a repeated header row and light rules between rows."""
    table = keep.Listing(rows, colWidths=[width * s for s in shares], repeatRows=1,
                         hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("BACKGROUND", (0, 0), (-1, 0), layout.TINT),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, layout.RULE),
        ("TEXTCOLOR", (0, 0), (-1, -1), colors.black),
    ]))
    return table


def portfolio_story(p: Portfolio,
                    tight: layout.Tightness = layout.TIGHTER[0]) -> list[Flowable]:
    styles = make_styles(tight)
    width = layout.content_width(p.settings)
    return [*_cover(p, styles, width), *_values(p.values, styles, width),
            *_goals(p, styles, width), *_gas(p, styles), *_chart(p, styles, width),
            *_sessions(p, styles, width), *_actions(p, styles, width)]


def render_portfolio(p: Portfolio, *, password: str | None = None) -> bytes:
    # A last page holding only the end of a listing is saved by tighter spacing if it can be.
    try:
        return layout.build_pdf_fitted(lambda tight: portfolio_story(p, tight), title=TITLE,
                                       coachee=coachee_heading(p), settings=p.settings,
                                       password=password, printed=p.today,
                                       subject="Coaching portfolio summary")
    finally:
        rtl.forget()


def portfolio_pdf(db: sqlite_utils.Database, coachee_id: int, *, password: str | None = None,
                  today: date | None = None) -> bytes:
    """The portfolio summary of a coachee as PDF bytes (nothing is written to disk)."""
    return render_portfolio(load_portfolio(db, coachee_id, today=today), password=password)


def write_portfolio(db: sqlite_utils.Database, coachee_id: int, path: Path | str, *,
                    password: str | None = None, today: date | None = None) -> Path:
    """Write the portfolio summary to `path` atomically, readable by the owner only."""
    return write_file(path, portfolio_pdf(db, coachee_id, password=password, today=today))

