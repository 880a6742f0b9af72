"""The `coach-workbook` console script: with no arguments, straight to the window; with any,
the command line (`coach_workbook_app.launch`).

Opening the window is the common case, and the start page should paint as soon as Qt can:
click and every command module (tens of milliseconds) are imported only when a command is
asked for.
"""

from __future__ import annotations

import sys

from coach_workbook_app.display import display_problem
from workbook.hardening import harden_process


def start() -> None:
    """Run `coach-workbook` as typed: the window, or a command."""
    if len(sys.argv) <= 1 and display_problem() is None:
        harden_process()  # before the window reads any passphrase
        from ui.window.app import run_app

        sys.exit(run_app(None))
    from coach_workbook_app.launch import main

    main()  # also the window without a display: it says what to do instead
