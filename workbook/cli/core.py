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
from workbook.errors import UnreadableStdin, WorkbookError

F = TypeVar("F", bound=Callable[..., Any])

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}


def version_option(*more: Callable[[], str]) -> Callable[[Callable[..., Any]], Any]:
    """`--version`: the app's version, then what it runs on (SQLCipher and SQLite, each of
    `more`, Python): what support asks for, and what tells a frozen build from the venv."""

    def show(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
        if not value or ctx.resilient_parsing:
            return
        import platform
        from importlib.metadata import version

        from workbook.vault import engine

        lines = [f"coach-workbook, version {version('coach-workbook')}", engine.versions(),
                 *(line() for line in more), f"Python {platform.python_version()}"]
        click.echo("\n".join(lines))
        ctx.exit()

    return click.option("--version", is_flag=True, expose_value=False, is_eager=True,
                        callback=show, help="Show the version, and what it runs on, and exit.")

NO_RECOVERY = ("There is no way to recover a forgotten passphrase: keep it somewhere safe "
               "and make backups (coach-workbook backup).")


def interactive() -> bool:
    return sys.stdin.isatty()


# No passphrase or PDF password is longer; stops a runaway line (a file piped by mistake).
MAX_LINE_BYTES = 4096
_BOM = "\ufeff"


def _read_stdin_line(into: bytearray) -> int | None:
    """Read the next line of standard input into `into`, without its line break; its
    length (more than `MAX_LINE_BYTES` when cut short), or None at the end of the input.

    A byte at a time from the descriptor into the caller's buffer, so neither the text
    layer of `sys.stdin` nor a grown copy keeps the passphrase, and each prompt takes the
    next line.
    """
    try:
        fd = sys.stdin.fileno()
    except (AttributeError, OSError, ValueError):
        fd = -1
    if fd < 0:
        # Not backed by a descriptor (a test runner's stream): it holds the text already.
        stream = getattr(sys.stdin, "buffer", None)
        raw = stream.readline(MAX_LINE_BYTES + 1) if stream is not None else (
            sys.stdin.readline(MAX_LINE_BYTES + 1).encode("utf-8", "surrogateescape"))
        if not raw:
            return None
        raw = raw.removesuffix(b"\n")
        into[:len(raw)] = raw
        return len(raw)
    n = 0
    while n <= MAX_LINE_BYTES:
        byte = os.read(fd, 1)
        if not byte:
            return n if n else None
        if byte == b"\n":
            return n
        into[n] = byte[0]
        n += 1
    return n


def _next_stdin_line(what: str) -> str:
    """The next line of standard input as a passphrase: UTF-8, a byte-order mark dropped."""
    buffer = bytearray(MAX_LINE_BYTES + 1)
    try:
        n = _read_stdin_line(buffer)
        if n is None:
            raise UnreadableStdin(f"Expected the {what} on standard input (one per line).")
        if n > MAX_LINE_BYTES:
            raise UnreadableStdin(f"The line for the {what} on standard input is longer "
                                  f"than {MAX_LINE_BYTES:,} bytes; check what is piped in.")
        if n and buffer[n - 1] == ord("\r"):
            n -= 1
        try:
            text = str(memoryview(buffer)[:n], "utf-8")
        except UnicodeDecodeError:
            raise UnreadableStdin(
                f"The {what} on standard input is not UTF-8 text; save the file as UTF-8 "
                "(or type it at the prompt) and try again.") from None
    finally:
        buffer[:] = bytes(len(buffer))  # read and decoded: leave no copy of the bytes
    # Windows Notepad starts a UTF-8 file with a byte-order mark; nobody types one.
    text = text.removeprefix(_BOM)
    if not text:
        raise UnreadableStdin(f"Expected the {what} on standard input but found an empty "
                              f"line; put the {what} on its own line.")
    if "\x00" in text:
        raise UnreadableStdin(f"The {what} on standard input contains a NUL character, "
                              "which nobody can type; check what is piped in.")
    return text


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
def opened(path: str, *, check_pages: bool = True) -> Iterator[Any]:
    """The workbook at `path`, unlocked with the passphrase asked for; by default a file
    with a damaged page is refused first, so no command reports on half a workbook."""
    from workbook.vault import open_vault

    v = open_vault(Path(path), ask_passphrase(), check_pages=check_pages)
    from workbook.network_drive import warning

    if said := warning(path):
        click.echo(said, err=True)
    try:
        yield v
    finally:
        v.close()


def clean_leftovers() -> None:
    """At the start of every command: remove the temporary files a killed run left behind
    (`workbook.leftovers`) and say so on stderr."""
    from workbook import leftovers

    for leftover in leftovers.clean():
        if leftover.sentence():
            click.echo(leftover.sentence(), err=True)


def output_path(output: str, force: bool, workbook: str, what: str = "export") -> Path:
    """The file a command will write, refused (exit 2) before the passphrase is asked and
    before anything is said about it: where it cannot be written (its folder missing, its
    name too long; `workbook.vault.sniff.check_output_path`), when it is a workbook, or when
    it exists without --force. A backup (`what` "backup") is held to `new`'s rules."""
    from workbook.vault import outputs, sniff

    sniff.check_output_path(Path(output), workbook=what == outputs.BACKUP)
    return outputs.check_output(Path(output), force=force, sources=[Path(workbook)], what=what)


FORCE = click.option("--force", is_flag=True,
                     help="Replace the output file if it exists (never a workbook).")


def record(obj: Any) -> dict[str, Any]:
    """A record as JSON-ready fields (tuples become lists)."""
    data = dataclasses.asdict(obj) if dataclasses.is_dataclass(obj) else dict(obj)
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in data.items()}
