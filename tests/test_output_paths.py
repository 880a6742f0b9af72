"""Where a command writes a file: its folder must exist (and be a folder) and its name be
no longer than a new workbook's may be, checked before the passphrase is asked and before
anything is said about what will be written; one sentence naming the path, exit 2, and
nothing made on disk. A backup and a restored workbook are held to `new`'s rules, so they
open, with room for their journal and backups."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE
from tests.records import run_cli
from workbook import vault as vault_mod
from workbook.errors import EXIT_USAGE
from workbook.vault import sniff

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX name limits")


def _limit(folder: Path) -> int:
    """The longest name, in bytes, `new` gives a workbook in `folder`."""
    return sniff.name_max(folder) - sniff.NEW_NAME_HEADROOM


def _name(folder: Path, size: int, suffix: str) -> str:
    return "a" * (size - len(suffix)) + suffix


def _everything(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if not p.name.endswith(".lock")}


def _refused(args: list[str], root: Path, sentence: str) -> None:
    """Refused before the passphrase (none is given), in `sentence`, with nothing made."""
    before = _everything(root)
    code, out, err = run_cli(*args, stdin="")
    assert (code, out) == (EXIT_USAGE, ""), (code, out, err)
    assert err == sentence + "\n"
    assert _everything(root) == before


def _missing_folder(target: Path) -> str:
    return (f"Cannot write «{target}»: the folder «{target.parent}» does not exist; create it "
            "first, or choose another folder.")


def _too_long(target: Path, limit: int) -> str:
    size = len(os.fsencode(target.name))
    return (f"Cannot write «{target}»: its name takes {size} bytes, more than the {limit} "
            "Coach Workbook gives a file it writes (an accented letter takes 2, most other "
            "scripts 3 each); choose a shorter name.")


def _writers(workbook: Path, target: Path) -> dict[str, list[str]]:
    """Every command that writes one file, writing `target`."""
    return {
        "export": ["export", str(workbook), "-o", str(target.with_suffix(".json"))],
        "summary": ["summary", str(workbook), "1", "-o", str(target.with_suffix(".pdf"))],
        "portfolio": ["portfolio", str(workbook), "1", "-o", str(target.with_suffix(".pdf"))],
        "backup": ["backup", str(workbook), str(target.with_suffix(".cwb"))],
        "restore": ["restore", str(workbook), str(target.with_suffix(".cwb"))],
        "program report": ["program", "report", str(workbook), "--from", "2026-01", "--to",
                           "2026-03", "-o", str(target.with_suffix(".json"))],
    }


COMMANDS = list(_writers(Path("w"), Path("t")))


@pytest.mark.parametrize("command", COMMANDS)
def test_a_missing_folder_is_named_before_the_passphrase_and_nothing_is_made(
        demo_file: Path, tmp_path: Path, command: str) -> None:
    args = _writers(demo_file, tmp_path / "missing" / "sub" / "out")[command]
    target = Path(args[-1])
    _refused(args, tmp_path, _missing_folder(target))
    assert not (tmp_path / "missing").exists()


@pytest.mark.parametrize("command", COMMANDS)
def test_a_file_where_the_folder_should_be_is_named(demo_file: Path, tmp_path: Path,
                                                    command: str) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text("the coach's own file", encoding="utf-8")
    args = _writers(demo_file, plan / "out")[command]
    _refused(args, tmp_path, f"Cannot write «{args[-1]}»: «{plan}» is a file, not a folder; "
                             "choose another folder.")
    assert plan.read_text("utf-8") == "the coach's own file"


def _copy_limit(folder: Path) -> int:
    """The longest name of a backup copy: it needs room for its journal only."""
    return sniff.name_max(folder) - len(sniff.JOURNAL_SUFFIX)


@posix_only
@pytest.mark.parametrize("command", ["export", "summary", "portfolio", "program report"])
def test_a_name_longer_than_new_allows_is_refused_before_anything_is_said(
        demo_file: Path, tmp_path: Path, command: str) -> None:
    limit = _limit(tmp_path)
    suffix = ".json" if "json" in _writers(demo_file, tmp_path / "x")[command][-1] else ".pdf"
    args = _writers(demo_file, tmp_path / _name(tmp_path, limit + 1, suffix))[command]
    _refused(args, tmp_path, _too_long(Path(args[-1]), limit))


@posix_only
def test_a_backup_copy_takes_any_name_that_leaves_room_for_its_journal(
        demo_file: Path, tmp_path: Path) -> None:
    limit = _copy_limit(tmp_path)
    longest = tmp_path / _name(tmp_path, limit, ".cwb")
    code, _, err = run_cli("backup", str(demo_file), str(longest))
    assert code == 0, err
    code, _, err = run_cli("list", str(longest), "coachees")  # it opens, journal and all
    assert code == 0, err
    too_long = tmp_path / _name(tmp_path, limit + 1, ".cwb")
    _refused(["backup", str(demo_file), str(too_long)], tmp_path, _too_long(too_long, limit))


@posix_only
def test_the_summary_of_a_256_byte_name_says_nothing_of_what_it_would_print(
        demo_file: Path, tmp_path: Path) -> None:
    target = tmp_path / ("b" * 252 + ".pdf")
    _refused(["summary", str(demo_file), "1", "-o", str(target)], tmp_path,
             _too_long(target, _limit(tmp_path)))


@posix_only
def test_a_backup_with_a_250_byte_name_is_refused_for_it_could_not_be_opened(
        demo_file: Path, tmp_path: Path) -> None:
    target = tmp_path / ("a" * 250 + ".cwb")
    _refused(["backup", str(demo_file), str(target)], tmp_path,
             _too_long(target, _copy_limit(tmp_path)))


@posix_only
def test_names_as_long_as_new_allows_are_written_and_a_backup_opens(demo_file: Path,
                                                                    tmp_path: Path) -> None:
    limit = _limit(tmp_path)
    export = tmp_path / _name(tmp_path, limit, ".json")
    code, _, err = run_cli("export", str(demo_file), "-o", str(export))
    assert code == 0, err
    assert export.is_file()
    backup = tmp_path / _name(tmp_path, limit, ".cwb")
    code, _, err = run_cli("backup", str(demo_file), str(backup))
    assert code == 0, err
    code, _, err = run_cli("list", str(backup), "coachees")
    assert code == 0, err


@posix_only
def test_a_backup_into_a_folder_shortens_a_long_workbook_name_and_opens(
        demo_file: Path, tmp_path: Path) -> None:
    """Into a folder a backup is named NAME-backup-2026-03-03-143000.cwb; the coach chose
    no such name, so a workbook named as long as `new` allows is backed up all the same,
    its name shortened, and the copy opens."""
    books, out = tmp_path / "books", tmp_path / "out"
    books.mkdir()
    out.mkdir()
    longest = books / _name(books, _limit(books), ".cwb")
    longest.write_bytes(demo_file.read_bytes())
    code, said, err = run_cli("backup", str(longest), str(out))
    assert code == 0, err
    (made,) = out.iterdir()
    assert made.name.startswith("a" * 100) and "-backup-" in made.name
    assert len(os.fsencode(made.name)) <= _copy_limit(out)
    assert said.startswith(f"Backed up to {made}")
    code, _, err = run_cli("list", str(made), "coachees")
    assert code == 0, err


@posix_only
def test_a_workbook_named_longer_than_new_now_allows_is_still_restored_over(
        demo_file: Path, tmp_path: Path) -> None:
    """A restore is when the coach needs the workbook most: one already there is replaced
    where it is, whatever its name."""
    folder = Path(tempfile.mkdtemp(prefix="r"))  # short: the backups beside it must fit
    try:
        target = folder / ("v" * (sniff.name_max(folder) - 44) + ".cwb")  # new once allowed it
        target.write_bytes(demo_file.read_bytes())
        backup = folder / "kept.cwb"
        backup.write_bytes(demo_file.read_bytes())
        code, _, err = run_cli("restore", str(backup), str(target), "--yes")
        assert code == 0, err
    finally:
        shutil.rmtree(folder)
def test_summaries_into_a_missing_folder_is_a_usage_error(demo_file: Path,
                                                          tmp_path: Path) -> None:
    missing = tmp_path / "March summaries"
    code, out, err = run_cli("summaries", str(demo_file), "--from", "2026-03-02", "-o",
                             str(missing), stdin="")
    assert (code, out) == (EXIT_USAGE, "")
    assert err == (f"The folder «{missing}» does not exist; create it first, or choose another "
                   "folder.\n")
    assert not missing.exists()


def test_restore_into_an_existing_folder_still_restores(workbook_path: Path,
                                                        tmp_path: Path) -> None:
    (tmp_path / "restored").mkdir()
    target = tmp_path / "restored" / "coach.cwb"
    code, _, err = run_cli("restore", str(workbook_path), str(target))
    assert code == 0, err
    vault_mod.open_vault(target, PASSPHRASE).close()


def _deep(base: Path, total_bytes: int) -> Path:
    """A folder under `base` whose real path is `total_bytes` long."""
    folder = Path(os.path.realpath(base))
    while (left := total_bytes - len(os.fsencode(folder)) - 1) > 0:
        size = min(left, 100) if left - min(left, 100) == 0 or left - 100 > 8 else left - 10
        folder /= "d" * size
    folder.mkdir(parents=True, exist_ok=True)
    assert len(os.fsencode(folder)) == total_bytes
    return folder


@posix_only
def test_a_backup_sqlite_could_not_open_is_refused(demo_file: Path, tmp_path: Path) -> None:
    name = "copy.cwb"
    deep = _deep(tmp_path / "usb", sniff.SQLITE_MAX_PATH - len("-journal") - len(name))
    target = deep / name
    _refused(["backup", str(demo_file), str(target)], tmp_path,
             f"Cannot write «{target}»: its full path is too long for SQLite to open it "
             "(505 bytes; it takes at most 504); choose a folder with a shorter path, or a "
             "shorter name.")


@posix_only
def test_a_restore_where_new_would_not_put_a_workbook_is_refused(workbook_path: Path,
                                                                 tmp_path: Path) -> None:
    deep = _deep(tmp_path / "share", 450)  # the target opens, its backups would not
    target = deep / "restored.cwb"
    before = _everything(tmp_path)
    code, out, err = run_cli("restore", str(workbook_path), str(target), stdin="")
    assert (code, out) == (EXIT_USAGE, "")
    assert "too long for the backups made beside it" in err and len(err.splitlines()) == 1
    assert _everything(tmp_path) == before
