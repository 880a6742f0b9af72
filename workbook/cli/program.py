"""`coach-workbook program`: de-identified program reports (`report`, a coach's) and their
merge (`merge`, the program director's). See docs/program-reports.md."""

from __future__ import annotations

from pathlib import Path

import click

from workbook.cli.core import FORCE, handle_errors, opened, output_path
from workbook.wording import count


@click.group()
def program() -> None:
    """De-identified program reports: a coach's report, and the merge of many."""


@program.command()
@click.argument("workbook", type=click.Path(dir_okay=False))
@click.option("--from", "first", required=True, metavar="MONTH",
              help="The period's first month or quarter (2026-07 or 2026-Q3).")
@click.option("--to", "last", required=True, metavar="MONTH",
              help="The period's last month or quarter, included (2027-06 or 2027-Q2).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The report to write (JSON); its tables go as CSV into "
                   "\"<name> tables\" beside it.")
@click.option("--publishable", type=click.IntRange(2, 100), default=None, metavar="K",
              help="Write the variant that may be published on its own: counts below K "
                   "(11 is usual) suppressed. It cannot be merged.")
@FORCE
@handle_errors
def report(workbook: str, first: str, last: str, output: str, publishable: int | None,
           force: bool) -> None:
    """Write WORKBOOK's de-identified report of a period, for the program office."""
    from workbook.program.document import coach_report
    from workbook.program.output import write_report
    from workbook.program.period import period

    chosen = period(first, last)  # a bad period is said before the passphrase is asked
    target = output_path(output, force, workbook)
    with opened(workbook) as v:
        made = coach_report(v.db, chosen)
    written = write_report(made, target, force=force, publishable=publishable)
    caseload = made.tables[0].total()
    click.echo(f"Wrote the program report of {chosen.label} ({count(caseload, 'learner')} "
               f"with a meeting in the period) to {written[0]}, and its tables as CSV to "
               f"{written[1].parent}. It holds counts only, no names or notes; "
               + ("its small counts are suppressed." if publishable else
                  "it is for the program office, not for publishing as it is."))


@program.command()
@click.argument("reports", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False),
              help="The folder to write the program summary into (made if missing).")
@click.option("--threshold", type=click.IntRange(2, 100), default=None, metavar="K",
              help="Suppress counts below K (default 11, for a summary published beyond "
                   "the program office; 5 for its own eyes).")
@FORCE
@handle_errors
def merge(reports: tuple[str, ...], output: str, threshold: int | None, force: bool) -> None:
    """Merge coaches' REPORTS of one period into a program summary (JSON, CSV and PDF)."""
    from workbook.program.merge import merge as merge_reports
    from workbook.program.merge import read_reports
    from workbook.program.output import write_summary
    from workbook.program.suppress import PUBLISHED_THRESHOLD

    merged = merge_reports(read_reports([Path(r) for r in reports]))
    k = threshold or PUBLISHED_THRESHOLD
    written = write_summary(merged, Path(output), k, force=force)
    click.echo(f"Merged {count(merged.sources, 'report')} of {merged.period.label} into "
               f"{written[1]} (PDF), {written[0]} (JSON) and the CSV tables in "
               f"{written[2].parent if len(written) > 2 else Path(output)}; counts below {k} "
               "are suppressed.")
