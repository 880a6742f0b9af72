"""The tables of a program report: what each counts, what it measures, and its fixed shape.

Every table crosses at most two coarse dimensions, and says in words what its cells count
(learners, held sessions, goals…) and what the count is evidence of (reach, engagement,
goal progress, well-being), so that a reader cannot take attendance for an outcome. The
shapes are fixed here, so every coach's report has the same rows and columns and reports
can be added cell by cell.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from workbook.program.suppress import TOTAL, Key, Suppressed

GROUPS = ("pre-clinical", "clinical", "resident", "fellow", "other or not recorded")
DOSE_BINS = ("0", "1", "2", "3", "4–5", "6+")
SESSION_STATUSES = ("held", "scheduled", "cancelled", "no-show")
GOAL_STATUSES = ("active", "achieved", "revised", "dropped")  # drafts are left out
GAS_LEVELS = ("-2", "-1", "0", "+1", "+2")  # ASCII: every font has the hyphen-minus
T_BANDS = ("below 40", "40 to under 50", "50 to under 60", "60 or more")
GAS_CHANGES = ("lower than at baseline", "same as at baseline", "1 level higher",
               "2 levels higher", "3 or more levels higher")
FOLLOW_UP = ("done by the next meeting", "done after the next meeting",
             "not done by the next meeting", "no next meeting yet")
MILESTONES = ("completed in the period", "not completed")
WHO5_ROWS = ("first score", "last score")
WHO5_BANDS = ("28 or less", "29 to 50", "over 50")
ALL = "all"  # the one row of a one-row table

GAS_CAUTION = (
    "Goal Attainment Scaling measures each learner's progress against the levels set with "
    "them for their own goals. It must not be used to rank or compare coaches or learners.")


@dataclass(frozen=True)
class Spec:
    key: str
    title: str
    measures: str  # reach, engagement, goal progress, well-being
    counts: str  # what one cell counts
    row_label: str  # "" for a one-row table
    column_label: str
    rows: tuple[str, ...]  # () for the quarters of the period
    columns: tuple[str, ...]
    note: str = ""
    totals: bool = True
    column_sums: bool = True  # False where a column's sum means nothing (see "wellbeing")

    @property
    def one_row(self) -> bool:
        return self.rows == (ALL,)

    @property
    def row_totals(self) -> bool:
        return self.totals

    @property
    def column_totals(self) -> bool:
        return self.totals and self.column_sums and not self.one_row


SPECS = (
    Spec("dose", "Learners coached, by learner group and held meetings", "reach and dose",
         "learners", "learner group", "held meetings in the period", GROUPS, DOSE_BINS,
         "Learners with at least one meeting in the period (held, scheduled, cancelled or "
         "missed), by how many were held."),
    Spec("attendance", "Meetings by quarter and what became of them", "engagement",
         "sessions", "quarter", "status", (), SESSION_STATUSES,
         "Every meeting scheduled in the period; \"scheduled\" ones have no outcome recorded."),
    Spec("goals", "Goals by domain and status", "goal progress", "goals", "domain", "status",
         (), GOAL_STATUSES,
         "Goals of the learners counted under reach, set before the period ended; drafts are "
         "left out. A coach's own domains are counted as \"other\"."),
    Spec("milestones", "Milestones of those goals", "goal progress", "milestones", "",
         "milestone", (ALL,), MILESTONES),
    Spec("follow_up", "Action items agreed in held meetings, and their follow-through",
         "engagement", "action items", "", "follow-through", (ALL,), FOLLOW_UP),
    Spec("gas_levels", "Goals by the Goal Attainment Scaling level attained",
         "goal progress", "goals", "", "level attained (expected level: 0)", (ALL,),
         GAS_LEVELS, GAS_CAUTION),
    Spec("gas_t", "Learners by GAS T-score band (50: goals met as expected)",
         "goal progress", "learners", "", "T-score", (ALL,), T_BANDS,
         "A learner's T-score over their goals with a level attained in the period."),
    Spec("gas_change", "Goals by change from their baseline level", "goal progress", "goals",
         "", "level attained compared with baseline", (ALL,), GAS_CHANGES,
         "Goals whose level at the start (baseline) was recorded."),
    Spec("wellbeing", "Learners by WHO-5 well-being score, first and last in the period",
         "well-being", "learners", "score", "WHO-5 score (0 to 100)", WHO5_ROWS, WHO5_BANDS,
         "Learners with two or more WHO-5 scores recorded in the period. A score of 50 or "
         "less suggests low well-being: a prompt to talk, never a diagnosis.",
         # Both rows count the same learners, so each row's total is the same number and is
         # published with both (a reader would know it anyway); a column's sum adds first
         # and last scores, which means nothing.
         column_sums=False),
)
SPEC = {spec.key: spec for spec in SPECS}


@dataclass(frozen=True)
class Table:
    spec: Spec
    rows: tuple[str, ...]
    cells: Mapping[Key, int] = field(default_factory=dict)

    @property
    def columns(self) -> tuple[str, ...]:
        return self.spec.columns

    def count(self, row: str, column: str) -> int:
        return int(self.cells.get((row, column), 0))

    def matrix(self) -> list[list[int]]:
        return [[self.count(r, c) for c in self.columns] for r in self.rows]

    def total(self) -> int:
        return sum(self.count(r, c) for r in self.rows for c in self.columns)


def made(key: str, rows: tuple[str, ...], cells: Mapping[Key, int]) -> Table:
    """The table of the spec named `key`, with these rows and counts."""
    return Table(SPEC[key], rows, cells)


def table_from_matrix(spec: Spec, rows: tuple[str, ...], matrix: list[list[int]]) -> Table:
    return Table(spec, rows, {(r, c): value for r, line in zip(rows, matrix, strict=True)
                              for c, value in zip(spec.columns, line, strict=True)})


def published_fields(spec: Spec, rows: tuple[str, ...],
                     shown: Mapping[Key, int | None]) -> dict[str, Any]:
    """A published table's counts as its JSON fields: `cells`, and the totals it has."""
    return {
        "cells": [[shown[(r, c)] for c in spec.columns] for r in rows],
        "row_totals": [shown[(r, TOTAL)] for r in rows] if spec.row_totals else None,
        "column_totals": [shown[(TOTAL, c)] for c in spec.columns]
        if spec.column_totals else None,
        "total": shown[(TOTAL, TOTAL)] if spec.totals else None}


def csv_text(spec: Spec, published: Suppressed | Table) -> str:
    """One table as CSV for a BI tool: a row per cell, its count, or "suppressed"."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([spec.row_label or "row", spec.column_label, spec.counts, "measures"])
    if isinstance(published, Suppressed):
        entries = [(r, c, published.shown[(r, c)])
                   for r in (*published.rows, TOTAL) for c in (*published.columns, TOTAL)
                   if (r, c) in published.shown]
    else:
        entries = [(r, c, published.count(r, c)) for r in published.rows
                   for c in published.columns]
    for row, column, value in entries:
        writer.writerow([row, column, "suppressed" if value is None else value, spec.measures])
    return out.getvalue()
