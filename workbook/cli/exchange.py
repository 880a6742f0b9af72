"""Moving coachees in and out: a roster .csv or a workbook export .json in, JSON out."""

from __future__ import annotations

from pathlib import Path

import click

from workbook import errors
from workbook.cli.core import handle_errors, opened
from workbook.wording import count


def _looks_like_json(path: Path) -> bool:
    if path.suffix.lower() == ".json":
        return True
    if path.suffix.lower() in (".csv", ".tsv", ".txt"):
        return False
    with open(path, "rb") as fh:
        head = fh.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{")


@click.command(name="import")
@click.argument("workbook", type=click.Path(dir_okay=False))
@click.argument("source", type=click.Path(dir_okay=False))
@handle_errors
def import_(workbook: str, source: str) -> None:
    """Import SOURCE into WORKBOOK: a roster .csv or a workbook export .json.

    All or nothing: an invalid row or record changes nothing.
    """
    src = Path(source)
    if not src.exists():
        raise errors.InvalidInput(f"There is no file at «{src}».")
    with opened(workbook) as v:
        if _looks_like_json(src):
            from workbook.exchange.json_format import import_json

            result = import_json(v.db, src)
            counts = ", ".join(count(n, noun) for n, noun in (
                (result.coachees, "coachee"), (result.values, "value"), (result.goals, "goal"),
                (result.sessions, "session"), (result.actions, "action item"),
                (result.templates, "template")))
            click.echo(f"Imported {src.name}: {counts}.")
            for warning in result.warnings:
                click.echo(f"Note: {warning}")
        else:
            from workbook.exchange.roster import import_roster

            r = import_roster(v.db, src)
            click.echo(f"Imported {src.name}: {count(r.added, 'coachee')} added, "
                       f"{r.skipped_existing} already in the workbook, "
                       f"{count(r.duplicates_in_file, 'duplicate row')} skipped.")
            if r.unknown_columns:
                click.echo("Columns not recognised (ignored): " + ", ".join(r.unknown_columns))


@click.command()
@click.argument("workbook", type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The JSON file to write.")
@handle_errors
def export(workbook: str, output: str) -> None:
    """Export the whole WORKBOOK as a JSON document (NOT encrypted)."""
    from workbook.exchange.json_format import write_export

    with opened(workbook) as v:
        written = write_export(v.db, Path(output))
    click.echo(f"Exported to {written}. This file is NOT encrypted: it holds every note in "
               "plain text; store it safely and delete it when done.")
