"""`coach-workbook`: without a command (or with `gui`) the window, otherwise the command line.

Qt is imported only once a window is sure to open, so the commands start fast and a machine
without a display gets a sentence, not an abort.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from coach_workbook_app.display import display_problem
from workbook.cli import COMMANDS
from workbook.cli.core import CONTEXT_SETTINGS, clean_leftovers, handle_errors, version_option
from workbook.hardening import harden_process
from workbook.user_folders import DATA_ENV, PORTABLE_ENV, app_folder


def _qt_versions() -> str:
    import PySide6
    from PySide6.QtCore import qVersion

    return f"Qt {qVersion()} (PySide6 {PySide6.__version__})"


@click.command()
@click.argument("workbook", required=False, type=click.Path(dir_okay=False))
def gui(workbook: str | None) -> None:
    """Open the desktop app (optionally on WORKBOOK)."""
    if display_problem():
        _without_display()
        return
    from ui.window.app import run_app

    sys.exit(run_app(Path(workbook) if workbook else None))


@handle_errors
def _without_display() -> None:
    """No window can open here: leave the demo workbook and a sample summary to look at."""
    from workbook.demo import DEMO_PASSPHRASE
    from workbook.demo_sample import leave_demo_sample

    folder = Path(os.environ.get(DATA_ENV) or Path.cwd()).resolve()
    sample = leave_demo_sample(folder)
    click.echo(
        "No display was found, so the Coach Workbook window cannot open here. Instead, "
        f"{'the existing' if sample.reused else 'a new'} demo workbook of fictional learners "
        f"is at {sample.workbook} (passphrase “{DEMO_PASSPHRASE}”) and a sample session "
        f"summary is at {sample.summary} (not encrypted). To see the window, run "
        "coach-workbook (or make run) from a desktop session; here, coach-workbook --help "
        "lists what the command line can do.")


class _OpensFiles(click.Group):
    """`coach-workbook FILE` is `coach-workbook gui FILE`: a file manager's "Open with", a
    file dropped on the executable and the `.desktop` file's `Exec` all call it so. A word
    that is neither a command nor an existing file is still "No such command"."""

    def resolve_command(self, ctx: click.Context, args: list[str]
                        ) -> tuple[str | None, click.Command | None, list[str]]:
        first = args[0] if args else ""
        if first and first not in self.commands and not first.startswith("-") \
                and os.path.lexists(first):
            return "gui", gui, args
        return super().resolve_command(ctx, args)


@click.group(cls=_OpensFiles, invoke_without_command=True, commands=(*COMMANDS, gui),
             context_settings=CONTEXT_SETTINGS)
@version_option(_qt_versions)
@click.option("--portable", is_flag=True,
              help="Keep settings and the demo beside the app (settings/, data/), not in "
                   "this computer's user folders; a portable.ini beside the app does the same.")
@click.option("--smoke", is_flag=True, hidden=True,
              help="Check the window unattended (coach_workbook_app.smoke), then quit.")
@click.pass_context
def main(ctx: click.Context, portable: bool, smoke: bool) -> None:
    """Coach Workbook: an offline, encrypted workbook for academic coaches.

    Without a command, opens the desktop app.
    """
    harden_process()  # before any passphrase is read, by the window or a command
    if portable:
        os.environ[PORTABLE_ENV] = str(app_folder() or Path.cwd())
    if smoke:
        from coach_workbook_app.smoke import run

        sys.exit(run())
    if ctx.invoked_subcommand is None:
        ctx.invoke(gui)
    elif ctx.invoked_subcommand != "gui":  # the window cleans up and says so itself
        clean_leftovers()
