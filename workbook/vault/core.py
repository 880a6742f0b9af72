"""Opening, creating, rekeying, backing up and verifying one SQLCipher 4 workbook file."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import sqlcipher3

from workbook import migrations
from workbook.errors import (
    DamagedWorkbook,
    NotAWorkbook,
    ReadOnlyLocation,
    WorkbookClosed,
    WorkbookError,
    WorkbookTooNew,
    WrongPassphrase,
)
from workbook.vault.files import (
    PRIVATE_MODE,
    discard,
    replace_durably,
    reserve_temp,
)
from workbook.vault.locking import Lock, acquire
from workbook.vault.passphrase import check_policy, normalise
from workbook.vault.sniff import (
    APPLICATION_ID,
    PAGE_SIZE,
    check_folder_for_new,
    check_name_opens,
    check_new_name,
    check_new_path,
    sniff,
)
from workbook.vault.sqlite_errors import (
    damaged_pages,
    failed_export,
    failing_pages,
    known_error,
    unreadable_on_open,
)

if TYPE_CHECKING:
    import sqlite_utils

# Applied in this order on every open, and read back by a test: each one closes a leak or
# a race measured on this stack. Values are written as `PRAGMA name` reads them back.
PINNED_PRAGMAS: dict[str, int | str] = {
    "temp_store": 2,  # MEMORY: a large sort must never spill plaintext into /var/tmp
    "secure_delete": 1,  # deleted notes are overwritten, not left inside free pages
    "foreign_keys": 1,
    "locking_mode": "exclusive",  # one writer; a second process is refused
    "journal_mode": "delete",
    "synchronous": 2,  # FULL: a committed note survives power loss
}

# The only pragmas `Vault.pragma` reads: a name is looked up here, never spliced into SQL.
_READ_STATEMENTS = {name: "PRAGMA " + name for name in (
    *PINNED_PRAGMAS, "application_id", "user_version", "page_count", "cipher_version",
    "kdf_iter")}

# Another program (a sync client, a database browser) may hold the file briefly; wait this
# long for it before calling the file busy.
BUSY_TIMEOUT_S = 5.0

def quote_key(passphrase: str) -> str:
    """`passphrase` as the SQL string literal `PRAGMA key = …` takes (pass it normalised)."""
    # PRAGMA key cannot take a bound parameter; a doubled quote is SQL's only escape.
    return "'" + passphrase.replace("'", "''") + "'"


def key_connection(conn: sqlcipher3.Connection, passphrase: str) -> None:
    """Key a fresh SQLCipher connection with `passphrase`, normalised and quoted as every
    opener must (the vault, a read-only copy, the benchmark's floor): any other key would
    not open the same file."""
    conn.execute("PRAGMA cipher_log_level = NONE")  # before the key, or SQLCipher logs to stderr
    conn.execute(f"PRAGMA key = {quote_key(normalise(passphrase))}")


def pin_pragmas(conn: sqlcipher3.Connection, names: Iterable[str] = PINNED_PRAGMAS) -> None:
    """Set the named pinned pragmas (all, in the table's order, by default) to their
    `PINNED_PRAGMAS` values."""
    # A pragma's value cannot be a bound parameter; only this table's own names and values
    # reach the SQL (a name outside it is a KeyError, never spliced in).
    for name in names:
        conn.execute(f"PRAGMA {name} = {PINNED_PRAGMAS[name]}")


def _sniff(path: Path) -> None:
    """Refuse files that cannot be a workbook before spending a key derivation on them."""
    sniff(path)
    check_name_opens(path)


def _connect(path: Path, passphrase: str) -> sqlcipher3.Connection:
    conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False,
                              timeout=BUSY_TIMEOUT_S)
    key_connection(conn, passphrase)
    return conn


def database(conn: sqlcipher3.Connection) -> sqlite_utils.Database:
    """sqlite-utils' view of a keyed connection (imported here: a start page opens none)."""
    import sqlite_utils
    return sqlite_utils.Database(conn)


def _apply_pragmas(conn: sqlcipher3.Connection) -> None:
    pin_pragmas(conn)
    # In exclusive locking mode SQLite would take its lock at the first read or write and
    # hold it until close; take the write lock now, so no other process can open the file
    # even when the lock file beside it was deleted, or cannot be used.
    conn.execute("BEGIN EXCLUSIVE")
    conn.execute("COMMIT")


_MAX_DETAILS = 400


@dataclass
class VerifyReport:
    ok: bool
    problems: list[str] = field(default_factory=list)
    pages: int = 0
    schema_version: int = 0

    def sentence(self) -> str:
        if self.ok:
            return (f"The workbook is intact: all {self.pages} pages passed their "
                    "encryption and consistency checks.")
        # SQLite's integrity report is one row of many lines: keep the sentence one line.
        details = "; ".join(" ".join(p.split()) for p in self.problems[:5])
        if len(details) > _MAX_DETAILS:
            details = details[:_MAX_DETAILS].rstrip() + " …"
        return f"The workbook is damaged — open your most recent backup. Details: {details}."


class Vault:
    """One open workbook: a keyed connection, the single-writer lock, the sqlite-utils view."""

    def __init__(self, path: Path, conn: sqlcipher3.Connection, lock: Lock, verifier: bytes,
                 pepper: bytes) -> None:
        self.path = path
        self._conn: sqlcipher3.Connection | None = conn
        self._lock = lock
        self._verifier = verifier
        self._pepper = pepper
        self._db: sqlite_utils.Database | None = database(conn)

    # -- state -------------------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        return self._db is not None

    @property
    def db(self) -> sqlite_utils.Database:
        if self._db is None:
            raise WorkbookClosed("The workbook is locked; unlock it to continue.")
        return self._db

    def pragma(self, name: str) -> object:
        """The value of one of the pragmas this app reads; any other name is a ValueError."""
        statement = _READ_STATEMENTS.get(name)
        if statement is None:
            raise ValueError(f"Not a pragma the workbook reads: {name!r}.")
        row = self.db.execute(statement).fetchone()
        return row[0] if row else None

    def close(self) -> None:
        """Close the connection, forget the key and release the lock. Safe to call twice."""
        if self._conn is not None:
            with contextlib.suppress(sqlcipher3.dbapi2.Error):
                if self._conn.in_transaction:
                    self._conn.rollback()
            self._conn.close()
        self._conn = None
        self._db = None
        self._verifier = b""
        self._pepper = b""
        with contextlib.suppress(OSError):
            self._lock.release(force=True)

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self.close()

    # -- operations --------------------------------------------------------------------
    def matches(self, passphrase: str) -> bool:
        """Whether `passphrase` is the one this workbook was unlocked with."""
        if not self._pepper:
            return False
        candidate = hmac.digest(self._pepper, normalise(passphrase).encode(), hashlib.sha256)
        return hmac.compare_digest(candidate, self._verifier)

    def change_passphrase(self, current: str, new: str) -> None:
        """Re-encrypt the whole file under `new`, atomically: old or new opens it, never neither."""
        if not self.matches(current):
            raise WrongPassphrase("The current passphrase is not correct; nothing was changed.")
        new = normalise(new)
        check_policy(new)
        real = self.path.resolve()  # opened through a link: re-encrypt the file, keep the link
        temp = reserve_temp(real)
        conn = self._conn
        assert conn is not None
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            conn.execute("ATTACH DATABASE ? AS rekeyed KEY ?", (str(temp), new))
            conn.execute("SELECT sqlcipher_export('rekeyed')")
            conn.execute(f"PRAGMA rekeyed.user_version = {int(version)}")
            conn.execute(f"PRAGMA rekeyed.application_id = {APPLICATION_ID}")
            conn.execute("DETACH DATABASE rekeyed")
        except BaseException as exc:
            with contextlib.suppress(Exception):
                conn.execute("DETACH DATABASE rekeyed")
            discard(temp)
            raise failed_export(exc, conn, self.path) or exc from exc
        # The lock file stays held, so no Coach Workbook slips in between close and reopen.
        conn.close()
        self._conn = None
        self._db = None
        replace_durably(temp, real)
        conn = _connect(real, new)
        _apply_pragmas(conn)
        self._conn = conn
        self._db = database(conn)
        self._verifier = hmac.digest(self._pepper, new.encode(), hashlib.sha256)

    def verify(self) -> VerifyReport:
        """Cipher (HMAC of every page), SQLite integrity and foreign keys."""
        db = self.db
        problems: list[str] = []
        problems += [f"cipher: {r[0]}" for r in db.execute("PRAGMA cipher_integrity_check")]
        # A page that fails its HMAC makes SQLite's own checks abort: report, don't crash.
        try:
            integrity = [r[0] for r in db.execute("PRAGMA integrity_check")]
            if integrity != ["ok"]:
                problems += [f"integrity: {x}" for x in integrity]
            for table, rowid, parent, _ in db.execute("PRAGMA foreign_key_check"):
                problems.append(f"foreign key: {table} row {rowid} points to a missing {parent}")
        except sqlcipher3.dbapi2.DatabaseError as exc:
            problems.append(f"integrity: {exc}")
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        version = db.execute("PRAGMA user_version").fetchone()[0]
        return VerifyReport(ok=not problems, problems=problems, pages=pages, schema_version=version)


def _writable_or_raise(path: Path, *, creating: bool = False) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        if creating:
            raise ReadOnlyLocation(f"«{folder}» is read-only for you; choose a folder you "
                                   "can write to, such as Documents.")
        raise ReadOnlyLocation(
            f"«{path}» is in a read-only location; copy it to a folder you can write to "
            "and open the copy."
        )


def _finish_open(path: Path, conn: sqlcipher3.Connection, lock: Lock,
                 passphrase: str, *, new: bool) -> Vault:
    pepper = secrets.token_bytes(32)
    verifier = hmac.digest(pepper, passphrase.encode(), hashlib.sha256)
    vault = Vault(path, conn, lock, verifier, pepper)
    try:
        _apply_pragmas(conn)
        if new:
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        elif conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            raise NotAWorkbook(
                f"«{path.name}» is an encrypted database, but not a Coach Workbook file."
            )
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > migrations.SCHEMA_VERSION:
            raise WorkbookTooNew(
                f"«{path.name}» was saved by a newer version of Coach Workbook; "
                "install the latest version to open it (it has not been changed)."
            )
        if version == 0 and not new and conn.execute(
                "SELECT count(*) FROM sqlite_master").fetchone()[0]:
            # Each migration sets the version in its own transaction: tables without one
            # were not left by Coach Workbook, and migrating them would guess.
            raise DamagedWorkbook(
                f"«{path.name}» is damaged: it holds tables but no schema version, so Coach "
                "Workbook cannot tell how to read them. It has not been changed; open your "
                "most recent backup.")
        if version < migrations.SCHEMA_VERSION:
            if version > 0:
                # Into the backups folder, verified; imported here, as it imports the vault.
                from workbook import backups

                backups.before_migration(vault)
            migrations.upgrade(vault.db)
    except BaseException as exc:
        vault.close()
        raise known_error(exc, path) or exc from exc
    return vault


def create(path: Path | str, passphrase: str, *, enforce_policy: bool = True) -> Vault:
    """Create a new, empty workbook at `path` (refusing to overwrite) and return it open."""
    path = Path(path)
    passphrase = normalise(passphrase)
    if enforce_policy:
        check_policy(passphrase)
    check_folder_for_new(path)
    check_new_name(path)
    check_new_path(path)
    if path.exists():
        raise WorkbookError(f"«{path}» already exists; choose another name.")
    _writable_or_raise(path, creating=True)
    lock = acquire(path, stray_ok=True)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_MODE)
        os.close(fd)
        conn = _connect(path, passphrase)
    except BaseException as exc:
        lock.release(force=True)
        with contextlib.suppress(OSError):
            path.unlink()
        raise known_error(exc, path) or exc from exc
    try:
        return _finish_open(path, conn, lock, passphrase, new=True)
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        raise


def open_vault(path: Path | str, passphrase: str, *, check_pages: bool = False) -> Vault:
    """Unlock an existing workbook. Raises a `CannotOpen` error with a sentence on failure.

    SQLCipher checks a page's HMAC only when the page is read, so a damaged page a command
    never reads goes unnoticed; `check_pages` reads them all first (about 3 ms per MB) and
    refuses a damaged file, as a command that reads the whole workbook must."""
    path = Path(path)
    passphrase = normalise(passphrase)
    _sniff(path)
    _writable_or_raise(path)
    lock = acquire(path, stray_ok=True)
    try:
        conn = _connect(path, passphrase)
    except BaseException as exc:
        lock.release(force=True)
        raise known_error(exc, path) or exc from exc
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        failed = failing_pages(conn) if check_pages else 0
    except sqlcipher3.dbapi2.DatabaseError as exc:
        error = unreadable_on_open(exc, conn, path)
        conn.close()
        lock.release(force=True)
        if error is None:
            raise
        raise error from exc
    if failed:
        conn.close()
        lock.release(force=True)
        raise damaged_pages(path, failed, path.stat().st_size // PAGE_SIZE)
    return _finish_open(path, conn, lock, passphrase, new=False)


@contextlib.contextmanager
def opened(path: Path | str, passphrase: str) -> Iterator[Vault]:
    vault = open_vault(path, passphrase)
    try:
        yield vault
    finally:
        vault.close()
