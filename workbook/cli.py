"""`coach-workbook`: the command-line face of the workbook API.

Passphrases never come from argv: a hidden prompt on a terminal, else the first line of
stdin (`passwd`: the current one, then the new one on the next line). Errors are one
sentence on stderr with a documented exit code (see README); no traceback reaches a user.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from workbook import errors
from workbook.errors import WorkbookError
from workbook.wording import count

F = TypeVar("F", bound=Callable[..., Any])

NO_RECOVERY = ("There is no way to recover a forgotten passphrase: keep it somewhere safe "
               "and make backups (coach-workbook backup).")


class _Stdin:
    """Lines of a piped stdin, read once, handed out in order."""

    lines: list[str] | None = None

    @classmethod
    def next_line(cls, what: str) -> str:
        if cls.lines is None:
            cls.lines = sys.stdin.read().splitlines()
        if not cls.lines:
            raise click.UsageError(f"Expected the {what} on standard input (one per line).")
        return cls.lines.pop(0)


def _interactive() -> bool:
    return sys.stdin.isatty()


def ask_passphrase(what: str = "passphrase", *, confirm: bool = False) -> str:
    if _interactive():
        value: str = click.prompt(what[0].upper() + what[1:], hide_input=True,
                                  confirmation_prompt=confirm, prompt_suffix=": ")
        return value
    return _Stdin.next_line(what)


def _fail(error: WorkbookError) -> None:
    click.echo(error.sentence, err=True)
    sys.exit(error.exit_code)


def handle_errors(func: F) -> F:
    """Known errors → their sentence and exit code; anything else → one sentence, exit 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from workbook.vault import known_error

        try:
            return func(*args, **kwargs)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort,
                SystemExit, KeyboardInterrupt):
            raise
        except BrokenPipeError:
            # Whoever read our output stopped early (`| head`): nothing went wrong here.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(errors.EXIT_OTHER)
        except Exception as exc:
            known = known_error(exc)
            if known is not None:
                _fail(known)
            if os.environ.get("COACH_WORKBOOK_DEBUG"):
                raise
            click.echo(f"Coach Workbook hit an unexpected problem ({type(exc).__name__}); "
                       "nothing further was changed. Set COACH_WORKBOOK_DEBUG=1 to see details.",
                       err=True)
            sys.exit(errors.EXIT_OTHER)

    return wrapper  # type: ignore[return-value]


@contextmanager
def opened(path: str) -> Iterator[Any]:
    from workbook.vault import open_vault

    v = open_vault(Path(path), ask_passphrase())
    try:
        yield v
    finally:
        v.close()


def _record(obj: Any) -> dict[str, Any]:
    data = dataclasses.asdict(obj) if dataclasses.is_dataclass(obj) else dict(obj)
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in data.items()}


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="coach-workbook", prog_name="coach-workbook")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Coach Workbook: an offline, encrypted workbook for academic coaches.

    Without a command, opens the desktop app.
    """
    _Stdin.lines = None  # each invocation reads its own stdin
    if ctx.invoked_subcommand is None:
        ctx.invoke(gui)


@main.command()
@click.argument("workbook", required=False, type=click.Path(dir_okay=False))
def gui(workbook: str | None) -> None:
    """Open the desktop app (optionally on WORKBOOK)."""
    from workbook.display import display_problem

    if display_problem():
        _without_display()
        return
    from ui.app import run_app

    sys.exit(run_app(Path(workbook) if workbook else None))


DEMO_FILE = "demo.cwb"
SAMPLE_SUMMARY_FILE = "demo-session-summary.pdf"
# The most recent held meeting with goals and action items: a summary that shows everything.
_SAMPLE_SESSION = """
SELECT s.id FROM sessions s JOIN coachees c ON c.id = s.coachee_id
WHERE s.status = 'held' AND s.deleted_at IS NULL AND c.deleted_at IS NULL
  AND EXISTS (SELECT 1 FROM session_goals g WHERE g.session_id = s.id)
  AND EXISTS (SELECT 1 FROM action_items a WHERE a.session_id = s.id AND a.deleted_at IS NULL)
ORDER BY s.scheduled_at DESC LIMIT 1
"""


@handle_errors
def _without_display() -> None:
    """No window can open here: leave the demo workbook and a sample summary to look at."""
    from workbook.demo import DEMO_PASSPHRASE, create_demo_workbook
    from workbook.documents.summary import write_session_summary
    from workbook.vault import open_vault

    folder = Path(os.environ.get("COACH_WORKBOOK_DATA_DIR") or Path.cwd()).resolve()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    demo_path, pdf_path = folder / DEMO_FILE, folder / SAMPLE_SUMMARY_FILE
    reused = demo_path.exists()
    try:
        v = open_vault(demo_path, DEMO_PASSPHRASE) if reused else create_demo_workbook(demo_path)
    except errors.WrongPassphrase:
        raise errors.CannotOpen(f"«{demo_path}» is not the demo workbook (the demo passphrase "
                                "does not open it); move it away or run this in another "
                                "folder.") from None
    with v:
        row = v.db.execute(_SAMPLE_SESSION).fetchone()
        if row is None:
            raise errors.NotFound(f"The demo workbook «{demo_path}» has no held meeting to "
                                  "summarise; move it away and run this again.")
        write_session_summary(v.db, row[0], pdf_path)
    click.echo(
        "No display was found, so the Coach Workbook window cannot open here. Instead, "
        f"{'the existing' if reused else 'a new'} demo workbook of fictional learners is at "
        f"{demo_path} (passphrase “{DEMO_PASSPHRASE}”) and a sample session summary is at "
        f"{pdf_path} (not encrypted). To see the window, run coach-workbook (or make run) "
        "from a desktop session; here, coach-workbook --help lists what the command line "
        "can do.")


def _new_path(path: str) -> Path:
    p = Path(path)
    if not p.suffix:
        p = p.with_suffix(".cwb")
    return p


@main.command()
@click.argument("path", type=click.Path(dir_okay=False))
@handle_errors
def new(path: str) -> None:
    """Create a new, empty encrypted workbook at PATH."""
    from workbook.vault import create

    target = _new_path(path)
    if _interactive():
        click.echo(NO_RECOVERY)
    create(target, ask_passphrase("new passphrase", confirm=True)).close()
    click.echo(f"Created {target}.")


@main.command()
@click.argument("path", type=click.Path(dir_okay=False))
@handle_errors
def demo(path: str) -> None:
    """Create a demo workbook of fictional coachees at PATH."""
    from workbook.demo import build_demo
    from workbook.vault import create

    target = _new_path(path)
    if _interactive():
        click.echo(NO_RECOVERY)
    with create(target, ask_passphrase("new passphrase", confirm=True)) as v:
        summary = build_demo(v.db)
    click.echo(f"Created the demo workbook {target} (fictional learners only): "
               f"{count(summary.coachees, 'coachee')}, {count(summary.sessions, 'session')}.")


def _looks_like_json(path: Path) -> bool:
    if path.suffix.lower() == ".json":
        return True
    if path.suffix.lower() in (".csv", ".tsv", ".txt"):
        return False
    with open(path, "rb") as fh:
        head = fh.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{")


@main.command(name="import")
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


@main.command()
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


_LISTS = ("coachees", "goals", "sessions", "actions")


def _rows_for(db: Any, what: str, coachee: int | None) -> list[dict[str, Any]]:
    if what == "coachees":
        from workbook import coachees

        return [_record(c) | {"name": c.name} for c in coachees.list_coachees(db)]
    if what == "goals":
        from workbook import goals

        return [_record(g) for g in goals.list_goals(db, coachee)]
    if what == "sessions":
        from workbook import sessions

        return [_record(s) for s in sessions.list_sessions(db, coachee)]
    from workbook import actions

    return [_record(a) for a in actions.list_actions(db, coachee_id=coachee)]


_COLUMNS = {
    "coachees": ("id", "name", "level", "program", "status"),
    "goals": ("id", "coachee_id", "domain", "status", "progress", "title"),
    "sessions": ("id", "coachee_id", "scheduled_at", "status", "template_name"),
    "actions": ("id", "coachee_id", "due_date", "done_on", "owner", "text"),
}


def _print_table(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> None:
    if not rows:
        click.echo("(none)")
        return
    cells = [[("" if r.get(c) is None else str(r.get(c))).replace("\n", " ")[:60] for c in columns]
             for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    click.echo("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip())
    for row in cells:
        click.echo("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())


@main.command(name="list")
@click.argument("workbook", type=click.Path(dir_okay=False))
@click.argument("what", type=click.Choice(_LISTS))
@click.option("--coachee", type=int, help="Only this coachee's records (by id).")
@click.option("--json", "as_json", is_flag=True, help="A JSON array of objects, each with its id.")
@handle_errors
def list_(workbook: str, what: str, coachee: int | None, as_json: bool) -> None:
    """List coachees, goals, sessions or action items."""
    with opened(workbook) as v:
        rows = _rows_for(v.db, what, coachee)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        _print_table(rows, _COLUMNS[what])


@main.command()
@click.argument("workbook", type=click.Path(dir_okay=False))
@click.argument("query")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 500))
@click.option("--json", "as_json", is_flag=True, help="A JSON array of hits, each with its id.")
@handle_errors
def search(workbook: str, query: str, limit: int, as_json: bool) -> None:
    """Full-text search over names, goals, reflections, notes and action items."""
    from workbook.search import search as run_search

    with opened(workbook) as v:
        hits = run_search(v.db, query, limit=limit)
    rows = [_record(h) | {"id": h.ref_id} for h in hits]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("No matches.")
    for h in hits:
        kind = f"private {h.kind}" if h.private else h.kind
        click.echo(f"[{kind} {h.ref_id}] {h.coachee_name} — {h.title}".rstrip(" —"))
        click.echo(f"    {h.snippet}")


@main.command()
@click.argument("workbook", type=click.Path(dir_okay=False))
@handle_errors
def verify(workbook: str) -> None:
    """Check the WORKBOOK: every page's HMAC, SQLite integrity and links between records."""
    with opened(workbook) as v:
        report = v.verify()
    click.echo(report.sentence())
    if not report.ok:
        sys.exit(errors.EXIT_CANNOT_OPEN)


@main.command()
@click.argument("workbook", type=click.Path(dir_okay=False))
@click.argument("destination", required=False, type=click.Path())
@handle_errors
def backup(workbook: str, destination: str | None) -> None:
    """Write an encrypted copy of WORKBOOK (same passphrase) to DESTINATION (file or folder)."""
    dest = Path(destination) if destination else Path(workbook).resolve().parent
    with opened(workbook) as v:
        written = v.backup(dest)
    click.echo(f"Backed up to {written} (encrypted with the same passphrase).")


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
               output: str, password_protect: bool, what: str) -> None:
    """Load the content (a missing record fails before any prompt), close the workbook, then
    ask for the PDF password, render and write."""
    from workbook.documents.output import write_file

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


@main.command()
@click.argument("workbook", type=click.Path(dir_okay=False))
@click.argument("session_id", type=int)
@_PDF_OUTPUT
@_PDF_PROTECT
@handle_errors
def summary(workbook: str, session_id: int, output: str, password_protect: bool) -> None:
    """Write the summary of session SESSION_ID as a PDF (shared sections only)."""
    from workbook.documents.summary import render_summary
    from workbook.documents.summary_data import load_summary
    from workbook.privacy import document_contents

    def load(db: Any) -> Any:
        content = load_summary(db, session_id)
        _say_what_is_printed(document_contents(db, session_id))  # before anything is written
        return content

    _write_pdf(workbook, load, render_summary, output, password_protect, "session summary")


def _say_what_is_printed(contents: Any) -> None:
    def quoted(headings: tuple[str, ...]) -> str:
        return ", ".join(f"«{h}»" for h in headings)

    for section in contents.made_shared:
        click.echo(f"Note: «{section.heading}» was made shared on "
                   f"{section.made_shared.changed_at[:10]} — it will be printed.", err=True)
    click.echo(f"Printed for the learner: {quoted(contents.included)}." if contents.included
               else "No notes are printed: no shared section has notes yet.")
    if contents.private:
        click.echo(f"Left out (private): {quoted(contents.private)}.")


@main.command()
@click.argument("workbook", type=click.Path(dir_okay=False))
@click.argument("coachee_id", type=int)
@_PDF_OUTPUT
@_PDF_PROTECT
@handle_errors
def portfolio(workbook: str, coachee_id: int, output: str, password_protect: bool) -> None:
    """Write the portfolio summary of coachee COACHEE_ID as a PDF (no session notes)."""
    from workbook.documents.portfolio import render_portfolio
    from workbook.documents.portfolio_data import load_portfolio

    _write_pdf(workbook, lambda db: load_portfolio(db, coachee_id), render_portfolio, output,
               password_protect, "portfolio summary")


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


@main.command()
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
    from workbook.changes import today
    from workbook.documents.batch import (
        load_summaries,
        render_loaded,
        sessions_between,
        worth_summarising,
        write_summaries,
    )
    from workbook.privacy import documents_contents

    start, end = _day(first, "--from"), _day(last if last is not None else first, "--to")
    if end < start:
        click.echo(f"--to {end} is before --from {start}.", err=True)
        sys.exit(errors.EXIT_USAGE)
    folder = Path(output)
    if not folder.is_dir():  # before the passphrase: nothing to open it for
        raise errors.InvalidInput(f"The folder «{folder}» does not exist; choose another.")
    with opened(workbook) as v:
        found = sessions_between(v.db, start, end)
        ids = [s.id for s in found if worth_summarising(s, today())]
        if not ids:
            left = (f" ({len(found)} cancelled, no-show or still to come)" if found else "")
            raise errors.NotFound(
                f"There is no held session between {start} and {end}{left}.")
        contents = load_summaries(v.db, ids)
        for each in documents_contents(v.db, ids):  # before anything is written
            for section in each.made_shared:
                click.echo(f"Note: «{section.heading}» in {each.coachee_name}'s session of "
                           f"{each.scheduled_at[:10]} was made shared on "
                           f"{section.made_shared.changed_at[:10]} — it will be printed.",
                           err=True)
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


@main.command()
@click.argument("workbook", type=click.Path(dir_okay=False))
@handle_errors
def passwd(workbook: str) -> None:
    """Change the passphrase of WORKBOOK (current, then new; on stdin one per line)."""
    from workbook.vault import open_vault

    current = ask_passphrase("current passphrase")
    with open_vault(Path(workbook), current) as v:
        if _interactive():
            click.echo(NO_RECOVERY)
        v.change_passphrase(current, ask_passphrase("new passphrase", confirm=True))
    click.echo("Passphrase changed. The old passphrase no longer opens this workbook.")


if __name__ == "__main__":  # pragma: no cover
    main()
