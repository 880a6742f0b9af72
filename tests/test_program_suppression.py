"""Small-cell suppression of published program tables (workbook/program/suppress.py).

Why it matters: a program report is published as a count table, and a small count can
point at one learner. "1 learner in the evening group dropped out" names that learner to
anyone who knows the group. So every count from 1 to threshold − 1 is hidden, and enough
other entries are hidden with it that a reader with a spreadsheet cannot get a hidden count
back from the row, column and grand totals printed next to it.

What is proven here, on generated tables (1–6 rows and columns, counts 0–60 drawn so that
zeros, small counts and large counts are all common; thresholds 5, 11 and any of 1–15;
all four combinations of row and column totals):

* no hidden entry can be recovered by subtraction, that is by solving a line (a row with
  its total, a column with its total, the totals with the grand total) that has exactly one
  unknown, again and again. This is checked with the module's own `recoverable` and with an
  attacker written here from scratch, with its own equations;
* every count that is shown is the true count, margins included; every count from 1 to
  threshold − 1 is hidden; zero is always shown as zero; the margins are the true sums;
* the result is deterministic, does not depend on the order of the cells, and hides
  nothing when nothing is small;
* `share` gives a percentage only when both the part and the rest reach the threshold;
* two worked examples that a reader can check by hand;
* a threshold below 1 is refused.

The attackers are tested as well: they must recover what a naive publication (only the
small counts hidden) gives away, and every value they recover must be the true one.

Also attacked: combining several lines at once (adding and subtracting rows and columns),
both by exact linear algebra and by brute force over every consistent table for small
tables. Suppression once checked one line at a time only, and some hidden counts could be
pinned exactly although no single line had one unknown (worked through in
`test_worked_example_combining_two_rows_pins_a_hidden_count`); it now hides more until no
combination of lines fixes a hidden count.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from workbook.program.suppress import (
    OFFICE_THRESHOLD,
    PUBLISHED_THRESHOLD,
    TOTAL,
    Key,
    Suppressed,
    recoverable,
    share,
    suppress,
)

Published = Mapping[Key, int | None]
Equation = list[tuple[Key, int]]  # the sum of coefficient × entry is zero


# -- generated tables ----------------------------------------------------------------------
@dataclass(frozen=True)
class Case:
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: dict[Key, int]
    threshold: int
    row_totals: bool
    column_totals: bool

    def suppressed(self) -> Suppressed:
        return suppress(self.rows, self.columns, self.cells, self.threshold,
                        row_totals=self.row_totals, column_totals=self.column_totals)


# Zeros, small counts (1–4 are below every usual threshold), middling ones (near 5 and 11)
# and large ones each come up about a quarter of the time.
COUNT = st.one_of(st.just(0), st.integers(1, 4), st.integers(5, 15), st.integers(16, 60))
THRESHOLD = st.one_of(st.sampled_from([OFFICE_THRESHOLD, PUBLISHED_THRESHOLD]),
                      st.integers(1, 15))


@st.composite
def cases(draw: st.DrawFn, max_side: int = 6, count: st.SearchStrategy[int] = COUNT) -> Case:
    n_rows = draw(st.integers(1, max_side))
    n_columns = draw(st.integers(1, max_side))
    rows = tuple(f"r{i}" for i in range(n_rows))
    columns = tuple(f"c{j}" for j in range(n_columns))
    cells = {(r, c): draw(count) for r in rows for c in columns}
    return Case(rows, columns, cells, draw(THRESHOLD), draw(st.booleans()),
                draw(st.booleans()))


def case(grid: list[list[int]], threshold: int, *, row_totals: bool = True,
         column_totals: bool = True) -> Case:
    """A case from a grid of counts, rows r0, r1, … and columns c0, c1, …"""
    rows = tuple(f"r{i}" for i in range(len(grid)))
    columns = tuple(f"c{j}" for j in range(len(grid[0])))
    cells = {(r, c): grid[i][j] for i, r in enumerate(rows) for j, c in enumerate(columns)}
    return Case(rows, columns, cells, threshold, row_totals, column_totals)


# Found while writing these tests: a hidden 2 that two rows, taken together, give away (see
# the worked example below). Every line of it holds 0 or at least 2 hidden entries.
PINNED_BY_TWO_ROWS = case([[0, 2, 0],
                           [1, 12, 4],
                           [2, 3, 0]], threshold=5)
# Another one, at threshold 7: the hidden r2/c1 is 1.
PINNED_AT_SEVEN = case([[4, 0, 0],
                        [56, 3, 8],
                        [2, 1, 39]], threshold=7)


# -- an attacker written here, independent of suppress.py ------------------------------------
def true_table(c: Case) -> dict[Key, int]:
    """The cells and every margin the case publishes, summed here rather than by the module."""
    table = {(r, col): c.cells[(r, col)] for r in c.rows for col in c.columns}
    if c.row_totals:
        for r in c.rows:
            table[(r, TOTAL)] = sum(c.cells[(r, col)] for col in c.columns)
    if c.column_totals:
        for col in c.columns:
            table[(TOTAL, col)] = sum(c.cells[(r, col)] for r in c.rows)
    if c.row_totals or c.column_totals:
        table[(TOTAL, TOTAL)] = sum(c.cells.values())
    return table


def equations(c: Case) -> list[Equation]:
    """Every sum a reader can see in the published table, including the redundant ones
    (the grand total is the sum of all cells, of the row totals and of the column totals)."""
    found: list[Equation] = []
    if c.row_totals:
        found += [[*(((r, col), 1) for col in c.columns), ((r, TOTAL), -1)] for r in c.rows]
    if c.column_totals:
        found += [[*(((r, col), 1) for r in c.rows), ((TOTAL, col), -1)] for col in c.columns]
    if c.row_totals or c.column_totals:
        grand = ((TOTAL, TOTAL), -1)
        found.append([*(((r, col), 1) for r in c.rows for col in c.columns), grand])
        if c.row_totals:
            found.append([*(((r, TOTAL), 1) for r in c.rows), grand])
        if c.column_totals:
            found.append([*(((TOTAL, col), 1) for col in c.columns), grand])
    return found


def peel(c: Case, shown: Published) -> dict[Key, int]:
    """The subtraction attack: solve any equation with a single unknown, until none is left."""
    known = {key: value for key, value in shown.items() if value is not None}
    solved: dict[Key, int] = {}
    progress = True
    while progress:
        progress = False
        for equation in equations(c):
            unknown = [(key, k) for key, k in equation if key not in known]
            if len(unknown) != 1:
                continue
            ((key, coefficient),) = unknown
            rest = sum(k * known[other] for other, k in equation if other != key)
            known[key] = solved[key] = -rest // coefficient
            progress = True
    return solved


def pinned_by_algebra(c: Case, shown: Published) -> dict[Key, Fraction]:
    """The stronger attack: any combination of equations. A hidden entry is pinned when its
    unit vector lies in the row space of the equations restricted to the hidden entries;
    reduced row echelon form (exact fractions) then has a row with that single entry."""
    hidden = sorted(key for key, value in shown.items() if value is None)
    matrix: list[list[Fraction]] = []
    for equation in equations(c):
        coefficients = dict(equation)
        row = [Fraction(coefficients.get(key, 0)) for key in hidden]
        rhs = -sum(Fraction(k * value) for key, k in equation
                   if (value := shown[key]) is not None)
        matrix.append([*row, rhs])
    pivot_row = 0
    for column in range(len(hidden)):
        pivot = next((i for i in range(pivot_row, len(matrix)) if matrix[i][column]), None)
        if pivot is None:
            continue
        matrix[pivot_row], matrix[pivot] = matrix[pivot], matrix[pivot_row]
        lead = matrix[pivot_row][column]
        matrix[pivot_row] = [x / lead for x in matrix[pivot_row]]
        for i, row in enumerate(matrix):
            if i != pivot_row and row[column]:
                factor = row[column]
                matrix[i] = [x - factor * y for x, y in zip(row, matrix[pivot_row], strict=True)]
        pivot_row += 1
    pinned: dict[Key, Fraction] = {}
    for row in matrix[:pivot_row]:
        nonzero = [j for j in range(len(hidden)) if row[j]]
        if len(nonzero) == 1:
            pinned[hidden[nonzero[0]]] = row[-1] / row[nonzero[0]]
    return pinned


def consistent_values(c: Case, shown: Published, limit: int) -> dict[Key, set[int]] | None:
    """Brute force: every table whose hidden cells are integers 0..B (B one more than the
    largest true hidden cell, so the truth and its neighbours are in range) and whose every
    published number (cells, totals) matches; the values each hidden entry takes across
    them. Hidden margins follow from the cells. None when the search would take more than
    `limit` steps.

    The search fills the hidden cells one by one and skips what cannot fit: a row or column
    already over its shown total (counts are never negative), and, for the last hidden cell
    of a row or column whose total is shown, every value but the one that makes it add up.
    Each complete table is then checked against everything published."""
    truth = true_table(c)
    hidden = [key for key in c.cells if shown[key] is None]
    bound = max((truth[key] for key in hidden), default=0) + 1
    filled = {key: value for key, value in c.cells.items() if shown[key] is not None}
    line_total = {("row", r): shown.get((r, TOTAL)) for r in c.rows}
    line_total |= {("column", col): shown.get((TOTAL, col)) for col in c.columns}
    line_sum = {("row", r): sum(v for (rr, _), v in filled.items() if rr == r)
                for r in c.rows}
    line_sum |= {("column", col): sum(v for (_, cc), v in filled.items() if cc == col)
                 for col in c.columns}
    left = {line: 0 for line in line_sum}  # hidden cells of each line still to fill
    for r, col in hidden:
        left[("row", r)] += 1
        left[("column", col)] += 1
    seen: dict[Key, set[int]] = {key: set() for key, value in shown.items() if value is None}
    steps = 0

    def fill(i: int) -> bool:  # False when the search ran out of steps
        nonlocal steps
        steps += 1
        if steps > limit:
            return False
        if i == len(hidden):
            candidate = true_table(Case(c.rows, c.columns, filled, c.threshold,
                                        c.row_totals, c.column_totals))
            if all(value is None or candidate[key] == value for key, value in shown.items()):
                for key in seen:
                    seen[key].add(candidate[key])
            return True
        r, col = hidden[i]
        mine = (("row", r), ("column", col))
        choices = range(bound + 1)
        ceilings = [(line, total) for line in mine if (total := line_total[line]) is not None]
        for line, total in ceilings:
            if left[line] == 1:
                forced = total - line_sum[line]
                choices = range(forced, forced + 1) if forced in choices else range(0)
        for value in choices:
            if any(line_sum[line] + value > total for line, total in ceilings):
                break
            filled[(r, col)] = value
            for line in mine:
                line_sum[line] += value
                left[line] -= 1
            completed = fill(i + 1)
            for line in mine:
                line_sum[line] -= value
                left[line] += 1
            del filled[(r, col)]
            if not completed:
                return False
        return True

    return seen if fill(0) else None


def naive(c: Case) -> dict[Key, int | None]:
    """What publishing without complementary suppression would show: only small counts hidden."""
    return {key: None if 0 < value < c.threshold else value
            for key, value in true_table(c).items()}


# -- 1. subtraction recovers nothing ---------------------------------------------------------
@settings(max_examples=300, deadline=None, database=None)
@given(cases())
@example(PINNED_BY_TWO_ROWS)
@example(PINNED_AT_SEVEN)
def test_no_hidden_entry_is_recovered_by_subtraction(c: Case) -> None:
    published = c.suppressed()
    assert recoverable(c.rows, c.columns, published.shown) == {}
    assert peel(c, published.shown) == {}
    # and, the reason why: each line with a published sum holds 0 or at least 2 hidden entries
    for equation in equations(c):
        assert sum(key in published.hidden for key, _ in equation) != 1, equation


@settings(max_examples=200, deadline=None, database=None)
@given(cases())
def test_the_attackers_recover_a_naive_publication(c: Case) -> None:
    """The attackers are not toothless: with only the small counts hidden, whatever they
    recover is the true count, and the stronger attack finds at least what the weaker does
    (the module's also knows that a suppressed count is at least 1, as a reader does)."""
    truth = true_table(c)
    shown = naive(c)
    by_module = recoverable(c.rows, c.columns, shown)
    by_peeling = peel(c, shown)
    by_algebra = pinned_by_algebra(c, shown)
    assert all(truth[key] == value for key, value in by_module.items())
    assert all(truth[key] == value for key, value in by_peeling.items())
    assert all(truth[key] == value for key, value in by_algebra.items())
    assert by_peeling.keys() <= by_algebra.keys() <= by_module.keys()


def test_the_attackers_recover_a_lone_small_cell_from_its_row_total() -> None:
    c = case([[12, 3, 20]], threshold=5, column_totals=False)
    shown = naive(c)
    assert shown[("r0", "c1")] is None
    assert recoverable(c.rows, c.columns, shown) == {("r0", "c1"): 3}
    assert peel(c, shown) == {("r0", "c1"): 3}
    assert pinned_by_algebra(c, shown) == {("r0", "c1"): 3}
    assert consistent_values(c, shown, limit=10_000) == {("r0", "c1"): {3}}


@settings(max_examples=200, deadline=None, database=None)
@given(cases())
@example(PINNED_BY_TWO_ROWS)
def test_no_hidden_entry_is_pinned_by_combining_lines(c: Case) -> None:
    """No sum or difference of published lines, however many, gives a hidden entry."""
    published = c.suppressed()
    assert pinned_by_algebra(c, published.shown) == {}


@settings(max_examples=150, deadline=None, database=None)
@given(cases(max_side=3, count=st.one_of(st.just(0), st.integers(1, 4), st.integers(5, 12),
                                         st.integers(13, 60))))
@example(PINNED_AT_SEVEN)
def test_brute_force_every_hidden_entry_takes_two_values_in_small_tables(c: Case) -> None:
    """Up to 3 × 3: across all tables that agree with everything published, every hidden
    entry takes at least two values, so the publication does not tell which is true."""
    published = c.suppressed()
    values = consistent_values(c, published.shown, limit=20_000)
    assume(values is not None)
    assert values is not None
    truth = true_table(c)
    for key, seen in values.items():
        assert truth[key] in seen  # the true table is one of the consistent ones
        assert len(seen) >= 2, f"{key} is pinned to {seen}"


# -- 2. what is shown is true ------------------------------------------------------------------
@settings(max_examples=300, deadline=None, database=None)
@given(cases())
def test_shown_counts_are_true_small_ones_hidden_zeros_shown(c: Case) -> None:
    published = c.suppressed()
    truth = true_table(c)
    # exactly the cells and the margins asked for, no more
    assert published.shown.keys() == truth.keys()
    assert published.rows == c.rows
    assert published.columns == c.columns
    assert published.threshold == c.threshold
    for key, value in truth.items():
        shown = published.count(*key)
        if shown is not None:
            assert shown == value, key
        if 0 < value < c.threshold:
            assert shown is None, key
        if value == 0:
            assert shown == 0, key
    # hidden entries are exactly the Nones, and complementary ones are never zeros
    assert published.hidden == {key for key, value in published.shown.items() if value is None}
    assert all(truth[key] > 0 for key in published.hidden)


# -- 3. deterministic, and nothing hidden without a reason -----------------------------------
@settings(max_examples=150, deadline=None, database=None)
@given(cases(), st.randoms(use_true_random=False))
def test_same_table_same_publication_whatever_the_order_of_cells(
        c: Case, rng: random.Random) -> None:
    first = c.suppressed()
    assert c.suppressed() == first
    items = list(c.cells.items())
    rng.shuffle(items)
    shuffled = Case(c.rows, c.columns, dict(items), c.threshold, c.row_totals,
                    c.column_totals)
    assert shuffled.suppressed() == first


@settings(max_examples=150, deadline=None, database=None)
@given(cases(count=st.one_of(st.just(0), st.integers(PUBLISHED_THRESHOLD, 60))))
def test_a_table_without_small_counts_hides_nothing(c: Case) -> None:
    c = Case(c.rows, c.columns, c.cells, min(c.threshold, PUBLISHED_THRESHOLD), c.row_totals,
             c.column_totals)
    published = c.suppressed()
    assert published.hidden == frozenset()
    assert dict(published.shown) == true_table(c)


@settings(max_examples=150, deadline=None, database=None)
@given(cases())
def test_something_small_means_something_hidden_and_vice_versa(c: Case) -> None:
    small = any(0 < value < c.threshold for value in true_table(c).values())
    assert bool(c.suppressed().hidden) == small


def test_threshold_one_hides_nothing() -> None:
    c = case([[1, 0, 2], [3, 1, 0]], threshold=1)
    assert c.suppressed().hidden == frozenset()


# -- 4. shares ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("part", "whole", "threshold", "expected"), [
    (5, 10, 5, 50.0),       # both the part and the rest are exactly the threshold
    (15, 20, 5, 75.0),
    (4, 20, 5, None),       # the part is small
    (16, 20, 5, None),      # the rest is small: "all but 4" says as much as 4
    (20, 20, 5, None),      # 100 % of a group names everyone in it
    (0, 20, 5, None),       # a part of 0 is below the threshold too
    (11, 22, PUBLISHED_THRESHOLD, 50.0),
    (10, 22, PUBLISHED_THRESHOLD, None),
    (None, 20, 5, None),
    (5, None, 5, None),
    (None, None, 5, None),
    (0, 0, 1, None),        # a share of nothing
    (1, 0, 1, None),
    (1, 2, 1, 50.0),
])
def test_share_examples(part: int | None, whole: int | None, threshold: int,
                        expected: float | None) -> None:
    assert share(part, whole, threshold) == expected


@settings(max_examples=300, deadline=None, database=None)
@given(st.integers(-5, 120), st.integers(-5, 120), st.integers(1, 15))
def test_share_only_when_part_and_rest_reach_the_threshold(part: int, whole: int,
                                                           threshold: int) -> None:
    result = share(part, whole, threshold)
    if part >= threshold and whole - part >= threshold:
        assert result is not None
        assert math.isclose(result, 100 * part / whole)
        assert 0 < result < 100
        assert math.isclose(result * whole / 100, part)
    else:
        assert result is None


# -- 5. worked examples ------------------------------------------------------------------------
def test_worked_example_one_small_cell_hides_a_rectangle() -> None:
    """Threshold 5. Only r1/c1 (3) is small. Its row would give it away (63 − 25 − 35 = 3),
    so the smallest other count in the row goes too: r1/c0 (25). Then column c0 and column
    c1 each hold one hidden count, and their smallest others go: r0/c0 (20) and r0/c1 (30).
    Now r0 holds two as well, and every line holds 0 or 2.

                c0    c1    c2   total           c0    c1    c2   total
        r0      20    30    40     90      r0     .     .    40     90
        r1      25     3    35     63  ->  r1     .     .    35     63
        r2      50    45    60    155      r2    50    45    60    155
        total   95    78   135    308      total 95    78   135    308

    Adding t to r1/c1 and r0/c0 and taking it from r1/c0 and r0/c1 keeps every total, so 2,
    3, 4, … all fit: the 3 cannot be told apart from its neighbours.
    """
    c = case([[20, 30, 40],
              [25, 3, 35],
              [50, 45, 60]], threshold=OFFICE_THRESHOLD)
    published = c.suppressed()
    assert published.hidden == {("r0", "c0"), ("r0", "c1"), ("r1", "c0"), ("r1", "c1")}
    assert published.count("r1", TOTAL) == 63
    assert published.count(TOTAL, "c1") == 78
    assert published.count(TOTAL, TOTAL) == 308
    assert recoverable(c.rows, c.columns, published.shown) == {}
    assert peel(c, published.shown) == {}
    assert pinned_by_algebra(c, published.shown) == {}
    values = consistent_values(c, published.shown, limit=50_000)
    assert values is not None
    assert {2, 3, 4} <= values[("r1", "c1")]


def test_worked_example_one_row_whose_total_would_give_the_small_cell_away() -> None:
    """One row, threshold 5, a row total and no column totals. Hiding only the 3 would not
    do: 35 − 12 − 20 = 3. So the 12 is hidden too, and all a reader learns is that the two
    add up to 15.

                c0    c1    c2   total           c0    c1    c2   total
        r0      12     3    20     35   ->  r0     .     .    20     35
    """
    c = case([[12, 3, 20]], threshold=OFFICE_THRESHOLD, column_totals=False)
    assert recoverable(c.rows, c.columns, naive(c)) == {("r0", "c1"): 3}
    published = c.suppressed()
    assert dict(published.shown) == {
        ("r0", "c0"): None, ("r0", "c1"): None, ("r0", "c2"): 20,
        ("r0", TOTAL): 35, (TOTAL, TOTAL): 35,
    }
    assert recoverable(c.rows, c.columns, published.shown) == {}
    assert peel(c, published.shown) == {}
    values = consistent_values(c, published.shown, limit=10_000)
    assert values is not None
    # the search box is 0..13 for each hidden cell; c0 + c1 = 15 leaves c1 anywhere in 2..13
    assert values[("r0", "c1")] == set(range(2, 14))
    assert values[("r0", "c0")] == set(range(2, 14))


def test_worked_example_combining_two_rows_pins_a_hidden_count() -> None:
    """Threshold 5. Hiding until every line holds 0 or at least 2 hidden counts gives:

                c0    c1    c2   total           c0    c1    c2   total
        r0       0     2     0      2      r0     0     .     0      .
        r1       1    12     4     17  ->  r1     .    12     .     17
        r2       2     3     0      5      r2     .     .     0      .
        total    3    17     4     24      total  .    17     .     24

    Take rows r0 and r2 together (everything but r1). Their totals add up to 24 − 17 = 7.
    Their c1 counts add up to 17 − 12 = 5. Their c2 counts are shown: 0 and 0. Their c0
    counts are 0 (shown) and r2/c0. So r2/c0 = 7 − 5 − 0 − 0 = 2: a group of two learners,
    published to a reader with nothing but subtraction. Suppression therefore hides one
    more count, and r2/c0 can then take two or more values.
    """
    c = PINNED_BY_TWO_ROWS
    published = c.suppressed()
    for equation in equations(c):  # the module's own guarantee holds
        assert sum(key in published.hidden for key, _ in equation) != 1
    assert ("r2", "c0") in published.hidden
    assert pinned_by_algebra(c, published.shown).get(("r2", "c0")) is None
    values = consistent_values(c, published.shown, limit=50_000)
    assert values is not None
    assert len(values[("r2", "c0")]) >= 2, f"r2/c0 is pinned to {values[('r2', 'c0')]}"


# -- 6. a threshold must be a count ------------------------------------------------------------
@pytest.mark.parametrize("threshold", [0, -1, -11])
def test_a_threshold_below_one_is_refused(threshold: int) -> None:
    c = case([[3, 20]], threshold=OFFICE_THRESHOLD)
    with pytest.raises(ValueError, match="at least 1"):
        suppress(c.rows, c.columns, c.cells, threshold)


def test_two_hidden_counts_that_sum_to_two_are_hidden_with_a_third() -> None:
    """A reader knows a suppressed count is at least 1 (zero is shown as zero): two hidden
    counts summing to 2 are both 1. Suppression hides more until that cannot happen."""
    from workbook.program.suppress import suppress

    for cells in ([50, 1, 1, 0], [1, 1, 40, 30, 12]):
        columns = tuple(f"c{n}" for n in range(len(cells)))
        published = suppress(("all",), columns, dict(zip((("all", c) for c in columns), cells,
                                                         strict=True)), 5,
                             row_totals=True, column_totals=False)
        assert recoverable(("all",), columns, published.shown) == {}
        hidden = [published.shown[("all", c)] for c in columns].count(None)
        assert hidden >= 3, published.shown


def test_an_equation_known_from_another_table_is_taken_into_account() -> None:
    """Meetings held (from another table) = 1·n1 + 2·n2 + 3·n3 when nobody had 4 or more: with
    the n's totals known as 62 and two of them shown, the other two come back unless more is
    hidden."""
    from workbook.program.suppress import suppress

    columns = ("0", "1", "2", "3")
    cells = {("all", "0"): 20, ("all", "1"): 5, ("all", "2"): 7, ("all", "3"): 30}
    held = 5 + 2 * 7 + 3 * 30
    weights = {("all", "1"): 1, ("all", "2"): 2, ("all", "3"): 3}
    published = suppress(("all",), columns, cells, 11, row_totals=True, column_totals=False,
                         weighted=[(weights, held)])
    assert recoverable(("all",), columns, published.shown) == {}
    from workbook.program.suppress import _solved, lines

    assert _solved(published.shown, lines(("all",), columns, published.shown),
                   [(weights, held)]) == {}
    naive = {**published.shown, ("all", "0"): 20, ("all", "3"): 30}
    naive[("all", "1")] = naive[("all", "2")] = None
    assert _solved(naive, lines(("all",), columns, naive), [(weights, held)]) == {
        ("all", "1"): 5, ("all", "2"): 7}
