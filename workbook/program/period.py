"""The period a program report covers: whole quarters, and nothing finer leaves a workbook."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from workbook import dates
from workbook.errors import BadPeriod

MAX_QUARTERS = 20  # five years: longer periods are merged from yearly reports


@dataclass(frozen=True)
class Period:
    start: date  # the first day of the first quarter
    end: date  # the first day after the last quarter

    @property
    def first(self) -> str:
        return dates.quarter_label(self.start)

    @property
    def last(self) -> str:
        return self.quarters()[-1]

    @property
    def label(self) -> str:
        return self.first if self.first == self.last else f"{self.first} to {self.last}"

    def quarters(self) -> list[str]:
        found, day = [], self.start
        while day < self.end:
            found.append(dates.quarter_label(day))
            day = dates.next_quarter(day)
        return found

    def bounds(self) -> tuple[str, str]:
        """The ISO days a stored date or meeting time is compared with: start ≤ x < end."""
        return self.start.isoformat(), self.end.isoformat()


def period(first: str, last: str) -> Period:
    """The period from the month or quarter `first` to the month or quarter `last`, both
    included ("2026-07" to "2027-06", or "2026-Q3" to "2027-Q2")."""
    start, end = dates.read_month(first), dates.month_after(last)
    for text, day, option in ((first, start, "--from"), (last, end, "--to")):
        if day is None:
            raise BadPeriod(f"The period's {option} «{text}» is not a month or a quarter: "
                               "write it as 2026-07 or 2026-Q3.")
    assert start is not None and end is not None
    if start != dates.quarter_start(start):
        raise BadPeriod(
            f"A report covers whole quarters, so that no date finer than a quarter leaves the "
            f"workbook: start it in January, April, July or October, not with «{first}».")
    if end != dates.quarter_start(end):
        raise BadPeriod(
            f"A report covers whole quarters, so that no date finer than a quarter leaves the "
            f"workbook: end it in March, June, September or December, not with «{last}».")
    if end <= start:
        raise BadPeriod(f"The period ends («{last}») before it starts («{first}»).")
    chosen = Period(start, end)
    if len(chosen.quarters()) > MAX_QUARTERS:
        raise BadPeriod(f"A report covers at most {MAX_QUARTERS} quarters (five years); "
                           "write one per year and merge them.")
    return chosen


def from_label(text: str) -> Period:
    """The period a report's "2026-Q3 to 2027-Q2" names (as `Period.label` writes it)."""
    first, _, last = text.partition(" to ")
    return period(first, last or first)
