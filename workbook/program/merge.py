"""The program director's side: many coaches' reports of one period, added up and published.

Reports are added cell by cell (every report has the same tables, rows and columns), then
suppressed for publication: a table that fewer than `MIN_SOURCES` coaches' reports hold any
count for shows nothing at all (with so few, a reader who knows the coaches could tell whose
learners are whose), and in the others each count below the threshold is suppressed, with
complementary suppression so no count can be worked out by subtraction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from workbook.errors import InvalidInput, NotFound
from workbook.exchange.reading import read_limited
from workbook.program import tables as t
from workbook.program.document import Report, parse_report, publish_tables
from workbook.program.period import Period
from workbook.program.suppress import Suppressed

MIN_SOURCES = 3
# A coach's report is a few kilobytes (its largest table has 20 rows); anything over this is
# not one. A whole number of MB, as the refusal says "at most 2 MB".
MAX_REPORT_BYTES = 2 * 1_048_576


@dataclass(frozen=True)
class Merged:
    period: Period
    sources: int  # distinct coaches' workbooks
    tables: list[t.Table]  # the pooled counts (for the program office's eyes only)
    contributors: dict[str, int]  # table key -> reports holding any count in it


@dataclass(frozen=True)
class PublishedTable:
    table: t.Table
    shown: Suppressed | None  # None: too few coaches' reports hold counts for it
    contributors: int


def _read(path: Path) -> str:
    """The report's text, read as an import reads its file: a pipe, a device, a folder or a
    file over `MAX_REPORT_BYTES` is refused before it is read (a pipe would block the
    merge for ever, /dev/zero would never end)."""
    name = f"«{path.name or path}»"
    try:
        data = read_limited(path, MAX_REPORT_BYTES, name)
    except NotFound as exc:  # a report named on the command line: the input is at fault
        raise InvalidInput(exc.sentence) from None
    try:
        return data.decode("utf-8-sig")  # a BOM, as some editors save, is not the report's
    except UnicodeDecodeError:
        raise InvalidInput(f"{name} is not a program report: it is not text.") from None


def read_reports(paths: Sequence[Path]) -> list[tuple[Path, Report]]:
    """Each file read and checked; the first that is not a whole, valid coach's report
    stops the merge with one sentence naming it."""
    return [(path, parse_report(path, _read(path))) for path in paths]


def merge(reports: Sequence[tuple[Path, Report]]) -> Merged:
    """The reports' counts added up, after refusing a mix that cannot be: one sentence for
    a demo report, a second copy of one workbook's report, or another period."""
    if not reports:
        raise InvalidInput("Give at least one program report to merge.")
    first_path, first = reports[0]
    seen: dict[str, Path] = {}
    for path, report in reports:
        if report.demo:
            raise InvalidInput(f"«{path.name}» was made from the demo workbook of fictional "
                               "learners; leave it out.")
        if report.period != first.period:
            raise InvalidInput(f"«{path.name}» covers {report.period.label}, but "
                               f"«{first_path.name}» covers {first.period.label}: merge "
                               "reports of one period.")
        if report.source_id in seen and seen[report.source_id].resolve() == path.resolve():
            raise InvalidInput(f"«{path.name}» is given twice; give each report once.")
        if report.source_id in seen:
            raise InvalidInput(f"«{path.name}» is a second report of the same workbook and "
                               f"period as «{seen[report.source_id].name}»; give each "
                               "coach's report once.")
        seen[report.source_id] = path
    pooled, contributors = [], {}
    for n, spec in enumerate(t.SPECS):
        cells: Counter[tuple[str, str]] = Counter()
        holding = 0
        for _path, report in reports:
            table = report.tables[n]
            cells.update({key: value for key, value in table.cells.items() if value})
            holding += table.total() > 0
        pooled.append(t.Table(spec, first.tables[n].rows, dict(cells)))
        contributors[spec.key] = holding
    return Merged(first.period, len(seen), pooled, contributors)


def publish(merged: Merged, threshold: int) -> list[PublishedTable]:
    """Each pooled table as it may be published at `threshold`."""
    withheld = {key for key, n in merged.contributors.items() if n < MIN_SOURCES}
    shown = publish_tables(merged.tables, threshold, withheld)
    return [PublishedTable(table, published, merged.contributors[table.spec.key])
            for table, published in zip(merged.tables, shown, strict=True)]
