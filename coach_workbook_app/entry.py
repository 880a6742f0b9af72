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


def utf8_output() -> None:
    """Output piped to a file or a script is UTF-8 on every system. Windows would otherwise
    encode it in its ANSI code page, which has no letters for most of the world's names, and
    a `list` of coachees would stop at the first Chinese or Arabic one. A console keeps its
    own encoding (Python writes to Windows consoles in UTF-16 already)."""
    for stream in (sys.stdout, sys.stderr):
        if stream is None or not hasattr(stream, "reconfigure"):
            continue  # a Windows program without a console has no streams at all
        try:
            if not stream.isatty() and (stream.encoding or "").lower() not in ("utf-8", "utf8"):
                stream.reconfigure(encoding="utf-8")
        except (OSError, ValueError):
            continue


def start() -> None:
    """Run `coach-workbook` as typed: the window, or a command."""
    utf8_output()
    if len(sys.argv) <= 1 and display_problem() is None:
        harden_process()  # before the window reads any passphrase
        from ui.window.app import run_app

        sys.exit(run_app(None))
    from coach_workbook_app.launch import main

    main()  # also the window without a display: it says what to do instead
