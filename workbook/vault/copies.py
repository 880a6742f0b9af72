"""Encrypted copies of a workbook: check one, read one without changing it, re-key one, and
hold a workbook's file while it is replaced.

The backups room (`workbook.backups`) decides where copies go and how many are kept; this
module is the part of that work that needs keys or SQLCipher pragmas, so it lives in the
vault.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import sqlcipher3
import sqlite_utils

from workbook import dates, migrations
from workbook.errors import (
    DamagedCopy,
    DamagedWorkbook,
    NotAWorkbook,
    WorkbookError,
    WorkbookTooNew,
)
from workbook.vault.core import (
    Vault,
    VerifyReport,
    _sniff,
    key_connection,
    pin_pragmas,
)
from workbook.vault.files import discard, replace_durably, reserve_temp
from workbook.vault.locking import acquire
from workbook.vault.passphrase import normalise
from workbook.vault.sniff import APPLICATION_ID, DEFAULT_SUFFIX
from workbook.vault.sqlite_errors import (
    SQLITE_ERROR,
    known_error,
    primary_code,
    unreadable_on_open,
)

# The names a copy is attached under; a schema name cannot be a bound parameter, so only
# these literals are ever spliced into a pragma.
_CHECKED, _SOURCE, _TARGET = "copy_check", "copy_source", "copy_target"

# SQLite's lock-byte page sits at 1 GiB. Windows refuses another handle a read across the
# bytes a lock holder has locked there, so a file that large is copied through SQLite.
_LOCK_BYTE_OFFSET = 0x40000000


def backup(vault: Vault, destination: Path | str) -> Path:
    """Write an encrypted copy of the open workbook (same passphrase) to `destination` (a
    folder gets a dated name), atomically and mode 0600, checked before it replaces
    anything: every page authenticates under the workbook's key and none is missing."""
    dest = Path(destination)
    if dest.is_dir():
        dest = dest / f"{vault.path.stem}-backup-{dates.file_stamp()}{DEFAULT_SUFFIX}"
    if dest.exists() and dest.resolve() == vault.path.resolve():
        raise WorkbookError("A backup cannot overwrite the workbook itself; choose another name.")
    temp = reserve_temp(dest)
    try:
        rebuilt = _copy_into(vault, temp)
        problems = _copy_problems(vault, temp, rebuilt=rebuilt)
        if problems:
            raise DamagedWorkbook(f"The backup written to «{dest}» did not pass its check "
                                  f"({'; '.join(problems[:3])}), so it was removed.")
    except BaseException as exc:
        discard(temp)
        raise known_error(exc, dest) or exc from exc
    replace_durably(temp, dest)
    return dest


def _copy_into(vault: Vault, temp: Path) -> bool:
    """Copy the workbook's bytes into `temp`; True when SQLite rebuilt it instead."""
    db = vault.db
    if db.conn.in_transaction:
        raise RuntimeError("A workbook is copied between transactions, never inside one.")
    if vault.path.stat().st_size >= _LOCK_BYTE_OFFSET:
        db.execute("VACUUM INTO ?", [str(temp)])
        return True
    # Between transactions the file holds every committed page (a rollback journal and
    # synchronous FULL), and this connection's exclusive lock keeps every other writer out,
    # so its bytes are the workbook. Copying them takes a twentieth of VACUUM INTO, which
    # decrypts and re-encrypts every page, and holds the worker correspondingly less.
    with open(vault.path, "rb") as source, open(temp, "wb") as target:
        shutil.copyfileobj(source, target, 1 << 20)
    return False


def _attach_checked(db: sqlite_utils.Database, path: Path) -> None:
    """Attach `path` under `_CHECKED`, with the workbook's key (ATTACH without KEY). A copy
    still attached from a check whose DETACH failed is detached first: left there, it would
    make every later backup fail with "already in use" until the workbook was opened again.
    (DETACH fails with "database copy_check is locked" when another thread's statement on
    the same connection holds the copy in a transaction; the app reads only on its worker,
    and the bench's probes fail on any statement run elsewhere.)"""
    if any(row[1] == _CHECKED for row in db.execute("PRAGMA database_list").fetchall()):
        db.execute(f"DETACH DATABASE {_CHECKED}")
    db.execute(f"ATTACH DATABASE ? AS {_CHECKED}", [str(path)])


def _copy_problems(vault: Vault, temp: Path, *, rebuilt: bool = False) -> list[str]:
    """Why the copy at `temp` is not the workbook: pages that fail their HMAC (damage in the
    workbook itself, or in the copy), pages missing, or not ours. A copy SQLite rebuilt
    (VACUUM INTO) packs the pages anew and may need fewer; it must instead pass SQLite's
    own check and hold as many rows in every table."""
    db = vault.db
    _attach_checked(db, temp)
    try:
        problems = [f"cipher: {r[0]}"
                    for r in db.execute(f"PRAGMA {_CHECKED}.cipher_integrity_check")]
        pages = db.execute(f"PRAGMA {_CHECKED}.page_count").fetchone()[0]
        expected = db.execute("PRAGMA main.page_count").fetchone()[0]
        if pages != expected and not rebuilt:
            problems.append(f"{pages} pages where the workbook has {expected}")
        if rebuilt:
            problems += _rebuilt_problems(db)
        if db.execute(f"PRAGMA {_CHECKED}.application_id").fetchone()[0] != APPLICATION_ID:
            problems.append("not a Coach Workbook file")
    except sqlcipher3.dbapi2.DatabaseError as exc:
        problems = [f"cannot read the copy: {exc}"]
    finally:
        db.execute(f"DETACH DATABASE {_CHECKED}")
    return problems


def _rebuilt_problems(db: sqlite_utils.Database) -> list[str]:
    found = [f"integrity: {r[0]}" for r in db.execute(f"PRAGMA {_CHECKED}.quick_check")
             if r[0] != "ok"]
    tables = [row[0] for row in db.execute(
        "SELECT name FROM main.sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%'")]
    for table in tables:
        quoted = '"' + table.replace('"', '""') + '"'
        ours = db.execute(f"SELECT count(*) FROM main.{quoted}").fetchone()[0]
        theirs = db.execute(f"SELECT count(*) FROM {_CHECKED}.{quoted}").fetchone()[0]
        if ours != theirs:
            found.append(f"{theirs} rows in {table} where the workbook has {ours}")
    return found


def check(db: sqlite_utils.Database, schema: str = "main") -> VerifyReport:
    """The checks `Vault.verify` makes (every page's HMAC, SQLite integrity, links between
    records), on `schema`: the main file or a copy attached under `_CHECKED`."""
    if schema not in ("main", _CHECKED):
        raise ValueError(f"Not a schema this module checks: {schema!r}.")
    problems = [f"cipher: {r[0]}" for r in db.execute(f"PRAGMA {schema}.cipher_integrity_check")]
    try:
        integrity = [r[0] for r in db.execute(f"PRAGMA {schema}.integrity_check")]
        if integrity != ["ok"]:
            problems += [f"integrity: {x}" for x in integrity]
        for table, rowid, parent, _ in db.execute(f"PRAGMA {schema}.foreign_key_check"):
            problems.append(f"foreign key: {table} row {rowid} points to a missing {parent}")
        if db.execute(f"PRAGMA {schema}.application_id").fetchone()[0] != APPLICATION_ID:
            problems.append("not a Coach Workbook file")
    except sqlcipher3.dbapi2.DatabaseError as exc:
        problems.append(f"integrity: {exc}")
    try:
        pages = db.execute(f"PRAGMA {schema}.page_count").fetchone()[0]
        version = db.execute(f"PRAGMA {schema}.user_version").fetchone()[0]
    except sqlcipher3.dbapi2.DatabaseError:
        pages = version = 0
    return VerifyReport(ok=not problems, problems=problems, pages=pages, schema_version=version)


def verify_copy(vault: Vault, path: Path) -> VerifyReport:
    """Check a copy written under the open workbook's key (a backup it just made)."""
    db = vault.db
    try:
        _attach_checked(db, path)  # the main file's key: the copy must open with it
    except sqlcipher3.dbapi2.Error as exc:
        return VerifyReport(ok=False, problems=[f"cannot open the copy: {exc}"])
    try:
        return check(db, _CHECKED)
    finally:
        db.execute(f"DETACH DATABASE {_CHECKED}")


@contextlib.contextmanager
def read_only(path: Path, passphrase: str) -> Iterator[sqlite_utils.Database]:
    """A workbook or backup opened for reading only: nothing in the file changes, not even
    its schema version (an older backup is not upgraded to be looked at)."""
    path = Path(path)
    _sniff(path)
    try:
        conn = sqlcipher3.connect(path.resolve().as_uri() + "?mode=ro", uri=True,
                                  isolation_level=None, check_same_thread=False)
    except sqlcipher3.dbapi2.Error as exc:
        raise known_error(exc, path) or exc from exc
    try:
        key_connection(conn, passphrase)
        # A sort must not spill plaintext to disk; the other pins are the writer's (exclusive
        # locking would keep the file locked until this reader closes).
        pin_pragmas(conn, ["temp_store"])
        conn.execute("PRAGMA query_only = 1")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.dbapi2.DatabaseError as exc:
            error = unreadable_on_open(exc, conn, path)
            if error is None:
                raise
            raise error from exc
        if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            raise NotAWorkbook(
                f"«{path.name}» is an encrypted database, but not a Coach Workbook file.")
        if conn.execute("PRAGMA user_version").fetchone()[0] > migrations.SCHEMA_VERSION:
            raise WorkbookTooNew(
                f"«{path.name}» was saved by a newer version of Coach Workbook; install the "
                "latest version to open it (it has not been changed).")
        yield sqlite_utils.Database(conn)
    finally:
        conn.close()


def reencrypt_copy(vault: Vault, path: Path, old_passphrase: str) -> None:
    """Re-encrypt the copy at `path` (which opens with `old_passphrase`) under the open
    workbook's current key, atomically: the old or the re-encrypted copy, never half."""
    db = vault.db
    temp = reserve_temp(path)
    attached: list[str] = []
    try:
        db.execute(f"ATTACH DATABASE ? AS {_SOURCE} KEY ?", [str(path), normalise(old_passphrase)])
        attached.append(_SOURCE)
        try:
            version = db.execute(f"PRAGMA {_SOURCE}.user_version").fetchone()[0]
        except sqlcipher3.dbapi2.DatabaseError as exc:
            raise DamagedWorkbook(
                f"«{path.name}» does not open with the old passphrase, or is damaged; it was "
                "left as it was.") from exc
        db.execute(f"ATTACH DATABASE ? AS {_TARGET}", [str(temp)])  # the workbook's key
        attached.append(_TARGET)
        try:
            db.execute(f"SELECT sqlcipher_export('{_TARGET}', '{_SOURCE}')")
        except sqlcipher3.dbapi2.Error as exc:
            raise _export_failure(db, exc, path) from exc
        db.execute(f"PRAGMA {_TARGET}.user_version = {int(version)}")
        db.execute(f"PRAGMA {_TARGET}.application_id = {APPLICATION_ID}")
        for name in reversed(attached):
            db.execute(f"DETACH DATABASE {name}")
        attached.clear()
        report = verify_copy(vault, temp)
        if not report.ok:
            raise DamagedWorkbook(f"The re-encrypted copy of «{path.name}» did not verify "
                                  f"({'; '.join(report.problems[:3])}); it was left as it was.")
    except BaseException as exc:
        for name in reversed(attached):
            with contextlib.suppress(Exception):
                db.execute(f"DETACH DATABASE {name}")
        discard(temp)
        raise known_error(exc, path) or exc from exc
    replace_durably(temp, path)


def _export_failure(db: sqlite_utils.Database, exc: sqlcipher3.dbapi2.Error,
                    path: Path) -> BaseException:
    """SQLCipher folds any failure inside its export into SQLITE_ERROR, the cause's code
    lost; a source copy that SQLite then finds malformed is a damaged backup, anything else
    keeps its own meaning (or stays a bug)."""
    if primary_code(exc) != SQLITE_ERROR:
        return known_error(exc, path) or exc
    try:
        intact = [r[0] for r in db.execute(f"PRAGMA {_SOURCE}.quick_check")] == ["ok"]
    except sqlcipher3.dbapi2.DatabaseError:
        intact = False
    if intact:
        return exc
    return DamagedCopy(f"«{path.name}» is damaged and could not be re-encrypted; it was left "
                       "as it was.")


@contextlib.contextmanager
def held(path: Path) -> Iterator[None]:
    """Hold `path`'s single-writer lock, so no window or command opens it meanwhile; refused
    with `WorkbookInUse` while it is open anywhere, this process included."""
    lock = acquire(Path(path))
    try:
        yield
    finally:
        lock.release(force=True)


def check_replaceable(path: Path) -> None:
    """Refuse to replace a file that is not a workbook (a restore replaces workbooks only)."""
    try:
        _sniff(Path(path))
    except NotAWorkbook as exc:
        raise NotAWorkbook(f"Only a Coach Workbook file can be replaced by a restore: "
                           f"{exc.sentence}") from exc
