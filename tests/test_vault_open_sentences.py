"""Opening a workbook says the true sentence: a damaged file is never told its passphrase is
wrong, and what cannot be a workbook (a pipe, a link loop, a text file) says what it is."""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest
import sqlcipher3

from tests.conftest import PASSPHRASE
from tests.records import fails, run_cli
from workbook import migrations, vault
from workbook.errors import (
    BadFileName,
    CannotOpen,
    DamagedWorkbook,
    NotAWorkbook,
    NotFound,
    WrongPassphrase,
)
from workbook.vault import sniff

PAGE = sniff.PAGE_SIZE
WRONG_OR_FIRST_PAGE = "the file's first page may be damaged: open your most recent backup"
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file types")


def _cut(path: Path, size: int) -> None:
    path.write_bytes(path.read_bytes()[:size])


def _flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x5A
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("key", [PASSPHRASE, PASSPHRASE + "x"])
@pytest.mark.parametrize("size", [PAGE // 2, PAGE - 512, PAGE + 512, -100])
def test_a_file_of_part_pages_is_damaged_whatever_the_passphrase(
    workbook_path: Path, key: str, size: int
) -> None:
    _cut(workbook_path, size if size > 0 else workbook_path.stat().st_size + size)
    before = workbook_path.read_bytes()
    with fails(DamagedWorkbook, "is damaged, or is not a Coach Workbook file: its size is "
                                "not a whole number of pages"):
        vault.open_vault(workbook_path, key)
    assert workbook_path.read_bytes() == before


def test_a_workbook_missing_its_last_page_is_damaged(workbook_path: Path) -> None:
    _cut(workbook_path, workbook_path.stat().st_size - PAGE)
    with pytest.raises(DamagedWorkbook, match="is damaged"):
        vault.open_vault(workbook_path, PASSPHRASE)
    # A wrong key fails every page alike: it cannot be told from a damaged first page.
    with fails(WrongPassphrase, WRONG_OR_FIRST_PAGE):
        vault.open_vault(workbook_path, PASSPHRASE + "x")


def test_a_wrong_passphrase_also_names_a_damaged_first_page(workbook_path: Path) -> None:
    before = workbook_path.read_bytes()
    with pytest.raises(WrongPassphrase) as info:
        vault.open_vault(workbook_path, "Not the fictional passphrase 41")
    assert str(info.value).startswith("That passphrase does not open «coach.cwb».")
    assert "case-sensitive" in str(info.value) and WRONG_OR_FIRST_PAGE in str(info.value)
    assert info.value.exit_code == 3
    assert workbook_path.read_bytes() == before


def test_a_damaged_salt_is_the_wrong_or_damaged_first_page_sentence(workbook_path: Path) -> None:
    _flip(workbook_path, 3)  # the salt: every page's key changes, as with a wrong passphrase
    with fails(WrongPassphrase, WRONG_OR_FIRST_PAGE):
        vault.open_vault(workbook_path, PASSPHRASE)


def test_damage_inside_the_first_page_is_damaged(workbook_path: Path) -> None:
    _flip(workbook_path, 200)
    with pytest.raises(DamagedWorkbook, match=r"is damaged \(1 of \d+ pages fail"):
        vault.open_vault(workbook_path, PASSPHRASE)


def test_check_pages_refuses_damage_a_first_read_does_not_see(workbook_path: Path) -> None:
    pages = workbook_path.stat().st_size // PAGE
    with vault.open_vault(workbook_path, PASSPHRASE) as v:  # a page opening never reads:
        root = v.db.execute("SELECT rootpage FROM sqlite_master "  # an empty table's
                            "WHERE name = 'note_versions'").fetchone()[0]
    _flip(workbook_path, (root - 1) * PAGE + 300)
    vault.open_vault(workbook_path, PASSPHRASE).close()  # the window still opens it
    with fails(DamagedWorkbook, f"«coach.cwb» is damaged (1 of {pages} pages fail their "
                                "check); open your most recent backup instead."):
        vault.open_vault(workbook_path, PASSPHRASE, check_pages=True)
    vault.open_vault(workbook_path, PASSPHRASE).close()  # the refusal left no lock behind


def test_tables_without_a_schema_version_are_damaged_and_left_alone(workbook_path: Path) -> None:
    with vault.open_vault(workbook_path, PASSPHRASE) as v:
        v.db.execute("PRAGMA user_version = 0")
    before = workbook_path.read_bytes()
    with fails(DamagedWorkbook, "«coach.cwb» is damaged: it holds tables but no schema "
                                "version"):
        vault.open_vault(workbook_path, PASSPHRASE)
    assert workbook_path.read_bytes() == before
    code, out, err = run_cli("list", str(workbook_path), "coachees")
    assert (code, out) == (3, "") and "no schema version" in err
    assert workbook_path.read_bytes() == before


def test_a_new_workbook_at_version_zero_is_still_built(tmp_path: Path) -> None:
    with vault.create(tmp_path / "fresh.cwb", PASSPHRASE) as v:
        assert v.pragma("user_version") == migrations.SCHEMA_VERSION


def test_a_text_file_says_it_is_text(tmp_path: Path) -> None:
    path = tmp_path / "roster.cwb"
    path.write_text("Name;E-mail\nJuno Abara;juno@example.org\n" * 300, encoding="utf-8")
    with fails(NotAWorkbook, "«roster.cwb» is a text file (such as CSV or JSON), not a Coach "
                             "Workbook file."):
        vault.open_vault(path, PASSPHRASE)


def test_random_whole_pages_are_the_wrong_or_damaged_first_page_sentence(tmp_path: Path) -> None:
    path = tmp_path / "noise.cwb"
    path.write_bytes(os.urandom(3 * PAGE))
    with fails(WrongPassphrase, WRONG_OR_FIRST_PAGE):
        vault.open_vault(path, PASSPHRASE)


@posix_only
@pytest.mark.timeout(60)
def test_a_named_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "coach.cwb"
    os.mkfifo(fifo)
    with fails(NotAWorkbook, "«coach.cwb» is a named pipe, not a Coach Workbook file."):
        vault.open_vault(fifo, PASSPHRASE)
    code, _, err = run_cli("verify", str(fifo))
    assert code == 3 and "named pipe" in err


@posix_only
@pytest.mark.timeout(60)
def test_a_device_is_refused_without_reading_it() -> None:
    with fails(NotAWorkbook, "«zero» is a device, not a Coach Workbook file."):
        vault.open_vault("/dev/zero", PASSPHRASE)


@posix_only
def test_a_symlink_loop_says_so(tmp_path: Path) -> None:
    a, b = tmp_path / "a.cwb", tmp_path / "b.cwb"
    a.symlink_to(b)
    b.symlink_to(a)
    with fails(CannotOpen, f"«{a}» is a symbolic link that leads back to itself (a loop)"):
        vault.open_vault(a, PASSPHRASE)
    code, _, err = run_cli("list", str(a), "coachees")
    assert code == 3 and "loop" in err and "no file at" not in err


@posix_only
def test_a_link_to_nothing_names_where_it_points(tmp_path: Path) -> None:
    link = tmp_path / "coach.cwb"
    link.symlink_to(tmp_path / "moved away.cwb")
    with fails(NotFound, f"«{link}» is a link to «{tmp_path / 'moved away.cwb'}», where there "
                         "is no file."):
        vault.open_vault(link, PASSPHRASE)


def test_new_in_a_missing_folder_says_the_folder_is_missing(tmp_path: Path) -> None:
    missing = tmp_path / "not made yet"
    code, _, err = run_cli("new", str(missing / "coach.cwb"),
                           stdin=f"{PASSPHRASE}\n{PASSPHRASE}\n")
    assert code == 1
    assert err.strip() == (f"The folder «{missing}» does not exist; create it first, or "
                           "choose another folder.")
    assert "read-only" not in err and not missing.exists()


def test_new_with_a_240_byte_name_is_refused_with_a_sentence(tmp_path: Path) -> None:
    name = "Jahrgang " + "é" * 111 + " 2026"  # 240 bytes once ".cwb" is added
    assert len((name + ".cwb").encode()) == 240
    code, out, err = run_cli("new", str(tmp_path / name), stdin=f"{PASSPHRASE}\n{PASSPHRASE}\n")
    assert (code, out) == (2, "")
    assert err.startswith(f"The file name «{name}.cwb» is too long (240 bytes)")
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(BadFileName):
        vault.create(tmp_path / (name + ".cwb"), PASSPHRASE)


@posix_only
def test_an_existing_name_with_no_room_for_the_journal_is_refused(workbook_path: Path) -> None:
    limit = sniff.name_max(workbook_path.parent)
    long = workbook_path.with_name("k" * (limit - 4) + ".cwb")
    shutil.copyfile(workbook_path, long)
    with fails(CannotOpen, "has too long a file name to be opened"):
        vault.open_vault(long, PASSPHRASE)
    # A long name with room for the journal opens and takes writes.
    fits = workbook_path.with_name("k" * (limit - len("-journal") - 4) + ".cwb")
    shutil.copyfile(workbook_path, fits)
    with vault.open_vault(fits, PASSPHRASE) as v, v.db.atomic():
        v.db["coachees"].insert({"name": "Ines Okafor"})


def test_foreign_files_keep_their_sentences(tmp_path: Path) -> None:
    plain = tmp_path / "plain.cwb"
    conn = sqlite3.connect(plain)
    conn.execute("CREATE TABLE t(x)")
    conn.commit()
    conn.close()
    with fails(NotAWorkbook, "is an unencrypted SQLite database"):
        vault.open_vault(plain, PASSPHRASE)
    other = tmp_path / "other.cwb"
    raw = sqlcipher3.connect(str(other))
    vault.key_connection(raw, PASSPHRASE)
    raw.execute("CREATE TABLE t(x)")
    raw.commit()
    raw.close()
    with fails(NotAWorkbook, "is an encrypted database, but not a Coach Workbook file"):
        vault.open_vault(other, PASSPHRASE)
