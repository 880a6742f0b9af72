"""PDFs for the learner: one session's summary, the summaries of a span of days, a portfolio.

The workbook is read and closed before the PDF password is asked, so it is not held open
(and locked against the app) while someone types.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from workbook import errors
from workbook.cli.core import FORCE, ask_passphrase, handle_errors, opened, output_path
from workbook.wording import count


def _pdf_password(protect: bool) -> str | None:
    """The password an exported PDF will need, asked after the passphrase; None if unprotected."""
    if not protect:
        return None
    password = ask_passphrase("password for the PDF", confirm=True)
    from workbook.documents.protection import password_problem

    problem = password_problem(password)
    if problem is not None:
        raise errors.WeakPassphrase(problem)
    return password


def _write_pdf(workbook: str, load: Callable[[Any], Any], render: Callable[..., bytes],
               output: str, password_protect: bool, what: str, force: bool) -> None:
    """Refuse the output file first (a workbook, or an existing file without --force), load
    the content (a missing record fails before any prompt), close the workbook, then ask for
    the PDF password, render and write."""
    from workbook.documents.output import write_file

    output = str(output_path(output, force, workbook))
    with opened(workbook) as v:
        content = load(v.db)
    password = _pdf_password(password_protect)
    target = write_file(output, render(content, password=password))
    if password:
        click.echo(f"Wrote the {what} to {target}; it opens only with the password you gave.")
    else:
        click.echo(f"Wrote the {what} to {target}. This file is NOT encrypted: anyone who has "
                   "it can read it (use --password-protect to protect it).")


_PDF_OUTPUT = click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
                           help="The PDF file to write.")
_PDF_PROTECT = click.option("--password-protect", is_flag=True,
                            help="Ask for a password the PDF will need to open "
                                 "(after the passphrase).")


@click.command()
@click.argument("workbook", type=click.Path(dir_okay=False))
@click.argument("session_id", type=int)
@_PDF_OUTPUT
@_PDF_PROTECT
@FORCE
@handle_errors
def summary(workbook: str, session_id: int, output: str, password_protect: bool,
            force: bool) -> None:
    """Write the summary of session SESSION_ID as a PDF (shared sections only)."""
    from workbook.documents.summary import render_summary
    from workbook.documents.summary_data import load_summary
    from workbook.privacy import document_contents

    def load(db: Any) -> Any:
        content = load_summary(db, session_id)
        _say_what_is_printed(document_contents(db, session_id))  # before anything is written
        return content

    _write_pdf(workbook, load, render_summary, output, password_protect, "session summary",
               force)


def _say_what_is_printed(contents: Any) -> None:
    from workbook.privacy import included_sentence, made_shared_sentence, quoted

    for section in contents.made_shared:
        click.echo(f"Note: {made_shared_sentence(section)}", err=True)
    click.echo(included_sentence(contents))
    if contents.private:
        click.echo(f"Left out (private): {quoted(contents.private)}.")


@click.command()
@click.argument("workbook", type=click.Path(dir_okay=False))
@click.argument("coachee_id", type=int)
@_PDF_OUTPUT
@_PDF_PROTECT
@FORCE
@handle_errors
def portfolio(workbook: str, coachee_id: int, output: str, password_protect: bool,
              force: bool) -> None:
    """Write the portfolio summary of coachee COACHEE_ID as a PDF (no session notes)."""
    from workbook.documents.portfolio import render_portfolio
    from workbook.documents.portfolio_data import load_portfolio

    _write_pdf(workbook, lambda db: load_portfolio(db, coachee_id), render_portfolio, output,
               password_protect, "portfolio summary", force)


def _day(value: str, option: str) -> str:
    """A YYYY-MM-DD option value; otherwise one sentence naming the option, exit 2."""
    from workbook.validate import iso_date

    try:
        day = iso_date(value, option)
        if day is None:
            raise errors.InvalidInput(f"{option} needs a date; use YYYY-MM-DD.")
    except errors.InvalidInput as exc:
        click.echo(exc.sentence, err=True)
        sys.exit(errors.EXIT_USAGE)
    return day


@click.command()
@click.argument("workbook", type=click.Path(dir_okay=False))
@click.option("--from", "first", required=True, metavar="DATE", help="The first day, YYYY-MM-DD.")
@click.option("--to", "last", metavar="DATE", help="The last day, YYYY-MM-DD (default: --from).")
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False),
              help="The folder to write the PDFs into (it must exist).")
@_PDF_PROTECT
@handle_errors
def summaries(workbook: str, first: str, last: str | None, output: str,
              password_protect: bool) -> None:
    """Write the summary of every session held from --from to --to (planned ones up to today
    too; not cancelled, no-show or future ones) into the folder OUTPUT, one PDF each; a file
    already there is never overwritten."""
    from workbook.dates import today
    from workbook.documents.batch import (
        load_summaries,
        render_loaded,
        sessions_between,
        worth_summarising,
        write_summaries,
    )
    from workbook.privacy import documents_contents, made_shared_sentence

    start, end = _day(first, "--from"), _day(last if last is not None else first, "--to")
    if end < start:
        click.echo(f"--to {end} is before --from {start}.", err=True)
        sys.exit(errors.EXIT_USAGE)
    folder = Path(output)
    from workbook.vault import sniff

    sniff.check_output_folder(folder)  # before the passphrase: nothing to open it for
    with opened(workbook) as v:
        found = sessions_between(v.db, start, end)
        ids = [s.id for s in found if worth_summarising(s, today())]
        if not ids:
            left = (f" ({len(found)} cancelled, no-show or still to come)" if found else "")
            raise errors.NotFound(
                f"There is no held session between {start} and {end}{left}.")
        contents = load_summaries(v.db, ids)
        for each in documents_contents(v.db, ids):  # before anything is written
            whose = f"{each.coachee_name}'s session of {each.scheduled_at[:10]}"
            for section in each.made_shared:
                click.echo(f"Note: {made_shared_sentence(section, whose)}", err=True)
    # The workbook is closed (and unlocked for the app) while the PDF password is typed.
    password = _pdf_password(password_protect)
    written = write_summaries(render_loaded(contents, password=password), folder)
    for path in written:
        click.echo(str(path))
    wrote = count(len(written), "summary", "summaries")
    if password:
        click.echo(f"Wrote {wrote} to {folder}; they open only with the password you gave.")
    else:
        click.echo(f"Wrote {wrote} to {folder}. These files are NOT encrypted: anyone who has "
                   "them can read them (use --password-protect to protect them).")
