"""Private, atomic file writing: a temp file in the target's folder, fsync, replace, 0600."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from workbook.errors import DiskFull, ReadOnlyLocation, WorkbookError

PRIVATE_MODE = 0o600


def os_error_to_known(exc: OSError, path: Path) -> WorkbookError:
    """Turn an OSError from writing `path` into a sentence a coach can act on."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFull(f"The disk holding «{path.parent}» is full; free some space and try again.")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return ReadOnlyLocation(
            f"«{path.parent}» is read-only for you; choose a folder you can write to."
        )
    return WorkbookError(f"Could not write «{path}»: {exc.strerror or exc}.")


def reserve_temp(target: Path) -> Path:
    """An empty private file beside `target`, for SQLite to fill (e.g. VACUUM INTO)."""
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise os_error_to_known(exc, target) from exc
    os.close(fd)
    os.chmod(name, PRIVATE_MODE)
    return Path(name)


def fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder: Path) -> None:
    # Directories cannot be opened for fsync on Windows; the rename is durable there anyway.
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_durably(temp: Path, target: Path) -> None:
    """fsync `temp`, rename it over `target` and make the rename itself durable."""
    try:
        os.chmod(temp, PRIVATE_MODE)
        fsync_path(temp)
        os.replace(temp, target)
        fsync_dir(target.parent)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise os_error_to_known(exc, target) from exc


@contextlib.contextmanager
def atomic_write(target: Path, mode: str = "wb") -> Iterator:
    """Write `target` privately and atomically; on any error the old file stays intact."""
    target = Path(target)
    temp = reserve_temp(target)
    try:
        text_args = {} if "b" in mode else {"encoding": "utf-8", "newline": ""}
        with open(temp, mode, **text_args) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise os_error_to_known(exc, target) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    replace_durably(temp, target)
