"""A workbook's life: create it (empty or the demo), check it, back it up, change its
passphrase."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from workbook import errors
from workbook.cli.core import NO_RECOVERY, ask_passphrase, handle_errors, interactive, opened
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
    from workbook.demo import build_demo
    from workbook.vault import create

    target = _new_path(path)
    if interactive():
        click.echo(NO_RECOVERY)
    with create(target, ask_passphrase("new passphrase", confirm=True)) as v:
        summary = build_demo(v.db)
    click.echo(f"Created the demo workbook {target} (fictional learners only): "
               f"{count(summary.coachees, 'coachee')}, {count(summary.sessions, 'session')}.")


@click.command()
@click.argument("workbook", type=click.Path(dir_okay=False))
@handle_errors
def verify(workbook: str) -> None:
    """Check the WORKBOOK: every page's HMAC, SQLite integrity and links between records."""
    with opened(workbook) as v:
        report = v.verify()
    click.echo(report.sentence())
    if not report.ok:
        sys.exit(errors.EXIT_CANNOT_OPEN)


@click.command()
@click.argument("workbook", type=click.Path(dir_okay=False))
@click.argument("destination", required=False, type=click.Path())
@handle_errors
def backup(workbook: str, destination: str | None) -> None:
    """Write an encrypted copy of WORKBOOK (same passphrase) to DESTINATION (file or folder)."""
    dest = Path(destination) if destination else Path(workbook).resolve().parent
    with opened(workbook) as v:
        written = v.backup(dest)
    click.echo(f"Backed up to {written} (encrypted with the same passphrase).")


@click.command()
@click.argument("workbook", type=click.Path(dir_okay=False))
@handle_errors
def passwd(workbook: str) -> None:
    """Change the passphrase of WORKBOOK (current, then new; on stdin one per line)."""
    from workbook.vault import open_vault

    current = ask_passphrase("current passphrase")
    with open_vault(Path(workbook), current) as v:
        if interactive():
            click.echo(NO_RECOVERY)
        v.change_passphrase(current, ask_passphrase("new passphrase", confirm=True))
    click.echo("Passphrase changed. The old passphrase no longer opens this workbook.")
