"""Small-cell suppression for what is published from program reports.

A count of learners (or sessions, or goals) smaller than the threshold could point at one
person, so a published table shows it as suppressed; zero is shown as zero (nobody is in
it). A suppressed cell must not come back by adding and subtracting what is published: every
line of the table that has a published sum — a row with its row total, a column with its
column total, the totals with the grand total — is an equation, and no suppressed entry may
be fixed by those equations, one at a time or combined (two rows' totals less their shown
cells, say). Where a line would hold exactly one suppressed entry, its smallest other
non-zero entry is suppressed as well (complementary suppression); then, while exact algebra
over all the lines together still pins a suppressed entry, the smallest non-zero entry
sharing a line with it is suppressed too.

This protects against any exact solution by addition and subtraction; it does not claim to
protect against a linear-programming attack that narrows a suppressed cell to a range.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

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


Weighted = tuple[Mapping[Key, int], int]  # Σ weight·entry = value, known to every reader


def suppress(rows: Sequence[str], columns: Sequence[str], cells: Mapping[Key, int],
             threshold: int, *, row_totals: bool = True, column_totals: bool = True,
             weighted: Sequence[Weighted] = (), also_hidden: Iterable[Key] = ()) -> Suppressed:
    """The table with its margins, each count below `threshold` (but not zero) suppressed,
    and enough others with it that none can be recovered by subtraction — also with
    `weighted`, equations a reader knows from elsewhere (another published table).
    `also_hidden` entries are suppressed whatever their count (one that another table would
    give away), with complementary suppression as for any other."""
    if threshold < 1:
        raise ValueError("The suppression threshold is a count of at least 1.")
    table = with_margins(rows, columns, cells, row_totals=row_totals,
                         column_totals=column_totals)
    forced = set(also_hidden)
    hidden = {key for key, value in table.items()
              if 0 < value < threshold or (key in forced and value > 0)}
    order = {key: n for n, key in enumerate(table)}
    constraints = lines(rows, columns, table)

    def smallest(keys: Iterable[Key]) -> Key | None:
        # the smallest non-zero entry not yet hidden: the least information given up
        return min((key for key in keys if key not in hidden and table[key] > 0),
                   key=lambda key: (table[key], order[key]), default=None)

    changed = True
    while changed:
        changed = False
        for line in constraints:
            if sum(key in hidden for key in line) == 1 and (partner := smallest(line)):
                hidden.add(partner)
                changed = True
        if changed:
            continue
        pinned = sorted(_solved(_shown(table, hidden), constraints, weighted),
                        key=order.__getitem__)
        partner = _unpinning(table, hidden, constraints, pinned[0], order, weighted) \
            if pinned else None
        if partner is not None:  # None: every count is hidden already; nothing more to do
            hidden.add(partner)
            changed = True
    return Suppressed(tuple(rows), tuple(columns),
                      {key: None if key in hidden else value for key, value in table.items()},
                      threshold)


def _shown(table: Mapping[Key, int], hidden: set[Key]) -> dict[Key, int | None]:
    return {key: None if key in hidden else value for key, value in table.items()}


def _unpinning(table: Mapping[Key, int], hidden: set[Key], constraints: list[list[Key]],
               key: Key, order: Mapping[Key, int], weighted: Sequence[Weighted] = ()
               ) -> Key | None:
    """The entry to hide so that `key`, fixed by the lines combined, no longer is: the
    smallest that does it alone, else the smallest (and the search goes on)."""
    candidates = sorted((k for k in table if k not in hidden and table[k] > 0),
                        key=lambda k: (table[k], order[k]))
    for candidate in candidates:
        if key not in _solved(_shown(table, hidden | {candidate}), constraints, weighted):
            return candidate
    return candidates[0] if candidates else None


def share(part: int | None, whole: int | None, threshold: int) -> float | None:
    """`part` of `whole` as a percentage, shown only when both the part and the rest are at
    least `threshold` (a share of 100 % or 0 % of a small group says as much as a count)."""
    if part is None or whole is None or whole <= 0:
        return None
    if part < threshold or whole - part < threshold:
        return None
    return 100.0 * part / whole


def _solved(published: Mapping[Key, int | None], constraints: Iterable[Sequence[Key]],
            weighted: Sequence[Weighted] = ()) -> dict[Key, int]:
    """The hidden entries the published equations fix exactly, with their values: each
    line's entries sum to its last (its total), and each `weighted` equation holds. By
    Gauss–Jordan elimination over the rationals an entry is fixed when a row of the reduced
    system holds it alone. A reader also knows that a suppressed count is at least 1 (a
    zero is shown): when an equation, given or reduced, says that m hidden counts with the
    same coefficient sum to m, each of them is 1."""
    hidden = sorted({key for key, value in published.items() if value is None},
                    key=lambda key: list(published).index(key))
    column = {key: n for n, key in enumerate(hidden)}
    constraints = [list(line) for line in constraints]
    equations: list[dict[Key, int]] = []
    for line in constraints:
        *cells, total = line
        equations.append({**{key: 1 for key in cells}, total: -1})
    equations += [dict(weights) for weights, _value in weighted]
    values = [0] * len(constraints) + [value for _weights, value in weighted]
    system: list[list[Fraction]] = []
    for terms, value in zip(equations, values, strict=True):
        coefficients = [Fraction(0)] * (len(hidden) + 1)
        coefficients[-1] = Fraction(value)
        for key, weight in terms.items():
            known = published[key]
            if known is None:
                coefficients[column[key]] += weight
            else:
                coefficients[-1] -= weight * known  # moved to the right-hand side
        if any(coefficients[:-1]):
            system.append(coefficients)
    given = [list(row) for row in system]
    pivot_row = 0
    for col in range(len(hidden)):
        found = next((r for r in range(pivot_row, len(system)) if system[r][col]), None)
        if found is None:
            continue
        system[pivot_row], system[found] = system[found], system[pivot_row]
        lead = system[pivot_row][col]
        system[pivot_row] = [x / lead for x in system[pivot_row]]
        for r in range(len(system)):
            if r != pivot_row and system[r][col]:
                factor = system[r][col]
                system[r] = [x - factor * y for x, y in zip(system[r], system[pivot_row],
                                                            strict=True)]
        pivot_row += 1
    solved: dict[Key, int] = {}
    for row in [*system[:pivot_row], *given]:
        present = [n for n, x in enumerate(row[:-1]) if x]
        if len(present) == 1:
            solved[hidden[present[0]]] = int(row[-1] / row[present[0]])
        elif present and len({row[n] for n in present}) == 1 \
                and row[-1] / row[present[0]] == len(present):
            solved |= {hidden[n]: 1 for n in present}  # m counts of at least 1 summing to m
    return solved


def recoverable(rows: Sequence[str], columns: Sequence[str],
                published: Mapping[Key, int | None],
                lines_of: Iterable[Sequence[Key]] | None = None) -> dict[Key, int]:
    """What a reader can work out exactly by adding and subtracting the published lines
    (rows, columns, totals), one at a time or combined: the entries found, with their
    values (empty when suppression held). The check the tests attack every table with."""
    table = {key: 0 for key in published}
    constraints = [list(line) for line in (lines_of if lines_of is not None
                                           else lines(rows, columns, table))]
    return _solved(published, constraints)
