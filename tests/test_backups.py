"""Backups that run themselves and the way back: where copies go, how many are kept, that
each is checked before an older one is dropped, and that restore never replaces a workbook
that is open or was not first copied aside."""

from __future__ import annotations

import hashlib
import shutil
import stat
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PASSPHRASE
from tests.records import coachee, run_cli
from workbook import actions, backups, coachees, migrations, settings
from workbook import vault as vault_mod
from workbook.errors import (
    DamagedWorkbook,
    InvalidInput,
    NotAWorkbook,
    WorkbookInUse,
    WrongPassphrase,
)
from workbook.vault import copies, sniff

NEW_PASSPHRASE = "Another fictional phrase for 2027"
MORNING = datetime(2026, 3, 2, 9, 0, 0)


def _day(n: int) -> datetime:
    return MORNING.replace(day=MORNING.day + n)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _names(db) -> list[str]:  # type: ignore[no-untyped-def]
    return [r[0] for r in db.execute("SELECT name FROM coachees ORDER BY name")]


def test_a_backup_goes_beside_the_workbook_privately_and_opens_with_its_passphrase(
        vault: vault_mod.Vault) -> None:
    coachee(vault.db, "Ilse Fictional")
    made = backups.make_backup(vault, now=MORNING)
    assert made.folder == vault.path.parent / "coach backups"
    assert made.path.name == "coach-auto-2026-03-02-090000.cwb"
    assert stat.S_IMODE(made.folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(made.path.stat().st_mode) == 0o600
    with vault_mod.open_vault(made.path, PASSPHRASE) as copy:
        assert _names(copy.db) == ["Ilse Fictional"]
    assert "coach backups" in made.sentence() and "1 kept" in made.sentence()


def test_only_the_newest_copies_are_kept(vault: vault_mod.Vault) -> None:
    settings.update_settings(vault.db, backups_kept=3)
    for n in range(5):
        made = backups.make_backup(vault, now=_day(n))
    found = backups.list_backups(made.folder, "coach")
    assert [b.made for b in found] == [_day(4), _day(3), _day(2)]
    assert made.kept == 3 and len(made.dropped) == 1


def test_a_copy_that_fails_its_check_is_removed_and_the_older_ones_kept(
        vault: vault_mod.Vault) -> None:
    settings.update_settings(vault.db, backups_kept=2)
    for n in range(2):
        made = backups.make_backup(vault, now=_day(n))
    before = sorted(p.name for p in made.folder.iterdir())
    # A page of the workbook goes bad on disk while it is open: its copy fails its check,
    # and the two good copies are not dropped for it.
    with open(vault.path, "r+b") as fh:
        fh.seek(sniff.PAGE_SIZE * 2 + 100)
        fh.write(b"\xde\xad\xbe\xef" * 16)
    with pytest.raises(DamagedWorkbook, match="older backups were kept") as caught:
        backups.make_backup(vault, now=_day(2))
    assert "page 3" in caught.value.sentence and "\n" not in caught.value.sentence
    assert sorted(p.name for p in made.folder.iterdir()) == before


def test_a_backup_is_the_workbooks_bytes_or_sqlites_own_copy_of_a_huge_one(
        vault: vault_mod.Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    coachee(vault.db, "Ilse Fictional")
    copied = copies.backup(vault, tmp_path / "bytes.cwb")
    assert copied.read_bytes() == vault.path.read_bytes()
    # Past SQLite's lock-byte page (1 GiB) Windows refuses a plain read; SQLite copies it.
    monkeypatch.setattr(copies, "_LOCK_BYTE_OFFSET", 0)
    rebuilt = copies.backup(vault, tmp_path / "rebuilt.cwb")
    assert rebuilt.read_bytes() != vault.path.read_bytes()
    for path in (copied, rebuilt):
        with vault_mod.open_vault(path, PASSPHRASE) as copy:
            assert _names(copy.db) == ["Ilse Fictional"] and copy.verify().ok


def test_the_daily_backup_runs_once_a_day(vault: vault_mod.Vault) -> None:
    assert backups.backup_if_due(vault, now=MORNING) is not None
    assert backups.backup_if_due(vault, now=MORNING.replace(hour=17)) is None
    assert backups.backup_if_due(vault, now=_day(1)) is not None
    assert len(backups.list_backups(backups.configured_folder(vault), "coach")) == 2


def test_the_backups_folder_is_the_coachs_choice(vault: vault_mod.Vault, tmp_path: Path) -> None:
    chosen = tmp_path / "elsewhere" / "copies"
    settings.update_settings(vault.db, backup_folder=str(chosen))
    made = backups.make_backup(vault, now=MORNING)
    assert made.path.parent == chosen and not (vault.path.parent / "coach backups").exists()
    with pytest.raises(InvalidInput, match="full path"):
        settings.update_settings(vault.db, backup_folder="relative/folder")


def test_a_workbook_is_backed_up_into_its_folder_before_a_migration(
        workbook_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    version = migrations.SCHEMA_VERSION

    def add_column(db: Any) -> None:
        db.execute("ALTER TABLE coachees ADD COLUMN nickname TEXT NOT NULL DEFAULT ''")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, ("9001_x", add_column)])
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", version + 1)
    vault_mod.open_vault(workbook_path, PASSPHRASE).close()
    found = backups.list_backups(workbook_path.parent / "coach backups", "coach")
    assert [b.kind for b in found] == [f"before-v{version + 1}"]
    assert backups.contents(found[0].path, PASSPHRASE).schema_version == version


def test_contents_are_counted_without_changing_the_backup(vault: vault_mod.Vault) -> None:
    for name in ("Ada Fictional", "Bo Fictional"):
        coachee(vault.db, name)
    made = backups.make_backup(vault, now=MORNING)
    digest = _digest(made.path)
    found = backups.contents(made.path, PASSPHRASE)
    assert (found.made, found.coachees, found.sessions, found.goals) == (MORNING, 2, 0, 0)
    with pytest.raises(WrongPassphrase):
        backups.contents(made.path, NEW_PASSPHRASE)
    assert _digest(made.path) == digest
    assert not list(made.folder.glob("*.lock"))


def test_restore_is_refused_while_the_workbook_is_open(vault: vault_mod.Vault) -> None:
    made = backups.make_backup(vault, now=MORNING)
    digest = _digest(vault.path)
    with pytest.raises(WorkbookInUse):
        backups.restore(made.path, vault.path, PASSPHRASE)
    assert _digest(vault.path) == digest
    assert [b.kind for b in backups.list_backups(made.folder, "coach")] == ["auto"]


def test_restore_keeps_the_replaced_workbook_then_brings_the_backup_back(
        workbook_path: Path) -> None:
    with vault_mod.open_vault(workbook_path, PASSPHRASE) as v:
        coachee(v.db, "Early Fictional")
        made = backups.make_backup(v, now=MORNING)
        coachee(v.db, "Later Fictional")
    replaced_digest = _digest(workbook_path)
    done = backups.restore(made.path, workbook_path, PASSPHRASE, now=_day(1))
    assert done.replaced is not None and done.replaced.parent == made.folder
    assert _digest(done.replaced) == replaced_digest
    assert stat.S_IMODE(workbook_path.stat().st_mode) == 0o600
    with vault_mod.open_vault(workbook_path, PASSPHRASE) as v:
        assert _names(v.db) == ["Early Fictional"]
    with vault_mod.open_vault(done.replaced, PASSPHRASE) as v:
        assert _names(v.db) == ["Early Fictional", "Later Fictional"]


def test_restore_never_replaces_a_file_that_is_not_a_workbook(vault: vault_mod.Vault,
                                                              tmp_path: Path) -> None:
    made = backups.make_backup(vault, now=MORNING)
    other = tmp_path / "letter.cwb"
    other.write_bytes(b"%PDF-1.7\n" + b"x" * 4000)
    with pytest.raises(NotAWorkbook, match="Only a Coach Workbook"):
        backups.restore(made.path, other, PASSPHRASE)
    assert other.read_bytes().startswith(b"%PDF")


def test_after_a_passphrase_change_backups_are_reencrypted_or_deleted(
        vault: vault_mod.Vault) -> None:
    coachee(vault.db, "Kept Fictional")
    for n in range(2):
        made = backups.make_backup(vault, now=_day(n))
    vault.change_passphrase(PASSPHRASE, NEW_PASSPHRASE)
    outcome = backups.after_passphrase_change(vault, "reencrypt", PASSPHRASE)
    assert len(outcome.done) == 2 and outcome.left == []
    for backup in backups.list_backups(made.folder, "coach"):
        with pytest.raises(WrongPassphrase):
            backups.contents(backup.path, PASSPHRASE)
        assert backups.contents(backup.path, NEW_PASSPHRASE).coachees == 1
    outcome = backups.after_passphrase_change(vault, "delete")
    assert len(outcome.done) == 2 and backups.list_backups(made.folder, "coach") == []


# -- the command line ---------------------------------------------------------------------------
def test_cli_restore_refuses_an_open_workbook_then_restores(vault: vault_mod.Vault) -> None:
    coachee(vault.db, "Cli Fictional")
    made = backups.make_backup(vault, now=MORNING)
    code, _, err = run_cli("restore", str(made.path), str(vault.path), "--yes")
    assert code == 5 and "already open" in err
    vault.close()
    code, _, err = run_cli("restore", str(made.path), str(vault.path))
    assert code == 2 and "--yes" in err
    code, out, err = run_cli("restore", str(made.path), str(vault.path), "--yes")
    assert code == 0, err
    assert "1 coachee, 0 sessions, 0 goals" in out and "kept as" in out
    code, out, _ = run_cli("backups", str(vault.path))
    assert code == 0 and "2 automatic backups" in out and "before a restore" in out


def test_cli_passwd_asks_what_becomes_of_the_backups(vault: vault_mod.Vault) -> None:
    made = backups.make_backup(vault, now=MORNING)
    path = vault.path
    vault.close()
    both = f"{PASSPHRASE}\n{NEW_PASSPHRASE}\n"
    code, _, err = run_cli("passwd", str(path), stdin=both)
    assert code == 2 and "--backups reencrypt" in err
    vault_mod.open_vault(path, PASSPHRASE).close()  # nothing changed
    code, out, err = run_cli("passwd", str(path), "--backups", "reencrypt", stdin=both)
    assert code == 0, err
    assert "1 automatic backup re-encrypted" in out
    assert backups.contents(made.path, NEW_PASSPHRASE).schema_version == migrations.SCHEMA_VERSION


def test_a_copy_left_attached_by_a_failed_check_does_not_stop_the_next_backup(
        vault: vault_mod.Vault, tmp_path: Path) -> None:
    """A check whose DETACH failed leaves its copy attached; the next backup (and the next
    check) must still run, and leave nothing attached."""
    coachee(vault.db, "Ilse Fictional")
    first = backups.make_backup(vault, now=MORNING)
    vault.db.execute("ATTACH DATABASE ? AS copy_check", [str(first.path)])  # as if stuck
    second = backups.make_backup(vault, now=_day(1))
    with vault_mod.open_vault(second.path, PASSPHRASE) as copy:
        assert _names(copy.db) == ["Ilse Fictional"]
    vault.db.execute("ATTACH DATABASE ? AS copy_check", [str(first.path)])
    assert copies.verify_copy(vault, second.path).ok
    assert [r[1] for r in vault.db.execute("PRAGMA database_list").fetchall()] == ["main"]


def _damage_pages(path: Path, *pages: int) -> None:
    data = bytearray(path.read_bytes())
    for page in pages:
        data[page * sniff.PAGE_SIZE:(page + 1) * sniff.PAGE_SIZE] = bytes(sniff.PAGE_SIZE)
    path.write_bytes(bytes(data))


def test_restore_from_a_damaged_backup_is_one_sentence_naming_it(demo_file: Path,
                                                                 tmp_path: Path) -> None:
    """SQLite's integrity report runs to a hundred lines: the coach is told the backup is
    damaged and to choose another, in one sentence, and nothing is written."""
    backup = tmp_path / "coach-auto-2026-03-02-090000.cwb"
    backup.write_bytes(demo_file.read_bytes())
    _damage_pages(backup, 40, 41, 42)
    target = tmp_path / "restored.cwb"
    with pytest.raises(DamagedWorkbook) as info:
        backups.contents(backup, PASSPHRASE)
    assert info.value.sentence == (f"«{backup.name}» is damaged and cannot be restored; "
                                   "choose another backup.")
    code, out, err = run_cli("restore", str(backup), str(target))
    assert (code, out) == (3, "") and err == info.value.sentence + "\n"
    assert not target.exists()


def test_a_backup_without_a_schema_version_is_not_restored(workbook_path: Path,
                                                           tmp_path: Path) -> None:
    with vault_mod.open_vault(workbook_path, PASSPHRASE) as v:
        coachee(v.db, "Wiped Fictional")
        v.db.execute("PRAGMA user_version = 0")
    target = tmp_path / "restored.cwb"
    code, out, err = run_cli("restore", str(workbook_path), str(target))
    assert (code, out) == (3, "")
    assert err == (f"«{workbook_path.name}» is damaged: it holds tables but no schema "
                   "version, so it cannot be restored; choose another backup.\n")
    assert not target.exists()


def test_restore_into_a_missing_folder_is_refused_and_makes_no_folder(
        workbook_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "sub" / "restored.cwb"
    code, out, err = run_cli("restore", str(workbook_path), str(target), stdin="")
    assert (code, out) == (2, "")  # before the passphrase is asked
    assert err == (f"Cannot write «{target}»: the folder «{target.parent}» does not exist; "
                   "create it first, or choose another folder.\n")
    assert not (tmp_path / "missing").exists()


def test_the_longest_name_new_allows_keeps_openable_copies_of_a_second_restore() -> None:
    """The longest backup name made from a workbook's is a second restore's copy within the
    same second ("…-before-restore-<stamp>-2.cwb"); it and its journal must still fit."""
    folder = Path(tempfile.mkdtemp(prefix="w"))  # short: the full path has its own limit
    size = sniff.name_max(folder) - sniff.NEW_NAME_HEADROOM
    path = folder / ("r" * (size - len(".cwb")) + ".cwb")
    with vault_mod.create(path, PASSPHRASE) as v:
        coachee(v.db, "Longest Fictional")
        made = backups.make_backup(v, now=MORNING)
    replaced = [backups.restore(made.path, path, PASSPHRASE, now=_day(1)).replaced
                for _ in range(2)]
    assert replaced[1] is not None and replaced[1].name.endswith("-2.cwb")
    for copy in replaced:
        assert copy is not None
        with vault_mod.open_vault(copy, PASSPHRASE) as v:  # writes its journal beside it
            v.db["settings"].insert({"key": "touched", "value": "1"}, replace=True)
            assert _names(v.db) == ["Longest Fictional"]
    shutil.rmtree(folder)


def test_a_backup_damaged_inside_its_tables_is_left_as_it_was_when_re_encrypting(
        vault: vault_mod.Vault) -> None:
    """Every page of the copy authenticates, but a table's b-tree is malformed: SQLCipher's
    export fails with a bare SQLITE_ERROR, which must read as a damaged copy, not a bug."""
    from tests.test_passwd_damaged import _misplace_a_table

    coachee(vault.db, "Kept Fictional")
    actions.add(vault.db, coachees.list_coachees(vault.db)[0].id, "Fictional action")
    good = backups.make_backup(vault, now=_day(0)).path
    bad = backups.make_backup(vault, now=_day(1)).path
    _misplace_a_table(bad)
    damaged_bytes = bad.read_bytes()
    vault.change_passphrase(PASSPHRASE, NEW_PASSPHRASE)
    outcome = backups.after_passphrase_change(vault, "reencrypt", PASSPHRASE)
    assert outcome.done == [good] and outcome.damaged == [bad] and outcome.left == []
    assert bad.read_bytes() == damaged_bytes
    assert backups.contents(good, NEW_PASSPHRASE).coachees == 1
