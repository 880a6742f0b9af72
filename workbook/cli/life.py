"""A workbook's life: create it (empty or the demo), check it, back it up, change its
passphrase."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from workbook import errors
from workbook.cli.core import (
    FORCE,
    NO_RECOVERY,
    ask_passphrase,
    handle_errors,
    interactive,
    opened,
    output_path,
)
from workbook.vault import DEFAULT_SUFFIX, sniff
from workbook.wording import count


def _new_path(path: str) -> Path:
    p = Path(path)
    if not p.suffix:
        p = p.with_suffix(".cwb")
    return p


@click.command()
@click.argument("path", type=click.Path(dir_okay=False))
@handle_errors
def new(path: str) -> None:
    """Create a new, empty encrypted workbook at PATH."""
    from workbook.vault import create

    target = _new_path(path)
    if interactive():
        click.echo(NO_RECOVERY)
    create(target, ask_passphrase("new passphrase", confirm=True)).close()
    click.echo(f"Created {target}.")


@click.command()
@click.argument("path", type=click.Path(dir_okay=False))
@handle_errors
def demo(path: str) -> None:
    """Create a demo workbook of fictional coachees at PATH."""
    from workbook.demo import create_demo_workbook
    from workbook.demo import summary as summarise

    target = _new_path(path)
    if interactive():
        click.echo(NO_RECOVERY)
    # all or nothing: a demo that cannot be built leaves no half-made workbook behind
    with create_demo_workbook(target, ask_passphrase("new passphrase", confirm=True)) as v:
        summary = summarise(v.db)
    click.echo(f"Created the demo workbook {target} (fictional learners only): "
               f"{count(summary.coachees, 'coachee')}, {count(summary.sessions, 'session')}.")


@click.command()
@click.argument("workbook", type=click.Path(dir_okay=False))
@handle_errors
def verify(workbook: str) -> None:
    """Check the WORKBOOK: every page's HMAC, SQLite integrity and links between records."""
    with opened(workbook, check_pages=False) as v:  # the report names every problem
        report = v.verify()
    click.echo(report.sentence())
    if not report.ok:
        sys.exit(errors.EXIT_CANNOT_OPEN)


@click.command()
@click.argument("workbook", type=click.Path(dir_okay=False))
@click.argument("destination", required=False, type=click.Path())
@FORCE
@handle_errors
def backup(workbook: str, destination: str | None, force: bool) -> None:
    """Write an encrypted copy of WORKBOOK (same passphrase) to DESTINATION (file or folder).

    An existing file is replaced only with --force, and never when it is a workbook."""
    from workbook.dates import file_stamp

    dest = Path(destination) if destination else Path(workbook).resolve().parent
    if os.path.isdir(dest):
        # Named here, so the name is checked before the passphrase, like any other; a long
        # workbook name is shortened, never refused, since the coach did not choose this one.
        tail = f"-backup-{file_stamp()}{DEFAULT_SUFFIX}"
        room = sniff.name_max(dest) - len(sniff.JOURNAL_SUFFIX) - len(tail.encode())
        stem = os.fsencode(Path(workbook).stem)[:room].decode("utf-8", "ignore")
        dest = dest / f"{stem}{tail}"
        sniff.check_output_path(dest, workbook=True)
    else:
        output_path(str(dest), force, workbook, what="backup")
    from workbook.vault import copies

    with opened(workbook) as v:
        written = copies.backup(v, dest)
    click.echo(f"Backed up to {written} (encrypted with the same passphrase).")


@click.command()
@click.argument("workbook", type=click.Path(dir_okay=False))
@click.option("--backups", "backups_choice", type=click.Choice(["reencrypt", "delete"]),
              help="What becomes of the automatic backups, which open with the old passphrase "
                   "(required when there are any and no terminal to ask).")
@handle_errors
def passwd(workbook: str, backups_choice: str | None) -> None:
    """Change the passphrase of WORKBOOK (current, then new; on stdin one per line)."""
    from workbook import backups
    from workbook.vault import open_vault

    current = ask_passphrase("current passphrase")
    # Every page is read first, as other commands do: a damaged file is refused unchanged.
    with open_vault(Path(workbook), current, check_pages=True) as v:
        found = backups.list_backups(backups.configured_folder(v), v.path.stem)
        if found and backups_choice is None:
            backups_choice = _ask_backups_choice(len(found))
        if interactive():
            click.echo(NO_RECOVERY)
        v.change_passphrase(current, ask_passphrase("new passphrase", confirm=True))
        click.echo("Passphrase changed. The old passphrase no longer opens this workbook.")
        if found and backups_choice is not None:
            outcome = backups.after_passphrase_change(v, backups_choice, current)
            done = "re-encrypted" if backups_choice == "reencrypt" else "deleted"
            click.echo(f"{count(len(outcome.done), 'automatic backup')} {done}.")
            if outcome.left:
                click.echo(f"{count(len(outcome.left), 'backup')} did not open with the old "
                           "passphrase and were left as they were: "
                           + ", ".join(p.name for p in outcome.left) + ".", err=True)
            if outcome.damaged:
                click.echo("Damaged, and left as they were: "
                           f"{count(len(outcome.damaged), 'backup')} ("
                           + ", ".join(p.name for p in outcome.damaged) + ").", err=True)


def _ask_backups_choice(found: int) -> str:
    what = (f"This workbook has {count(found, 'automatic backup')}, which open with the "
            "current passphrase")
    if not interactive():
        raise click.UsageError(f"{what}: add --backups reencrypt or --backups delete.")
    choice: str = click.prompt(f"{what}. Re-encrypt them with the new one, or delete them?",
                               type=click.Choice(["reencrypt", "delete"]))
    return choice
