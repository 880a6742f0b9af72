"""Moving coachees in and out: a roster .csv or a workbook export .json in, JSON out."""

from __future__ import annotations

import os
from pathlib import Path

import click

from workbook import errors
from workbook.cli.core import FORCE, handle_errors, opened, output_path
from workbook.wording import count


def _looks_like_json(path: Path) -> bool:
    if path.suffix.lower() == ".json":
        return True
    if path.suffix.lower() in (".csv", ".tsv", ".txt"):
        return False
    from workbook.exchange.reading import open_regular

    with open_regular(path, path.name) as fh:  # a pipe would block a plain open()
        head = fh.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{")


@click.command(name="import")
@click.argument("workbook", type=click.Path(dir_okay=False))
@click.argument("source", type=click.Path(dir_okay=False))
@click.option("--date-order", type=click.Choice(["dmy", "mdy"]), default=None,
              help="How a roster writes dates such as 03/04/2026: dmy (day first) or mdy "
                   "(month first). Needed only when the file does not tell.")
@handle_errors
def import_(workbook: str, source: str, date_order: str | None) -> None:
    """Import SOURCE into WORKBOOK: a roster .csv or a workbook export .json.

    All or nothing: an invalid row or record changes nothing.
    """
    from workbook.exchange.reading import check_reachable

    src = Path(source)
    if not os.path.lexists(src):
        raise errors.InvalidInput(f"There is no file at «{src}».")
    check_reachable(src, src.name)  # a link to nothing or a loop: before the passphrase
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

            try:
                r = import_roster(v.db, src, date_order=date_order)
            except errors.AmbiguousDateOrder as exc:
                raise errors.AmbiguousDateOrder(
                    f"{exc.sentence} Run the import again with --date-order dmy (day first) "
                    "or --date-order mdy (month first).", column=exc.column,
                    example=exc.example, readings=exc.readings) from None
            for line in r.report(src.name):
                click.echo(line)


@click.command()
@click.argument("workbook", type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The JSON file to write.")
@FORCE
@handle_errors
def export(workbook: str, output: str, force: bool) -> None:
    """Export the whole WORKBOOK as a JSON document (NOT encrypted).

    An existing OUTPUT is replaced only with --force, and never when it is a workbook."""
    from workbook.exchange.json_format import write_export

    target = output_path(output, force, workbook)
    with opened(workbook) as v:
        written = write_export(v.db, target)
    click.echo(f"Exported to {written}. This file is NOT encrypted: it holds every note in "
               "plain text; store it safely and delete it when done.")
