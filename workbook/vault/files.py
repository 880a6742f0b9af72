"""Private, atomic file writing: a temp file in the target's folder, fsync, replace, 0600.

Every temporary file is recorded (`workbook.leftovers`) before it is created and forgotten
once it is renamed into place or removed, so one left by a killed process is removed at the
next start. Its name is neutral: the target's name may be a learner's.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from pathlib import Path

from workbook import leftovers
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


def reserve_temp(target: Path, kind: str = leftovers.ENCRYPTED) -> Path:
    """An empty private file beside `target`, for SQLite to fill (e.g. VACUUM INTO).

    Recorded as `kind` (`leftovers.ENCRYPTED` for a copy of a workbook) before it exists;
    `replace_durably` or `discard` forget it again."""
    target = Path(target)
    for _attempt in range(8):
        temp = leftovers.temp_path(target.parent)
        leftovers.record(temp, kind)
        try:
            fd = os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0),
                         PRIVATE_MODE)
        except FileExistsError:
            leftovers.drop(temp)
            continue
        except OSError as exc:
            leftovers.drop(temp)
            raise os_error_to_known(exc, target) from exc
        os.close(fd)
        os.chmod(temp, PRIVATE_MODE)  # whatever the umask
        return temp
    raise WorkbookError(f"Could not create a temporary file beside «{target}».")


def discard(temp: Path) -> None:
    """Remove a temporary file from `reserve_temp` that will not be used, and forget it."""
    with contextlib.suppress(OSError):
        temp.unlink()
    leftovers.drop(temp)


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
    except OSError as exc:
        discard(temp)
        raise os_error_to_known(exc, target) from exc
    leftovers.drop(temp)
    try:
        fsync_dir(target.parent)
    except OSError as exc:
        raise os_error_to_known(exc, target) from exc


@contextlib.contextmanager
def atomic_write(target: Path, mode: str = "wb", *,
                 kind: str = leftovers.PLAINTEXT) -> Iterator:
    """Write `target` privately and atomically; on any error the old file stays intact.

    The temporary file is recorded as `kind`: by default a plaintext export, which never
    replaces a file that may be a workbook (`workbook.vault.outputs`), checked once more
    just before the rename."""
    target = Path(target)
    temp = reserve_temp(target, kind)
    try:
        text_args = {} if "b" in mode else {"encoding": "utf-8", "newline": ""}
        with open(temp, mode, **text_args) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        if kind == leftovers.PLAINTEXT:
            # Imported here: the guard reads files the way the vault's core does, and the
            # core imports this module.
            from workbook.vault.outputs import refuse_workbook

            refuse_workbook(target)
    except OSError as exc:
        discard(temp)
        raise os_error_to_known(exc, target) from exc
    except BaseException:
        discard(temp)
        raise
    replace_durably(temp, target)
