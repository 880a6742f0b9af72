"""What every command shares: passphrase prompts, opening a workbook, errors to exit codes."""

from __future__ import annotations

import dataclasses
import functools
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from workbook import errors
from workbook.errors import WorkbookError

F = TypeVar("F", bound=Callable[..., Any])

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}

NO_RECOVERY = ("There is no way to recover a forgotten passphrase: keep it somewhere safe "
               "and make backups (coach-workbook backup).")


def interactive() -> bool:
    return sys.stdin.isatty()


def _next_stdin_line(what: str) -> str:
    # Read a line at a time, so each prompt takes the next line and nothing is kept between
    # invocations.
    line = sys.stdin.readline()
    if not line:
        raise click.UsageError(f"Expected the {what} on standard input (one per line).")
    return line.removesuffix("\n").removesuffix("\r")


def ask_passphrase(what: str = "passphrase", *, confirm: bool = False) -> str:
    if interactive():
        value: str = click.prompt(what[0].upper() + what[1:], hide_input=True,
                                  confirmation_prompt=confirm, prompt_suffix=": ")
        return value
    return _next_stdin_line(what)


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


def record(obj: Any) -> dict[str, Any]:
    """A record as JSON-ready fields (tuples become lists)."""
    data = dataclasses.asdict(obj) if dataclasses.is_dataclass(obj) else dict(obj)
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in data.items()}
