"""What an SQLCipher error means for a coach, decided by SQLite result code alone.

SQLite's messages are English prose that may change between releases; its result codes
are a stable API (https://sqlite.org/rescode.html). An extended code, such as
SQLITE_IOERR_WRITE (778), keeps its primary code in the low byte, so the table below is
keyed by primary code. When a sentence needs to be told apart further (a damaged file
from a wrong passphrase, say), this module is where that happens.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from workbook.errors import (
    CannotOpen,
    DamagedWorkbook,
    DiskFull,
    ReadOnlyLocation,
    WorkbookError,
    WorkbookInUse,
    WrongPassphrase,
)
from workbook.vault.sniff import PAGE_SIZE, long_path_failure

if TYPE_CHECKING:
    import sqlcipher3

SQLITE_ERROR = 1
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26

Where = Path | str


def _damaged(where: Where) -> WorkbookError:
    return DamagedWorkbook(
        f"«{where}» is damaged; open your most recent backup (your data there is intact).")


def _cannot_open(where: Where) -> WorkbookError:
    too_long = long_path_failure(where) if isinstance(where, Path) else None
    return too_long or CannotOpen(
        f"«{where}» cannot be opened; check that its folder still exists and that you can "
        "write there.")


# SQLITE_LOCKED is left out on purpose: it is a conflict inside this one connection (a
# statement still running), which another program cannot cause, so it is a bug to report,
# not a sentence telling the coach to close something.
BY_CODE: dict[int, Callable[[Where], WorkbookError]] = {
    SQLITE_FULL: lambda where: DiskFull(
        f"The disk holding «{where}» is full; free some space and try again."),
    SQLITE_READONLY: lambda where: ReadOnlyLocation(
        f"«{where}» cannot be written here; copy it to a folder you can write to."),
    SQLITE_CORRUPT: _damaged,
    SQLITE_NOTADB: _damaged,
    SQLITE_BUSY: lambda where: WorkbookInUse(
        f"«{where}» is busy in another program; close it there first."),
    SQLITE_IOERR: lambda where: WorkbookError(
        f"The disk holding «{where}» reported an error while reading or writing it; check "
        "that the drive is still connected, then try again."),
    SQLITE_CANTOPEN: lambda where: _cannot_open(where),
}


def primary_code(exc: BaseException) -> int | None:
    """The primary SQLite result code an sqlcipher3 error carries; None if the engine set none."""
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def _is_sqlite_error(exc: BaseException) -> bool:
    # SQLCipher is loaded when a workbook is first opened, not before the start page paints;
    # until it is loaded, no error can be one of its own.
    dbapi = sys.modules.get("sqlcipher3.dbapi2")
    return dbapi is not None and isinstance(exc, dbapi.Error)


def known_error(exc: BaseException, path: Where = "the workbook") -> WorkbookError | None:
    """Translate a database or OS error raised mid-operation into a known error, if it is one."""
    if isinstance(exc, WorkbookError):
        return exc
    if _is_sqlite_error(exc):
        code = primary_code(exc)
        make = BY_CODE.get(code) if code is not None else None
        return make(path) if make else None
    if isinstance(exc, OSError):
        from workbook.vault.files import os_error_to_known  # what it needs loads on first use

        return os_error_to_known(exc, Path(path))
    return None


def unreadable_on_open(exc: BaseException, conn: sqlcipher3.Connection,
                       path: Path) -> WorkbookError | None:
    """What it means that the first read of a just-keyed file failed; None for a bug."""
    code = primary_code(exc)
    if code == SQLITE_NOTADB:
        # A wrong key and a damaged first page fail page 1's HMAC alike: only counting
        # the pages that fail tells them apart.
        return _diagnose_notadb(conn, path)
    if code == SQLITE_LOCKED:
        # Before this connection ran anything of its own, a lock conflict is another
        # connection's (a shared cache, another program): the file is busy.
        return BY_CODE[SQLITE_BUSY](path)
    # Any other code means page 1 decrypted with this key, or the file was never read.
    return known_error(exc, path)


def failing_pages(conn: sqlcipher3.Connection) -> int:
    """How many pages of the main file fail their HMAC under the connection's key."""
    return sum(1 for _ in conn.execute("PRAGMA cipher_integrity_check"))


def damaged_pages(path: Path, failed: int, pages: int) -> DamagedWorkbook:
    return DamagedWorkbook(
        f"«{path.name}» is damaged ({failed} of {pages} pages fail their check); "
        "open your most recent backup instead.")


def failed_export(exc: BaseException, conn: sqlcipher3.Connection,
                  path: Path) -> WorkbookError | None:
    """What it means that `sqlcipher_export` from the main file failed; None for a bug.

    SQLCipher reports any failure inside its export as SQLITE_ERROR, the cause's own code
    lost (only its English message names it), so a plain SQLITE_ERROR is told apart here by
    checking the source: pages that fail their HMAC, or a b-tree SQLite finds malformed,
    make it a damaged workbook. Call it once anything attached for the export is detached.
    """
    import sqlcipher3  # loaded already: `conn` is one of its connections

    if not _is_sqlite_error(exc) or primary_code(exc) != SQLITE_ERROR:
        return known_error(exc, path)
    try:
        failed = failing_pages(conn)
        if failed:
            return damaged_pages(path, failed, max(1, path.stat().st_size // PAGE_SIZE))
        intact = [row[0] for row in conn.execute("PRAGMA main.quick_check")] == ["ok"]
    except sqlcipher3.dbapi2.Error as check:
        return known_error(check, path)
    except OSError:
        return None
    return None if intact else _damaged(path)


def _diagnose_notadb(conn: sqlcipher3.Connection, path: Path) -> WorkbookError:
    """A wrong key fails every page's HMAC; damage fails only some."""
    import sqlcipher3  # loaded already: `conn` is one of its connections

    try:
        size = path.stat().st_size
        failed = failing_pages(conn)
    except sqlcipher3.dbapi2.Error as exc:
        if primary_code(exc) in (SQLITE_BUSY, SQLITE_LOCKED):
            return BY_CODE[SQLITE_BUSY](path)
        failed, size = 0, 0
    except OSError:
        failed, size = 0, 0
    if size % PAGE_SIZE:
        return DamagedWorkbook(
            f"«{path.name}» is damaged: its size is not a whole number of pages. Open your "
            "most recent backup instead.")
    pages = max(1, size // PAGE_SIZE)
    if 0 < failed < pages:
        return damaged_pages(path, failed, pages)
    return WrongPassphrase(
        f"That passphrase does not open «{path.name}». Passphrases are case-sensitive: "
        "check Caps Lock and the keyboard layout, then try again. If you are sure it is "
        "right, the file's first page may be damaged: open your most recent backup."
    )
