"""Typed errors: each carries one sentence a coach can act on, and a CLI exit code.

`WorkbookError` and its subclasses are *known* errors: the GUI shows the sentence in a
dialog and the CLI prints it and exits with `exit_code`. Anything else that escapes is a
bug and is reported as one.
"""

from __future__ import annotations

# CLI exit codes (documented in the README).
EXIT_OK = 0
EXIT_OTHER = 1
EXIT_USAGE = 2
EXIT_CANNOT_OPEN = 3
EXIT_INVALID_INPUT = 4
EXIT_IN_USE = 5


class WorkbookError(Exception):
    """A known error with a sentence for the user."""

    exit_code = EXIT_OTHER

    def __init__(self, sentence: str) -> None:
        super().__init__(sentence)
        self.sentence = sentence

    def __str__(self) -> str:
        return self.sentence


class CannotOpen(WorkbookError):
    """The file cannot be opened as a workbook (the family of exit code 3)."""

    exit_code = EXIT_CANNOT_OPEN


class WrongPassphrase(CannotOpen):
    pass


class DamagedWorkbook(CannotOpen):
    pass


class DamagedCopy(DamagedWorkbook):
    """A backup that opened with its passphrase, but whose contents are damaged."""


class NotAWorkbook(CannotOpen):
    pass


class WorkbookTooNew(CannotOpen):
    pass


class WorkbookInUse(WorkbookError):
    exit_code = EXIT_IN_USE


class ReadOnlyLocation(WorkbookError):
    pass


class DiskFull(WorkbookError):
    pass


class WorkbookClosed(WorkbookError):
    pass


class WeakPassphrase(WorkbookError):
    exit_code = EXIT_USAGE


class BadFileName(WorkbookError):
    """A name a new workbook cannot take (too long for the names made from it)."""

    exit_code = EXIT_USAGE


class UnreadableStdin(WorkbookError):
    """A passphrase or password line on standard input that cannot be used as it is."""

    exit_code = EXIT_USAGE


class BadPeriod(WorkbookError):
    """A report period that is not whole quarters (a command's argument, not a file's)."""

    exit_code = EXIT_USAGE


class OutputRefused(WorkbookError):
    """A file to write that must not be replaced: a workbook, or an existing file without
    `--force` (the app asks instead)."""

    exit_code = EXIT_USAGE


class IncompleteInstall(WorkbookError):
    """A file the app ships with is missing or unreadable (the app, not the data, is at
    fault)."""


class InvalidInput(WorkbookError):
    """Bad data from a user or an input file; names the file, row/record and field."""

    exit_code = EXIT_INVALID_INPUT


class AmbiguousDateOrder(InvalidInput):
    """A roster column's dates read both day first and month first; the caller asks which.

    `readings` maps "dmy" and "mdy" to what `example` means in each order ("3 April 2026")."""

    def __init__(self, sentence: str, *, column: str, example: str,
                 readings: dict[str, str]) -> None:
        super().__init__(sentence)
        self.column, self.example, self.readings = column, example, readings


class NotFound(WorkbookError):
    pass
