"""The session summary: the one page a learner takes home at the end of a meeting.

Coachee, coach and institution, when and how the meeting took place, the SHARED notes, the
goals discussed, the action items agreed (with a box to tick), the next meeting; the page
frame adds the confidentiality line, "Page x of y" and the date it was prepared. The content
comes from `summary_data.load_summary`, which never loads a private section.

It is meant to fit one page: when the first layout spills a little onto a second page, the
summary is laid out again with less space between blocks (then slightly closer lines), and
the tighter layout is kept only if it saves the page (`layout.build_pdf_fitted`). Tables keep
their heading and never leave one row alone on a page (`keep`). Very long shared notes print
up to about twenty pages (`printable.NOTES_MAX`); a section cut short says so on the page.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import sqlite_utils
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from workbook import dates
from workbook.documents import fonts, keep, layout, markup, printable, rtl
from workbook.documents.output import write_file
from workbook.documents.summary_data import (
    AgreedAction,
    DiscussedGoal,
    SummaryContent,
    load_summary,
)

TITLE = "Session summary"
_MODALITIES = {"in-person": "In person", "video": "Video call", "phone": "Phone call",
               "other": "Other"}
_SESSION_STATUS = {"cancelled": "Cancelled", "no-show": "Did not take place (no-show)",
                   "scheduled": "Planned"}
_GOAL_STATUS = {"draft": "Draft", "active": "Active", "achieved": "Achieved",
                "revised": "Revised", "dropped": "Set aside"}


class _Box(Flowable):
    """A square to tick by hand; ticked already when the action is done."""

    def __init__(self, size: float = 9, ticked: bool = False) -> None:
        super().__init__()
        self.size, self.ticked = size, ticked

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size + 2

    def draw(self) -> None:
        c = self.canv
        c.setStrokeColor(layout.INK)
        c.setLineWidth(0.8)
        c.rect(0, 1, self.size, self.size, stroke=1, fill=0)
        if self.ticked:
            s = self.size
            c.setLineWidth(1.2)
            c.lines([(s * 0.2, 1 + s * 0.5, s * 0.42, 1 + s * 0.22),
                     (s * 0.42, 1 + s * 0.22, s * 0.85, 1 + s * 0.85)])


class _Progress(Flowable):
    """A slim bar with the percentage beside it."""

    def __init__(self, percent: int, width: float, height: float = 5) -> None:
        super().__init__()
        self.percent = max(0, min(100, percent))
        self.bar_width, self.bar_height = width, height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.bar_width = min(self.bar_width, avail_width - 32)
        return self.bar_width + 32, 12

    def draw(self) -> None:
        c = self.canv
        y = 3.5
        c.setFillColor(layout.TINT)
        c.setStrokeColor(layout.RULE)
        c.setLineWidth(0.4)
        c.rect(0, y, self.bar_width, self.bar_height, stroke=1, fill=1)
        if self.percent:
            c.setFillColor(layout.ACCENT)
            c.rect(0, y, self.bar_width * self.percent / 100, self.bar_height, stroke=0, fill=1)
        c.setFillColor(layout.INK)
        c.setFont(fonts.SANS, 8.5)
        c.drawRightString(self.bar_width + 32, y - 0.5, f"{self.percent}%")


def _p(text: str, style: Any, *, bold: bool = False) -> Flowable:
    # an Arabic-script goal or action item wraps right to left, like the notes
    return rtl.text_flowable(text, style, bold=bold)


def _facts(content: SummaryContent, st: layout.Styles, width: float,
           gap: float = 1.0) -> Table:
    settings = content.settings
    kind = content.template_name.strip() or "Coaching session"
    if content.title.strip():
        kind = f"{kind} — {content.title.strip()}"
    if content.status in _SESSION_STATUS and content.status != "scheduled":
        kind = f"{kind} · {_SESSION_STATUS[content.status]}"
    left = [("When", dates.meeting_when(content.scheduled_at, content.duration_min)),
            ("Session", kind),
            ("Meeting", _MODALITIES.get(content.modality, content.modality))]
    right = [("Coach", settings.coach_name.strip() or "—"),
             ("Institution", settings.institution.strip() or "—"),
             ("Next meeting", dates.meeting_when(content.next_meeting_at) if content.next_meeting_at
              else "Not arranged yet")]
    rows = []
    for i in range(max(len(left), len(right))):
        row: list[Any] = []
        for pairs in (left, right):
            if i < len(pairs):
                label, value = pairs[i]
                row += [_p(label.upper(), st.label), _p(value, st.cell)]
            else:
                row += ["", ""]
        rows.append(row)
    left_label, right_label = 17 * mm, 24 * mm
    left_w = (width - left_label - right_label) * 0.53
    table = Table(rows, colWidths=[left_label, left_w, right_label,
                                   width - left_label - right_label - left_w], hAlign="LEFT")
    table.setStyle(layout.table_style(
        ("BACKGROUND", (0, 0), (-1, -1), layout.TINT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3.5 * gap),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5 * gap),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, 0), 8 * gap),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 8 * gap),
        ("LEFTPADDING", (1, 0), (1, -1), 2),
        ("LEFTPADDING", (3, 0), (3, -1), 2),
    ))
    return table


def _table_rules(gap: float) -> list[tuple[Any, ...]]:
    return [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 4 * max(gap, 0.5)),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5 * max(gap, 0.5)),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, layout.RULE),
        ("LINEBELOW", (0, 1), (-1, -2), 0.3, layout.RULE),
    ]


def _goals(goals: tuple[DiscussedGoal, ...], st: layout.Styles, width: float,
           gap: float = 1.0) -> Table:
    widths = [width * 0.42, width * 0.13, width * 0.2, width * 0.25]
    rows: list[list[Any]] = [[_p(h.upper(), st.label)
                              for h in ("Goal", "Status", "Progress", "Linked values")]]
    for g in goals:
        rows.append([
            [*printable.cell(g.title, st.cell_bold, what="goal", bold=True),
             _p(g.domain, st.label)],
            _p(_GOAL_STATUS.get(g.status, g.status), st.cell),
            _Progress(g.progress, widths[2] - 40),
            _p(", ".join(g.values) or "—", st.cell),
        ])
    table = keep.Listing(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(layout.table_style(*_table_rules(gap)))
    return table


def _owner(action: AgreedAction, content: SummaryContent) -> str:
    return layout.owner_label(action.owner, action.owner_note, coachee=content.display_name,
                              coach=content.settings.coach_name)


def _actions(content: SummaryContent, st: layout.Styles, width: float,
             gap: float = 1.0) -> Table:
    box_w = 16
    widths = [box_w, width * 0.58 - box_w, width * 0.24, width * 0.18]
    rows: list[list[Any]] = [["", _p("ACTION", st.label), _p("WHO", st.label),
                              _p("BY", st.label)]]
    for a in content.actions:
        due: list[Any] = [_p(dates.short_date(a.due_date), st.cell)]
        if a.done_on:
            due.append(_p(f"done {dates.short_date(a.done_on)}", st.label))
        rows.append([_Box(ticked=a.done_on is not None),
                     printable.cell(a.text, st.cell, what="action item"),
                     _p(_owner(a, content), st.cell), due])
    table = keep.Listing(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    # the box sits level with the first line of its row however tight the padding
    box_top = 4 * max(gap, 0.5) + 1
    table.setStyle(layout.table_style(*_table_rules(gap), ("TOPPADDING", (0, 1), (0, -1),
                                                           box_top)))
    return table


def _cut_notice(sentence: str, st: layout.Styles) -> Flowable:
    """Where a long section was cut: set apart from the coach's words, on a tint."""
    style = ParagraphStyle("cw-cut", parent=st.small, backColor=layout.TINT,
                           borderPadding=(3, 5, 3, 5), spaceBefore=5, spaceAfter=6)
    return Paragraph(f"<i>{fonts.para(sentence, italic=True)}</i>", style)


def summary_story(content: SummaryContent,
                  tight: layout.Tightness = layout.TIGHTER[0]) -> list[Flowable]:
    """The flowables of a summary (exposed so a caller can combine several in one file);
    `tight` is one of `layout.TIGHTER`."""
    st = layout.make_styles(tight)
    gap = tight.space
    width = layout.content_width(content.settings)
    story: list[Flowable] = [
        Paragraph(TITLE, st.title),
        _p(content.coachee_label, st.subtitle),
        _facts(content, st, width, gap),
        Spacer(1, 4 * gap),
    ]
    written = [s for s in content.sections if s.body.strip()]
    for section, budget in zip(written, printable.shares([s.body for s in written]),
                               strict=True):
        story += layout.heading_block(fonts.para(section.heading, bold=True), st)
        shown, left_out = printable.cut(section.body, budget)
        story += markup.note_flowables(shown, st)
        if left_out:
            story.append(_cut_notice(printable.notice(left_out, printed=bool(shown.strip())),
                                     st))
    if not written:
        story += [Spacer(1, 8 * gap),
                  _p("No shared notes were written for this session.", st.small)]
    if content.goals:
        story.append(keep.HeadedTable([layout.heading_paragraph("Goals discussed", st)],
                                      _goals(content.goals, st, width, gap)))
    if content.actions:
        story.append(keep.HeadedTable([layout.heading_paragraph("Action items agreed", st)],
                                      _actions(content, st, width, gap)))
    return story


def render_summary(content: SummaryContent, *, password: str | None = None,
                   printed: date | None = None) -> bytes:
    """The summary's PDF, on one page whenever tighter spacing can make it fit."""
    try:
        return layout.build_pdf_fitted(
            lambda tight: summary_story(content, tight), title=TITLE,
            coachee=content.coachee_label, settings=content.settings, password=password,
            printed=printed, subject="Coaching session summary")
    finally:
        rtl.forget()


def session_summary_pdf(db: sqlite_utils.Database, session_id: int, *,
                        password: str | None = None) -> bytes:
    """The summary of one session as PDF bytes (for preview and printing: no file)."""
    return render_summary(load_summary(db, session_id), password=password)


def write_session_summary(db: sqlite_utils.Database, session_id: int, path: Path | str, *,
                          password: str | None = None) -> Path:
    """Write the summary to `path` atomically with mode 0600; returns the path written.

    The file is not encrypted unless `password` is given: say so to the user."""
    return write_file(path, session_summary_pdf(db, session_id, password=password))
