"""`coach-workbook`'s commands: the command-line face of the workbook API.

Passphrases never come from argv: a hidden prompt on a terminal, else the next line of
stdin (`passwd`: the current one, then the new one on the next line). Errors are one
sentence on stderr with a documented exit code (see README); no traceback reaches a user.

One module per command group: `life` (new, demo, verify, backup, passwd), `backups`
(backups, restore), `exchange`
(import, export), `lookup` (list, search), `documents` (summary, summaries, portfolio),
`program` (program report, program merge);
`core` holds what they share. The window is not here: `coach_workbook_app` adds it on top.
"""

from __future__ import annotations

import click

from workbook.cli import backups, documents, exchange, life, lookup, program
from workbook.cli.core import CONTEXT_SETTINGS, clean_leftovers, version_option
from workbook.hardening import harden_process

COMMANDS: tuple[click.Command, ...] = (
    life.new, life.demo, life.verify, life.backup, life.passwd,
    backups.backups_, backups.restore,
    exchange.import_, exchange.export,
    lookup.list_, lookup.search,
    documents.summary, documents.summaries, documents.portfolio,
    program.program,
)


@click.group(commands=COMMANDS, context_settings=CONTEXT_SETTINGS)
@version_option()
def main() -> None:
    """Coach Workbook's command line (`coach-workbook` without a command opens the app)."""
    harden_process()  # before any passphrase is read
    clean_leftovers()
