"""Workbooks deep in a hospital share's folders: SQLite opens no file whose full path is
longer than 512 bytes (the journal's included), so a path it cannot open is said in words
naming the length, not "check that its folder still exists", and a new workbook goes only
where its own backups can be opened too. Below the limit, everything works: far beyond
Windows' old 260 characters, with spaces and accents in every folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE
from tests.records import run_cli
from workbook import backups, coachees
from workbook import vault as vault_mod
from workbook.errors import BadFileName, CannotOpen
from workbook.vault import copies, sniff

NAME = "Mes élèves 2026.cwb"
STEM_BYTES = len(os.fsencode(Path(NAME).stem))
# FOLDER/STEM backups/STEM-before-restore-2026-03-03-143000-99.cwb, and its journal
BACKUP_EXTRA = len("/ backups/") + len("-before-restore-2026-03-03-143000-99.cwb") + len(
    "-journal")


def _deep_folder(base: Path, total_bytes: int) -> Path:
    """A folder under `base` whose real path is exactly `total_bytes` long, made of folder
    names with spaces and accents."""
    folder = Path(os.path.realpath(base))
    while (left := total_bytes - len(os.fsencode(folder)) - 1) > 0:
        part = "Département de médecine interne — année "
        size = min(left, 120)
        if 0 < left - size < 8:
            size = left - 8  # leave room for one more folder name
        name = (part * 4).encode()[:size].decode("utf-8", "ignore")
        name += "x" * (size - len(os.fsencode(name)))
        folder /= name
    folder.mkdir(parents=True, exist_ok=True)
    assert len(os.fsencode(folder)) == total_bytes
    return folder


def _deepest_new_folder(base: Path) -> Path:
    """The deepest folder a new workbook named NAME may go in."""
    return _deep_folder(base, sniff.SQLITE_MAX_PATH - 2 * STEM_BYTES - BACKUP_EXTRA)


def test_a_workbook_as_deep_as_its_backups_allow_works_whole(tmp_path: Path) -> None:
    path = _deepest_new_folder(tmp_path) / NAME
    assert len(str(path)) > 260  # beyond Windows' old MAX_PATH
    with vault_mod.create(path, PASSPHRASE) as vault:
        coachees.add(vault.db, "Zoë Kowalczyk")
        made = backups.make_backup(vault, kind=backups.BEFORE_RESTORE)
        # the longest name there is
        assert sniff.sqlite_path_bytes(made.path) > sniff.SQLITE_MAX_PATH - 8
        backups.make_backup(vault)
    with vault_mod.open_vault(made.path, PASSPHRASE) as copy:  # the backup opens too
        assert [c.name for c in coachees.list_coachees(copy.db)] == ["Zoë Kowalczyk"]
    out = tmp_path / "export.json"
    assert run_cli("export", str(path), "-o", str(out))[0] == 0
    assert "Zoë Kowalczyk" in out.read_text("utf-8")
    assert run_cli("verify", str(path))[0] == 0


def test_one_byte_deeper_a_new_workbook_is_refused_in_words_and_nothing_is_made(
        tmp_path: Path) -> None:
    folder = _deep_folder(tmp_path, sniff.SQLITE_MAX_PATH - 2 * STEM_BYTES - BACKUP_EXTRA + 1)
    with pytest.raises(BadFileName) as refused:
        vault_mod.create(folder / NAME, PASSPHRASE)
    assert "too long for the backups made beside it" in refused.value.sentence
    assert refused.value.sentence.endswith("or a shorter name (1 byte fewer).")
    assert list(folder.iterdir()) == []
    code, _out, err = run_cli("demo", str(folder / NAME), stdin=(PASSPHRASE + "\n") * 2)
    assert code == 2 and "too long" in err
    assert list(folder.iterdir()) == []


def test_a_workbook_moved_too_deep_says_so_and_is_left_as_it_was(tmp_path: Path) -> None:
    with vault_mod.create(tmp_path / NAME, PASSPHRASE) as vault:
        coachees.add(vault.db, "Nguyễn Thị Hoa")
    before = (tmp_path / NAME).read_bytes()
    # reached by a short link: SQLite counts the path with links resolved
    deep = _deep_folder(tmp_path / "share", sniff.SQLITE_MAX_PATH - 8 - len(os.fsencode(NAME)))
    os.replace(tmp_path / NAME, deep / NAME)
    (tmp_path / "short").symlink_to(deep)
    for path in (deep / NAME, tmp_path / "short" / NAME):
        with pytest.raises(CannotOpen) as refused:
            vault_mod.open_vault(path, PASSPHRASE)
        sentence = refused.value.sentence
        assert f"«{NAME}» is in a folder whose full path is too long for SQLite" in sentence
        assert "(505 bytes; it takes at most 504)" in sentence
    code, _out, err = run_cli("list", str(deep / NAME), "coachees")
    assert code == 3 and "too long for SQLite" in err
    assert len(err.strip().splitlines()) == 1
    assert (deep / NAME).read_bytes() == before
    os.replace(deep / NAME, tmp_path / NAME)  # one byte shorter opens again
    with vault_mod.open_vault(tmp_path / NAME, PASSPHRASE) as vault:
        assert len(coachees.list_coachees(vault.db)) == 1


def test_a_backup_written_too_deep_says_why(vault: vault_mod.Vault, tmp_path: Path) -> None:
    deep = _deep_folder(tmp_path / "usb", sniff.SQLITE_MAX_PATH)
    with pytest.raises(CannotOpen, match="too long for SQLite"):
        copies.backup(vault, deep / "copy.cwb")
    assert list(deep.iterdir()) == []


def test_on_windows_the_length_is_counted_in_characters_against_max_path() -> None:
    short = Path("C:/Users/coach/Documents/Mes élèves.cwb")
    assert sniff.long_path_failure(short, windows=True) is None
    deep = Path("C:/" + "Département de médecine/" * 10 + NAME)
    said = sniff.long_path_failure(deep, windows=True)
    assert said is not None and "characters; it takes at most 251)" in said.sentence
