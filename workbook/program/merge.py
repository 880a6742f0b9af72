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

from workbook.errors import InvalidInput
from workbook.program import tables as t
from workbook.program.document import Report, parse_report, publish_tables
from workbook.program.period import Period
from workbook.program.suppress import Suppressed

MIN_SOURCES = 3
MAX_REPORT_BYTES = 2_000_000  # a report is a few kilobytes; anything this big is not one


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


def read_reports(paths: Sequence[Path]) -> list[tuple[Path, Report]]:
    """Each file read and checked; the first that is not a whole, valid coach's report
    stops the merge with one sentence naming it."""
    found = []
    for path in paths:
        try:
            size = path.stat().st_size
            if size > MAX_REPORT_BYTES:
                raise InvalidInput(f"«{path.name}» is {size:,} bytes: too big to be a program "
                                   "report (a few kilobytes).")
            text = path.read_text("utf-8")
        except FileNotFoundError:
            raise InvalidInput(f"There is no file at «{path}».") from None
        except IsADirectoryError:
            raise InvalidInput(f"«{path}» is a folder, not a program report.") from None
        except UnicodeDecodeError:
            raise InvalidInput(f"«{path.name}» is not a program report: it is not "
                               "text.") from None
        except OSError as exc:
            raise InvalidInput(f"«{path.name}» cannot be read ({exc.strerror}).") from None
        found.append((path, parse_report(path, text)))
    return found


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
