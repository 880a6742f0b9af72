"""The automatic backups of a workbook: list them, and restore one over the workbook."""

from __future__ import annotations

from pathlib import Path

import click

from workbook.cli.core import ask_passphrase, handle_errors, interactive, opened
from workbook.dates import format_datetime
from workbook.wording import count


@click.command("backups")
@click.argument("workbook", type=click.Path(dir_okay=False))
@handle_errors
def backups_(workbook: str) -> None:
    """List the automatic backups of WORKBOOK, newest first."""
    from workbook import backups

    with opened(workbook) as v:
        folder = backups.configured_folder(v)
        found = backups.list_backups(folder, v.path.stem)
    if not found:
        click.echo(f"No automatic backups yet in {folder}.")
        return
    click.echo(f"{count(len(found), 'automatic backup')} in {folder}:")
    for backup in found:
        click.echo(f"  {backup.describe()}  {backup.path.name}")


@click.command()
@click.argument("backup", type=click.Path(dir_okay=False))
@click.argument("workbook", type=click.Path(dir_okay=False))
@click.option("--yes", "-y", is_flag=True,
              help="Replace an existing WORKBOOK without asking (needed when not on a terminal).")
@handle_errors
def restore(backup: str, workbook: str, yes: bool) -> None:
    """Replace WORKBOOK by BACKUP (asks for the backup's passphrase).

    WORKBOOK must not be open anywhere. Before it is replaced it is copied into its backups
    folder, so a restore can itself be undone. The restored workbook opens with the backup's
    passphrase."""
    from workbook import backups
    from workbook.vault import sniff

    source, target = Path(backup), Path(workbook)
    if not target.exists():
        # Only where `new` would put a workbook: never a folder made on the way, nor one too
        # deep for the backups made beside it. A workbook already there is replaced where it
        # is, whatever its name: a restore is when the coach needs it most.
        sniff.check_output_path(target, workbook=True)
        sniff.check_new_path(target)
    passphrase = ask_passphrase("backup's passphrase")
    found = backups.contents(source, passphrase)
    click.echo(f"{source.name}, made {format_datetime(found.made)}: "
               f"{count(found.coachees, 'coachee')}, {count(found.sessions, 'session')}, "
               f"{count(found.goals, 'goal')}.")
    if target.exists() and not yes:
        if not interactive():
            raise click.UsageError(f"{target} exists: add --yes to replace it by this backup.")
        click.confirm(f"Replace {target} by this backup? The current file is kept in its "
                      "backups folder", abort=True)
    done = backups.restore(source, target, passphrase)
    click.echo(f"Restored {target} from {source.name}; it opens with the backup's passphrase.")
    if done.replaced is not None:
        click.echo(f"The workbook it replaced was kept as {done.replaced}.")
