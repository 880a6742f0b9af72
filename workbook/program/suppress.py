"""Small-cell suppression for what is published from program reports.

A count of learners (or sessions, or goals) smaller than the threshold could point at one
person, so a published table shows it as suppressed; zero is shown as zero (nobody is in
it). A suppressed cell must not come back by subtraction: every line of the table that has
a published sum — a row with its row total, a column with its column total, the totals with
the grand total — holds either no suppressed entry or at least two, so no line can be
solved for one unknown, and no chain of such solutions can start. Where a line would hold
exactly one, its smallest other non-zero entry is suppressed as well (complementary
suppression), and so on until every line holds none or two or more.

This protects against subtraction, the attack a reader with a spreadsheet can make; it
does not claim to protect against a linear-programming attack that narrows a suppressed
cell to a range.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

TOTAL = "total"
Key = tuple[str, str]  # (row, column); TOTAL in either place is a margin

# The smallest count a report for the program office shows, unless the program sets its
# own; a report published beyond the office (a website, a slide for the school) uses 11,
# the threshold many health-data publishers use.
OFFICE_THRESHOLD = 5
PUBLISHED_THRESHOLD = 11


@dataclass(frozen=True)
class Suppressed:
    """A table as published: each entry's count, or None where it is suppressed."""

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    shown: Mapping[Key, int | None]  # cells and the margins that are published
    threshold: int

    def count(self, row: str, column: str) -> int | None:
        return self.shown[(row, column)]

    @property
    def hidden(self) -> frozenset[Key]:
        return frozenset(key for key, value in self.shown.items() if value is None)


def with_margins(rows: Sequence[str], columns: Sequence[str], cells: Mapping[Key, int], *,
                 row_totals: bool = True, column_totals: bool = True) -> dict[Key, int]:
    """The cells, their row and column totals and the grand total, as one mapping."""
    table = {(r, c): int(cells.get((r, c), 0)) for r in rows for c in columns}
    if row_totals:
        for r in rows:
            table[(r, TOTAL)] = sum(table[(r, c)] for c in columns)
    if column_totals:
        for c in columns:
            table[(TOTAL, c)] = sum(table[(r, c)] for r in rows)
    if row_totals or column_totals:
        table[(TOTAL, TOTAL)] = sum(table[(r, c)] for r in rows for c in columns)
    return table


def lines(rows: Sequence[str], columns: Sequence[str],
          table: Mapping[Key, int]) -> list[list[Key]]:
    """Every set of entries whose sum is published: the entries of one line sum to zero
    with the line's total taken negatively, so knowing all but one gives the last."""
    found: list[list[Key]] = []
    has_row_totals = any((r, TOTAL) in table for r in rows)
    has_column_totals = any((TOTAL, c) in table for c in columns)
    if has_row_totals:
        found += [[(r, c) for c in (*columns, TOTAL)] for r in rows]
        if has_column_totals:
            found.append([(TOTAL, c) for c in (*columns, TOTAL)])
        else:
            found.append([(r, TOTAL) for r in rows] + [(TOTAL, TOTAL)])
    if has_column_totals:
        found += [[(r, c) for r in (*rows, TOTAL)] for c in columns]
        if has_row_totals:
            found.append([(r, TOTAL) for r in (*rows, TOTAL)])
        else:
            found.append([(TOTAL, c) for c in columns] + [(TOTAL, TOTAL)])
    return found


def suppress(rows: Sequence[str], columns: Sequence[str], cells: Mapping[Key, int],
             threshold: int, *, row_totals: bool = True,
             column_totals: bool = True) -> Suppressed:
    """The table with its margins, each count below `threshold` (but not zero) suppressed,
    and enough others with it that none can be recovered by subtraction."""
    if threshold < 1:
        raise ValueError("The suppression threshold is a count of at least 1.")
    table = with_margins(rows, columns, cells, row_totals=row_totals,
                         column_totals=column_totals)
    hidden = {key for key, value in table.items() if 0 < value < threshold}
    order = {key: n for n, key in enumerate(table)}
    constraints = lines(rows, columns, table)
    changed = True
    while changed:
        changed = False
        for line in constraints:
            if sum(key in hidden for key in line) != 1:
                continue
            # the smallest other non-zero entry: the least information given up
            partner = min((key for key in line if key not in hidden and table[key] > 0),
                          key=lambda key: (table[key], order[key]), default=None)
            if partner is not None:
                hidden.add(partner)
                changed = True
    return Suppressed(tuple(rows), tuple(columns),
                      {key: None if key in hidden else value for key, value in table.items()},
                      threshold)


def share(part: int | None, whole: int | None, threshold: int) -> float | None:
    """`part` of `whole` as a percentage, shown only when both the part and the rest are at
    least `threshold` (a share of 100 % or 0 % of a small group says as much as a count)."""
    if part is None or whole is None or whole <= 0:
        return None
    if part < threshold or whole - part < threshold:
        return None
    return 100.0 * part / whole


def recoverable(rows: Sequence[str], columns: Sequence[str],
                published: Mapping[Key, int | None],
                lines_of: Iterable[Sequence[Key]] | None = None) -> dict[Key, int]:
    """What a reader can work out by subtraction alone: repeatedly take a line (row, column
    or totals) with exactly one unknown entry and solve it. Returns the entries found that
    way (empty when suppression held). The check the tests attack every table with."""
    known = {key: value for key, value in published.items() if value is not None}
    table = {key: 0 for key in published}
    constraints = [list(line) for line in (lines_of if lines_of is not None
                                           else lines(rows, columns, table))]
    solved: dict[Key, int] = {}
    progress = True
    while progress:
        progress = False
        for line in constraints:
            unknown = [key for key in line if key not in known]
            if len(unknown) != 1:
                continue
            (missing,) = unknown
            # the last entry of a line is its total: cells sum to it
            total_key = line[-1]
            cells_sum = sum(known[key] for key in line[:-1] if key != missing)
            value = (known[total_key] - cells_sum) if missing != total_key else cells_sum
            known[missing] = solved[missing] = value
            progress = True
    return solved
