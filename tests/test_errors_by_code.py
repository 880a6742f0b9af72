"""SQLCipher errors become known errors by SQLite result code, never by message text."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import sqlcipher3

from tests.conftest import PASSPHRASE
from workbook import vault
from workbook.errors import (
    CannotOpen,
    DamagedWorkbook,
    DiskFull,
    ReadOnlyLocation,
    WorkbookError,
    WorkbookInUse,
    WrongPassphrase,
)
from workbook.vault import core, sqlite_errors


def _raw(target: str, *, uri: bool = False) -> sqlcipher3.Connection:
    """Another program's connection to a workbook: raw sqlcipher3, keyed like the vault."""
    conn = sqlcipher3.connect(target, uri=uri, isolation_level=None, timeout=0)
    vault.key_connection(conn, PASSPHRASE)
    return conn


def _error(code: int, message: str = "words that name no cause") -> sqlcipher3.dbapi2.Error:
    exc = sqlcipher3.dbapi2.OperationalError(message)
    exc.sqlite_errorcode = code  # type: ignore[attr-defined]
    return exc


# -- provoked on real files ---------------------------------------------------------------

def test_the_engine_reports_the_codes_the_mapping_is_keyed_by(tmp_path: Path) -> None:
    with pytest.raises(sqlcipher3.dbapi2.Error) as info:
        sqlcipher3.connect(str(tmp_path / "gone" / "coach.cwb"))
    assert info.value.sqlite_errorcode == sqlite_errors.SQLITE_CANTOPEN  # type: ignore[attr-defined]
    assert info.value.sqlite_errorname == "SQLITE_CANTOPEN"  # type: ignore[attr-defined]


def test_a_file_held_by_another_connection_is_busy_not_a_wrong_passphrase(
    workbook_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(core, "BUSY_TIMEOUT_S", 0.05)
    holder = _raw(str(workbook_path))
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")  # in exclusive mode the lock outlives the transaction
    holder.execute("COMMIT")
    try:
        with pytest.raises(WorkbookInUse) as info:
            vault.open_vault(workbook_path, PASSPHRASE)
        assert str(info.value) == (f"«{workbook_path}» is busy in another program; "
                                   "close it there first.")
        assert info.value.exit_code == 5
    finally:
        holder.close()
    vault.open_vault(workbook_path, PASSPHRASE).close()  # the refusal left no lock behind


def test_a_truncated_workbook_is_damaged_yet_a_wrong_passphrase_is_still_told(
    workbook_path: Path,
) -> None:
    data = workbook_path.read_bytes()
    workbook_path.write_bytes(data[: len(data) // 2 // 4096 * 4096])
    # Page 1 decrypts with the right key (its HMAC holds): the code says the rest is broken.
    with pytest.raises(DamagedWorkbook, match="is damaged; open your most recent backup"):
        vault.open_vault(workbook_path, PASSPHRASE)
    with pytest.raises(WrongPassphrase):
        vault.open_vault(workbook_path, PASSPHRASE + "x")


def test_a_garbled_file_cannot_be_opened_and_is_left_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "garbled.cwb"
    content = random.Random(9).randbytes(8192)
    path.write_bytes(content)
    with pytest.raises(CannotOpen) as info:
        vault.open_vault(path, PASSPHRASE)
    assert info.value.exit_code == 3
    assert path.read_bytes() == content


def test_a_non_database_file_read_mid_operation_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / "notes.cwb"
    path.write_bytes(b"name,email\n" * 800)
    conn = _raw(str(path))
    try:
        with pytest.raises(sqlcipher3.dbapi2.Error) as info:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        conn.close()
    assert sqlite_errors.primary_code(info.value) == sqlite_errors.SQLITE_NOTADB
    assert isinstance(vault.known_error(info.value, path), DamagedWorkbook)


def test_writing_through_a_read_only_handle_is_a_read_only_location(workbook_path: Path) -> None:
    conn = _raw(workbook_path.as_uri() + "?mode=ro", uri=True)
    try:
        with pytest.raises(sqlcipher3.dbapi2.Error) as info:
            conn.execute("INSERT INTO coachees(name) VALUES ('Tove Lind')")
    finally:
        conn.close()
    known = vault.known_error(info.value, workbook_path)
    assert isinstance(known, ReadOnlyLocation)
    assert str(known) == (f"«{workbook_path}» cannot be written here; "
                          "copy it to a folder you can write to.")


def test_a_workbook_whose_folder_is_gone_cannot_be_opened(tmp_path: Path) -> None:
    missing = tmp_path / "unplugged drive" / "coach.cwb"
    with pytest.raises(sqlcipher3.dbapi2.Error) as info:
        sqlcipher3.connect(str(missing))
    known = vault.known_error(info.value, missing)
    assert isinstance(known, CannotOpen) and known.exit_code == 3
    assert f"«{missing}» cannot be opened" in str(known)


def test_a_statement_still_running_is_a_bug_not_another_program(workbook_path: Path) -> None:
    with vault.open_vault(workbook_path, PASSPHRASE) as v:
        v.db.execute("CREATE TABLE scratch(x)")
        v.db.execute("INSERT INTO scratch VALUES (1), (2)")
        cursor = v.db.execute("SELECT x FROM scratch")
        cursor.fetchone()
        with pytest.raises(sqlcipher3.dbapi2.Error) as info:
            v.db.execute("DROP TABLE scratch")
        cursor.close()
    assert sqlite_errors.primary_code(info.value) == sqlite_errors.SQLITE_LOCKED
    assert vault.known_error(info.value) is None


# -- the table, for codes a test cannot provoke on this machine ---------------------------

@pytest.mark.parametrize(
    ("code", "kind"),
    [
        (13, DiskFull),
        (8, ReadOnlyLocation), (8 | 4 << 8, ReadOnlyLocation),  # SQLITE_READONLY_DBMOVED
        (11, DamagedWorkbook), (26, DamagedWorkbook),
        (5, WorkbookInUse), (5 | 1 << 8, WorkbookInUse),  # SQLITE_BUSY_RECOVERY
        (10, WorkbookError), (10 | 3 << 8, WorkbookError),  # SQLITE_IOERR_WRITE
        (14, CannotOpen), (14 | 1 << 8, CannotOpen),  # SQLITE_CANTOPEN_NOTEMPDIR
    ],
)
def test_each_code_maps_to_one_known_error(code: int, kind: type[WorkbookError]) -> None:
    known = vault.known_error(_error(code), "coach.cwb")
    assert type(known) is kind
    assert "«coach.cwb»" in str(known)


def test_sentences_a_coach_already_knew_are_unchanged() -> None:
    sentence = {code: str(vault.known_error(_error(code), "coach.cwb")) for code in (5, 8, 11, 13)}
    assert sentence == {
        5: "«coach.cwb» is busy in another program; close it there first.",
        8: "«coach.cwb» cannot be written here; copy it to a folder you can write to.",
        11: "«coach.cwb» is damaged; open your most recent backup (your data there is intact).",
        13: "The disk holding «coach.cwb» is full; free some space and try again.",
    }


@pytest.mark.parametrize("code", [1, 6, 6 | 1 << 8, 19, 7])  # ERROR, LOCKED, CONSTRAINT, NOMEM
def test_other_codes_are_bugs_to_report(code: int) -> None:
    assert vault.known_error(_error(code, "database or disk is full")) is None


def test_message_text_alone_decides_nothing() -> None:
    for message in ("database is locked", "database or disk is full", "file is not a database",
                    "attempt to write a readonly database"):
        assert vault.known_error(sqlcipher3.dbapi2.OperationalError(message)) is None
