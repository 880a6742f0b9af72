"""Reading an input file the user chose, with one sentence for each way it can fail.

Only a regular file is read. A FIFO blocks `open` until something writes to it, and a device
such as /dev/zero never ends, so either would hang an import while it holds the workbook's
lock: both are refused before opening, and the file is opened without blocking in case it
was swapped for one after the check.
"""

from __future__ import annotations

import errno
import math
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from workbook.errors import InvalidInput, NotFound, WorkbookError
from workbook.vault import sniff

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) \
    | getattr(os, "O_BINARY", 0)


def _kind(mode: int) -> str | None:
    """What a file that is not a regular one is, in a coach's words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def _refuse_special(mode: int, name: str) -> None:
    kind = _kind(mode)
    if kind == "a folder":
        raise InvalidInput(f"{name} is a folder, not a file.")
    if kind is not None:
        raise InvalidInput(f"{name} is {kind}, not a file saved on disk; choose a file.")


def _refuse_large(size: int, limit: int, name: str) -> None:
    if size > limit:
        raise InvalidInput(
            f"{name} is too large ({math.ceil(size / 1_048_576)} MB; at most "
            f"{limit // 1_048_576} MB)."
        )


# What to do about a link loop, said after the workbook's own sentence for one.
_LOOP_FIX = "point the link at the file, or choose the file itself"


def _unreachable(path: Path, name: str, exc: OSError) -> WorkbookError:
    """What it means that the input file at `path` could not be looked at or opened. A link
    to nothing and a link loop are said as for a workbook's own path."""
    if isinstance(exc, FileNotFoundError):
        if os.path.islink(path):
            return InvalidInput(sniff.link_to_nothing(path))
        return NotFound(f"There is no file at «{path}».")
    if isinstance(exc, PermissionError):
        return InvalidInput(f"{name} cannot be read: you do not have permission.")
    if exc.errno == errno.ELOOP:
        return InvalidInput(sniff.link_loop(path, _LOOP_FIX))
    return InvalidInput(f"{name} cannot be read ({exc.strerror or exc}).")


def check_reachable(path: Path, name: str) -> None:
    """Refuse, before anything is opened, an input file that cannot be reached: missing, a
    link to nothing or a link loop, not allowed to be looked at."""
    try:
        os.stat(path)
    except OSError as exc:
        raise _unreachable(path, name, exc) from None


@contextmanager
def open_regular(path: Path, name: str, limit: int | None = None) -> Iterator[BinaryIO]:
    """The file opened for reading in binary, once it is known to be a regular file (and no
    larger than `limit` bytes); every refusal is one sentence naming it."""
    try:
        info = os.stat(path)
        _refuse_special(info.st_mode, name)
        if limit is not None:
            _refuse_large(info.st_size, limit, name)
        fd = os.open(path, _FLAGS)
    except OSError as exc:
        raise _unreachable(path, name, exc) from None
    with os.fdopen(fd, "rb") as fh:
        # What was opened may not be what was checked (renamed in between): check it again.
        _refuse_special(os.fstat(fd).st_mode, name)
        yield fh


def read_limited(path: Path, limit: int, name: str) -> bytes:
    """The file's bytes; a missing, unreadable, special or too large file becomes one sentence.
    """
    with open_regular(path, name, limit) as fh:
        try:
            data = fh.read(limit + 1)
        except OSError as exc:
            raise InvalidInput(f"{name} cannot be read ({exc.strerror or exc}).") from None
        if len(data) > limit:  # it grew after the check
            _refuse_large(max(len(data), os.fstat(fh.fileno()).st_size), limit, name)
    return data
