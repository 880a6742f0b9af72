"""Opening, creating, rekeying, backing up and verifying one SQLCipher 4 workbook file."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import sqlcipher3
import sqlite_utils
from filelock import FileLock, Timeout

from workbook import dates, migrations
from workbook.errors import (
    DamagedWorkbook,
    NotAWorkbook,
    NotFound,
    ReadOnlyLocation,
    WorkbookClosed,
    WorkbookError,
    WorkbookInUse,
    WorkbookTooNew,
    WrongPassphrase,
)
from workbook.vault.files import (
    PRIVATE_MODE,
    os_error_to_known,
    replace_durably,
    reserve_temp,
)
from workbook.vault.passphrase import check_policy, normalise
from workbook.vault.sqlite_errors import known_error, unreadable_on_open

DEFAULT_SUFFIX = ".cwb"
# "CWKB": marks a decrypted database as ours, so another app's SQLCipher file is refused.
APPLICATION_ID = 0x43574B42

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

_FOREIGN_MAGIC = {
    b"SQLite format 3\x00": "an unencrypted SQLite database",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive or an Office document",
    b"\xd0\xcf\x11\xe0": "an old-style Office document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
}
# Only magic numbers of 3+ bytes: a workbook starts with a random salt, and a one-byte
# check would refuse one real workbook in 256.


def quote_key(passphrase: str) -> str:
    """`passphrase` as the SQL string literal `PRAGMA key = …` takes (pass it normalised)."""
    # PRAGMA key cannot take a bound parameter; a doubled quote is SQL's only escape.
    return "'" + passphrase.replace("'", "''") + "'"


def _sniff(path: Path) -> None:
    """Refuse files that cannot be a workbook before spending a key derivation on them."""
    if not path.exists():
        raise NotFound(f"There is no file at «{path}».")
    if path.is_dir():
        raise NotAWorkbook(f"«{path}» is a folder, not a Coach Workbook file.")
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except PermissionError as exc:
        raise ReadOnlyLocation(f"You do not have permission to read «{path}».") from exc
    size = path.stat().st_size
    if size == 0:
        raise NotAWorkbook(f"«{path.name}» is empty; it is not a Coach Workbook file.")
    for magic, what in _FOREIGN_MAGIC.items():
        if head.startswith(magic):
            raise NotAWorkbook(f"«{path.name}» is {what}, not a Coach Workbook file.")
    if size < 1024 or size % 512:
        raise NotAWorkbook(f"«{path.name}» is not a Coach Workbook file.")


def _connect(path: Path, passphrase: str) -> sqlcipher3.Connection:
    conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False,
                              timeout=BUSY_TIMEOUT_S)
    conn.execute("PRAGMA cipher_log_level = NONE")  # before the key, or SQLCipher logs to stderr
    conn.execute(f"PRAGMA key = {quote_key(passphrase)}")
    return conn


def _apply_pragmas(conn: sqlcipher3.Connection) -> None:
    # A pragma's value cannot be a bound parameter; these are this module's own constants.
    for name, value in PINNED_PRAGMAS.items():
        conn.execute(f"PRAGMA {name} = {value}")


def _lock_for(path: Path) -> FileLock:
    return FileLock(str(path.with_name(path.name + ".lock")), timeout=0, mode=PRIVATE_MODE,
                    is_singleton=False, thread_local=False)


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
        return ("The workbook is damaged — open your most recent backup. Details: "
                + "; ".join(self.problems[:5]) + ".")


class Vault:
    """One open workbook: a keyed connection, the single-writer lock, the sqlite-utils view."""

    def __init__(self, path: Path, conn: sqlcipher3.Connection, lock: FileLock, verifier: bytes,
                 pepper: bytes) -> None:
        self.path = path
        self._conn: sqlcipher3.Connection | None = conn
        self._lock = lock
        self._verifier = verifier
        self._pepper = pepper
        self._db: sqlite_utils.Database | None = sqlite_utils.Database(conn)

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
        temp = reserve_temp(self.path)
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
            with contextlib.suppress(OSError):
                temp.unlink()
            raise known_error(exc, self.path) or exc from exc
        # Our file lock stays held, so no other process can slip in between close and reopen.
        conn.close()
        self._conn = None
        self._db = None
        replace_durably(temp, self.path)
        conn = _connect(self.path, new)
        _apply_pragmas(conn)
        self._conn = conn
        self._db = sqlite_utils.Database(conn)
        self._verifier = hmac.digest(self._pepper, new.encode(), hashlib.sha256)

    def backup(self, destination: Path | str) -> Path:
        """Write an encrypted copy (same passphrase) to `destination`, atomically, mode 0600."""
        dest = Path(destination)
        if dest.is_dir():
            stamp = dates.file_stamp()
            dest = dest / f"{self.path.stem}-backup-{stamp}{DEFAULT_SUFFIX}"
        if dest.exists() and dest.resolve() == self.path.resolve():
            raise WorkbookError(
                "A backup cannot overwrite the workbook itself; choose another name."
            )
        temp = reserve_temp(dest)
        try:
            self.db.execute("VACUUM INTO ?", [str(temp)])
            # Prove the copy opens with this key before it replaces anything.
            self.db.execute("ATTACH DATABASE ? AS backup_check", [str(temp)])
            try:
                check = self.db.execute("PRAGMA backup_check.quick_check").fetchone()[0]
            finally:
                self.db.execute("DETACH DATABASE backup_check")
            if check != "ok":
                raise DamagedWorkbook(f"The backup written to «{dest}» did not verify: {check}.")
        except BaseException as exc:
            with contextlib.suppress(OSError):
                temp.unlink()
            raise known_error(exc, dest) or exc from exc
        replace_durably(temp, dest)
        return dest

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


def _acquire(path: Path) -> FileLock:
    lock = _lock_for(path)
    try:
        lock.acquire()
    except Timeout as exc:
        raise WorkbookInUse(
            f"«{path.name}» is already open in another Coach Workbook window or program; "
            "close it there first."
        ) from exc
    except OSError as exc:
        raise os_error_to_known(exc, path) from exc
    return lock


def _finish_open(path: Path, conn: sqlcipher3.Connection, lock: FileLock, passphrase: str,
                 *, new: bool) -> Vault:
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
        if version < migrations.SCHEMA_VERSION:
            if version > 0:
                stamp = dates.file_stamp()
                vault.backup(path.with_name(f"{path.stem}.before-v{migrations.SCHEMA_VERSION}"
                                            f"-{stamp}{path.suffix or DEFAULT_SUFFIX}"))
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
    if path.exists():
        raise WorkbookError(f"«{path}» already exists; choose another name.")
    _writable_or_raise(path, creating=True)
    lock = _acquire(path)
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


def open_vault(path: Path | str, passphrase: str) -> Vault:
    """Unlock an existing workbook. Raises a `CannotOpen` error with a sentence on failure."""
    path = Path(path)
    passphrase = normalise(passphrase)
    _sniff(path)
    _writable_or_raise(path)
    lock = _acquire(path)
    try:
        conn = _connect(path, passphrase)
    except BaseException as exc:
        lock.release(force=True)
        raise known_error(exc, path) or exc from exc
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.dbapi2.DatabaseError as exc:
        error = unreadable_on_open(exc, conn, path)
        conn.close()
        lock.release(force=True)
        if error is None:
            raise
        raise error from exc
    return _finish_open(path, conn, lock, passphrase, new=False)


@contextlib.contextmanager
def opened(path: Path | str, passphrase: str) -> Iterator[Vault]:
    vault = open_vault(path, passphrase)
    try:
        yield vault
    finally:
        vault.close()
