"""Changing the passphrase of a damaged workbook: one sentence saying it is damaged (exit 3),
and the file left byte for byte as it was, from the command line and from the vault the
app's Change passphrase dialog uses."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlcipher3

from tests.conftest import PASSPHRASE
from tests.records import run_cli
from workbook import vault
from workbook.errors import EXIT_CANNOT_OPEN, DamagedWorkbook
from workbook.vault import sniff, sqlite_errors

NEW = "Another fictional passphrase 2027"
PAGE = sniff.PAGE_SIZE


def _damage_a_page(path: Path, page: int = 5) -> None:
    """Bytes of one later page go bad on disk: its HMAC fails, the other pages are fine."""
    data = bytearray(path.read_bytes())
    for offset in (100, 1000, 2000, 3000):
        data[page * PAGE + offset] ^= 0x55
    path.write_bytes(bytes(data))


def _misplace_a_table(path: Path) -> None:
    """A table whose root is another b-tree's page: every page authenticates, but SQLite
    finds its b-tree malformed when it reads the table (as `sqlcipher_export` does)."""
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    vault.key_connection(conn, PASSPHRASE)
    index_root = conn.execute("SELECT rootpage FROM sqlite_master WHERE type = 'index' "
                              "ORDER BY rootpage LIMIT 1").fetchone()[0]
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET rootpage = ? WHERE name = 'action_items'",
                 [index_root])
    conn.close()


DAMAGE = [_damage_a_page, _misplace_a_table]


@pytest.fixture
def damaged(demo_file: Path, tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    folder = tmp_path / "files"
    folder.mkdir()
    path = folder / "coach.cwb"
    shutil.copyfile(demo_file, path)
    request.param(path)
    return path


def _listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if not p.name.endswith(".lock")}


@pytest.mark.parametrize("damaged", DAMAGE, indirect=True)
def test_passwd_on_a_damaged_workbook_says_so_and_changes_nothing(damaged: Path) -> None:
    before = _listing(damaged.parent)
    code, out, err = run_cli("passwd", str(damaged), stdin=f"{PASSPHRASE}\n{NEW}\n")
    assert code == EXIT_CANNOT_OPEN, err
    assert out == "" and len(err.splitlines()) == 1, err
    assert "is damaged" in err and "backup" in err and "unexpected" not in err
    assert _listing(damaged.parent) == before


@pytest.mark.parametrize("damaged", DAMAGE, indirect=True)
def test_the_vault_refuses_to_rekey_a_damaged_workbook_and_keeps_it(damaged: Path) -> None:
    """The app opens a workbook without reading every page first: the rekey finds the
    damage, and says it with the sentence of a damaged workbook."""
    before = _listing(damaged.parent)
    with vault.open_vault(damaged, PASSPHRASE) as v:
        with pytest.raises(DamagedWorkbook, match="is damaged") as info:
            v.change_passphrase(PASSPHRASE, NEW)
        assert "backup" in info.value.sentence
        assert v.matches(PASSPHRASE) and not v.matches(NEW)
        assert not v.db.conn.in_transaction
        assert [row[1] for row in v.db.execute("PRAGMA database_list")] == ["main"]
    assert _listing(damaged.parent) == before


@pytest.mark.parametrize("damaged", DAMAGE, indirect=True)
def test_the_export_of_a_damaged_workbook_fails_with_no_code_of_its_own(damaged: Path) -> None:
    """Why the vault classifies at the point of the export: SQLCipher reports whatever went
    wrong inside `sqlcipher_export` as SQLITE_ERROR, the cause's own code lost."""
    target = damaged.with_name("rekeyed.cwb")
    conn = sqlcipher3.connect(str(damaged), isolation_level=None)
    try:
        vault.key_connection(conn, PASSPHRASE)
        conn.execute("ATTACH DATABASE ? AS rekeyed KEY ?", [str(target), NEW])
        with pytest.raises(sqlcipher3.dbapi2.Error) as info:
            conn.execute("SELECT sqlcipher_export('rekeyed')")
    finally:
        conn.close()
    assert sqlite_errors.primary_code(info.value) == sqlite_errors.SQLITE_ERROR
    assert vault.known_error(info.value) is None  # by code alone, it cannot be told


def test_an_intact_workbook_still_changes_its_passphrase(demo_file: Path,
                                                         tmp_path: Path) -> None:
    path = tmp_path / "coach.cwb"
    shutil.copyfile(demo_file, path)
    code, _, err = run_cli("passwd", str(path), stdin=f"{PASSPHRASE}\n{NEW}\n")
    assert code == 0, err
    vault.open_vault(path, NEW, check_pages=True).close()
